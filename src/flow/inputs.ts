/**
 * Resolution of execution inputs (§7.2) and typing of flow outputs (§7.3). Pure: rendering is injected.
 *
 * @example
 * const r = resolveInputs(flow, { name: "ada" }, (t, extra) => renderTemplate(t, { ...vars, ...extra }));
 * if (r.errors.length) throw ...; execution.inputs = r.values;
 */
import type { Flow, InputDef, OutputDef } from "../model/flow.ts";
import { parseTyped } from "./input-types.ts";

/** Renders a template; `extra` carries variables known at that point (e.g. `{ inputs }` resolved so far). */
export type Render = (template: string, extra?: Record<string, unknown>) => unknown;

export interface InputError {
  input: string;
  message: string;
}

export interface OutputError {
  output: string;
  message: string;
}

export interface InputsResult {
  /** typed values, dotted ids turned into nested maps */
  values: Record<string, unknown>;
  errors: InputError[];
  warnings: string[];
}

function renderDeep(value: unknown, render: Render, extra?: Record<string, unknown>): unknown {
  if (typeof value === "string") return value.includes("{{") || value.includes("{%") ? render(value, extra) : value;
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, render, extra));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, render, extra)]));
  }
  return value;
}

/** Declared inputs with their dependencies first (declaration order otherwise); cycles reported. */
function ordered(inputs: InputDef[], errors: InputError[]): InputDef[] {
  const byId = new Map(inputs.map((i) => [i.id, i]));
  const out: InputDef[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (def: InputDef) => {
    if (state.get(def.id) === "done") return;
    if (state.get(def.id) === "visiting") {
      errors.push({ input: def.id, message: "circular dependsOn" });
      return;
    }
    state.set(def.id, "visiting");
    for (const dep of def.dependsOn?.inputs ?? []) {
      const d = byId.get(dep);
      if (d) visit(d);
    }
    state.set(def.id, "done");
    out.push(def);
  };
  inputs.forEach(visit);
  return out;
}

function selectValues(def: InputDef, render: Render, extra: Record<string, unknown>): unknown[] | string {
  if (def.expression === undefined) return def.values ?? [];
  const r = render(def.expression, extra);
  if (Array.isArray(r)) return r;
  try {
    const parsed = JSON.parse(String(r));
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // reported below
  }
  return `expression must render to a list, got \`${String(r)}\``;
}

export function resolveInputs(
  flow: Pick<Flow, "inputs">,
  provided: Record<string, unknown>,
  render: Render,
): InputsResult {
  const errors: InputError[] = [];
  const warnings: string[] = [];
  const flat: Record<string, unknown> = {};
  const enabled = new Set<string>();
  for (const declared of ordered(flow.inputs, errors)) {
    const id = declared.id;
    const extra = { inputs: nest(flat) };
    try {
      const deps = declared.dependsOn;
      if (deps) {
        if (!(deps.inputs ?? []).every((d) => enabled.has(d) && flat[d] !== null && flat[d] !== undefined)) continue;
        if (deps.condition !== undefined && String(render(deps.condition, extra)).trim() !== "true") continue;
      }
      enabled.add(id);
      const def = { ...declared };
      if (def.type === "SELECT" || def.type === "MULTISELECT") {
        const values = selectValues(def, render, extra);
        if (typeof values === "string") {
          errors.push({ input: id, message: values });
          continue;
        }
        def.values = values;
      }
      let value = provided[id];
      if ((value === undefined || value === null) && def.defaults !== undefined && def.defaults !== null) {
        value = renderDeep(def.defaults, render, extra);
      }
      if (
        (value === undefined || value === null) &&
        def.type === "SELECT" &&
        def.autoSelectFirst &&
        def.values?.length
      ) {
        value = def.values[0];
      }
      if (value === undefined || value === null) {
        if (def.required !== false) errors.push({ input: id, message: `Missing required input:${id}` });
        else flat[id] = null;
        continue;
      }
      const typed = parseTyped(def, value);
      if (typed.error !== undefined) errors.push({ input: id, message: `Invalid input for \`${id}\`, ${typed.error}` });
      else flat[id] = typed.value;
    } catch (e) {
      errors.push({ input: id, message: `Invalid input for \`${id}\`, ${(e as Error).message}` });
    }
  }
  const declaredIds = new Set(flow.inputs.map((i) => i.id));
  for (const key of Object.keys(provided)) {
    if (!declaredIds.has(key)) warnings.push(`Provided input \`${key}\` is not declared by the flow and is ignored`);
  }
  return { values: nest(flat), errors, warnings };
}

/** `{"a.b": 1, "a.c": 2, d: 3}` -> `{a: {b: 1, c: 2}, d: 3}` */
export function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(flat)) {
    const parts = id.split(".");
    let at = out;
    for (const p of parts.slice(0, -1)) {
      if (typeof at[p] !== "object" || at[p] === null || Array.isArray(at[p])) at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    at[parts[parts.length - 1]!] = value;
  }
  return out;
}

export interface OutputsResult {
  values: Record<string, unknown>;
  /** any error here fails the execution */
  errors: OutputError[];
  warnings: string[];
}

/** Renders and types the flow outputs at the end of an execution; null values are dropped. */
export function typeOutputs(flow: Pick<Flow, "outputs">, render: Render): OutputsResult {
  const errors: OutputError[] = [];
  const warnings: string[] = [];
  const values: Record<string, unknown> = {};
  for (const def of flow.outputs as OutputDef[]) {
    const required = def.required !== false;
    let value: unknown;
    try {
      value = renderDeep(def.value, render);
    } catch (e) {
      if (required) errors.push({ output: def.id, message: `Failed to render output values: ${(e as Error).message}` });
      else warnings.push(`Failed to render optional output \`${def.id}\`: ${(e as Error).message}`);
      continue;
    }
    if (value === null || value === undefined) {
      if (required) errors.push({ output: def.id, message: `Missing required output:${def.id}` });
      continue;
    }
    const typed = parseTyped({ ...def, required } as InputDef, value);
    if (typed.error !== undefined)
      errors.push({ output: def.id, message: `Invalid output for \`${def.id}\`, ${typed.error}` });
    else if (typed.value !== null && typed.value !== undefined) values[def.id] = typed.value;
  }
  return { values, errors, warnings };
}
