/**
 * Drives executions: keeps the running ones in memory, applies the executor's steps, hands task runs to the
 * worker pool, persists every change (group-committed by the store), and wakes `wait` callers at the end.
 */
import type { RenderOptions } from "../expr/types.ts";
import { renderTemplate, renderValue } from "../expr/index.ts";
import { typeOutputs } from "../flow/index.ts";
import { newId } from "../lib/ids.ts";
import type { ServerLogger } from "../lib/log.ts";
import type { Execution, LogEntry, TaskRun } from "../model/execution.ts";
import type { Flow, TaskDef } from "../model/flow.ts";
import { isTerminal, withState } from "../model/state.ts";
import { taskPlugin } from "../plugins/registry.ts";
import { ChildRuns } from "./child-runs.ts";
import { FOR_EACH_ITEM_TYPE, SUBFLOW_TYPE } from "./flowables.ts";
import type { Launched } from "./subflows.ts";
import { Retries } from "./retries.ts";
import { Waiters } from "./waiters.ts";
import { LogBatch } from "./log-batch.ts";
import { type DispatchHost, dispatchTaskRun } from "./task-dispatch.ts";
import type { Store } from "../storage/types.ts";
import { ConcurrencyGate } from "./concurrency.ts";
import { findTask } from "./find-task.ts";
import { Pauses } from "./pauses.ts";
import { type ExecutorDeps, step } from "./executor.ts";
import { type BaseVariables, executionVariables } from "./variables.ts";
import type { WorkerPool } from "./worker-pool.ts";
import { isTruthy } from "../expr/index.ts";

export interface Active {
  execution: Execution;
  flow: Flow;
  kill: AbortController;
}

export interface RunLoopOptions {
  store: Store;
  pool: WorkerPool;
  log: ServerLogger;
  now(): Date;
  base: BaseVariables;
  renderOptions: RenderOptions;
  /** root folder of files that outlive task runs */
  filesRoot: string;
  /** called once an execution is terminal and persisted */
  onEnd(execution: Execution, flow: Flow): void;
  /** called on every state change after CREATED (terminal ones once persisted); snapshot() it to keep it */
  onStateChange(execution: Execution): void;
  /** a task run ended in a worker */
  onTaskEnd?(execution: Execution, taskRun: TaskRun, task: TaskDef, durationMs: number): void;
  /** a log line was produced */
  onLog?(entry: LogEntry): void;
  /** creates and starts the child execution of a Subflow task run (stored before it resolves) */
  launchSubflow(entry: Active, task: TaskDef, taskRun: TaskRun): Promise<Launched>;
  /** a stored execution (the child of a Subflow after a restart) */
  getExecution(id: string): Promise<Execution | undefined>;
  /** an execution ended RETRIED (retry behavior CREATE_NEW_EXECUTION): run the flow again after `delayMs` */
  runAgain?(execution: Execution, delayMs: number): void;
  /** random source for `random` retries (tests) */
  random?(): number;
}

export class RunLoop {
  private readonly active = new Map<string, Active>();
  /** ended, final state not yet committed: still answered from memory so nobody reads an older stored state */
  private readonly finishing = new Map<string, Execution>();
  private readonly waiters = new Waiters();
  private readonly deps: ExecutorDeps;
  private readonly gate = new ConcurrencyGate();
  private readonly pauses = new Pauses({
    active: (id) => this.active.get(id),
    now: () => this.o.now(),
    resumed: (execution) => {
      void this.persist(execution);
      this.o.onStateChange(execution);
      this.advance(execution.id);
    },
  });
  private readonly children = new ChildRuns({
    active: (id) => this.active.get(id),
    now: () => this.o.now(),
    log: (e) => this.log(e),
    advance: (id) => this.advance(id),
    persist: (e) => void this.persist(e),
    kill: (id) => void this.kill(id),
    launch: (entry, task, tr) => this.o.launchSubflow(entry, task, tr),
    getExecution: (id) => this.o.getExecution(id),
  });
  private readonly retries = new Retries({
    active: (id) => this.active.get(id),
    now: () => this.o.now(),
    log: (e) => this.log(e),
    persist: (e) => void this.persist(e),
    dispatch: (entry, task, tr) => this.dispatch(entry, task, tr),
    random: () => (this.o.random ?? Math.random)(),
  });
  private readonly logs: LogBatch;

  private readonly dispatchHost: DispatchHost;

