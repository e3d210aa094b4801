/**
 * Runs `tasks` once per value of `values` (a list, or a template / JSON text rendering to a JSON array),
 * de-duplicated, `concurrencyLimit` iterations at a time (1, the default: one after the other; 0: all at once).
 * Inside, `taskrun.value` is the value as text and `taskrun.iteration` its 0-based position; outputs of the
 * children are keyed by value: `outputs.child['value']`. Computed by the executor.
 *
 * @example
 * - id: each
 *   type: io.kestra.plugin.core.flow.ForEach
 *   values: "{{ trigger.body.commits | jq('[.[].id]') | first }}"
 *   concurrencyLimit: 4
 *   tasks:
 *     - id: show
 *       type: io.kestra.plugin.core.log.Log
 *       message: "commit {{ taskrun.value }}"
 */
import { Type } from "@sinclair/typebox";
import { type FlowablePlugin, localHandlersSchema as localHandlers, taskListSchema as taskList } from "../sdk.ts";

const schema = Type.Object({
  values: Type.Union([Type.String(), Type.Array(Type.Unknown())], {
    description: "the values: a list, or a template/JSON text rendering to a JSON array",
  }),
  concurrencyLimit: Type.Optional(
    Type.Integer({ minimum: 0, description: "iterations at once (default 1; 0 = no limit)" }),
  ),
  tasks: taskList("tasks run for each value", 1),
  ...localHandlers,
});

export const FOR_EACH_TYPE = "io.kestra.plugin.core.flow.ForEach";

export const forEach: FlowablePlugin<typeof schema> = {
  kind: "task",
  flowable: true,
  taskLists: ["tasks", "errors", "finally"],
  type: FOR_EACH_TYPE,
  aliases: [],
  title: "ForEach",
  description: "Runs tasks for each value of a list.",
  schema,
  examples: [
    {
      title: "Loop over three values, two at a time",
      code: 'id: each\ntype: io.kestra.plugin.core.flow.ForEach\nvalues: [a, b, c]\nconcurrencyLimit: 2\ntasks:\n  - id: show\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ taskrun.value }}"',
    },
  ],
};
