import { describe, expect, test } from "bun:test";
import { parseFlow } from "../../src/flow/index.ts";
import {
  allPlugins,
  conditionPlugin,
  knownTypes,
  lookupPlugin,
  taskPlugin,
  triggerPlugin,
} from "../../src/plugins/registry.ts";
import { log } from "../../src/plugins/tasks/log.ts";
import { webhook } from "../../src/plugins/triggers/webhook.ts";

describe("lookupPlugin", () => {
  test("exact type and alias", () => {
    expect(lookupPlugin("io.kestra.plugin.core.log.Log", "task")).toEqual({ plugin: log, type: log.type } as never);
    expect(lookupPlugin("io.kestra.core.tasks.log.Log", "task").type).toBe("io.kestra.plugin.core.log.Log");
    expect(lookupPlugin("io.kestra.core.models.triggers.types.Webhook", "trigger").plugin).toBe(webhook as never);
  });
  test("case-insensitive when unambiguous (the seed's `...trigger.webhook`)", () => {
    expect(lookupPlugin("io.kestra.plugin.core.trigger.webhook", "trigger").type).toBe(
      "io.kestra.plugin.core.trigger.Webhook",
    );
    expect(lookupPlugin("IO.KESTRA.PLUGIN.CORE.CONDITION.EXPRESSIONCONDITION", "condition").type).toBe(
      "io.kestra.plugin.core.condition.Expression",
    );
  });
  test("unknown names the closest known type", () => {
    expect(lookupPlugin("io.kestra.plugin.core.log.Lgo", "task").error).toBe(
      "Unknown task type `io.kestra.plugin.core.log.Lgo`; did you mean `io.kestra.plugin.core.log.Log`?",
    );
    expect(lookupPlugin("io.kestra.plugin.core.trigger.Webhok", "trigger").error).toBe(
      "Unknown trigger type `io.kestra.plugin.core.trigger.Webhok`; did you mean `io.kestra.plugin.core.trigger.Webhook`?",
    );
    expect(lookupPlugin("totally.different", "task").error).toBe("Unknown task type `totally.different`");
  });
  test("kinds are separate: a task type is not a trigger", () => {
    expect(lookupPlugin("io.kestra.plugin.core.log.Log", "trigger").plugin).toBeUndefined();
  });
  test("helpers", () => {
    expect(taskPlugin("io.kestra.core.tasks.executions.Fail")?.type).toBe("io.kestra.plugin.core.execution.Fail");
    expect(taskPlugin("io.kestra.core.tasks.flows.Sleep")?.type).toBe("io.kestra.plugin.core.flow.Sleep");
    expect(triggerPlugin("io.kestra.plugin.core.trigger.Webhook")).toBe(webhook as never);
    expect(conditionPlugin("io.kestra.plugin.core.condition.OrCondition")?.type).toBe(
      "io.kestra.plugin.core.condition.Or",
    );
    expect(conditionPlugin("io.kestra.core.models.conditions.types.MultipleCondition")?.type).toBe(
      "io.kestra.plugin.core.condition.MultipleCondition",
    );
    expect(taskPlugin("nope")).toBeUndefined();
    expect(knownTypes("trigger")).toEqual([
      "io.kestra.plugin.core.trigger.Webhook",
      "io.kestra.core.models.triggers.types.Webhook",
      "io.kestra.plugin.core.trigger.Flow",
      "io.kestra.core.models.triggers.types.Flow",
    ]);
  });
});

describe("the plugin list", () => {
  test("type names and aliases are unique per kind", () => {
    for (const kind of ["task", "trigger", "condition"] as const) {
      const names = allPlugins()
        .filter((p) => p.kind === kind)
        .flatMap((p) => [p.type, ...p.aliases].map((n) => n.toLowerCase()));
      expect(new Set(names).size).toBe(names.length);
    }
  });

  const wrap: Record<string, (code: string) => string> = {
    task: (c) => `id: f\nnamespace: t\ntasks:\n${item(c, 2)}`,
    trigger: (c) =>
      `id: f\nnamespace: t\ntasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\ntriggers:\n${item(c, 2)}`,
    condition: (c) =>
      `id: f\nnamespace: t\ntasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\ntriggers:\n  - id: w\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: k\n    conditions:\n${item(c, 6)}`,
  };
  // conditions that only Flow triggers take are shown inside one
  const flowTriggerOnly = (c: string) =>
    `id: f\nnamespace: t\ntasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\ntriggers:\n  - id: w\n    type: io.kestra.plugin.core.trigger.Flow\n    conditions:\n${item(c, 6)}`;
  for (const p of allPlugins()) {
    for (const ex of p.examples) {
      test(`${p.type}: example "${ex.title}" is a valid flow part`, () => {
        const wrapped = p.type.endsWith(".MultipleCondition") ? flowTriggerOnly(ex.code) : wrap[p.kind]!(ex.code);
        expect(parseFlow(wrapped).errors).toEqual([]);
      });
    }
  }
});

/** a YAML list item at `n` spaces */
function item(code: string, n: number): string {
  const pad = " ".repeat(n);
  return `${code
    .split("\n")
    .map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`))
    .join("\n")}\n`;
}
