/**
 * The engine: flows in, executions out. Owns the flow registry, the run loop and the worker pool; the HTTP layer
 * calls it through EngineApi and never runs task code.
 */
import type { RenderOptions } from "../expr/types.ts";
import { renderValue } from "../expr/index.ts";
import { resolveInputs } from "../flow/index.ts";
import { createLogger, type ServerLogger } from "../lib/log.ts";
import { PerchError } from "../model/errors.ts";
import type { Execution, LogEntry } from "../model/execution.ts";
import type { Flow, InputDef } from "../model/flow.ts";
import { isTerminal } from "../model/state.ts";
import type { ExecutionFilter, Store, StoredFlow, TriggerState } from "../storage/types.ts";
import { FlowRegistry } from "./flows.ts";
import { FLOW_TRIGGER_TYPE, offerStateChange } from "./flow-triggers.ts";
import { RunLoop, snapshot } from "./run-loop.ts";
import { FOR_EACH_ITEM_TYPE, SUBFLOW_TYPE } from "./flowables.ts";

const CHILD_TRIGGERS = new Set([SUBFLOW_TYPE, FOR_EACH_ITEM_TYPE]);
import { launchSubflow } from "./subflows.ts";
import { Reruns } from "./reruns.ts";
import { DEFAULT_FILES_ROOT } from "./files.ts";
import type {
  EngineApi,
  EngineObserver,
  EngineOptions,
  FlowSaveResult,
  WebhookRequest,
  WebhookResult,
} from "./types.ts";
import { type BaseVariables, envsOf, executionVariables } from "./variables.ts";
import { executionLabels, handleWebhook, newExecution } from "./webhook.ts";
import { WorkerPool } from "./worker-pool.ts";

const TENANT = "main";

function safely(f: () => void): void {
  try {
    f();
  } catch {
    // an observer never breaks the engine
  }
}
const triggerKey = (ns: string, flowId: string, triggerId: string) => `${ns}\u0000${flowId}\u0000${triggerId}`;

/** What the webhook path needs of the engine. */
export interface EngineCore {
  flows: FlowRegistry;
  store: Store;
  log: ServerLogger;
  now(): Date;
  timeZone: string;
  base: BaseVariables;
  renderOptions: RenderOptions;
  publicUrl?: string;
  isTriggerDisabled(flow: Flow, triggerId: string): boolean;
  launch(flow: Flow, execution: Execution): Promise<Execution>;
  waitForEnd(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Execution | undefined>;
  /** bound of `wait: true` calls, ms */
  waitLimitMs: number;
  /** root folder of files that outlive task runs */
  filesRoot: string;
}

export class Engine implements EngineApi, EngineCore {
  readonly flows: FlowRegistry;
  readonly log: ServerLogger;
  readonly now: () => Date;
  readonly timeZone: string;
  readonly base: BaseVariables;
  readonly renderOptions: RenderOptions;
  publicUrl?: string;
  readonly store: Store;
  private readonly pool: WorkerPool;
  private readonly loop: RunLoop;
  readonly waitLimitMs: number;
  readonly filesRoot: string;
  private readonly triggerStates = new Map<string, TriggerState>();
  private stopping = false;
  private readonly reruns: Reruns;
  private readonly observer?: EngineObserver;

