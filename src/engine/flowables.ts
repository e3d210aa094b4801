/**
 * The flowable task types the executor computes itself, and the task lists each one holds (for lookups by id,
 * restarts and validation).
 */
import type { TaskDef } from "../model/flow.ts";
import { taskPlugin } from "../plugins/registry.ts";

export const PAUSE_TYPE = "io.kestra.plugin.core.flow.Pause";
export const SUBFLOW_TYPE = "io.kestra.plugin.core.flow.Subflow";
export const FOR_EACH_ITEM_TYPE = "io.kestra.plugin.core.flow.ForEachItem";

/** the flowable types whose children the walker computes (their task runs stay RUNNING until the children end) */
export const COMPOSITE = new Set([
  "io.kestra.plugin.core.flow.If",
  "io.kestra.plugin.core.flow.Switch",
  "io.kestra.plugin.core.flow.Sequential",
  "io.kestra.plugin.core.flow.Parallel",
  "io.kestra.plugin.core.flow.ForEach",
]);

export type FlowableType =
  | "io.kestra.plugin.core.flow.If"
  | "io.kestra.plugin.core.flow.Switch"
  | "io.kestra.plugin.core.flow.Sequential"
  | "io.kestra.plugin.core.flow.Parallel"
  | "io.kestra.plugin.core.flow.ForEach";

/** the task lists inside a task, by property name (`cases.<value>` for Switch cases), as its plugin declares them */
export function childLists(task: TaskDef): [string, TaskDef[]][] {
  const plugin = taskPlugin(task.type);
  const props = plugin?.flowable ? plugin.taskLists : undefined;
  if (!props || props.length === 0) return [];
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
