/**
 * Runs its `tasks` at the same time (at most `concurrent` at once; 0 = all). Once a child fails no new one
 * starts; the group ends when every started child has ended, with the aggregated state. Computed by the executor.
 *
 * @example
 * - id: fan_out
 *   type: io.kestra.plugin.core.flow.Parallel
 *   concurrent: 2
 *   tasks:
 *     - id: a
 *       type: io.kestra.plugin.core.log.Log
 *       message: a
 *     - id: b
 *       type: io.kestra.plugin.core.log.Log
 *       message: b
 */
import { Type } from "@sinclair/typebox";
import { type FlowablePlugin, localHandlersSchema as localHandlers, taskListSchema as taskList } from "../sdk.ts";

const schema = Type.Object({
  tasks: taskList("tasks run in parallel", 1),
  concurrent: Type.Optional(Type.Integer({ minimum: 0, description: "children at once (0, the default: all)" })),
  ...localHandlers,
});

export const PARALLEL_TYPE = "io.kestra.plugin.core.flow.Parallel";

export const parallel: FlowablePlugin<typeof schema> = {
  kind: "task",
  flowable: true,
  taskLists: ["tasks", "errors", "finally"],
  type: PARALLEL_TYPE,
  aliases: ["io.kestra.core.tasks.flows.Parallel"],
  title: "Parallel",
  description: "Runs tasks in parallel.",
  schema,
  examples: [
    {
      title: "Two calls at once",
      code: "id: both\ntype: io.kestra.plugin.core.flow.Parallel\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: a",
    },
  ],
};
