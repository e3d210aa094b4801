import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/**
 * URL-friendly slug as Kestra's Slugify: white space → "-", accents dropped, other non-word characters removed,
 * "_" → "-", dashes collapsed and trimmed, lower case. @example {{ "Héllo World!" | slugify }} → "hello-world"
 */
export const slugify: FilterDef = {
  name: "slugify",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return requireText(input, "slugify")
      .replace(/\s/g, "-")
      .normalize("NFD")
      .replace(/[^A-Za-z0-9_-]/g, "")
      .replaceAll("_", "-")
      .replace(/-{2,}/g, "-")
      .replace(/^-/, "")
      .replace(/-$/, "")
      .toLowerCase();
  },
};
