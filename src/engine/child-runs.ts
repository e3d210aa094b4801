/**
 * Task runs that wait for child executions: Subflow (one child) and ForEachItem (one child per batch of lines).
 * The child's end completes the task run (state by `transmitFailed`, outputs); after a restart, children that
 * ended meanwhile are read back from the store.
 */
import type { Execution, LogEntry, TaskRun } from "../model/execution.ts";
import type { TaskDef } from "../model/flow.ts";
import { isTerminal, type StateType, withState } from "../model/state.ts";
import { findTask } from "./find-task.ts";
import { FOR_EACH_ITEM_TYPE } from "./flowables.ts";
import type { Active } from "./run-loop.ts";
import type { Launched } from "./subflows.ts";
import { applyAllowances } from "./walk.ts";

export interface ChildHost {
  active(id: string): Active | undefined;
  now(): Date;
  log(entry: LogEntry): void;
  advance(id: string): void;
  persist(execution: Execution): void;
  kill(id: string): void;
  /** creates and starts the child execution(s) of a Subflow or ForEachItem task run */
  launch(entry: Active, task: TaskDef, taskRun: TaskRun): Promise<Launched>;
  getExecution(id: string): Promise<Execution | undefined>;
}

/** `children` of a ForEachItem task run: child execution id → its state (RUNNING until it ends) */
type Children = Record<string, string>;

function countStates(children: Children): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of Object.values(children)) out[s] = (out[s] ?? 0) + 1;
  return out;
}

export class ChildRuns {
  /** ForEachItem children that ended before their task run had recorded them (they start one by one) */
  private readonly early = new Map<string, Execution>();

  constructor(private readonly host: ChildHost) {}

  start(entry: Active, task: TaskDef, tr: TaskRun): void {
    const id = entry.execution.id;
    void this.host.launch(entry, task, tr).then(
      (r) => this.launched(entry, task, tr, r),
      (e) => this.fail(entry, task, tr, `Cannot start the child execution of ${id}: ${(e as Error).message}`),
    );
  }

  private launched(entry: Active, task: TaskDef, tr: TaskRun, r: Launched): void {
    const id = entry.execution.id;
    const gone = this.host.active(id) !== entry || entry.execution.state.current === "KILLING";
    if ("executions" in r && gone) for (const e of r.executions) this.host.kill(e.id);
    const early = new Map<string, Execution>();
    if ("executions" in r) {
      for (const e of r.executions) {
        const ended = this.early.get(e.id);
        if (ended) early.set(e.id, ended);
        this.early.delete(e.id);
      }
    }
    if (this.host.active(id) !== entry || isTerminal(tr.state.current)) return;
    if ("error" in r) {
      this.fail(entry, task, tr, r.error);
      return;
    }
    for (const message of r.errors) this.logError(entry, task, tr, message);
    const now = this.host.now();
    if (task.type === FOR_EACH_ITEM_TYPE) {
      const children: Children = {};
      for (const e of r.executions) children[e.id] = early.get(e.id)?.state.current ?? "RUNNING";
      for (let i = 0; i < r.errors.length; i++) children[`not-started-${i}`] = "FAILED";
      tr.outputs = { numberOfBatches: r.numberOfBatches, children, iterations: countStates(children) };
      if (task.wait === false) tr.state = withState(tr.state, r.errors.length ? "FAILED" : "SUCCESS", now);
      else this.settleItems(entry, task, tr);
    } else {
      tr.outputs = { executionId: r.executions[0]!.id };
      if (task.wait === false) tr.state = withState(tr.state, "SUCCESS", now);
    }
    if (isTerminal(tr.state.current)) this.host.advance(id);
    else this.host.persist(entry.execution);
  }

  private logError(entry: Active, task: TaskDef, tr: TaskRun, message: string): void {
    const now = this.host.now();
    this.host.log({
      executionId: entry.execution.id,
      taskRunId: tr.id,
      taskId: task.id,
      level: "ERROR",
      timestamp: now.toISOString(),
      message,
    });
  }

