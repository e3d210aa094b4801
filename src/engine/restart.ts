/**
 * Restart of an ended execution (FAILED or KILLED), in place as Kestra does: a new attempt number, the failed
 * runnable task runs go RESTARTED (the executor starts them again: a new attempt each), the failed flowable ones
 * RUNNING again, and the task runs of `errors` / `finally` / `afterExecution` lists are dropped so they run again
 * when due. Pure: the engine stores the result and drives it.
 */
import type { Execution, TaskRun } from "../model/execution.ts";
import type { Flow, TaskDef } from "../model/flow.ts";
import { withState } from "../model/state.ts";
import { allTasks, COMPOSITE, childLists, SUBFLOW_TYPE } from "./flowables.ts";
import { findTask } from "./find-task.ts";

const RESTARTABLE = new Set(["FAILED", "KILLED"]);

/** the ids of tasks in handler lists: flow-level errors/finally/afterExecution and every flowable's errors/finally */
function handlerTaskIds(flow: Flow): Set<string> {
  const ids = new Set<string>();
  for (const list of [flow.errors, flow.finally, flow.afterExecution]) for (const t of allTasks(list)) ids.add(t.id);
  for (const list of [flow.tasks, flow.errors, flow.finally, flow.afterExecution]) {
    for (const t of allTasks(list)) {
      for (const [name, l] of childLists(t)) {
        if (name === "errors" || name === "finally") for (const h of allTasks(l)) ids.add(h.id);
      }
    }
  }
  return ids;
}

/**
 * restarts `execution` in place; an error message when it cannot be restarted. A failed Subflow task run whose
 * `restartBehavior` is RETRY_FAILED (the default) keeps its child and waits for it: the caller restarts that child
 * (listed in `children`, task run id → child execution id); with NEW_EXECUTION it starts a new child.
 */
export function restartExecution(
  flow: Flow,
  execution: Execution,
  now: Date,
  children: Map<string, string> = new Map(),
): string | undefined {
  if (!RESTARTABLE.has(execution.state.current))
    return `Execution ${execution.id} cannot be restarted (state ${execution.state.current}); only FAILED or KILLED ones can`;
  const handlers = handlerTaskIds(flow);
  const dropped = new Set<string>();
  const kept: TaskRun[] = [];
  for (const tr of execution.taskRunList) {
    if (handlers.has(tr.taskId) || (tr.parentTaskRunId !== undefined && dropped.has(tr.parentTaskRunId))) {
      dropped.add(tr.id);
      continue;
    }
    kept.push(tr);
  }
  for (const tr of kept) {
    if (!RESTARTABLE.has(tr.state.current)) continue;
    const task: TaskDef | undefined = findTask(flow, tr.taskId);
    const child = tr.outputs?.executionId;
    if (task?.type === SUBFLOW_TYPE && task.restartBehavior !== "NEW_EXECUTION" && typeof child === "string") {
      tr.state = withState(tr.state, "RUNNING", now);
      tr.outputs = { executionId: child };
      children.set(tr.id, child);
      continue;
    }
    const flowable = task !== undefined && COMPOSITE.has(task.type);
    tr.state = withState(tr.state, flowable ? "RUNNING" : "RESTARTED", now);
    if (!flowable) delete tr.outputs;
  }
  execution.taskRunList = kept;
  delete execution.outputs;
  execution.metadata = { ...execution.metadata, attemptNumber: execution.metadata.attemptNumber + 1 };
  execution.labels = [
    ...execution.labels.filter((l) => l.key !== "system.restarted"),
    { key: "system.restarted", value: "true" },
  ];
  execution.state = withState(execution.state, "RESTARTED", now);
  return undefined;
}
