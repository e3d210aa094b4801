import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** URL-friendly slug: accents removed, lower case, non-word runs → "-". @example {{ "Héllo World!" | slugify }} → "hello-world" */
export const slugify: FilterDef = {
  name: "slugify",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return requireText(input, "slugify")
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/[^A-Za-z0-9_\s-]/g, "")
      .trim()
      .replace(/[\s-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .toLowerCase();
  },
};
