/**
 * The executor: a pure step function. Given a flow and an execution (with its task runs), it computes what
 * happens next: task runs to create and hand to workers, and the execution's next state. No I/O: rendering of
 * `runIf` and of the flow outputs is injected, so tables of events test it without a database.
 *
 * Phases: main `tasks` → `errors` (when a main task failed) → `finally` → `afterExecution` → final state.
 * The final state is computed from the main tasks only (spec §6.3): KILLED > FAILED > WARNING > PAUSED > SUCCESS.
 */
import type { Execution, TaskRun } from "../model/execution.ts";
import type { Flow, TaskDef } from "../model/flow.ts";
import { isTerminal, newState, type StateType, withState } from "../model/state.ts";

export interface ExecutorDeps {
  now(): Date;
  newId(): string;
  /** renders `runIf`; false → the task run is SKIPPED. A throw fails the task run with its message. */
  runIf(task: TaskDef, execution: Execution, taskRun: TaskRun): boolean;
  /** renders and types the flow outputs once the final state is known */
  outputs(execution: Execution, finalState: StateType): { outputs?: Record<string, unknown>; error?: string };
  /**
   * the flow `concurrency` verdict for an execution about to start (default RUN): QUEUE waits in QUEUED until the
   * run loop starts it; CANCEL and FAIL end it at once
   */
  admit?(execution: Execution): "RUN" | "QUEUE" | "CANCEL" | "FAIL";
}

export interface StepResult {
  /** new task runs to hand to the worker pool */
  dispatch: { task: TaskDef; taskRun: TaskRun }[];
  /** a Pause task paused the execution (the run loop arms its `pauseDuration`) */
  paused?: { task: TaskDef; taskRun: TaskRun };
  /** the execution reached a terminal state in this step */
  ended: boolean;
  /** execution-level log lines produced by the step */
  logs: { level: "INFO" | "WARN" | "ERROR"; message: string; taskRunId?: string; taskId?: string }[];
  /** something changed (persist) */
  changed: boolean;
}

type ListStatus = "done" | "pending" | "failed" | "cancelled";

/** flowable: the executor pauses the execution itself, no worker runs it */
export const PAUSE_TYPE = "io.kestra.plugin.core.flow.Pause";

function activeTasks(list: TaskDef[]): TaskDef[] {
  return list.filter((t) => t.disabled !== true);
}

/** Kestra's state precedence over a set of task runs. */
export function aggregateState(states: StateType[]): StateType {
  if (states.includes("KILLED")) return "KILLED";
  if (states.includes("FAILED")) return "FAILED";
  if (states.includes("WARNING")) return "WARNING";
  if (states.includes("PAUSED")) return "PAUSED";
  if (states.includes("CANCELLED")) return "CANCELLED";
  return "SUCCESS";
}

function isFailure(s: StateType): boolean {
  return s === "FAILED" || s === "KILLED";
}

export function newTaskRun(execution: Execution, task: TaskDef, deps: ExecutorDeps): TaskRun {
  const now = deps.now();
  return {
    id: deps.newId(),
    executionId: execution.id,
    namespace: execution.namespace,
    flowId: execution.flowId,
    taskId: task.id,
    attempts: [],
    state: newState(now),
  };
}

function walk(list: TaskDef[], execution: Execution, deps: ExecutorDeps, result: StepResult): ListStatus {
  for (const task of activeTasks(list)) {
    let tr = execution.taskRunList.find((r) => r.taskId === task.id && r.parentTaskRunId === undefined);
    if (!tr) {
      tr = newTaskRun(execution, task, deps);
      execution.taskRunList.push(tr);
      result.changed = true;
      let run: boolean;
      try {
        run = task.runIf === undefined ? true : deps.runIf(task, execution, tr);
      } catch (e) {
        tr.state = withState(tr.state, "FAILED", deps.now());
        result.logs.push({
          level: "ERROR",
          message: `runIf of task ${task.id} failed: ${(e as Error).message}`,
          taskRunId: tr.id,
          taskId: task.id,
        });
        return "failed";
      }
      if (!run) {
        tr.state = withState(tr.state, "SKIPPED", deps.now());
        continue;
      }
      if (task.type === PAUSE_TYPE) {
        const now = deps.now();
        tr.state = withState(withState(tr.state, "RUNNING", now), "PAUSED", now);
        execution.state = withState(execution.state, "PAUSED", now);
        result.paused = { task, taskRun: tr };
        return "pending";
      }
      result.dispatch.push({ task, taskRun: tr });
      return "pending";
    }
    if (!isTerminal(tr.state.current)) return "pending";
    if (isFailure(tr.state.current)) return "failed";
    if (tr.state.current === "CANCELLED") return "cancelled";
  }
  return "done";
}

function mainState(flow: Flow, execution: Execution): StateType {
  const ids = new Set(activeTasks(flow.tasks).map((t) => t.id));
  return aggregateState(execution.taskRunList.filter((r) => ids.has(r.taskId)).map((r) => r.state.current));
}

/** Advances the execution as far as it can without waiting for a task. Mutates `execution`. */
export function step(flow: Flow, execution: Execution, deps: ExecutorDeps): StepResult {
  const result: StepResult = { dispatch: [], ended: false, logs: [], changed: false };
  if (isTerminal(execution.state.current)) return result;
  if (execution.state.current === "CREATED" || execution.state.current === "RESTARTED") {
    const verdict = deps.admit?.(execution) ?? "RUN";
    result.changed = true;
    if (verdict === "QUEUE") {
      execution.state = withState(execution.state, "QUEUED", deps.now());
      return result;
    }
    if (verdict === "CANCEL" || verdict === "FAIL") {
      const final = verdict === "CANCEL" ? "CANCELLED" : "FAILED";
      execution.state = withState(execution.state, final, deps.now());
      result.logs.push({
        level: verdict === "CANCEL" ? "WARN" : "ERROR",
        message: `Execution is ${final} due to concurrency limit exceeded`,
      });
      result.ended = true;
      return result;
    }
    execution.state = withState(execution.state, "RUNNING", deps.now());
  }
  if (execution.state.current === "KILLING") {
    // killed: nothing new starts; it ends KILLED once the running task runs have stopped
    if (execution.taskRunList.some((r) => !isTerminal(r.state.current))) return result;
    execution.state = withState(execution.state, "KILLED", deps.now());
    result.changed = true;
    result.ended = true;
    return result;
  }
  if (execution.state.current !== "RUNNING") return result;

  const main = walk(flow.tasks, execution, deps, result);
  if (main === "pending") return result;
  // a cancelled task (a Pause with behavior CANCEL) stops the main list; errors do not run, finally does
  if (main === "failed" && flow.errors.length > 0) {
    if (walk(flow.errors, execution, deps, result) === "pending") return result;
  }
  if (flow.finally.length > 0 && walk(flow.finally, execution, deps, result) === "pending") return result;

  let final = mainState(flow, execution);
  if (flow.afterExecution.length > 0 && walk(flow.afterExecution, execution, deps, result) === "pending") {
    return result;
  }
  if (final !== "KILLED" && final !== "FAILED" && flow.outputs.length > 0) {
    const out = deps.outputs(execution, final);
    if (out.error) {
      result.logs.push({ level: "ERROR", message: `Failed to render output values: ${out.error}` });
      final = "FAILED";
    } else if (out.outputs && Object.keys(out.outputs).length > 0) {
      execution.outputs = out.outputs;
    }
  }
  execution.state = withState(execution.state, final, deps.now());
  result.changed = true;
  result.ended = true;
  return result;
}
