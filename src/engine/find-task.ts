import type { Flow, TaskDef } from "../model/flow.ts";
import { allTasks } from "./flowables.ts";

/** the task of a flow with this id, searched in every task list (nested flowable lists too) */
export function findTask(flow: Flow, taskId: string): TaskDef | undefined {
  for (const list of [flow.tasks, flow.errors, flow.finally, flow.afterExecution]) {
    for (const t of allTasks(list)) if (t.id === taskId) return t;
  }
  return undefined;
}
