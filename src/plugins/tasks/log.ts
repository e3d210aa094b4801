/**
 * Logs one message, or each message of a list, at the given level.
 *
 * @example
 * - id: hello
 *   type: io.kestra.plugin.core.log.Log
 *   message: "Received {{ trigger.body }}"
 *   level: WARN
 */
import { type Static, Type } from "@sinclair/typebox";
import type { TaskPlugin } from "../sdk.ts";

const schema = Type.Object({
  message: Type.Union([Type.String(), Type.Array(Type.String())], { description: "a template, or a list of them" }),
  level: Type.Optional(
    Type.Union(
      ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"].map((l) => Type.Literal(l)),
      { default: "INFO" },
    ),
  ),
});

type Config = Static<typeof schema>;

export const log: TaskPlugin<typeof schema> = {
  kind: "task",
  type: "io.kestra.plugin.core.log.Log",
  aliases: ["io.kestra.core.tasks.log.Log"],
  title: "Log",
  description: "Logs a message (or each message of a list) at the given level (default INFO).",
  schema,
  examples: [
    {
      title: "Log the webhook body",
      code: 'id: log\ntype: io.kestra.plugin.core.log.Log\nmessage: "Received {{ trigger.body }}"',
    },
  ],
  async run(config: Config, ctx) {
    const level = (config.level ?? "INFO") as "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR";
    const messages = Array.isArray(config.message) ? config.message : [config.message];
    for (const m of messages) {
      if (typeof m !== "string") throw new Error("Log `message` must be a string or a list of strings");
      ctx.logger.log(level, ctx.renderString(m));
    }
    return {};
  },
};
