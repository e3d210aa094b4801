import { parse } from "yaml";
import { EvalFailure, type FunctionDef } from "../types.ts";

/** Parses YAML text. @example {{ yaml("a: [1, 2]").a[1] }} → 2 */
export const yaml: FunctionDef = {
  name: "yaml",
  params: ["yaml"],
  call(args) {
    const text = args.yaml;
    if (text === null || text === undefined) return null;
    if (typeof text !== "string") throw new EvalFailure("yaml: the argument 'yaml' must be text");
    try {
      return JSON.parse(JSON.stringify(parse(text) ?? null));
    } catch (e) {
      throw new EvalFailure(`yaml: invalid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
  },
};
