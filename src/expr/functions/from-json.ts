import { EvalFailure, type FunctionDef } from "../types.ts";

/** Parses JSON text. @example {{ fromJson('{"a":1}').a }} → 1 */
export const fromJson: FunctionDef = {
  name: "fromJson",
  params: ["json"],
  call(args) {
    const text = args.json;
    if (text === null || text === undefined) return null;
    if (typeof text !== "string") throw new EvalFailure("fromJson: the argument 'json' must be text");
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new EvalFailure(`fromJson: invalid JSON: ${(e as Error).message}`);
    }
  },
};
