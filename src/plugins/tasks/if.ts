/**
 * Runs `then` when the rendered `condition` is truthy, else `else` (Kestra truthiness: false for empty, `false`,
 * `0`, `-0` and null). Output `evaluationResult`. Computed by the executor.
 *
 * @example
 * - id: only_main
 *   type: io.kestra.plugin.core.flow.If
 *   condition: "{{ trigger.body.ref == 'refs/heads/main' }}"
 *   then:
 *     - id: deploy
 *       type: io.kestra.plugin.core.log.Log
 *       message: deploying
 */
import { Type } from "@sinclair/typebox";
import { type FlowablePlugin, localHandlersSchema as localHandlers, taskListSchema as taskList } from "../sdk.ts";

const schema = Type.Object({
  condition: Type.Union([Type.String(), Type.Boolean()], { description: "template; truthy → `then`, else `else`" }),
  // biome-ignore lint/suspicious/noThenProperty: Kestra's property name; the schema object is never awaited
  then: taskList("tasks run when the condition is true", 1),
  else: Type.Optional(taskList("tasks run when the condition is false")),
  ...localHandlers,
});

export const IF_TYPE = "io.kestra.plugin.core.flow.If";

export const ifTask: FlowablePlugin<typeof schema> = {
  kind: "task",
  flowable: true,
  taskLists: ["then", "else", "errors", "finally"],
  type: IF_TYPE,
  aliases: ["io.kestra.core.tasks.flows.If"],
  title: "If",
  description: "Runs one list of tasks or another depending on a condition.",
  schema,
  outputSchema: Type.Object({ evaluationResult: Type.Boolean() }),
  examples: [
    {
      title: "Branch on the webhook body",
      code: 'id: branch\ntype: io.kestra.plugin.core.flow.If\ncondition: "{{ trigger.body.ok }}"\nthen:\n  - id: yes\n    type: io.kestra.plugin.core.log.Log\n    message: ok',
    },
  ],
};
