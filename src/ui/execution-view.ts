/**
 * What the execution page shows, computed from an execution, its logs and the Pause task's `onResume` inputs: plain
 * values for the templates (which escape them). The Gantt bars are percentages of the execution's duration.
 */
import type { Execution, LogEntry, TaskRun } from "../model/execution.ts";
import type { InputDef } from "../model/flow.ts";
import { isTerminal, type StateType } from "../model/state.ts";
import { formatDate, formatDuration, LOG_LEVELS, levelRank, prettyJson } from "./format.ts";

export interface ExecutionViewOptions {
  /** `/ui/main/executions/{ns}/{flowId}/{id}` */
  pageUrl: string;
  flowUrl: string;
  streamUrl: string;
  downloadUrl: string;
  now: Date;
  /** minimum log level shown */
  level?: string;
  /** the Pause task waiting for a resume, with its `onResume` inputs */
  paused?: { taskId: string; inputs: InputDef[] };
  /** a restart is offered for FAILED executions */
  flash?: { kind: "error" | "ok"; text: string };
  /** values typed in the resume form, shown again after an error */
  resumeValues?: Record<string, string>;
}

const ms = (iso: string) => Date.parse(iso);
const ACTIVE: ReadonlySet<StateType> = new Set(["KILLING"]);

function span(histories: { date: string }[], terminal: boolean, now: Date): { start: number; end: number } {
  const start = ms(histories[0]!.date);
  const end = terminal ? ms(histories[histories.length - 1]!.date) : now.getTime();
  return { start, end: Math.max(end, start) };
}

function resumeField(def: InputDef, typed: Record<string, string> | undefined) {
  const type = String(def.type ?? "STRING").toUpperCase();
  const options =
    type === "BOOL" || type === "BOOLEAN"
      ? ["true", "false"]
      : type === "SELECT" && Array.isArray(def.values)
        ? def.values.map(String)
        : undefined;
  const fallback = def.defaults ?? def.prefill;
  const value =
    typed?.[def.id] ??
    (fallback === undefined ? "" : typeof fallback === "string" ? fallback : JSON.stringify(fallback));
  const inputType =
    type === "INT" || type === "FLOAT"
      ? "number"
      : type === "EMAIL"
        ? "email"
        : type === "URI"
          ? "url"
          : type === "SECRET"
            ? "password"
            : "text";
  return {
    id: def.id,
    label: def.displayName ?? def.id,
    type,
    description: def.description,
    required: def.required !== false && fallback === undefined,
    options,
    multiline: ["JSON", "YAML", "ARRAY", "MULTISELECT"].includes(type),
    inputType,
    value,
  };
}

export function executionView(e: Execution, logs: LogEntry[], o: ExecutionViewOptions) {
  const terminal = isTerminal(e.state.current);
  const whole = span(e.state.histories, terminal, o.now);
  const total = Math.max(whole.end - whole.start, 1);
  // task runs as a tree: children of a flowable (If, ForEach…) right under it, indented
  const kids = new Map<string | undefined, TaskRun[]>();
  const ids = new Set(e.taskRunList.map((t) => t.id));
  for (const t of e.taskRunList) {
    const parent = t.parentTaskRunId && ids.has(t.parentTaskRunId) ? t.parentTaskRunId : undefined;
    kids.set(parent, [...(kids.get(parent) ?? []), t]);
  }
  const ordered: { t: TaskRun; depth: number }[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    for (const t of kids.get(parent) ?? []) {
      ordered.push({ t, depth });
      visit(t.id, depth + 1);
    }
  };
  visit(undefined, 0);
  const bars = ordered.map(({ t, depth }) => {
    const own = span(t.state.histories, isTerminal(t.state.current), terminal ? new Date(whole.end) : o.now);
    const left = Math.min(100, Math.max(0, ((own.start - whole.start) / total) * 100));
    const width = Math.min(100 - left, Math.max(0.5, ((own.end - own.start) / total) * 100));
    return {
      taskId: t.taskId,
      depth: Math.min(depth, 8),
      value: t.value,
      state: t.state.current,
      duration: formatDuration(own.end - own.start),
      left: left.toFixed(2),
      width: width.toFixed(2),
    };
  });
  const first = ms(e.state.histories[0]!.date);
  const timeline = e.state.histories.map((h, i) => ({
    state: h.state,
    iso: h.date,
    date: formatDate(h.date),
    after: i === 0 ? "" : formatDuration(ms(h.date) - first),
  }));
  const vars = e.trigger?.variables ?? {};
  const sections = ["body", "headers", "parameters"]
    .filter((k) => vars[k] !== undefined)
    .map((k) => ({ title: k, json: prettyJson(vars[k]) }));
  const rest = Object.fromEntries(Object.entries(vars).filter(([k]) => !["body", "headers", "parameters"].includes(k)));
  if (Object.keys(rest).length > 0) sections.push({ title: "other variables", json: prettyJson(rest) });
  const level = LOG_LEVELS.includes(o.level ?? "") ? o.level! : "TRACE";
  const min = levelRank(level);
  const hasOutputs = (v: Record<string, unknown> | undefined) => v !== undefined && Object.keys(v).length > 0;
  return {
    e: {
      id: e.id,
      namespace: e.namespace,
      flowId: e.flowId,
      revision: e.flowRevision,
      state: e.state.current,
      terminal,
      start: formatDate(e.state.histories[0]!.date),
      duration: formatDuration(whole.end - whole.start),
      flowHref: o.flowUrl,
      labels: e.labels,
    },
    timeline,
    bars,
    scale: `${formatDuration(total)}${terminal ? "" : " so far"}`,
    inputs: hasOutputs(e.inputs) ? prettyJson(e.inputs) : "",
    outputs: hasOutputs(e.outputs) ? prettyJson(e.outputs) : "",
    trigger: e.trigger ? { id: e.trigger.id, type: e.trigger.type, sections } : undefined,
    taskOutputs: e.taskRunList
      .filter((t) => hasOutputs(t.outputs))
      .map((t) => ({ taskId: t.value ? `${t.taskId} [${t.value}]` : t.taskId, json: prettyJson(t.outputs) })),
    actions: {
      kill: !terminal && !ACTIVE.has(e.state.current),
      restart: e.state.current === "FAILED" || e.state.current === "KILLED",
      resume:
        e.state.current === "PAUSED" && o.paused
          ? { taskId: o.paused.taskId, fields: o.paused.inputs.map((d) => resumeField(d, o.resumeValues)) }
          : undefined,
    },
    flash: o.flash,
    logs: logs.map((l) => ({
      level: l.level,
      hidden: levelRank(l.level) < min,
      time: formatDate(l.timestamp),
      taskId: l.taskId,
      message: l.message,
    })),
    shownLogs: logs.filter((l) => levelRank(l.level) >= min).length,
    level,
    levels: LOG_LEVELS,
    pageUrl: o.pageUrl,
    streamUrl: o.streamUrl,
    downloadUrl: o.downloadUrl,
  };
}
