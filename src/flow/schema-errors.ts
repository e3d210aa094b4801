/**
 * TypeBox validation with readable messages: `required property missing`, `must be a string or a list of strings`,
 * `must be one of TRACE, DEBUG, INFO, WARN, ERROR`, `must be at most 256 characters`.
 */
import { FormatRegistry, type TSchema } from "@sinclair/typebox";
import { Value, type ValueError, ValueErrorType as T } from "@sinclair/typebox/value";
import { isIsoDuration } from "../lib/duration.ts";
import { child } from "./errors.ts";

// `format: duration` in plugin schemas: an ISO-8601 duration, or a template rendered at run time
if (!FormatRegistry.Has("duration")) {
  FormatRegistry.Set("duration", (v) => v.includes("{{") || isIsoDuration(v));
}

export interface SchemaIssue {
  /** path of the offending value, joined onto `base` */
  path: string;
  message: string;
  /** true when the error is about a missing property (point at the parent) */
  missing: boolean;
}

/** Validates `value` against `schema`; one issue per path, first one wins. */
export function schemaIssues(schema: TSchema, value: unknown, base: string): SchemaIssue[] {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const e of Value.Errors(schema, value)) {
    const path = joinPointer(base, e.path);
    if (seen.has(path)) continue;
    seen.add(path);
    issues.push({ path, message: describeError(e), missing: e.type === T.ObjectRequiredProperty });
  }
  return issues;
}

function joinPointer(base: string, pointer: string): string {
  let path = base;
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    path = /^\d+$/.test(seg) ? child(path, Number(seg)) : child(path, seg);
  }
  return path;
}

function describeError(e: ValueError): string {
  const s = e.schema as Record<string, any>;
  switch (e.type) {
    case T.ObjectRequiredProperty:
      return "required property missing";
    case T.StringMaxLength:
      return `must be at most ${s.maxLength} characters`;
    case T.StringMinLength:
      return s.minLength === 1 ? "must not be empty" : `must be at least ${s.minLength} characters`;
    case T.StringPattern:
      return `must match ${s.pattern}`;
    case T.StringFormat:
      return s.format === "duration" ? "must be an ISO-8601 duration (e.g. PT5M)" : `must be a valid ${s.format}`;
    case T.ArrayMinItems:
      return `must have at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`;
    case T.ArrayMaxItems:
      return `must have at most ${s.maxItems} items`;
    case T.NumberMinimum:
    case T.IntegerMinimum:
      return `must be at least ${s.minimum}`;
    case T.NumberMaximum:
    case T.IntegerMaximum:
      return `must be at most ${s.maximum}`;
    case T.ObjectAdditionalProperties:
      return "unknown property";
    case T.ObjectMinProperties:
      return `must have at least ${s.minProperties} entr${s.minProperties === 1 ? "y" : "ies"}`;
    case T.ObjectMaxProperties:
      return `must have at most ${s.maxProperties} entries`;
    default:
      return `must be ${describeSchema(s)}, got ${describeValue(e.value)}`;
  }
}

/** "a string", "a list of strings", "one of `A`, `B`" */
export function describeSchema(s: Record<string, any>): string {
  if (s.const !== undefined) return `\`${s.const}\``;
  if (Array.isArray(s.anyOf)) {
    const parts = s.anyOf as Record<string, any>[];
    if (parts.every((p) => p.const !== undefined)) return `one of ${parts.map((p) => p.const).join(", ")}`;
    return parts.map(describeSchema).join(" or ");
  }
  switch (s.type) {
    case "string":
      return "a string";
    case "integer":
      return "an integer";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean (true or false)";
    case "null":
      return "null";
    case "array": {
      const typed =
        s.items && (s.items.type !== undefined || s.items.anyOf !== undefined || s.items.const !== undefined);
      if (!typed) return "a list";
      const item = describeSchema(s.items);
      return `a list of ${item.replace(/^an? /, "").replace(/^(string|integer|number|boolean|map)\b/, "$1s")}`;
    }
    case "object":
      return "a map";
    default:
      return "a valid value";
  }
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}
