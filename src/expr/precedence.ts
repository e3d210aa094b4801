/**
 * Operator table of the Pebble dialect, as data (Pebble's CoreExtension plus Kestra's `??`, `???`, `isIn`,
 * and `in` / `not in` of newer Kestra, which mean the same as `isIn` and its negation).
 * Higher binds tighter. Unary operators take as operand only an expression of higher precedence, so
 * `not a == b` is `(not a) == b` and `-x | abs` is `(-x) | abs`, as in Pebble. The ternary `?:` is the loosest.
 */
export type BinaryKind = "normal" | "filter" | "test";

export interface BinaryOp {
  prec: number;
  kind: BinaryKind;
}

export const BINARY: Readonly<Record<string, BinaryOp>> = Object.freeze({
  or: { prec: 10, kind: "normal" },
  and: { prec: 15, kind: "normal" },
  is: { prec: 20, kind: "test" },
  contains: { prec: 20, kind: "normal" },
  isIn: { prec: 20, kind: "normal" },
  in: { prec: 20, kind: "normal" },
  "not in": { prec: 20, kind: "normal" },
  "==": { prec: 30, kind: "normal" },
  equals: { prec: 30, kind: "normal" },
  "!=": { prec: 30, kind: "normal" },
  "<": { prec: 30, kind: "normal" },
  "<=": { prec: 30, kind: "normal" },
  ">": { prec: 30, kind: "normal" },
  ">=": { prec: 30, kind: "normal" },
  "+": { prec: 40, kind: "normal" },
  "-": { prec: 40, kind: "normal" },
  "*": { prec: 60, kind: "normal" },
  "/": { prec: 60, kind: "normal" },
  "%": { prec: 60, kind: "normal" },
  "|": { prec: 100, kind: "filter" },
  "~": { prec: 110, kind: "normal" },
  "..": { prec: 120, kind: "normal" },
  "??": { prec: 120, kind: "normal" },
  "???": { prec: 120, kind: "normal" },
});

export const UNARY: Readonly<Record<string, number>> = Object.freeze({ not: 500, "+": 500, "-": 500 });

/** names that cannot be variables because they are operators or literals */
export const RESERVED = new Set([
  "and",
  "or",
  "not",
  "is",
  "contains",
  "isIn",
  "equals",
  "true",
  "false",
  "null",
  "none",
]);