  private fail(entry: Active, task: TaskDef, tr: TaskRun, message: string): void {
    if (this.host.active(entry.execution.id) !== entry || isTerminal(tr.state.current)) return;
    this.logError(entry, task, tr, message);
    tr.state = withState(tr.state, applyAllowances(task, "FAILED"), this.host.now());
    this.host.advance(entry.execution.id);
  }

  /** after a restart: children that ended meanwhile are taken into account; a task run without child starts it */
  resume(entry: Active, task: TaskDef, tr: TaskRun): void {
    const ids =
      task.type === FOR_EACH_ITEM_TYPE
        ? Object.entries((tr.outputs?.children ?? {}) as Children)
            .filter(([, s]) => s === "RUNNING")
            .map(([k]) => k)
        : typeof tr.outputs?.executionId === "string"
          ? [tr.outputs.executionId]
          : [];
    if (ids.length === 0 && tr.outputs === undefined) {
      this.start(entry, task, tr);
      return;
    }
    for (const child of ids) {
      void this.host.getExecution(child).then((e) => {
        if (e && isTerminal(e.state.current)) this.ended(e);
      });
    }
  }

  /** kills the running children of a task run (its execution is being killed) */
  killChildren(tr: TaskRun): void {
    const children = tr.outputs?.children as Children | undefined;
    if (children) for (const [id, s] of Object.entries(children)) if (s === "RUNNING") this.host.kill(id);
    if (typeof tr.outputs?.executionId === "string") this.host.kill(tr.outputs.executionId);
  }

  /** a child execution ended: its Subflow task run takes its state and outputs; a ForEachItem counts it */
  ended(child: Execution): void {
    const v = child.trigger?.variables as { executionId?: string; taskRunId?: string } | undefined;
    const entry = v?.executionId ? this.host.active(v.executionId) : undefined;
    const tr = entry?.execution.taskRunList.find((r) => r.id === v!.taskRunId);
    if (!entry || !tr || isTerminal(tr.state.current)) return;
    const task = findTask(entry.flow, tr.taskId);
    if (!task || task.wait === false) return;
    if (task.type === FOR_EACH_ITEM_TYPE) {
      const children = tr.outputs?.children as Children | undefined;
      if (children?.[child.id] === undefined && tr.state.current === "RUNNING") this.early.set(child.id, child);
      if (children?.[child.id] !== "RUNNING") return;
      children[child.id] = child.state.current;
      tr.outputs = { ...tr.outputs, iterations: countStates(children) };
      this.settleItems(entry, task, tr);
      if (isTerminal(tr.state.current)) this.host.advance(entry.execution.id);
      else this.host.persist(entry.execution);
      return;
    }
    if (tr.outputs?.executionId !== undefined && tr.outputs.executionId !== child.id) return;
    const s = child.state.current;
    tr.outputs = { executionId: child.id, state: s, ...(child.outputs ? { outputs: child.outputs } : {}) };
    tr.state = withState(tr.state, this.stateOf(entry, task, [s]), this.host.now());
    this.host.advance(entry.execution.id);
  }

  /** a ForEachItem whose children have all ended takes their aggregated state */
  private settleItems(entry: Active, task: TaskDef, tr: TaskRun): void {
    const states = Object.values((tr.outputs?.children ?? {}) as Children);
    if (states.includes("RUNNING")) return;
    tr.state = withState(tr.state, this.stateOf(entry, task, states), this.host.now());
  }

  private stateOf(entry: Active, task: TaskDef, childStates: string[]): StateType {
    if (entry.execution.state.current === "KILLING") return "KILLED";
    const failed = childStates.some((s) => s !== "SUCCESS" && s !== "WARNING");
    let state: StateType = failed ? "FAILED" : childStates.includes("WARNING") ? "WARNING" : "SUCCESS";
    if (state === "FAILED" && task.transmitFailed === false) state = "SUCCESS";
    return applyAllowances(task, state);
  }
}
