import { describe, expect, test } from "bun:test";
import { webhook } from "../../src/plugins/triggers/webhook.ts";

const CT = "invalid webhook: responseContentType must be either 'application/json' or 'text/plain'";
const MC = "invalid webhook: conditions of type MultipleCondition are not supported";

describe("Webhook.validate (V1, V2)", () => {
  test("responseContentType: unset, application/json and text/plain are valid; others not", () => {
    expect(webhook.validate!({ key: "k" })).toEqual([]);
    expect(webhook.validate!({ key: "k", responseContentType: "application/json" })).toEqual([]);
    expect(webhook.validate!({ key: "k", responseContentType: "text/plain" })).toEqual([]);
    expect(webhook.validate!({ key: "k", responseContentType: "text/html" })).toEqual([CT]);
  });
  test("MultipleCondition in conditions, canonical or alias", () => {
    const v = (type: string) => webhook.validate!({ key: "k", conditions: [{ type }] } as never);
    expect(v("io.kestra.plugin.core.condition.MultipleCondition")).toEqual([MC]);
    expect(v("io.kestra.core.models.conditions.types.MultipleCondition")).toEqual([MC]);
    expect(v("io.kestra.plugin.core.condition.Expression")).toEqual([]);
  });
});
