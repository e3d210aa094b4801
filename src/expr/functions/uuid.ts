import type { FunctionDef } from "../types.ts";

/** A random UUID (v4). @example {{ uuid() }} → "0b5c…-4…" */
export const uuid: FunctionDef = {
  name: "uuid",
  params: [],
  call: () => crypto.randomUUID(),
};