  constructor(o: EngineOptions) {
    this.store = o.store;
    this.log = o.logger ?? createLogger({});
    this.now = o.now ?? (() => new Date());
    this.timeZone = o.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.publicUrl = o.publicUrl?.replace(/\/+$/, "");
    this.waitLimitMs = o.waitLimitMs ?? 10 * 60_000;
    this.filesRoot = o.filesDir ?? DEFAULT_FILES_ROOT;
    const env = o.env ?? process.env;
    this.base = { envs: envsOf(env), globals: {}, kestra: this.publicUrl ? { url: this.publicUrl } : {} };
    this.renderOptions = { now: this.now, timeZone: this.timeZone, env };
    this.flows = new FlowRegistry(this.store);
    this.pool = new WorkerPool(o.workers ?? 8);
    this.loop = new RunLoop({
      store: this.store,
      pool: this.pool,
      log: this.log,
      now: this.now,
      base: this.base,
      renderOptions: this.renderOptions,
      filesRoot: this.filesRoot,
      onEnd: (e, f) => this.onEnd(e, f),
      onStateChange: (e) => this.offer(e),
      onTaskEnd: (e, tr, task, ms) => safely(() => o.observer?.taskEnd?.(e, tr, task.type, ms)),
      onLog: o.observer?.log ? (entry) => safely(() => o.observer!.log!(entry)) : undefined,
      launchSubflow: (entry, task, tr) => launchSubflow(this, entry, task, tr),
      getExecution: (id) => this.store.getExecution(id),
      runAgain: (e, ms) => this.reruns.runAgain(e, ms),
    });
    this.observer = o.observer;
    this.reruns = new Reruns({
      store: this.store,
      flows: this.flows,
      log: this.log,
      now: this.now,
      loop: this.loop,
      stopping: () => this.stopping,
      launch: (flow, execution) => this.launch(flow, execution),
      offer: (execution) => this.offer(execution),
    });
  }

  /** loads flows and trigger states, then resumes every execution that was not terminal */
  async start(): Promise<void> {
    await this.flows.load(TENANT);
    for (const entry of this.flows.all()) {
      for (const s of await this.store.listTriggerStates(TENANT, entry.stored.namespace, entry.stored.id)) {
        this.triggerStates.set(triggerKey(s.namespace, s.flowId, s.triggerId), s);
      }
    }
    const unfinished = await this.store.listUnfinishedExecutions();
    for (const execution of unfinished) {
      const stored = await this.store.getFlow(
        execution.tenantId,
        execution.namespace,
        execution.flowId,
        execution.flowRevision,
      );
      const flow = stored ? FlowRegistry.parse(stored.source, stored.tenantId, stored.revision).flow : undefined;
      if (!flow) {
        this.log.error("execution.resume_failed", {
          execution: execution.id,
          reason: "flow revision not found or invalid",
        });
        continue;
      }
      this.loop.adopt(execution, flow, true);
    }
    if (unfinished.length > 0) this.log.info("executions.resumed", { count: unfinished.length });
  }

  /** the server's public URL once known (a server on port 0 learns it when bound): `kestra.url`, logFile links */
  setPublicUrl(url: string): void {
    this.publicUrl = url.replace(/\/+$/, "");
    this.base.kestra = { ...this.base.kestra, url: this.publicUrl };
  }

  isTriggerDisabled(flow: Flow, triggerId: string): boolean {
    return this.triggerStates.get(triggerKey(flow.namespace, flow.id, triggerId))?.disabled === true;
  }

  /** stores the execution (resolves once committed), starts it, and returns it as created (state CREATED) */
  async launch(flow: Flow, execution: Execution): Promise<Execution> {
    if (this.stopping) throw new PerchError("INTERNAL", "Server is stopping");
    await this.store.createExecution(execution);
    const created = snapshot(execution);
    this.loop.adopt(execution, flow);
    this.offer(created);
    return created;
  }

  /** hands a state change to the Flow triggers, as a snapshot (the run loop goes on changing the execution) */
  private offer(execution: Execution): void {
    if (this.observer?.stateChange) safely(() => this.observer!.stateChange!(execution));
    if (this.flows.withTrigger(FLOW_TRIGGER_TYPE).length === 0) return;
    void offerStateChange(this, snapshot(execution));
  }

  private onEnd(execution: Execution, flow: Flow): void {
    if (execution.parentId && CHILD_TRIGGERS.has(execution.trigger?.type ?? "")) this.loop.subflowEnded(execution);
    this.log.info("execution.ended", {
      execution: execution.id,
      flow: `${flow.namespace}/${flow.id}`,
      state: execution.state.current,
    });
    const trigger = flow.triggers.find((t) => t.id === execution.trigger?.id);
    if (trigger?.stopAfter?.includes(execution.state.current)) {
      void this.setTriggerDisabled(flow.tenantId, flow.namespace, flow.id, trigger.id, true, "stopAfter").then(() =>
        this.log.info("trigger.disabled", {
          flow: `${flow.namespace}/${flow.id}`,
          trigger: trigger.id,
          reason: `stopAfter ${execution.state.current}`,
        }),
      );
    }
  }

