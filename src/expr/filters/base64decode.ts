import { type FilterDef, EvalFailure } from "../types.ts";
import { requireText } from "./shared.ts";

/** Decodes base64 to UTF-8 text. @example {{ "aMOp" | base64decode }} → "hé" */
export const base64decode: FilterDef = {
  name: "base64decode",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    const text = requireText(input, "base64decode").trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
      throw new EvalFailure("base64decode: the input is not valid base64");
    }
    return Buffer.from(text, "base64").toString("utf8");
  },
};
