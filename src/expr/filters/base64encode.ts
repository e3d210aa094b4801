import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** Base64 of the UTF-8 bytes of the text. @example {{ "hé" | base64encode }} → "aMOp" */
export const base64encode: FilterDef = {
  name: "base64encode",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return Buffer.from(requireText(input, "base64encode"), "utf8").toString("base64");
  },
};
