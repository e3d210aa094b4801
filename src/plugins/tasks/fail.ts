/**
 * Fails the task: always, or only when `condition` renders truthy (Kestra truthiness: false iff the trimmed text is
 * `false`, `0`, `-0` or empty).
 *
 * @example
 * - id: reject
 *   type: io.kestra.plugin.core.execution.Fail
 *   condition: "{{ trigger.body.amount > 1000 }}"
 *   errorMessage: "Amount too large"
 */
import { Type } from "@sinclair/typebox";
import { isTruthyText } from "../../lib/truthy.ts";
import { TaskFailure, type TaskPlugin } from "../sdk.ts";

const schema = Type.Object({
  condition: Type.Optional(Type.String({ description: "template; the task fails only when it renders truthy" })),
  errorMessage: Type.Optional(Type.String({ default: "Task failure" })),
});

export const fail: TaskPlugin<typeof schema> = {
  kind: "task",
  type: "io.kestra.plugin.core.execution.Fail",
  aliases: ["io.kestra.core.tasks.executions.Fail"],
  title: "Fail",
  description: "Fails the execution, always or when a condition renders truthy.",
  schema,
  examples: [{ title: "Always fail", code: "id: fail\ntype: io.kestra.plugin.core.execution.Fail" }],
  async run(config, ctx) {
    const message = config.errorMessage === undefined ? "Task failure" : ctx.renderString(config.errorMessage);
    if (config.condition === undefined || config.condition === null) throw new TaskFailure(message);
    const rendered = ctx.renderString(config.condition);
    if (isTruthyText(rendered)) {
      ctx.logger.error(message);
      throw new TaskFailure("Fail on a condition");
    }
    return {};
  },
};
