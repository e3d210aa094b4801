import { extremum } from "./min-max.ts";

/** Smallest of the arguments (or of one list). @example {{ min(3, 1, 2) }} → 1 */
export const min = extremum("min", 1);
