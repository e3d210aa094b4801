/**
 * Starts an execution of another flow. With `wait` (the default) the task ends when the child does, with the
 * child's `executionId`, `state` and `outputs`; a FAILED or KILLED child fails the task unless `transmitFailed` is
 * false. A flow calling itself is rejected when the flow is validated. Computed by the executor and run loop.
 *
 * @example
 * - id: notify
 *   type: io.kestra.plugin.core.flow.Subflow
 *   namespace: company.team
 *   flowId: send_notification
 *   inputs:
 *     message: "{{ trigger.body.text }}"
 */
import { Type } from "@sinclair/typebox";
import type { FlowablePlugin } from "../sdk.ts";

const schema = Type.Object({
  namespace: Type.String({ description: "namespace of the flow to run" }),
  flowId: Type.String({ description: "id of the flow to run" }),
  revision: Type.Optional(Type.Integer({ minimum: 1, description: "revision to run (default: the latest)" })),
  inputs: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "inputs of the child (rendered)" })),
  labels: Type.Optional(
    Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Unknown())], {
      description: "labels of the child execution (rendered)",
    }),
  ),
  wait: Type.Optional(Type.Boolean({ description: "wait for the child to end (default true)" })),
  transmitFailed: Type.Optional(
    Type.Boolean({ description: "a FAILED or KILLED child fails this task (default true; needs wait)" }),
  ),
  inheritLabels: Type.Optional(Type.Boolean({ description: "copy this execution's labels to the child" })),
  scheduleDate: Type.Optional(Type.String({ description: "not supported: the child starts at once" })),
  restartBehavior: Type.Optional(Type.Union([Type.Literal("RETRY_FAILED"), Type.Literal("NEW_EXECUTION")])),
});

export const SUBFLOW_TYPE = "io.kestra.plugin.core.flow.Subflow";

export const subflow: FlowablePlugin<typeof schema> = {
  kind: "task",
  flowable: true,
  taskLists: [],
  type: SUBFLOW_TYPE,
  aliases: ["io.kestra.core.tasks.flows.Subflow", "io.kestra.core.tasks.flows.Flow"],
  title: "Subflow",
  description: "Runs another flow and waits for it.",
  schema,
  outputSchema: Type.Object({
    executionId: Type.String(),
    state: Type.Optional(Type.String()),
    outputs: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
  examples: [
    {
      title: "Call a child flow",
      code: "id: child\ntype: io.kestra.plugin.core.flow.Subflow\nnamespace: company.team\nflowId: child",
    },
  ],
};
