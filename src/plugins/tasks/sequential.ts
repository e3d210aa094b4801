/**
 * Runs its `tasks` one after the other, as a group with its own `errors` and `finally`. Computed by the executor.
 *
 * @example
 * - id: group
 *   type: io.kestra.plugin.core.flow.Sequential
 *   tasks:
 *     - id: first
 *       type: io.kestra.plugin.core.log.Log
 *       message: one
 *   errors:
 *     - id: cleanup
 *       type: io.kestra.plugin.core.log.Log
 *       message: the group failed
 */
import { Type } from "@sinclair/typebox";
import { type FlowablePlugin, localHandlersSchema as localHandlers, taskListSchema as taskList } from "../sdk.ts";

const schema = Type.Object({
  tasks: taskList("tasks run in order", 1),
  ...localHandlers,
});

export const SEQUENTIAL_TYPE = "io.kestra.plugin.core.flow.Sequential";

export const sequential: FlowablePlugin<typeof schema> = {
  kind: "task",
  flowable: true,
  taskLists: ["tasks", "errors", "finally"],
  type: SEQUENTIAL_TYPE,
  aliases: ["io.kestra.core.tasks.flows.Sequential"],
  title: "Sequential",
  description: "Runs tasks one after the other, with local error handling.",
  schema,
  examples: [
    {
      title: "A group",
      code: "id: group\ntype: io.kestra.plugin.core.flow.Sequential\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: a",
    },
  ],
};
