/**
 * Storage is an interface of named domain operations; one implementation per backend (sqlite/, later postgres/),
 * all checked by the same contract suite (tests/storage/contract.ts). Every method is async so that a networked
 * backend fits; a write's promise resolves only once the write is durable (committed).
 */
import type { Execution, LogEntry, LogLevel } from "../model/execution.ts";
import type { StateType } from "../model/state.ts";

export interface StoredFlow {
  tenantId: string;
  namespace: string;
  id: string;
  revision: number;
  /** YAML text as given */
  source: string;
  /** validation errors (JSON) when the source is invalid; such a flow is stored but not served */
  errors?: unknown[];
  deleted: boolean;
  /** ISO instant of this revision */
  updated: string;
}

export interface ExecutionFilter {
  tenantId?: string;
  namespace?: string;
  flowId?: string;
  state?: StateType[];
  /** ISO instants, on the execution's start date */
  from?: string;
  to?: string;
  /** 1-based */
  page?: number;
  size?: number;
}

export interface TriggerState {
  tenantId: string;
  namespace: string;
  flowId: string;
  triggerId: string;
  /** disabled through the API or by `stopAfter` */
  disabled: boolean;
  /** why it is disabled: "api" | "stopAfter" */
  reason?: string;
  updated: string;
}

/** Identifies one condition of a Flow trigger's preconditions (issue 4: time windows). */
export interface TriggerWindowKey {
  tenantId: string;
  namespace: string;
  flowId: string;
  triggerId: string;
  conditionId: string;
}

/** The state of one precondition window: which conditions were met in [windowStart, windowEnd), and their outputs. */
export interface TriggerWindow extends TriggerWindowKey {
  /** ISO instants */
  windowStart: string;
  windowEnd: string;
  /** condition id -> met */
  results: Record<string, boolean>;
  outputs: Record<string, unknown>;
  /** condition id -> ISO instant it was last met (merged key by key) */
  satisfiedAt?: Record<string, string>;
  /** ISO instant the trigger last fired from this window (kept with resetOnSuccess: false) */
  firedAt?: string;
}

export interface Store {
  /** creates tables and runs pending migrations */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** true when the database accepts a write */
  healthy(): Promise<boolean>;

  // flows (revisions are kept; the latest non-deleted revision is served)
  /** stores a new revision when the source differs from the latest one; returns the stored revision */
  saveFlow(flow: {
    tenantId: string;
    namespace: string;
    id: string;
    source: string;
    errors?: unknown[];
  }): Promise<StoredFlow>;
  getFlow(tenantId: string, namespace: string, id: string, revision?: number): Promise<StoredFlow | undefined>;
  listFlows(tenantId: string, namespace?: string): Promise<StoredFlow[]>;
  listRevisions(tenantId: string, namespace: string, id: string): Promise<StoredFlow[]>;
  /** marks the flow deleted (a later save revives it with a new revision); false when there was none */
  deleteFlow(tenantId: string, namespace: string, id: string): Promise<boolean>;

  // executions (the task-run list is part of the execution document)
  /** resolves once the execution row is committed */
  createExecution(execution: Execution): Promise<void>;
  /** replaces the stored document; resolves once committed */
  updateExecution(execution: Execution): Promise<void>;
  getExecution(id: string): Promise<Execution | undefined>;
  searchExecutions(filter: ExecutionFilter): Promise<{ results: Execution[]; total: number }>;
  /** executions whose state is not terminal, oldest first (for resuming after a restart) */
  listUnfinishedExecutions(): Promise<Execution[]>;
  countExecutionsInState(tenantId: string, namespace: string, flowId: string, states: StateType[]): Promise<number>;
  /**
   * Retention: deletes, in one transaction, at most `limit` (default 500) ended executions whose end date is before
   * `before` (ISO instant), with their logs. Executions that have not ended are never deleted. Returns how many were
   * deleted: fewer than `limit` means nothing older is left.
   * @example while ((await store.purgeBefore(cutoff, 500)) === 500) await Bun.sleep(0);
   */
  purgeBefore(before: string, limit?: number): Promise<number>;

  // logs
  appendLogs(entries: LogEntry[]): Promise<void>;
  getLogs(executionId: string, options?: { minLevel?: LogLevel; taskRunId?: string }): Promise<LogEntry[]>;

  // trigger state
  getTriggerState(
    tenantId: string,
    namespace: string,
    flowId: string,
    triggerId: string,
  ): Promise<TriggerState | undefined>;
  listTriggerStates(tenantId: string, namespace: string, flowId: string): Promise<TriggerState[]>;
  setTriggerDisabled(
    key: { tenantId: string; namespace: string; flowId: string; triggerId: string },
    disabled: boolean,
    reason?: string,
  ): Promise<TriggerState>;

  // Flow-trigger precondition windows (issue 4)
  /** the window of `key` starting at `windowStart` (ISO instant) */
  getTriggerWindow(key: TriggerWindowKey, windowStart: string): Promise<TriggerWindow | undefined>;
  /** windows of `key`, oldest start first */
  listTriggerWindows(key: TriggerWindowKey): Promise<TriggerWindow[]>;
  /**
   * Atomically creates the window or merges into the stored one: `results` and `outputs` are merged key by key
   * (the given values win), `windowEnd` is replaced. Returns the stored window after the merge.
   * @example await store.mergeTriggerWindow({ ...key, windowStart, windowEnd, results: { success: true }, outputs: {} });
   */
  mergeTriggerWindow(window: TriggerWindow): Promise<TriggerWindow>;
  /** deletes one window (e.g. after the trigger fired with resetOnSuccess); false when there was none */
  deleteTriggerWindow(key: TriggerWindowKey, windowStart: string): Promise<boolean>;
  /** deletes the windows whose end is at or before `now` (ISO instant); returns how many */
  deleteExpiredTriggerWindows(now: string): Promise<number>;

  /** resolves once every write accepted so far is committed (a backend without queued writes resolves at once) */
  flush(): Promise<void>;
}