  constructor(private readonly o: RunLoopOptions) {
    this.logs = new LogBatch(o.store, o.log, o.onLog);
    this.dispatchHost = {
      pool: o.pool,
      current: (entry) => this.active.get(entry.execution.id) === entry,
      base: o.base,
      renderOptions: o.renderOptions,
      filesRoot: o.filesRoot,
      now: o.now,
      log: (e) => this.log(e),
      retries: this.retries,
      onTaskEnd: o.onTaskEnd,
      advance: (id) => this.advance(id),
    };
    this.deps = {
      now: o.now,
      newId,
      runIf: (task, execution, taskRun) => {
        const vars = executionVariables(this.flowOf(execution), execution, o.base, { task, taskRun });
        return isTruthy(renderTemplate(String(task.runIf), vars, o.renderOptions));
      },
      admit: (execution) => this.gate.admit(this.flowOf(execution), execution),
      render: (value, execution, current) => {
        const vars = executionVariables(this.flowOf(execution), execution, o.base, current);
        return renderValue(value, vars, o.renderOptions);
      },
      outputs: (execution, finalState) => {
        const vars = executionVariables(this.flowOf(execution), execution, o.base, undefined, finalState);
        const r = typeOutputs(this.flowOf(execution), (t: unknown) => renderTemplate(String(t), vars, o.renderOptions));
        if (r.errors.length > 0) return { error: r.errors.map((e) => `${e.output}: ${e.message}`).join("; ") };
        return { outputs: r.values };
      },
    };
  }

  private flowOf(execution: Execution): Flow {
    return this.active.get(execution.id)!.flow;
  }

  get size(): number {
    return this.active.size;
  }

  get(id: string): Execution | undefined {
    return this.active.get(id)?.execution ?? this.finishing.get(id);
  }

  /** starts driving a stored execution; `resubmit` re-runs the task runs that were in flight (after a restart) */
  adopt(execution: Execution, flow: Flow, resubmit = false): void {
    const entry: Active = { execution, flow, kill: new AbortController() };
    this.active.set(execution.id, entry);
    if (resubmit && flow.concurrency) {
      if (execution.state.current === "QUEUED") this.gate.enqueue(flow, execution.id);
      else if (execution.state.current !== "CREATED") this.gate.markRunning(flow, execution.id);
      queueMicrotask(() => this.start(this.gate.startable(flow)));
    }
    if (resubmit) {
      for (const tr of execution.taskRunList) {
        if (isTerminal(tr.state.current) || tr.state.current === "RESTARTED") continue;
        const task = findTask(flow, tr.taskId);
        if (!task) continue;
        if (tr.state.current === "PAUSED") {
          this.pauses.arm(entry, task, tr);
          continue;
        }
        if (task.type === SUBFLOW_TYPE || task.type === FOR_EACH_ITEM_TYPE) {
          this.children.resume(entry, task, tr);
          continue;
        }
        if (taskPlugin(task.type)?.flowable) continue; // computed by the executor
        tr.state = withState(tr.state, "RESUBMITTED", this.o.now());
        this.dispatch(entry, task, tr);
      }
    }
    queueMicrotask(() => this.advance(execution.id));
  }

  log(entry: LogEntry): void {
    this.logs.push(entry);
  }

  /** hands the pending log lines to the store; resolves once they are committed */
  flushLogs(): Promise<void> {
    return this.logs.flush();
  }

  private persist(execution: Execution): Promise<void> {
    return this.o.store.updateExecution(execution).catch((e) => {
      this.o.log.error("execution.write_failed", { execution: execution.id, error: e });
    });
  }

  advance(id: string): void {
    const entry = this.active.get(id);
    if (!entry) return;
    const { execution, flow } = entry;
    const seen = execution.state.histories.length;
    let result: ReturnType<typeof step>;
    try {
      result = step(flow, execution, this.deps);
    } catch (e) {
      this.o.log.error("executor.failed", { execution: id, error: e });
      execution.state = withState(execution.state, "FAILED", this.o.now());
      result = {
        dispatch: [],
        ended: true,
        logs: [{ level: "ERROR", message: `Executor error: ${(e as Error).message}` }],
        changed: true,
        subflows: [],
      };
    }
    for (const l of result.logs) {
      this.log({
        executionId: id,
        taskRunId: l.taskRunId,
        taskId: l.taskId,
        level: l.level,
        timestamp: this.o.now().toISOString(),
        message: l.message,
      });
    }
    for (const d of result.dispatch) this.dispatch(entry, d.task, d.taskRun);
    for (const d of result.subflows) this.children.start(entry, d.task, d.taskRun);
    if (result.paused) this.pauses.arm(entry, result.paused.task, result.paused.taskRun);
    // every state the step went through is a state change (CREATED → RUNNING → PAUSED in one step is two)
    const histories = execution.state.histories;
    for (let i = seen; i < histories.length - 1; i++) {
      this.o.onStateChange({
        ...execution,
        state: { current: histories[i]!.state, histories: histories.slice(0, i + 1) },
      });
    }
    if (result.ended) {
      this.active.delete(id);
      this.finishing.set(id, execution);
      this.start(this.gate.release(flow, id));
      this.persist(execution).then(() => {
        this.finishing.delete(id);
        this.waiters.wake(id, execution);
        const again = this.retries.takeNewExecution(id);
        if (again !== undefined && execution.state.current === "RETRIED") this.o.runAgain?.(execution, again);
        this.o.onEnd(execution, flow);
        this.o.onStateChange(execution);
      });
    } else if (result.changed || result.dispatch.length > 0) {
      void this.persist(execution);
      if (histories.length > seen) this.o.onStateChange(execution);
    }
  }