  handleWebhook(req: WebhookRequest): Promise<WebhookResult> {
    if (this.stopping)
      return Promise.resolve({ kind: "error", error: new PerchError("INTERNAL", "Server is stopping") });
    return handleWebhook(this, req);
  }

  async createExecution(
    tenantId: string,
    namespace: string,
    flowId: string,
    inputs: Record<string, unknown>,
    options: { wait?: boolean; labels?: { key: string; value: string }[] } = {},
  ): Promise<{ execution: Execution; timedOut?: boolean } | { error: PerchError }> {
    const entry = this.flows.get(tenantId, namespace, flowId);
    if (!entry || entry.stored.deleted) return { error: new PerchError("FLOW_NOT_FOUND", "Flow not found") };
    const flow = entry.flow;
    if (!flow)
      return {
        error: new PerchError(
          "FLOW_INVALID",
          `Cannot execute an invalid flow: ${entry.errors.map((e) => e.message).join(", ")}`,
        ),
      };
    if (flow.disabled) return { error: new PerchError("FLOW_DISABLED", "Cannot execute a disabled flow") };
    const execution = newExecution(flow, this.now());
    execution.labels = executionLabels(flow, options.labels ?? [], execution.id);
    const vars = executionVariables(flow, execution, this.base);
    const r = resolveInputs(flow, inputs, (t, extra) => renderValue(t, { ...vars, ...extra }, this.renderOptions));
    if (r.errors.length > 0) {
      const details = r.errors.map((e) => ({ message: e.message, path: `inputs.${e.input}` }));
      return {
        error: new PerchError(
          "INVALID_INPUTS",
          `Invalid inputs: ${r.errors.map((e) => `${e.input}: ${e.message}`).join(", ")}`,
          details,
        ),
      };
    }
    execution.inputs = r.values;
    const created = await this.launch(flow, execution);
    if (!options.wait) return { execution: created };
    const ended = (await this.waitForEnd(execution.id, this.waitLimitMs)) ?? execution;
    return isTerminal(ended.state.current) ? { execution: ended } : { execution: ended, timedOut: true };
  }

  async killExecution(id: string): Promise<{ execution: Execution } | { error: PerchError }> {
    if (this.loop.kill(id)) return { execution: snapshot(this.loop.get(id)!) };
    const e = await this.getExecution(id);
    if (!e) return { error: new PerchError("EXECUTION_NOT_FOUND", `Execution ${id} not found`) };
    return { error: new PerchError("CONFLICT", `Execution ${id} cannot be killed (state ${e.state.current})`) };
  }

  async resumeExecution(
    id: string,
    inputs: Record<string, unknown>,
  ): Promise<{ execution: Execution } | { error: PerchError }> {
    const paused = this.loop.pausedTask(id);
    if (!paused) {
      const e = await this.getExecution(id);
      if (!e) return { error: new PerchError("EXECUTION_NOT_FOUND", `Execution ${id} not found`) };
      return { error: new PerchError("CONFLICT", `Execution ${id} is not PAUSED (state ${e.state.current})`) };
    }
    const execution = this.loop.get(id)!;
    const definitions = (paused.task.onResume as InputDef[] | undefined) ?? [];
    const vars = executionVariables(paused.flow, execution, this.base);
    const r = resolveInputs({ ...paused.flow, inputs: definitions }, inputs, (t, extra) =>
      renderValue(t, { ...vars, ...extra }, this.renderOptions),
    );
    if (r.errors.length > 0) {
      const details = r.errors.map((e) => ({ message: e.message, path: `inputs.${e.input}` }));
      const text = r.errors.map((e) => `${e.input}: ${e.message}`).join(", ");
      return { error: new PerchError("INVALID_INPUTS", `Invalid inputs: ${text}`, details) };
    }
    this.loop.endPause(id, { taskRunId: paused.taskRun.id, outputs: r.values });
    return { execution: snapshot(execution) };
  }

