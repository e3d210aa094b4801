import { formatDateArgs } from "../dates.ts";
import type { FilterDef } from "../types.ts";

/**
 * Formats a date (ISO text, epoch number, Date) with a named format or a Java pattern, in `timeZone` (default: the
 * render's zone). @example {{ "2024-05-01T10:15:30Z" | date("yyyy-MM-dd HH:mm", timeZone="UTC") }} → "2024-05-01 10:15"
 */
export const date: FilterDef = {
  name: "date",
  params: ["format", "timeZone", "existingFormat", "locale"],
  apply(input, args, env) {
    if (input === null || input === undefined) return null;
    return formatDateArgs(input, args, "date", env.timeZone);
  },
};
