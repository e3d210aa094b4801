import type { FunctionDef } from "../types.ts";

/** The whole variable context of the render. @example {{ printContext() }} */
export const printContext: FunctionDef = {
  name: "printContext",
  params: [],
  call: (_args, env) => env.context,
};
