import { createHash } from "node:crypto";
import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** SHA1 of the UTF-8 text, lower-case hex. @example {{ "abc" | sha1 }} */
export const sha1: FilterDef = {
  name: "sha1",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return createHash("sha1").update(requireText(input, "sha1"), "utf8").digest("hex");
  },
};
