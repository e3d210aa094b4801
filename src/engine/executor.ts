/**
 * The executor: a pure step function. Given a flow and an execution (with its task runs), it computes what
 * happens next: task runs to create and hand to workers, and the execution's next state. No I/O: rendering of
 * `runIf` and of the flow outputs is injected, so tables of events test it without a database.
 *
 * Phases: main `tasks` → `errors` (when a main task failed) → `finally` → `afterExecution` → final state. The
 * task lists are walked by walk.ts, which also computes the flowable tasks (If, Switch, Parallel, ForEach…).
 * The final state is computed from the main tasks only (spec §6.3): KILLED > FAILED > WARNING > PAUSED > SUCCESS.
 */
import type { Execution, TaskRun } from "../model/execution.ts";
import type { Flow, TaskDef } from "../model/flow.ts";
import { isTerminal, type StateType, withState } from "../model/state.ts";
import { activeTasks, aggregateState, Walker } from "./walk.ts";

export interface ExecutorDeps {
  now(): Date;
  newId(): string;
  /** renders `runIf`; false → the task run is SKIPPED. A throw fails the task run with its message. */
  runIf(task: TaskDef, execution: Execution, taskRun: TaskRun): boolean;
  /** renders a flowable's property (If condition, Switch value, ForEach values) for a task run; throws on errors */
  render(value: unknown, execution: Execution, current: { task: TaskDef; taskRun: TaskRun }): unknown;
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
  /** Subflow task runs that started: the run loop creates their child executions */
  subflows: { task: TaskDef; taskRun: TaskRun }[];
  /** the execution reached a terminal state in this step */
  ended: boolean;
  /** execution-level log lines produced by the step */
  logs: { level: "INFO" | "WARN" | "ERROR"; message: string; taskRunId?: string; taskId?: string }[];
  /** something changed (persist) */
  changed: boolean;
}

/** flowable: the executor pauses the execution itself, no worker runs it */
export { PAUSE_TYPE } from "./flowables.ts";
export { aggregateState } from "./walk.ts";

function mainState(flow: Flow, execution: Execution): StateType {
  const ids = new Set(activeTasks(flow.tasks).map((t) => t.id));
  return aggregateState(
    execution.taskRunList
      .filter((r) => r.parentTaskRunId === undefined && ids.has(r.taskId))
      .map((r) => r.state.current),
  );
}

/** Advances the execution as far as it can without waiting for a task. Mutates `execution`. */
export function step(flow: Flow, execution: Execution, deps: ExecutorDeps): StepResult {
  const result: StepResult = { dispatch: [], subflows: [], ended: false, logs: [], changed: false };
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
    if (execution.taskRunList.some((r) => !isTerminal(r.state.current) || r.state.current === "RESUBMITTED"))
      return result;
    execution.state = withState(execution.state, "KILLED", deps.now());
    result.changed = true;
    result.ended = true;
    return result;
  }
  if (execution.state.current !== "RUNNING") return result;

  const walker = new Walker(execution, deps, result);
  const main = walker.list(flow.tasks, {});
  if (main === "pending") return result;
  // a cancelled task (a Pause with behavior CANCEL) stops the main list; errors do not run, finally does
  if (main === "failed" && activeTasks(flow.errors).length > 0) {
    if (walker.list(flow.errors, {}) === "pending") return result;
  }
  if (walker.list(flow.finally, {}) === "pending") return result;

  let final = mainState(flow, execution);
  if (walker.list(flow.afterExecution, {}) === "pending") return result;
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
