/**
 * Prometheus metrics (`GET /metrics`, text format 0.0.4) on a registry of their own (never prom-client's global one):
 *
 * | metric | type | labels |
 * |---|---|---|
 * | `perch_webhook_requests_total` | counter | `namespace`, `flow_id`, `status` (an unknown flow counts as `(unknown)`) |
 * | `perch_executions_total` | counter of state transitions | `state` |
 * | `perch_executions_running` | gauge | |
 * | `perch_task_run_duration_seconds` | histogram | `task_type`, `state` |
 * | `perch_worker_queue_depth`, `perch_worker_active` | gauges | |
 * | `perch_wait_calls_active`, `perch_wait_calls_total` | gauge, counter | |
 * | `perch_http_request_duration_seconds` | histogram | `method`, `route` (the route template), `status` |
 * | `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`... | prom-client's default metrics | |
 *
 * Labels never hold a raw URL: a webhook key is a secret, so routes are templates like
 * `/api/v1/main/executions/webhook/{namespace}/{flowId}/{key}`.
 *
 * @example
 * const metrics = new PerchMetrics();
 * const engine = await createEngine({ store, observer: metrics.observer });
 * metrics.trackWaits(engine);
 * metrics.queueSource = () => engine.workerStats();
 * console.log(await metrics.text());
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { EngineObserver } from "../engine/types.ts";
import type { Execution } from "../model/execution.ts";
import { isTerminal, type StateType } from "../model/state.ts";

export const UNKNOWN_FLOW = "(unknown)";

export interface MetricsOptions {
  /** true when the flow exists: other names in a webhook URL are counted as `(unknown)` (bounded labels) */
  knownFlow?: (namespace: string, flowId: string) => boolean;
  /** collect process and event-loop metrics (default true) */
  defaultMetrics?: boolean;
}

type WaitFn = (...args: never[]) => Promise<unknown>;

export class PerchMetrics {
  readonly registry = new Registry();
  /** pass as `observer` to createEngine */
  readonly observer: EngineObserver;
  /** where the worker-pool gauges read from (set once the engine exists) */
  queueSource?: () => { active: number; queued: number };

  private readonly webhooks: Counter<"namespace" | "flow_id" | "status">;
  private readonly httpDuration: Histogram<"method" | "route" | "status">;
  private readonly waitsActive: Gauge;
  private readonly waitsTotal: Counter;
  private readonly knownFlow?: (namespace: string, flowId: string) => boolean;
  /** last state seen of each execution that has not ended */
  private readonly states = new Map<string, StateType>();

  constructor(o: MetricsOptions = {}) {
    const registers = [this.registry];
    this.knownFlow = o.knownFlow;
    if (o.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.webhooks = new Counter({
      name: "perch_webhook_requests_total",
      help: "Webhook calls answered, by flow and HTTP status",
      labelNames: ["namespace", "flow_id", "status"],
      registers,
    });
    const executions = new Counter({
      name: "perch_executions_total",
      help: "Execution state transitions, by the state entered",
      labelNames: ["state"],
      registers,
    });
    let running = 0;
    new Gauge({
      name: "perch_executions_running",
      help: "Executions in the RUNNING state now",
      registers,
      collect() {
        this.set(running);
      },
    });
    const taskDuration = new Histogram({
      name: "perch_task_run_duration_seconds",
      help: "Duration of task runs in a worker, by task type and final state",
      labelNames: ["task_type", "state"],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
      registers,
    });
    const source = () => this.queueSource?.() ?? { active: 0, queued: 0 };
    new Gauge({
      name: "perch_worker_queue_depth",
      help: "Task runs waiting for a free worker",
      registers,
      collect() {
        this.set(source().queued);
      },
    });
    new Gauge({
      name: "perch_worker_active",
      help: "Task runs running in a worker now",
      registers,
      collect() {
        this.set(source().active);
      },
    });
    this.waitsActive = new Gauge({
      name: "perch_wait_calls_active",
      help: "Calls waiting for their execution to end (wait: true) now",
      registers,
    });
    this.waitsTotal = new Counter({
      name: "perch_wait_calls_total",
      help: "Calls that waited for their execution to end (wait: true)",
      registers,
    });
    this.httpDuration = new Histogram({
      name: "perch_http_request_duration_seconds",
      help: "HTTP request latency, by method, route template and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
      registers,
    });
    const states = this.states;
    this.observer = {
      stateChange(execution: Execution) {
        const state = execution.state.current;
        const before = states.get(execution.id);
        if (before === state) return;
        executions.inc({ state });
        if (before === "RUNNING") running--;
        if (state === "RUNNING") running++;
        if (isTerminal(state)) states.delete(execution.id);
        else states.set(execution.id, state);
      },
      taskEnd(_execution, taskRun, taskType, durationMs) {
        taskDuration.observe({ task_type: taskType, state: taskRun.state.current }, durationMs / 1000);
      },
    };
  }

  /** counts one answered webhook call */
  webhook(namespace: string, flowId: string, status: number): void {
    const known = this.knownFlow ? this.knownFlow(namespace, flowId) : true;
    this.webhooks.inc({
      namespace: known ? namespace : UNKNOWN_FLOW,
      flow_id: known ? flowId : UNKNOWN_FLOW,
      status: String(status),
    });
  }

  /** records one HTTP request; `route` must be a template, never the raw path */
  http(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** counts the calls of `target.waitForEnd` (the `wait: true` calls of webhooks and of the executions API) */
  trackWaits<T extends { waitForEnd: WaitFn }>(target: T): T {
    const original = target.waitForEnd.bind(target) as WaitFn;
    const active = this.waitsActive;
    const total = this.waitsTotal;
    target.waitForEnd = (async (...args: never[]) => {
      active.inc();
      total.inc();
      try {
        return await original(...args);
      } finally {
        active.dec();
      }
    }) as T["waitForEnd"];
    return target;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** the exposition text */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
