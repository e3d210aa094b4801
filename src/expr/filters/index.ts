import type { FilterDef } from "../types.ts";

/** Every filter, one file each; the expression core looks filters up here by name. */
export const filters: FilterDef[] = [];
