import type { Flow, TaskDef } from "../model/flow.ts";

/** the task of a flow with this id, searched in every task list (nested flowable lists too) */
export function findTask(flow: Flow, taskId: string): TaskDef | undefined {
  const visit = (list: TaskDef[] | undefined): TaskDef | undefined => {
    for (const t of list ?? []) {
      if (t.id === taskId) return t;
      for (const v of Object.values(t)) {
        if (Array.isArray(v) && v.length > 0 && typeof v[0] === "object" && v[0] !== null && "type" in v[0]) {
          const f = visit(v as TaskDef[]);
          if (f) return f;
        }
      }
    }
    return undefined;
  };
  return visit(flow.tasks) ?? visit(flow.errors) ?? visit(flow.finally) ?? visit(flow.afterExecution);
}
