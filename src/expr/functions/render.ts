import { EvalFailure, type FunctionDef } from "../types.ts";

/** Renders text again with the current variables, until stable by default (max 100 passes; `template` is an older name of `toRender`). @example {{ render(vars.message) }} */
export const render: FunctionDef = {
  name: "render",
  params: ["toRender", "recursive", "template"],
  call(args, env) {
    const input = args.toRender ?? args.template;
    if (typeof input !== "string") return input ?? null;
    let value: string = input;
    const recursive = !(args.recursive === false || args.recursive === "false");
    if (!recursive) return env.renderTemplate(value);
    for (let pass = 0; pass < 100; pass++) {
      const next = env.renderTemplate(value);
      if (next === value) return next;
      value = next;
    }
    throw new EvalFailure("Too many rendering attempts");
  },
};
