/** Row shapes of the SQLite tables and their mapping to domain values. */
import type { Execution, LogEntry, LogLevel } from "../../model/execution.ts";
import { endDate, isTerminal } from "../../model/state.ts";
import type { StoredFlow, TriggerState, TriggerWindow } from "../types.ts";

export const LEVELS: readonly LogLevel[] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];
export const LEVEL_NUM: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

export interface FlowRow {
  tenant: string;
  namespace: string;
  id: string;
  revision: number;
  source: string;
  errors: string | null;
  deleted: number;
  updated: string;
}

export function toFlow(r: FlowRow): StoredFlow {
  const f: StoredFlow = {
    tenantId: r.tenant,
    namespace: r.namespace,
    id: r.id,
    revision: r.revision,
    source: r.source,
    deleted: r.deleted !== 0,
    updated: r.updated,
  };
  if (r.errors !== null) f.errors = JSON.parse(r.errors);
  return f;
}

/** Column values of an execution row, computed when the write is accepted (the document is snapshotted then). */
export interface ExecutionValues {
  id: string;
  tenant: string;
  namespace: string;
  flow_id: string;
  state: string;
  finished: number;
  start_date: string;
  end_date: string | null;
  doc: string;
  updated: string;
}

export function executionValues(e: Execution, now: string): ExecutionValues {
  const first = e.state.histories[0]?.date;
  return {
    id: e.id,
    tenant: e.tenantId,
    namespace: e.namespace,
    flow_id: e.flowId,
    state: e.state.current,
    finished: isTerminal(e.state.current) ? 1 : 0,
    start_date: first ?? e.metadata?.originalCreatedDate ?? now,
    end_date: e.state.histories.length > 0 ? (endDate(e.state) ?? null) : null,
    doc: JSON.stringify(e),
    updated: now,
  };
}

export interface LogRow {
  execution_id: string;
  task_run_id: string | null;
  task_id: string | null;
  level: number;
  ts: string;
  message: string;
}

export function toLog(r: LogRow): LogEntry {
  const l: LogEntry = { executionId: r.execution_id, level: LEVELS[r.level]!, timestamp: r.ts, message: r.message };
  if (r.task_run_id !== null) l.taskRunId = r.task_run_id;
  if (r.task_id !== null) l.taskId = r.task_id;
  return l;
}

export interface TriggerRow {
  tenant: string;
  namespace: string;
  flow_id: string;
  trigger_id: string;
  disabled: number;
  reason: string | null;
  updated: string;
}

export function toTrigger(r: TriggerRow): TriggerState {
  const t: TriggerState = {
    tenantId: r.tenant,
    namespace: r.namespace,
    flowId: r.flow_id,
    triggerId: r.trigger_id,
    disabled: r.disabled !== 0,
    updated: r.updated,
  };
  if (r.reason !== null) t.reason = r.reason;
  return t;
}

export interface WindowRow {
  tenant: string;
  namespace: string;
  flow_id: string;
  trigger_id: string;
  condition_id: string;
  window_start: string;
  window_end: string;
  results: string;
  outputs: string;
  meta: string;
}

export function toWindow(r: WindowRow): TriggerWindow {
  const meta = JSON.parse(r.meta ?? "{}") as { satisfiedAt?: Record<string, string>; firedAt?: string };
  return {
    ...(meta.satisfiedAt ? { satisfiedAt: meta.satisfiedAt } : {}),
    ...(meta.firedAt ? { firedAt: meta.firedAt } : {}),
    tenantId: r.tenant,
    namespace: r.namespace,
    flowId: r.flow_id,
    triggerId: r.trigger_id,
    conditionId: r.condition_id,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    results: JSON.parse(r.results),
    outputs: JSON.parse(r.outputs),
  };
}
