/**
 * Validation of the flow's `inputs` (§7.2) and `outputs` (§7.3) declarations.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import type { InputDef, InputType, OutputDef } from "../model/flow.ts";
import { IO_ID_PATTERN, IO_ID_RULE } from "./common.ts";
import { child, type ErrorSink } from "./errors.ts";
import { parseTyped } from "./input-types.ts";
import { schemaIssues } from "./schema-errors.ts";
import { checkTemplates } from "./templates.ts";

export const INPUT_TYPES: InputType[] = [
  "STRING",
  "INT",
  "FLOAT",
  "BOOL",
  "BOOLEAN",
  "DATETIME",
  "DATE",
  "TIME",
  "DURATION",
  "SELECT",
  "MULTISELECT",
  "ARRAY",
  "JSON",
  "YAML",
  "URI",
  "EMAIL",
  "FILE",
  "SECRET",
];

const inputType = Type.Union(INPUT_TYPES.map((t) => Type.Literal(t)));

const INPUT_PROPS: Record<string, TSchema> = {
  description: Type.String(),
  displayName: Type.String(),
  required: Type.Boolean(),
  defaults: Type.Unknown(),
  prefill: Type.Unknown(),
  dependsOn: Type.Object({
    inputs: Type.Optional(Type.Array(Type.String())),
    condition: Type.Optional(Type.String()),
  }),
  validator: Type.String(),
  min: Type.Unknown(),
  max: Type.Unknown(),
  after: Type.String(),
  before: Type.String(),
  values: Type.Array(Type.Unknown()),
  expression: Type.String(),
  allowCustomValue: Type.Boolean(),
  isRadio: Type.Boolean(),
  autoSelectFirst: Type.Boolean(),
  itemType: inputType,
  allowedFileExtensions: Type.Array(Type.String()),
};

const OUTPUT_PROPS: Record<string, TSchema> = {
  description: Type.String(),
  displayName: Type.String(),
  required: Type.Boolean(),
  value: Type.Unknown(),
};

function checkDef(
  raw: unknown,
  path: string,
  sink: ErrorSink,
  props: Record<string, TSchema>,
  seen: Set<string>,
  what: string,
) {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    sink.at(path, "must be a map with `id` and `type`");
    return undefined;
  }
  const def = raw as Record<string, unknown>;
  const id = def.id;
  if (id === undefined || id === null) sink.missing(path, "id");
  else if (typeof id !== "string" || id === "") sink.at(child(path, "id"), "must be a non-empty string");
  else if (!IO_ID_PATTERN.test(id)) sink.at(child(path, "id"), `invalid id \`${id}\`: ${IO_ID_RULE}`);
  else if (seen.has(id)) sink.at(child(path, "id"), `Duplicate ${what} with name [${id}]`);
  else seen.add(id);
  if (def.type === undefined || def.type === null) sink.missing(path, "type");
  else for (const i of schemaIssues(inputType, def.type, child(path, "type"))) sink.at(i.path, i.message);
  for (const [k, v] of Object.entries(def)) {
    if (k === "id" || k === "type") continue;
    const schema = props[k];
    if (!schema) sink.atKey(child(path, k), `unknown property \`${k}\``);
    else for (const i of schemaIssues(schema, v, child(path, k))) sink.at(i.path, i.message);
  }
  return def;
}

export function validateInputs(value: unknown, sink: ErrorSink): InputDef[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    sink.at("inputs", "must be a list of inputs");
    return [];
  }
  const seen = new Set<string>();
  const out: InputDef[] = [];
  value.forEach((raw, i) => {
    const path = child("inputs", i);
    const def = checkDef(raw, path, sink, INPUT_PROPS, seen, "input");
    if (!def) return;
    if (def.type === "ARRAY" && def.itemType === undefined) sink.at(path, "an ARRAY input needs `itemType`");
    if (
      (def.type === "SELECT" || def.type === "MULTISELECT") &&
      def.values === undefined &&
      def.expression === undefined
    ) {
      sink.at(path, `a ${def.type} input needs \`values\` or \`expression\``);
    }
    if (typeof def.validator === "string") {
      try {
        new RegExp(def.validator);
      } catch (e) {
        sink.at(child(path, "validator"), `invalid regular expression: ${(e as Error).message}`);
      }
    }
    for (const k of ["defaults", "expression"]) if (def[k] !== undefined) checkTemplates(def[k], child(path, k), sink);
    if (typeof def.dependsOn === "object" && def.dependsOn) {
      checkTemplates(
        (def.dependsOn as { condition?: unknown }).condition,
        child(child(path, "dependsOn"), "condition"),
        sink,
      );
    }
    const literal = def.defaults !== undefined && def.defaults !== null && !hasTemplate(def.defaults);
    if (literal && INPUT_TYPES.includes(def.type as InputType) && def.type !== "FILE" && def.type !== "SECRET") {
      const typed = parseTyped({ ...(def as InputDef), required: true }, def.defaults);
      if (typed.error !== undefined) sink.at(child(path, "defaults"), `invalid default: ${typed.error}`);
    }
    out.push({ ...def, required: def.required ?? true } as InputDef);
  });
  const ids = new Set(out.map((d) => d.id));
  out.forEach((d, i) => {
    for (const dep of d.dependsOn?.inputs ?? []) {
      if (!ids.has(dep))
        sink.at(child(child(child("inputs", i), "dependsOn"), "inputs"), `unknown input \`${dep}\` in dependsOn`);
    }
  });
  reportCycles(out, sink);
  return out;
}

/** dependsOn must not loop: `a` depends on `b` which depends on `a`. */
function reportCycles(inputs: InputDef[], sink: ErrorSink): void {
  const deps = new Map(inputs.map((d) => [d.id, d.dependsOn?.inputs ?? []]));
  const state = new Map<string, "visiting" | "done">();
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "visiting") {
      const cycle = trail.slice(trail.indexOf(id));
      const i = inputs.findIndex((d) => d.id === id);
      if (!reported.has(id))
        sink.at(
          child(child(child("inputs", i), "dependsOn"), "inputs"),
          `circular dependsOn: ${[...cycle, id].join(" -> ")}`,
        );
      for (const c of cycle) reported.add(c);
      return;
    }
    state.set(id, "visiting");
    for (const d of deps.get(id) ?? []) if (deps.has(d)) visit(d, [...trail, id]);
    state.set(id, "done");
  };
  for (const d of inputs) visit(d.id, []);
}

export function validateOutputs(value: unknown, sink: ErrorSink): OutputDef[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    sink.at("outputs", "must be a list of outputs");
    return [];
  }
  const seen = new Set<string>();
  const out: OutputDef[] = [];
  value.forEach((raw, i) => {
    const path = child("outputs", i);
    const def = checkDef(raw, path, sink, OUTPUT_PROPS, seen, "output");
    if (!def) return;
    if (!("value" in def)) sink.missing(path, "value");
    else checkTemplates(def.value, child(path, "value"), sink);
    out.push({ ...def, required: def.required ?? true } as OutputDef);
  });
  return out;
}

function hasTemplate(v: unknown): boolean {
  if (typeof v === "string") return v.includes("{{") || v.includes("{%");
  if (Array.isArray(v)) return v.some(hasTemplate);
  if (v && typeof v === "object") return Object.values(v).some(hasTemplate);
  return false;
}
