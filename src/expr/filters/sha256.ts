import { createHash } from "node:crypto";
import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** SHA256 of the UTF-8 text, lower-case hex. @example {{ "abc" | sha256 }} */
export const sha256: FilterDef = {
  name: "sha256",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return createHash("sha256").update(requireText(input, "sha256"), "utf8").digest("hex");
  },
};
