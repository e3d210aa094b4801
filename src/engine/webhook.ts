/**
 * The webhook path (spec §2.3 with ARCHITECTURE's decisions): flow → disabled → invalid → key → trigger
 * disabled → execution built → conditions (204) → trigger inputs (422) → stored → answer or wait.
 */
import { renderTemplate, renderValue } from "../expr/index.ts";
import { resolveInputs } from "../flow/index.ts";
import { newId } from "../lib/ids.ts";
import { type ErrorDetail, PerchError } from "../model/errors.ts";
import type { Execution } from "../model/execution.ts";
import type { Flow, Label, TriggerDef } from "../model/flow.ts";
import { isTerminal, newState } from "../model/state.ts";
import { allConditionsPass } from "./conditions.ts";
import type { EngineCore } from "./engine.ts";
import type { FlowEntry } from "./flows.ts";
import type { WebhookRequest, WebhookResult } from "./types.ts";
import { executionVariables, keyVariables } from "./variables.ts";
import { secretEquals, triggerVariables } from "./webhook-request.ts";

export const WEBHOOK_TYPE = "io.kestra.plugin.core.trigger.Webhook";

function renderedKey(core: EngineCore, entry: FlowEntry, flow: Flow, trigger: TriggerDef): string | null {
  entry.keys ??= new Map();
  const cached = entry.keys.get(trigger.id);
  if (cached !== undefined) return cached;
  let key: string | null;
  try {
    const raw = String(trigger.key ?? "");
    key = renderTemplate(
      raw,
      keyVariables(flow, { id: trigger.id, type: trigger.type }, core.base),
      core.renderOptions,
    ).trim();
  } catch (e) {
    core.log.warn("webhook.key_render_failed", {
      flow: `${flow.namespace}/${flow.id}`,
      trigger: trigger.id,
      reason: (e as Error).message,
    });
    key = null;
  }
  entry.keys.set(trigger.id, key);
  return key;
}

/** label list in Kestra's order (system.from, flow labels, trigger labels, system.correlationId), last value wins */
export function executionLabels(flow: Flow, extra: Label[], id: string, from?: string): Label[] {
  const map = new Map<string, string>();
  if (from) map.set("system.from", from);
  for (const l of flow.labels) if (!l.key.startsWith("system.")) map.set(l.key, l.value);
  for (const l of extra) map.set(l.key, l.value);
  if (!map.has("system.correlationId")) map.set("system.correlationId", id);
  return [...map].map(([key, value]) => ({ key, value }));
}

export function labelList(raw: unknown): Label[] {
  if (Array.isArray(raw)) return raw.map((l) => ({ key: String(l.key), value: String(l.value) }));
  if (raw && typeof raw === "object") return Object.entries(raw).map(([key, value]) => ({ key, value: String(value) }));
  return [];
}

export function newExecution(flow: Flow, now: Date, id = newId()): Execution {
  return {
    id,
    tenantId: flow.tenantId,
    namespace: flow.namespace,
    flowId: flow.id,
    flowRevision: flow.revision,
    state: newState(now),
    labels: [],
    variables: flow.variables,
    taskRunList: [],
    originalId: id,
    metadata: { attemptNumber: 1, originalCreatedDate: now.toISOString() },
  };
}

function inputErrors(errors: { input: string; message: string }[]): PerchError {
  const details: ErrorDetail[] = errors.map((e) => ({ message: e.message, path: `inputs.${e.input}` }));
  return new PerchError(
    "INVALID_INPUTS",
    `Invalid inputs: ${errors.map((e) => `${e.input}: ${e.message}`).join(", ")}`,
    details,
  );
}

