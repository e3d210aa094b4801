/**
 * JSON of executions as the API answers them. `webhookResponse` is Kestra's `WebhookResponse` (spec §2.5.1,
 * ARCHITECTURE decision 10): fields in Kestra's order, null fields omitted, `state.type` beside `state.current`,
 * `endDate`/`duration` only once terminal or PAUSED, `url` and `trigger.logFile` pointing at this server.
 *
 * @example
 * webhookResponse(execution, "http://127.0.0.1:8080")
 * // {"tenantId":"main","id":"4Vt…","namespace":"company.team","flowId":"hook","flowRevision":1,
 * //  "trigger":{"id":"webhook","type":"io.kestra.plugin.core.trigger.Webhook","variables":{…},"logFile":"http://…/download"},
 * //  "labels":[…],"state":{"current":"CREATED","type":"CREATED","histories":[…],"startDate":"…"},
 * //  "url":"http://127.0.0.1:8080/ui/main/executions/company.team/hook/4Vt…"}
 */
import { formatIsoDuration } from "../lib/duration-format.ts";
import type { Execution, TaskRun } from "../model/execution.ts";
import { endDate, type State } from "../model/state.ts";

export function stateJson(state: State): Record<string, unknown> {
  const out: Record<string, unknown> = {
    current: state.current,
    type: state.current,
    histories: state.histories,
  };
  const start = state.histories[0]?.date;
  if (start !== undefined) out.startDate = start;
  const end = endDate(state);
  if (end !== undefined) {
    out.endDate = end;
    if (start !== undefined) out.duration = formatIsoDuration(Date.parse(end) - Date.parse(start));
  }
  return out;
}

export function executionUrl(publicUrl: string, e: Pick<Execution, "namespace" | "flowId" | "id">): string {
  return `${publicUrl}/ui/main/executions/${encodeURIComponent(e.namespace)}/${encodeURIComponent(e.flowId)}/${e.id}`;
}

export function logFileUrl(publicUrl: string, executionId: string): string {
  return `${publicUrl}/api/v1/main/logs/${executionId}/download`;
}

function triggerJson(e: Execution, publicUrl: string): Record<string, unknown> | undefined {
  const t = e.trigger;
  if (!t) return undefined;
  return { id: t.id, type: t.type, variables: t.variables, logFile: t.logFile ?? logFileUrl(publicUrl, e.id) };
}

const present = (v: unknown) => v !== undefined && v !== null;

/** Kestra's WebhookResponse of an execution */
export function webhookResponse(e: Execution, publicUrl: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    tenantId: e.tenantId,
    id: e.id,
    namespace: e.namespace,
    flowId: e.flowId,
    flowRevision: e.flowRevision,
  };
  const trigger = triggerJson(e, publicUrl);
  if (trigger) out.trigger = trigger;
  if (present(e.outputs)) out.outputs = e.outputs;
  out.labels = e.labels.map((l) => ({ key: l.key, value: l.value }));
  out.state = stateJson(e.state);
  out.url = executionUrl(publicUrl, e);
  return out;
}

function taskRunJson(t: TaskRun): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) if (present(v)) out[k] = v;
  out.state = stateJson(t.state);
  out.attempts = t.attempts.map((a) => ({ ...a, state: stateJson(a.state) }));
  return out;
}

/** the full execution (GET /executions/{id}): inputs, outputs, task runs, labels, state with `type`, trigger */
export function executionJson(e: Execution, publicUrl: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    tenantId: e.tenantId,
    id: e.id,
    namespace: e.namespace,
    flowId: e.flowId,
    flowRevision: e.flowRevision,
  };
  if (present(e.parentId)) out.parentId = e.parentId;
  out.originalId = e.originalId;
  if (present(e.inputs)) out.inputs = e.inputs;
  if (present(e.outputs)) out.outputs = e.outputs;
  if (present(e.variables)) out.variables = e.variables;
  out.labels = e.labels.map((l) => ({ key: l.key, value: l.value }));
  out.state = stateJson(e.state);
  out.taskRunList = e.taskRunList.map(taskRunJson);
  const trigger = triggerJson(e, publicUrl);
  if (trigger) out.trigger = trigger;
  out.metadata = e.metadata;
  out.url = executionUrl(publicUrl, e);
  return out;
}
