import { createHash } from "node:crypto";
import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** MD5 of the UTF-8 text, lower-case hex. @example {{ "abc" | md5 }} */
export const md5: FilterDef = {
  name: "md5",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return createHash("md5").update(requireText(input, "md5"), "utf8").digest("hex");
  },
};
