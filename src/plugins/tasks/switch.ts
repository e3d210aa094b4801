/**
 * Runs the task list of `cases` whose key equals the rendered `value` (exact string comparison), or `defaults`
 * when none does. Outputs `value` and `defaults` (true when the default branch ran). Computed by the executor.
 *
 * @example
 * - id: route
 *   type: io.kestra.plugin.core.flow.Switch
 *   value: "{{ trigger.headers['X-GitHub-Event'][0] }}"
 *   cases:
 *     push:
 *       - id: on_push
 *         type: io.kestra.plugin.core.log.Log
 *         message: pushed
 *   defaults:
 *     - id: other
 *       type: io.kestra.plugin.core.log.Log
 *       message: ignored
 */
import { Type } from "@sinclair/typebox";
import { type FlowablePlugin, localHandlersSchema as localHandlers, taskListSchema as taskList } from "../sdk.ts";

const schema = Type.Object({
  value: Type.Union([Type.String(), Type.Number(), Type.Boolean()], { description: "template selecting a case" }),
  cases: Type.Optional(
    Type.Record(Type.String(), taskList("tasks of this case"), { description: "case value → task list" }),
  ),
  defaults: Type.Optional(taskList("tasks run when no case matches")),
  ...localHandlers,
});

export const SWITCH_TYPE = "io.kestra.plugin.core.flow.Switch";

export const switchTask: FlowablePlugin<typeof schema> = {
  kind: "task",
  flowable: true,
  taskLists: ["cases", "defaults", "errors", "finally"],
  type: SWITCH_TYPE,
  aliases: ["io.kestra.core.tasks.flows.Switch"],
  title: "Switch",
  description: "Runs the tasks of the case matching a value, or the defaults.",
  schema,
  outputSchema: Type.Object({ value: Type.String(), defaults: Type.Boolean() }),
  examples: [
    {
      title: "Route on a header",
      code: 'id: route\ntype: io.kestra.plugin.core.flow.Switch\nvalue: "{{ inputs.kind }}"\ncases:\n  a:\n    - id: on_a\n      type: io.kestra.plugin.core.log.Log\n      message: a',
    },
  ],
};
