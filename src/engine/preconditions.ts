/**
 * The Flow trigger's `preconditions` (spec §4.3): which of its sub-conditions an upstream execution satisfies.
 * Upstream flows are named `condition_1`, `condition_2`… in list order; `where` filters continue the counter with
 * their id appended (`condition_3_<id>`), as Kestra names them, since the names are the keys of stored windows.
 */
import { isTruthyText } from "../lib/truthy.ts";
import type { Execution } from "../model/execution.ts";
import type { TimeWindow } from "./time-window.ts";

export interface UpstreamFlow {
  namespace: string;
  flowId?: string;
  states?: string[];
  labels?: Record<string, unknown>;
}

export type FilterField = "FLOW_ID" | "NAMESPACE" | "STATE" | "EXPRESSION";
export type FilterType =
  | "EQUAL_TO"
  | "NOT_EQUAL_TO"
  | "IN"
  | "NOT_IN"
  | "IS_TRUE"
  | "IS_FALSE"
  | "IS_NULL"
  | "IS_NOT_NULL"
  | "STARTS_WITH"
  | "ENDS_WITH"
  | "REGEX"
  | "CONTAINS";

export interface Filter {
  field: FilterField;
  type: FilterType;
  value?: string;
  values?: string[];
}

export interface Where {
  id: string;
  operand?: "AND" | "OR";
  filters: Filter[];
}

export interface Preconditions {
  id: string;
  flows?: UpstreamFlow[];
  where?: Where[];
  timeWindow?: TimeWindow;
  resetOnSuccess?: boolean;
}

/** the names of the sub-conditions, in Kestra's order */
export function conditionNames(p: Preconditions): string[] {
  const flows = (p.flows ?? []).map((_, i) => `condition_${i + 1}`);
  const where = (p.where ?? []).map((w, i) => `condition_${flows.length + i + 1}_${w.id}`);
  return [...flows, ...where];
}

export function matchesFlow(m: UpstreamFlow, e: Execution): boolean {
  if (e.namespace !== m.namespace) return false;
  if (m.flowId !== undefined && e.flowId !== m.flowId) return false;
  if (e.labels.some((l) => l.key === "system.simulatedExecution")) return true;
  if (m.states && m.states.length > 0 && !m.states.includes(e.state.current)) return false;
  for (const [key, value] of Object.entries(m.labels ?? {})) {
    if (!e.labels.some((l) => l.key === key && l.value === String(value))) return false;
  }
  return true;
}

/** one filter of a `where` entry; `render` renders the EXPRESSION field's template */
export function testFilter(f: Filter, e: Execution, render: (template: string) => string): boolean {
  const field =
    f.field === "FLOW_ID"
      ? e.flowId
      : f.field === "NAMESPACE"
        ? e.namespace
        : f.field === "STATE"
          ? e.state.current
          : render(f.value ?? "");
  const value = f.field === "EXPRESSION" ? undefined : f.value;
  switch (f.type) {
    case "EQUAL_TO":
      return field === value;
    case "NOT_EQUAL_TO":
      return field !== value;
    case "IN":
      return (f.values ?? []).includes(field);
    case "NOT_IN":
      return !(f.values ?? []).includes(field);
    case "IS_TRUE":
      return isTruthyText(field);
    case "IS_FALSE":
      return !isTruthyText(field);
    case "IS_NULL":
      return field === undefined || field === null || field === "";
    case "IS_NOT_NULL":
      return !(field === undefined || field === null || field === "");
    case "STARTS_WITH":
      return value !== undefined && field.startsWith(value);
    case "ENDS_WITH":
      return value !== undefined && field.endsWith(value);
    case "CONTAINS":
      return value !== undefined && field.includes(value);
    case "REGEX":
      return value !== undefined && new RegExp(`^(?:${value})$`).test(field);
    default:
      return false;
  }
}

/** the sub-conditions `e` satisfies; a failing EXPRESSION render counts as not satisfied */
export function satisfiedBy(p: Preconditions, e: Execution, render: (template: string) => string): string[] {
  const names = conditionNames(p);
  const out: string[] = [];
  const flows = p.flows ?? [];
  flows.forEach((m, i) => {
    if (matchesFlow(m, e)) out.push(names[i]!);
  });
  (p.where ?? []).forEach((w, i) => {
    const test = (f: Filter) => {
      try {
        return testFilter(f, e, render);
      } catch {
        return false;
      }
    };
    const ok = w.operand === "OR" ? w.filters.some(test) : w.filters.every(test);
    if (ok) out.push(names[flows.length + i]!);
  });
  return out;
}
