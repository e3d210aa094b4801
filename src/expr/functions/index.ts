import type { FunctionDef } from "../types.ts";

/** Every function, one file each; the expression core looks functions up here by name. */
export const functions: FunctionDef[] = [];
