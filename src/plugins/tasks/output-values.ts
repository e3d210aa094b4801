/**
 * Returns a map of values as output `values` (`outputs.<id>.values.<key>`). Strings are rendered as templates;
 * non-string literals (numbers, booleans, lists, maps) stay typed.
 *
 * @example
 * - id: out
 *   type: io.kestra.plugin.core.output.OutputValues
 *   values:
 *     code: 202
 *     who: "{{ trigger.body.name }}"
 */
import { Type } from "@sinclair/typebox";
import type { TaskPlugin } from "../sdk.ts";

const schema = Type.Object({
  values: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "values to output" })),
});

export const outputValues: TaskPlugin<typeof schema> = {
  kind: "task",
  type: "io.kestra.plugin.core.output.OutputValues",
  aliases: [],
  title: "Output values",
  description: "Outputs a map of values; strings are rendered, other literals stay typed.",
  schema,
  outputSchema: Type.Object({ values: Type.Record(Type.String(), Type.Unknown()) }),
  examples: [
    {
      title: "Output a status code and a name",
      code: 'id: out\ntype: io.kestra.plugin.core.output.OutputValues\nvalues:\n  code: 202\n  who: "{{ trigger.body.name }}"',
    },
  ],
  async run(config, ctx) {
    const values = (ctx.render(config.values ?? {}) ?? {}) as Record<string, unknown>;
    return { outputs: { values } };
  },
};