export async function handleWebhook(core: EngineCore, req: WebhookRequest): Promise<WebhookResult> {
  const entry = core.flows.get(req.tenantId, req.namespace, req.flowId);
  if (!entry || entry.stored.deleted)
    return { kind: "error", error: new PerchError("FLOW_NOT_FOUND", "Flow not found") };
  const flow = entry.flow;
  if (!flow) {
    const why = entry.errors.map((e) => e.message).join(", ");
    return { kind: "error", error: new PerchError("FLOW_INVALID", `Cannot execute an invalid flow: ${why}`) };
  }
  if (flow.disabled) return { kind: "error", error: new PerchError("FLOW_DISABLED", "Cannot execute a disabled flow") };

  let trigger: TriggerDef | undefined;
  for (const t of flow.triggers) {
    if (t.type !== WEBHOOK_TYPE) continue;
    const key = renderedKey(core, entry, flow, t);
    if (key !== null && secretEquals(key, req.key)) {
      trigger = t;
      break;
    }
  }
  if (!trigger) return { kind: "error", error: new PerchError("WEBHOOK_NOT_FOUND", "Webhook not found") };
  if (trigger.disabled === true || core.isTriggerDisabled(flow, trigger.id)) {
    return {
      kind: "error",
      error: new PerchError("TRIGGER_DISABLED", `Cannot execute a disabled trigger: ${trigger.id}`),
    };
  }

  const execution = newExecution(flow, req.receivedAt);
  execution.trigger = { id: trigger.id, type: trigger.type, variables: triggerVariables(req) };
  if (core.publicUrl) execution.trigger.logFile = `${core.publicUrl}/api/v1/main/logs/${execution.id}/download`;
  execution.labels = executionLabels(flow, [], execution.id, "trigger");

  const needsContext =
    (trigger.conditions?.length ?? 0) > 0 || trigger.inputs !== undefined || trigger.labels !== undefined;
  if (needsContext) {
    const vars = executionVariables(flow, execution, core.base);
    if (trigger.inputs !== undefined) vars.inputs = { ...(trigger.inputs as object), ...(vars.inputs as object) };
    const pass = await allConditionsPass(trigger.conditions, {
      variables: vars,
      renderOptions: core.renderOptions,
      now: core.now,
      timeZone: core.timeZone,
      flow: { id: flow.id, namespace: flow.namespace },
      triggerId: trigger.id,
      log: core.log,
      execution: {
        id: execution.id,
        namespace: execution.namespace,
        flowId: execution.flowId,
        state: execution.state.current,
        labels: execution.labels,
        taskRunList: execution.taskRunList,
      },
    });
    if (!pass) return { kind: "skipped" };
    const render = (v: unknown) => renderValue(v, vars, core.renderOptions);
    if (trigger.labels !== undefined) {
      try {
        const extra = labelList(render(trigger.labels));
        execution.labels = executionLabels(flow, extra, execution.id, "trigger");
      } catch (e) {
        return {
          kind: "error",
          error: new PerchError("INVALID_INPUTS", `Invalid trigger labels: ${(e as Error).message}`),
        };
      }
    }
    if (trigger.inputs !== undefined) {
      const rendered: Record<string, unknown> = {};
      const errors: { input: string; message: string }[] = [];
      for (const [k, v] of Object.entries(trigger.inputs as Record<string, unknown>)) {
        try {
          rendered[k] = render(v);
        } catch (e) {
          errors.push({ input: k, message: (e as Error).message });
        }
      }
      if (errors.length > 0) return { kind: "error", error: inputErrors(errors) };
      const r = resolveInputs(flow, rendered, (t, extra) => renderValue(t, { ...vars, ...extra }, core.renderOptions));
      if (r.errors.length > 0) return { kind: "error", error: inputErrors(r.errors) };
      execution.inputs = r.values;
    }
  }

  const created = await core.launch(flow, execution);
  if (trigger.wait !== true) return { kind: "created", execution: created };
  return answerWait(core, flow, trigger, execution, req.signal);
}

/** `wait: true`: the answer once the execution ended (or 202 past the wait limit), with `responseCode` rendered */
export async function answerWait(
  core: EngineCore,
  flow: Flow,
  trigger: TriggerDef,
  execution: Execution,
  signal?: AbortSignal,
): Promise<WebhookResult> {
  const current = (await core.waitForEnd(execution.id, core.waitLimitMs, signal)) ?? execution;
  if (!isTerminal(current.state.current)) return { kind: "created", execution: current, timedOut: true };
  let status = current.state.current === "FAILED" ? 500 : 200;
  if (trigger.responseCode !== undefined && trigger.responseCode !== null) {
    const vars = executionVariables(flow, current, core.base);
    let text: string;
    try {
      text = renderTemplate(String(trigger.responseCode), vars, core.renderOptions).trim();
    } catch (e) {
      return {
        kind: "error",
        error: new PerchError("INVALID_RESPONSE_CODE", `Invalid responseCode: ${(e as Error).message}`),
      };
    }
    const code = Number(text);
    if (!Number.isInteger(code) || code < 100 || code > 599) {
      return { kind: "error", error: new PerchError("INVALID_RESPONSE_CODE", `Invalid HTTP status code: ${text}`) };
    }
    status = code;
  }
  const ct = trigger.responseContentType as "application/json" | "text/plain" | undefined;
  return {
    kind: "finished",
    execution: current,
    status,
    returnOutputs: trigger.returnOutputs === true,
    outputs: trigger.returnOutputs === true ? (current.outputs ?? null) : undefined,
    contentType: ct,
  };
}
