/**
 * Renders `format` and returns it as the output `value` (`outputs.<id>.value`).
 *
 * @example
 * - id: echo
 *   type: io.kestra.plugin.core.debug.Return
 *   format: "{{ trigger.body.name }}"
 */
import { Type } from "@sinclair/typebox";
import type { TaskPlugin } from "../sdk.ts";

const schema = Type.Object({
  format: Type.Optional(Type.String({ description: "template rendered to the output `value`" })),
});

export const returnTask: TaskPlugin<typeof schema> = {
  kind: "task",
  type: "io.kestra.plugin.core.debug.Return",
  aliases: ["io.kestra.core.tasks.debugs.Return"],
  title: "Return",
  description: "Renders a template and returns the text as output `value`.",
  schema,
  outputSchema: Type.Object({ value: Type.Optional(Type.String()) }),
  examples: [
    {
      title: "Echo the body",
      code: 'id: echo\ntype: io.kestra.plugin.core.debug.Return\nformat: "{{ trigger.body }}"',
    },
  ],
  async run(config, ctx) {
    const value = config.format === undefined || config.format === null ? null : ctx.renderString(config.format);
    return { outputs: { value } };
  },
};