  /**
   * kills an execution driven here: KILLING, running tasks aborted (their task runs end KILLED), paused or queued
   * ones stop at once; it ends KILLED. False when it is not running here.
   */
  kill(id: string): boolean {
    const entry = this.active.get(id);
    if (!entry || entry.execution.state.current === "KILLING") return false;
    const { execution } = entry;
    const now = this.o.now();
    this.pauses.cancel(id);
    for (const tr of execution.taskRunList) {
      // paused, waiting for a retry or not yet handed to a worker: nothing runs them any more
      const s = tr.state.current;
      if (s === "PAUSED" || s === "CREATED" || s === "RETRYING" || s === "RESTARTED" || s === "RESUBMITTED") {
        tr.state = withState(tr.state, "KILLED", now);
        this.retries.cancel(tr.id);
      }
      // a running flowable ends when its children have; a Subflow when its child (killed too) has
      if (s === "RUNNING" && tr.outputs !== undefined) {
        const type = findTask(entry.flow, tr.taskId)?.type;
        if (type === SUBFLOW_TYPE || type === FOR_EACH_ITEM_TYPE) this.children.killChildren(tr);
      }
    }
    execution.state = withState(execution.state, "KILLING", now);
    this.o.onStateChange(execution);
    entry.kill.abort(new Error("Execution killed"));
    this.advance(id);
    return true;
  }

  /** the paused task run of a PAUSED execution driven here, with its task and flow */
  pausedTask(id: string) {
    return this.pauses.paused(id);
  }

  /** ends the pause of a PAUSED execution (see Pauses.end); false when it is not paused here */
  endPause(id: string, how: { taskRunId?: string; behavior?: string; outputs?: Record<string, unknown> }): boolean {
    return this.pauses.end(id, how);
  }

  /** moves queued executions (admitted by the concurrency gate) from QUEUED to RUNNING */
  private start(ids: string[]): void {
    for (const id of ids) {
      const entry = this.active.get(id);
      if (entry?.execution.state.current !== "QUEUED") continue;
      entry.execution.state = withState(entry.execution.state, "RUNNING", this.o.now());
      void this.persist(entry.execution);
      this.o.onStateChange(entry.execution);
      queueMicrotask(() => this.advance(id));
    }
  }

  private dispatch(entry: Active, task: TaskDef, tr: TaskRun): void {
    dispatchTaskRun(this.dispatchHost, entry, task, tr);
  }

  /** a Subflow task run waiting for a child that could not be restarted starts a new child */
  relaunch(id: string, taskRunId: string): void {
    const entry = this.active.get(id);
    const tr = entry?.execution.taskRunList.find((r) => r.id === taskRunId);
    if (!entry || !tr || tr.state.current !== "RUNNING") return;
    tr.state = withState(tr.state, "RESTARTED", this.o.now());
    delete tr.outputs;
    this.advance(id);
  }

  /** a child execution started by a Subflow or ForEachItem task ended */
  subflowEnded(child: Execution): void {
    this.children.ended(child);
  }

  /**
   * resolves with the execution once terminal and committed, or undefined when `timeoutMs` passes, `signal` aborts,
   * or the execution is not driven here (then read it from the store)
   */
  waitFor(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Execution | undefined> {
    if (!this.active.has(id) && !this.finishing.has(id)) return Promise.resolve(undefined);
    return this.waiters.wait(id, timeoutMs, signal);
  }

  /** wakes every waiter with its execution as it is now (shutdown) */
  releaseWaiters(): void {
    this.waiters.wakeAll((id) => this.active.get(id)?.execution);
  }

  /** aborts running tasks of every execution (shutdown); they stay non-terminal in the store and resume later */
  abortAll(): void {
    this.pauses.clear();
    this.retries.clear();
    for (const a of this.active.values()) a.kill.abort(new Error("server stopping"));
    this.active.clear();
  }
}

/** the execution as it is now, safe from the run loop's later changes of its state and task runs */
export function snapshot(execution: Execution): Execution {
  return {
    ...execution,
    state: { current: execution.state.current, histories: [...execution.state.histories] },
    taskRunList: [...execution.taskRunList],
  };
}
