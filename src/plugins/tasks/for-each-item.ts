/**
 * Runs a flow once per batch of lines of a file: `items` is the file (an absolute path or `file://` URI, e.g. a
 * shell task's `outputFiles` entry), cut into batches of `batch.rows` lines (or `batch.partitions` parts); each
 * batch is written to its own file and passed to the child as `{{ taskrun.items }}` (its position is
 * `{{ taskrun.iteration }}`). With `wait` (default) the task ends when every child has; a failed child fails it
 * unless `transmitFailed` is false. Outputs `numberOfBatches`, `iterations` (count by state) and `children`.
 *
 * @example
 * - id: each_order
 *   type: io.kestra.plugin.core.flow.ForEachItem
 *   items: "{{ outputs.export.outputFiles['orders.jsonl'] }}"
 *   batch:
 *     rows: 100
 *   namespace: company.team
 *   flowId: process_orders
 *   inputs:
 *     orders: "{{ taskrun.items }}"
 */
import { Type } from "@sinclair/typebox";
import type { FlowablePlugin } from "../sdk.ts";

const schema = Type.Object({
  items: Type.String({ description: "the file of items, one per line: an absolute path or a file:// URI" }),
  batch: Type.Optional(
    Type.Object(
      {
        rows: Type.Optional(Type.Integer({ minimum: 1, description: "lines per batch (default 1)" })),
        partitions: Type.Optional(Type.Integer({ minimum: 1, description: "number of batches instead of rows" })),
      },
      { additionalProperties: false },
    ),
  ),
  namespace: Type.String({ description: "namespace of the flow to run per batch" }),
  flowId: Type.String({ description: "id of the flow to run per batch" }),
  revision: Type.Optional(Type.Integer({ minimum: 1 })),
  inputs: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "inputs of each child (rendered)" })),
  labels: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Unknown())])),
  wait: Type.Optional(Type.Boolean({ description: "wait for every child to end (default true)" })),
  transmitFailed: Type.Optional(Type.Boolean({ description: "a failed child fails this task (default true)" })),
  inheritLabels: Type.Optional(Type.Boolean()),
  scheduleDate: Type.Optional(Type.String({ description: "not supported: children start at once" })),
  restartBehavior: Type.Optional(Type.Union([Type.Literal("RETRY_FAILED"), Type.Literal("NEW_EXECUTION")])),
});

export const forEachItem: FlowablePlugin<typeof schema> = {
  kind: "task",
  flowable: true,
  taskLists: [],
  type: "io.kestra.plugin.core.flow.ForEachItem",
  aliases: ["io.kestra.core.tasks.flows.ForEachItem"],
  title: "ForEachItem",
  description: "Runs a flow for each batch of lines of a file.",
  schema,
  outputSchema: Type.Object({
    numberOfBatches: Type.Integer(),
    iterations: Type.Record(Type.String(), Type.Integer()),
    children: Type.Record(Type.String(), Type.String()),
  }),
  examples: [
    {
      title: "One child execution per line",
      code: 'id: each\ntype: io.kestra.plugin.core.flow.ForEachItem\nitems: /var/lib/perch/items.txt\nnamespace: company.team\nflowId: child\ninputs:\n  line: "{{ taskrun.items }}"',
    },
  ],
};
