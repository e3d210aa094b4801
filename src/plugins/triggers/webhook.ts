/**
 * Starts an execution when `/api/v1/main/executions/webhook/{namespace}/{flowId}/{key}` is called.
 * `key` is rendered (e.g. `{{ flow.id }}` or `{{ secret('KEY') }}`) and trimmed before comparison.
 *
 * @example
 * triggers:
 *   - id: webhook
 *     type: io.kestra.plugin.core.trigger.Webhook
 *     key: 4wjtkzwVGBM9yKnjm3yv8r
 *     wait: true
 *     returnOutputs: true
 */
import { Type } from "@sinclair/typebox";
import type { TriggerPlugin } from "../sdk.ts";

const schema = Type.Object({
  key: Type.String({ maxLength: 256, description: "secret part of the URL; a template, trimmed after rendering" }),
  wait: Type.Optional(Type.Boolean({ default: false, description: "answer once the execution has ended" })),
  returnOutputs: Type.Optional(Type.Boolean({ default: false, description: "with wait: answer the flow outputs" })),
  responseCode: Type.Optional(
    Type.Union([Type.Integer({ minimum: 100, maximum: 599 }), Type.String()], {
      description: "status of wait responses; an integer or a template rendered against the ended execution",
    }),
  ),
  responseContentType: Type.Optional(
    Type.String({ description: "application/json (default) or text/plain; used with wait and returnOutputs" }),
  ),
  inputs: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), { description: "values for the flow inputs; strings are rendered" }),
  ),
});

const CONTENT_TYPES = ["application/json", "text/plain"];

export const webhook: TriggerPlugin<typeof schema> = {
  kind: "trigger",
  type: "io.kestra.plugin.core.trigger.Webhook",
  aliases: ["io.kestra.core.models.triggers.types.Webhook"],
  title: "Webhook",
  description: "Creates an execution for each HTTP call on the flow's webhook URL.",
  schema,
  examples: [
    {
      title: "A webhook that waits and answers the flow outputs",
      code: "id: webhook\ntype: io.kestra.plugin.core.trigger.Webhook\nkey: 4wjtkzwVGBM9yKnjm3yv8r\nwait: true\nreturnOutputs: true",
    },
  ],
  validate(config) {
    const errors: string[] = [];
    const ct = config.responseContentType;
    if (ct !== undefined && ct !== null && !CONTENT_TYPES.includes(ct)) {
      errors.push("invalid webhook: responseContentType must be either 'application/json' or 'text/plain'");
    }
    const conditions = (config as { conditions?: unknown }).conditions;
    if (Array.isArray(conditions) && conditions.some((c) => isMultipleCondition(c))) {
      errors.push("invalid webhook: conditions of type MultipleCondition are not supported");
    }
    return errors;
  },
};

function isMultipleCondition(c: unknown): boolean {
  const type = (c as { type?: unknown } | null)?.type;
  return typeof type === "string" && /(^|\.)MultipleCondition$/i.test(type);
}
