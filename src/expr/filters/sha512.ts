import { createHash } from "node:crypto";
import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** SHA512 of the UTF-8 text, lower-case hex. @example {{ "abc" | sha512 }} */
export const sha512: FilterDef = {
  name: "sha512",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return createHash("sha512").update(requireText(input, "sha512"), "utf8").digest("hex");
  },
};
