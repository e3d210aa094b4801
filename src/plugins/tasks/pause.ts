/**
 * Pauses the execution (state PAUSED) until it is resumed through the API, or until `pauseDuration` has passed;
 * then `behavior` says how the task ends: RESUME (success, the default), WARN, CANCEL or FAIL. A manual resume
 * always continues successfully, with the `onResume` inputs checked like flow inputs. The executor handles this
 * task itself (it is flowable: no worker runs it).
 *
 * @example
 * - id: approve
 *   type: io.kestra.plugin.core.flow.Pause
 *   pauseDuration: PT1H
 *   behavior: FAIL
 */
import { Type } from "@sinclair/typebox";
import type { FlowablePlugin } from "../sdk.ts";

const schema = Type.Object({
  pauseDuration: Type.Optional(
    Type.String({ description: "ISO-8601 duration after which the pause ends by itself", format: "duration" }),
  ),
  behavior: Type.Optional(
    Type.Union(
      ["RESUME", "WARN", "CANCEL", "FAIL"].map((b) => Type.Literal(b)),
      {
        description: "how the task ends when pauseDuration passes (default RESUME)",
      },
    ),
  ),
  onResume: Type.Optional(
    Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: "inputs expected when resuming by hand" }),
  ),
  delay: Type.Optional(Type.String({ description: "deprecated: pauseDuration", format: "duration" })),
});

export const PAUSE_TYPE = "io.kestra.plugin.core.flow.Pause";

export const pause: FlowablePlugin<typeof schema> = {
  kind: "task",
  flowable: true,
  taskLists: [],
  type: PAUSE_TYPE,
  aliases: ["io.kestra.core.tasks.flows.Pause"],
  title: "Pause",
  description: "Pauses the execution until it is resumed, or for a duration.",
  schema,
  examples: [
    {
      title: "Wait for a resume, at most one hour",
      code: "id: approve\ntype: io.kestra.plugin.core.flow.Pause\npauseDuration: PT1H",
    },
  ],
};
