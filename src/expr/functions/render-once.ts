import type { FunctionDef } from "../types.ts";

/** Renders text once more with the current variables. @example {{ renderOnce(vars.message) }} */
export const renderOnce: FunctionDef = {
  name: "renderOnce",
  params: ["toRender"],
  call(args, env) {
    const value = args.toRender;
    return typeof value === "string" ? env.renderTemplate(value) : (value ?? null);
  },
};
