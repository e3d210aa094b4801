/**
 * What server/ and cli/ use of the engine. The HTTP layer builds plain values (WebhookRequest) and maps the
 * results (codes through server/errors.ts); it never runs task code.
 */
import type { PerchError } from "../model/errors.ts";
import type { Execution, LogEntry } from "../model/execution.ts";
import type { Flow } from "../model/flow.ts";
import type { ExecutionFilter, StoredFlow, TriggerState } from "../storage/types.ts";

/** A webhook call, as server/ hands it over: no framework objects. */
export interface WebhookRequest {
  tenantId: string;
  namespace: string;
  flowId: string;
  /** URL-decoded key segment */
  key: string;
  method: string;
  /** header pairs in the order received, names as sent */
  headers: [string, string][];
  /** query pairs, URL-decoded, in order */
  query: [string, string][];
  /** raw body text; undefined when the request has none */
  body: string | undefined;
  /** when the request was received */
  receivedAt: Date;
  /** aborted when the client goes away (stops waiting, never the execution) */
  signal?: AbortSignal;
}

export type WebhookResult =
  /** 404 / 409 / 422 / 500 with a message */
  | { kind: "error"; error: PerchError }
  /** conditions not met: 204, no body */
  | { kind: "skipped" }
  /** execution stored; `wait` false, or the wait limit passed (`timedOut`: 202 + Location) */
  | { kind: "created"; execution: Execution; timedOut?: boolean }
  /** `wait: true` and the execution ended */
  | {
      kind: "finished";
      execution: Execution;
      status: number;
      /** returnOutputs: the outputs (or null → no body); otherwise undefined and the server sends the WebhookResponse */
      outputs?: unknown;
      returnOutputs: boolean;
      contentType?: "application/json" | "text/plain";
    };

export interface FlowSaveResult {
  flow?: Flow;
  stored?: StoredFlow;
  errors: { message: string; path?: string; line?: number; column?: number; text?: string }[];
}

export interface EngineApi {
  handleWebhook(req: WebhookRequest): Promise<WebhookResult>;

  /** POST /executions/{ns}/{flowId}: inputs as JSON; `wait` waits for the end (bounded) */
  createExecution(
    tenantId: string,
    namespace: string,
    flowId: string,
    inputs: Record<string, unknown>,
    options?: { wait?: boolean; labels?: { key: string; value: string }[] },
  ): Promise<{ execution: Execution; timedOut?: boolean } | { error: PerchError }>;
  getExecution(id: string): Promise<Execution | undefined>;
  /** kills a running, queued or paused execution: KILLING, its running tasks aborted, then KILLED */
  killExecution(id: string): Promise<{ execution: Execution } | { error: PerchError }>;
  /** restarts a FAILED or KILLED execution in place from its failed tasks (new attempt number) */
  restartExecution(id: string): Promise<{ execution: Execution } | { error: PerchError }>;
  /** resumes a PAUSED execution; `inputs` are checked against the Pause task's `onResume` definitions */
  resumeExecution(
    id: string,
    inputs: Record<string, unknown>,
  ): Promise<{ execution: Execution } | { error: PerchError }>;
  searchExecutions(filter: ExecutionFilter): Promise<{ results: Execution[]; total: number }>;
  getLogs(executionId: string): Promise<LogEntry[]>;
  /** resolves when the execution reaches a terminal state (or the timeout passes: returns the current one) */
  waitForEnd(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Execution | undefined>;

  // flows
  validateFlow(source: string): FlowSaveResult;
  /** creates (fails when it exists and `create` is set) or updates a flow from YAML */
  saveFlow(
    source: string,
    options?: { create?: boolean; expect?: { namespace: string; id: string }; allowInvalid?: boolean },
  ): Promise<FlowSaveResult>;
  getFlow(tenantId: string, namespace: string, id: string, revision?: number): Promise<StoredFlow | undefined>;
  listFlows(tenantId: string, namespace?: string): Promise<StoredFlow[]>;
  listRevisions(tenantId: string, namespace: string, id: string): Promise<StoredFlow[]>;
  deleteFlow(tenantId: string, namespace: string, id: string): Promise<boolean>;

  // triggers
  listTriggers(
    tenantId: string,
    namespace: string,
    flowId: string,
  ): Promise<{ triggerId: string; type: string; disabled: boolean; state?: TriggerState }[] | undefined>;
  setTriggerDisabled(
    tenantId: string,
    namespace: string,
    flowId: string,
    triggerId: string,
    disabled: boolean,
  ): Promise<TriggerState | undefined>;

  /** true when the store accepts writes */
  health(): Promise<boolean>;

  /** stops taking work, lets running tasks end (bounded), flushes storage */
  stop(): Promise<void>;
}

/** Options of the engine factory `createEngine` in src/engine/index.ts. */
export interface EngineOptions {
  store: import("../storage/types.ts").Store;
  logger?: import("../lib/log.ts").ServerLogger;
  /** injected clock */
  now?: () => Date;
  /** IANA zone for date conditions and filters; default the system's */
  timeZone?: string;
  /** public base URL used for `url` and `trigger.logFile` in answers, e.g. http://127.0.0.1:8080 */
  publicUrl?: string;
  /** bound of `wait: true` calls, ms (default 10 minutes) */
  waitLimitMs?: number;
  /** runnable tasks at once (default 8) */
  workers?: number;
  /** environment for secret() and envs (default process.env) */
  env?: Record<string, string | undefined>;
  /** root folder of files that outlive task runs (default `<tmpdir>/perch-files`; the server uses `<data>/files`) */
  filesDir?: string;
  /** told about state changes and task-run ends (metrics); must not throw or block */
  observer?: EngineObserver;
}

/** A passive listener of what the engine does (metrics, UI streams). */
export interface EngineObserver {
  /** every execution state change (CREATED included), with the execution as it is now */
  stateChange?(execution: import("../model/execution.ts").Execution): void;
  /** a task run ended (any terminal state) after `durationMs` in a worker */
  taskEnd?(
    execution: import("../model/execution.ts").Execution,
    taskRun: import("../model/execution.ts").TaskRun,
    taskType: string,
    durationMs: number,
  ): void;
  /** log lines as they are produced (before they are committed) */
  log?(entry: import("../model/execution.ts").LogEntry): void;
}
