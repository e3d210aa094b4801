import { base62 } from "../../lib/ids.ts";
import type { FunctionDef } from "../types.ts";

/** A Kestra-style id: base62 of a random UUID, 22 characters. @example {{ id() }} → "4VtQ9n1lH5kS1cTj0Ybq3A" */
export const id: FunctionDef = {
  name: "id",
  params: [],
  call() {
    const hex = crypto.randomUUID().replaceAll("-", "");
    return base62(Uint8Array.from(hex.match(/../g)!.map((h) => Number.parseInt(h, 16))), 22);
  },
};
