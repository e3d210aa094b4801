/**
 * The flowable task types the executor computes itself, and the task lists each one holds (for lookups by id,
 * restarts and validation).
 */
import type { TaskDef } from "../model/flow.ts";

export const PAUSE_TYPE = "io.kestra.plugin.core.flow.Pause";
export const SUBFLOW_TYPE = "io.kestra.plugin.core.flow.Subflow";
export const FOR_EACH_ITEM_TYPE = "io.kestra.plugin.core.flow.ForEachItem";

/** flowable type → the properties holding its task lists (`cases`: a map of lists) */
export const FLOWABLE = {
  "io.kestra.plugin.core.flow.If": ["then", "else", "errors", "finally"],
  "io.kestra.plugin.core.flow.Switch": ["cases", "defaults", "errors", "finally"],
  "io.kestra.plugin.core.flow.Sequential": ["tasks", "errors", "finally"],
  "io.kestra.plugin.core.flow.Parallel": ["tasks", "errors", "finally"],
  "io.kestra.plugin.core.flow.ForEach": ["tasks", "errors", "finally"],
} as const;

export type FlowableType = keyof typeof FLOWABLE;

/** the task lists inside a task, by property name (`cases.<value>` for Switch cases) */
export function childLists(task: TaskDef): [string, TaskDef[]][] {
  const props = FLOWABLE[task.type as FlowableType] as readonly string[] | undefined;
  if (!props) return [];
  const out: [string, TaskDef[]][] = [];
  for (const p of props) {
    const v = task[p];
    if (p === "cases" && v && typeof v === "object") {
      for (const [k, list] of Object.entries(v as Record<string, TaskDef[]>)) out.push([`cases.${k}`, list]);
    } else if (Array.isArray(v)) out.push([p, v as TaskDef[]]);
  }
  return out;
}

/** every task of a list and of the lists nested in it, depth first */
export function* allTasks(list: TaskDef[] | undefined): Generator<TaskDef> {
  for (const t of list ?? []) {
    yield t;
    for (const [, l] of childLists(t)) yield* allTasks(l);
  }
}