  /** restarts a FAILED or KILLED execution in place from its failed tasks, with the flow revision it ran */
  restartExecution(id: string): Promise<{ execution: Execution } | { error: PerchError }> {
    return this.reruns.restart(id);
  }

  async getExecution(id: string): Promise<Execution | undefined> {
    return this.loop.get(id) ?? (await this.store.getExecution(id));
  }

  searchExecutions(filter: ExecutionFilter): Promise<{ results: Execution[]; total: number }> {
    return this.store.searchExecutions(filter);
  }

  /** every log line written so far, the ones still queued included */
  async getLogs(executionId: string): Promise<LogEntry[]> {
    await this.loop.flushLogs();
    await this.store.flush();
    return this.store.getLogs(executionId);
  }

  async waitForEnd(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Execution | undefined> {
    const running = this.loop.get(id);
    if (running) return (await this.loop.waitFor(id, timeoutMs, signal)) ?? this.loop.get(id) ?? running;
    return this.store.getExecution(id);
  }

  validateFlow(source: string): FlowSaveResult {
    const { flow, errors } = FlowRegistry.parse(source, TENANT, 1);
    return { flow, errors };
  }

  saveFlow(
    source: string,
    options: { create?: boolean; expect?: { namespace: string; id: string }; allowInvalid?: boolean } = {},
  ): Promise<FlowSaveResult> {
    return this.flows.save(source, TENANT, options);
  }

  getFlow(tenantId: string, namespace: string, id: string, revision?: number): Promise<StoredFlow | undefined> {
    return this.store.getFlow(tenantId, namespace, id, revision);
  }

  listFlows(tenantId: string, namespace?: string): Promise<StoredFlow[]> {
    return this.store.listFlows(tenantId, namespace);
  }

  listRevisions(tenantId: string, namespace: string, id: string): Promise<StoredFlow[]> {
    return this.store.listRevisions(tenantId, namespace, id);
  }

  async deleteFlow(tenantId: string, namespace: string, id: string): Promise<boolean> {
    const ok = await this.store.deleteFlow(tenantId, namespace, id);
    if (ok) this.flows.remove(tenantId, namespace, id);
    return ok;
  }

  async listTriggers(tenantId: string, namespace: string, flowId: string) {
    const flow = this.flows.get(tenantId, namespace, flowId)?.flow;
    if (!flow) return undefined;
    return flow.triggers.map((t) => {
      const state = this.triggerStates.get(triggerKey(namespace, flowId, t.id));
      return { triggerId: t.id, type: t.type, disabled: t.disabled === true || state?.disabled === true, state };
    });
  }

  async setTriggerDisabled(
    tenantId: string,
    namespace: string,
    flowId: string,
    triggerId: string,
    disabled: boolean,
    reason = "api",
  ) {
    const flow = this.flows.get(tenantId, namespace, flowId)?.flow;
    if (!flow?.triggers.some((t) => t.id === triggerId)) return undefined;
    const state = await this.store.setTriggerDisabled(
      { tenantId, namespace, flowId, triggerId },
      disabled,
      disabled ? reason : undefined,
    );
    this.triggerStates.set(triggerKey(namespace, flowId, triggerId), state);
    return state;
  }

  health(): Promise<boolean> {
    return this.store.healthy();
  }

  /** the worker pool now: task runs running and waiting for a worker (metrics) */
  workerStats(): { active: number; queued: number } {
    return { active: this.pool.active, queued: this.pool.queued };
  }

  /** stops taking work, answers waiting callers, lets running tasks end (bounded), then leaves the rest for the next start */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    this.reruns.clear();
    this.loop.releaseWaiters();
    await this.pool.idle(graceMs);
    this.loop.abortAll();
    await this.pool.idle(1000);
  }
}
