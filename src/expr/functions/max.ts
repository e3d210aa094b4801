import { extremum } from "./min-max.ts";

/** Largest of the arguments (or of one list). @example {{ max(3, 1, 2) }} → 3 */
export const max = extremum("max", -1);
