/**
 * YAML text -> validated Flow, with every error pointing at its source (path, line, column, text).
 *
 * @example
 * const { flow, errors } = parseFlow(text, { tenantId: "main" });
 * if (errors.length) console.error(errors.map(formatFlowError).join("\n"));
 */
import type { Flow } from "../model/flow.ts";
import { ErrorSink, type FlowError, type Positions } from "./errors.ts";
import { parseYaml } from "./positions.ts";
import { validateFlow } from "./validate.ts";

export interface ParseOptions {
  /** default "main" */
  tenantId?: string;
  /** default: the document's `revision`, else 1 */
  revision?: number;
}

export interface ParseResult {
  /** present only when there is no error */
  flow?: Flow;
  errors: FlowError[];
  /** YAML path (`tasks[0].message`) -> position of the value (and of its key) */
  positions: Positions;
}

const positionsByFlow = new WeakMap<Flow, Positions>();

export function parseFlow(source: string, options: ParseOptions = {}): ParseResult {
  const y = parseYaml(source);
  if (y.errors.length > 0) return { errors: y.errors, positions: y.positions };
  const sink = new ErrorSink(y.positions);
  const docRevision = (y.value as { revision?: unknown } | null)?.revision;
  const revision = options.revision ?? (typeof docRevision === "number" && docRevision >= 1 ? docRevision : 1);
  const flow = validateFlow(y.value, sink, { tenantId: options.tenantId ?? "main", revision, source });
  const errors = sink.errors.sort((a, b) => a.line - b.line || a.column - b.column);
  if (errors.length > 0 || !flow) return { errors, positions: y.positions };
  positionsByFlow.set(flow, y.positions);
  return { flow, errors: [], positions: y.positions };
}

/** Positions of a flow returned by parseFlow (path -> line/column), for the engine and the UI. */
export function flowPositions(flow: Flow): Positions | undefined {
  return positionsByFlow.get(flow);
}

/** `Invalid Flow: <message>, <message>` (Kestra's whole-flow message format). */
export function invalidFlowMessage(errors: FlowError[]): string {
  return `Invalid Flow: ${errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join(", ")}`;
}
