/**
 * A small JSON Schema (draft-07 subset) checker: type, enum, const, required, properties, additionalProperties,
 * items, oneOf, anyOf, $ref to `#/definitions/*`, min/max length/items/value, pattern. Enough to check documents
 * against perch's own generated schemas; returns messages with JSON paths.
 *
 * @example checkJsonSchema({ type: "string" }, 3) // ["$: expected string"]
 */
type S = Record<string, any>;

export function checkJsonSchema(schema: S, value: unknown): string[] {
  const errors: string[] = [];
  check(schema, value, "$", schema, errors);
  return errors;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === "number" && actual === "integer");
}

function check(s: S | boolean, v: unknown, path: string, root: S, errors: string[]): void {
  if (s === true || s === undefined) return;
  if (s === false) {
    errors.push(`${path}: not allowed`);
    return;
  }
  if (s.$ref) {
    const name = String(s.$ref).replace("#/definitions/", "");
    check(root.definitions?.[name] ?? true, v, path, root, errors);
    return;
  }
  const t = typeOf(v);
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((x) => typeMatches(x, t))) {
      errors.push(`${path}: expected ${types.join(" or ")}, got ${t}`);
      return;
    }
  }
  if (s.const !== undefined && v !== s.const) errors.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.includes(v)) errors.push(`${path}: expected one of ${s.enum.join(", ")}`);
  for (const key of ["oneOf", "anyOf"] as const) {
    if (!s[key]) continue;
    const passing = (s[key] as S[]).filter((sub) => {
      const errs: string[] = [];
      check(sub, v, path, root, errs);
      return errs.length === 0;
    }).length;
    if (key === "oneOf" ? passing !== 1 : passing === 0) {
      errors.push(`${path}: ${passing === 0 ? "matches none of" : "matches more than one of"} the ${key} schemas`);
    }
  }
  if (t === "string") {
    const str = v as string;
    if (s.maxLength !== undefined && str.length > s.maxLength) errors.push(`${path}: longer than ${s.maxLength}`);
    if (s.minLength !== undefined && str.length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
    if (s.pattern && !new RegExp(s.pattern).test(str)) errors.push(`${path}: does not match ${s.pattern}`);
  }
  if (t === "integer" || t === "number") {
    if (s.minimum !== undefined && (v as number) < s.minimum) errors.push(`${path}: less than ${s.minimum}`);
    if (s.maximum !== undefined && (v as number) > s.maximum) errors.push(`${path}: greater than ${s.maximum}`);
  }
  if (t === "array") {
    const arr = v as unknown[];
    if (s.minItems !== undefined && arr.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`);
    if (s.items) for (const [i, item] of arr.entries()) check(s.items, item, `${path}[${i}]`, root, errors);
  }
  if (t === "object") {
    const obj = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) errors.push(`${path}: missing ${r}`);
    for (const [k, item] of Object.entries(obj)) {
      const sub = s.properties?.[k];
      if (sub !== undefined) check(sub, item, `${path}.${k}`, root, errors);
      else if (s.patternProperties) continue;
      else if (s.additionalProperties === false) errors.push(`${path}: unknown property ${k}`);
      else if (typeof s.additionalProperties === "object")
        check(s.additionalProperties, item, `${path}.${k}`, root, errors);
    }
  }
}
