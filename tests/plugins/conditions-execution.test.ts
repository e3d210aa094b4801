import { describe, expect, test } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import { executionFlow } from "../../src/plugins/conditions/execution-flow.ts";
import { executionLabels } from "../../src/plugins/conditions/execution-labels.ts";
import { executionNamespace } from "../../src/plugins/conditions/execution-namespace.ts";
import { executionOutputs } from "../../src/plugins/conditions/execution-outputs.ts";
import { executionStatus } from "../../src/plugins/conditions/execution-status.ts";
import { flowCondition } from "../../src/plugins/conditions/flow-condition.ts";
import { flowNamespaceCondition } from "../../src/plugins/conditions/flow-namespace-condition.ts";
import { hasRetryAttempt } from "../../src/plugins/conditions/has-retry-attempt.ts";
import { lookupPlugin } from "../../src/plugins/registry.ts";
import type { ConditionContext } from "../../src/plugins/sdk.ts";
import { conditionContext } from "./context.ts";

type Execution = NonNullable<ConditionContext["execution"]>;
const base: Execution = {
  id: "e1",
  namespace: "company.team",
  flowId: "upstream",
  state: "FAILED",
  labels: [
    { key: "env", value: "prod" },
    { key: "team", value: "data" },
  ],
};
const withExecution = (e: Partial<Execution> = {}, variables: Record<string, unknown> = {}) =>
  conditionContext(
    { trigger: { body: {} }, vars: { ns: "company.team", env: "prod" }, ...variables },
    {
      execution: { ...base, ...e },
    },
  );
const noExecution = conditionContext({});
type States = { in?: string[]; notIn?: string[] };

describe("ExecutionStatus (§3.8)", () => {
  const table: [string, States, boolean][] = [
    ["FAILED", { in: ["FAILED", "WARNING"] }, true],
    ["SUCCESS", { in: ["FAILED", "WARNING"] }, false],
    ["SUCCESS", { notIn: ["FAILED"] }, true],
    ["FAILED", { notIn: ["FAILED"] }, false],
    ["FAILED", {}, true],
    ["FAILED", { in: [], notIn: [] }, true],
    ["WARNING", { in: ["WARNING"], notIn: ["WARNING"] }, false],
    ["KILLED", { in: ["KILLED", "FAILED"], notIn: ["SUCCESS"] }, true],
  ];
  for (const [state, filter, expected] of table) {
    test(`${state} ${JSON.stringify(filter)} -> ${expected}`, () => {
      expect(executionStatus.test(filter as never, withExecution({ state }))).toBe(expected);
    });
  }
  test("needs an execution", () => expect(() => executionStatus.test({}, noExecution)).toThrow("needs an execution"));
  test("schema rejects an unknown state", () => {
    expect(Value.Check(executionStatus.schema, { in: ["FAILURE"] })).toBe(false);
    expect(Value.Check(executionStatus.schema, { in: ["FAILED"], notIn: ["SUCCESS"] })).toBe(true);
  });
});

describe("ExecutionFlow (§3.9)", () => {
  const table: [string, string, boolean][] = [
    ["company.team", "upstream", true],
    ["company.team", "Upstream", false],
    ["company", "upstream", false],
    ["{{ vars.ns }}", "upstream", true],
    ["company.team", "other", false],
  ];
  for (const [namespace, flowId, expected] of table) {
    test(`${namespace}/${flowId} -> ${expected}`, () => {
      expect(executionFlow.test({ namespace, flowId }, withExecution())).toBe(expected);
    });
  }
  test("needs an execution", () => {
    expect(() => executionFlow.test({ namespace: "a", flowId: "b" }, noExecution)).toThrow();
  });
});

describe("ExecutionNamespace (§3.10)", () => {
  type Cmp = { namespace: string; comparison?: "EQUALS" | "PREFIX" | "SUFFIX"; prefix?: boolean };
  const table: [string, Cmp, boolean][] = [
    ["company.team", { namespace: "company.team" }, true],
    ["company.team", { namespace: "company" }, false],
    ["company.team", { namespace: "company", prefix: true }, true],
    ["company.team", { namespace: "company", comparison: "PREFIX" }, true],
    ["companyfoo.team", { namespace: "company", comparison: "PREFIX" }, true],
    ["company.team", { namespace: "team", comparison: "SUFFIX" }, true],
    ["company.team", { namespace: "company", comparison: "SUFFIX" }, false],
    ["company.team", { namespace: "company", comparison: "EQUALS", prefix: true }, false], // comparison wins
    ["company.team", { namespace: "company.team", comparison: "EQUALS" }, true],
    ["company.team", { namespace: "{{ vars.ns }}" }, true],
    ["Company.team", { namespace: "company", prefix: true }, false],
  ];
  for (const [ns, cmp, expected] of table) {
    test(`${ns} ${JSON.stringify(cmp)} -> ${expected}`, () => {
      expect(executionNamespace.test(cmp, withExecution({ namespace: ns }))).toBe(expected);
    });
  }
  test("needs an execution", () => expect(() => executionNamespace.test({ namespace: "a" }, noExecution)).toThrow());
  test("schema rejects an unknown comparison", () => {
    expect(Value.Check(executionNamespace.schema, { namespace: "a", comparison: "CONTAINS" })).toBe(false);
  });
});

describe("ExecutionLabels (§3.11)", () => {
  const table: [string, unknown, boolean][] = [
    ["map, one present", { env: "prod" }, true],
    ["map, all present", { env: "prod", team: "data" }, true],
    ["map, one missing", { env: "prod", team: "web" }, false],
    ["map, rendered value", { env: "{{ vars.env }}" }, true],
    ["map, wrong case", { env: "Prod" }, false],
    ["list, present", [{ key: "team", value: "data" }], true],
    ["list, absent key", [{ key: "owner", value: "data" }], false],
    [
      "list, all",
      [
        { key: "team", value: "data" },
        { key: "env", value: "prod" },
      ],
      true,
    ],
  ];
  for (const [name, labels, expected] of table) {
    test(`${name} -> ${expected}`, () => {
      expect(executionLabels.test({ labels } as never, withExecution())).toBe(expected);
    });
  }
  test("numbers compare as text", () => {
    const ctx = withExecution({ labels: [{ key: "n", value: "1" }] });
    expect(executionLabels.test({ labels: { n: 1 } }, ctx)).toBe(true);
  });
  test("system labels cannot be listed", () => {
    expect(() => executionLabels.test({ labels: { "system.x": "y" } }, withExecution())).toThrow("system");
  });
  test("needs an execution", () => expect(() => executionLabels.test({ labels: {} }, noExecution)).toThrow());
  test("schema accepts a list or a map, not a string", () => {
    expect(Value.Check(executionLabels.schema, { labels: { a: "b" } })).toBe(true);
    expect(Value.Check(executionLabels.schema, { labels: [{ key: "a", value: "b" }] })).toBe(true);
    expect(Value.Check(executionLabels.schema, { labels: "a:b" })).toBe(false);
  });
});

describe("ExecutionOutputs (§3.12): trigger replaced by {outputs}", () => {
  const outputs = { status: "ok", count: 3 };
  const table: [string, Record<string, unknown> | undefined, boolean][] = [
    ["{{ trigger.outputs.status == 'ok' }}", outputs, true],
    ["{{ trigger.outputs.status == 'ko' }}", outputs, false],
    ["{{ trigger.outputs.count > 2 }}", outputs, true],
    ["true", outputs, true],
    [" FALSE ", outputs, false],
    ["{{ trigger.outputs.status == 'ok' }}", undefined, false],
    ["{{ trigger.outputs.status == 'ok' }}", {}, false],
    ["true", {}, false], // no outputs: false without rendering
  ];
  for (const [expression, outs, expected] of table) {
    test(`${expression} with ${JSON.stringify(outs)} -> ${expected}`, () => {
      expect(executionOutputs.test({ expression }, withExecution({ outputs: outs }))).toBe(expected);
    });
  }
  test("the normal trigger is not visible", () => {
    const ctx = withExecution({ outputs }, { trigger: { body: { x: 1 } } });
    expect(() => executionOutputs.test({ expression: "{{ trigger.body.x == 1 }}" }, ctx)).toThrow();
  });
  test("other variables stay visible", () => {
    expect(executionOutputs.test({ expression: "{{ vars.env == 'prod' }}" }, withExecution({ outputs }))).toBe(true);
  });
  test("a non-boolean result throws", () => {
    expect(() =>
      executionOutputs.test({ expression: "{{ trigger.outputs.status }}" }, withExecution({ outputs })),
    ).toThrow("not true or false");
  });
  test("a context without renderWith throws", () => {
    const ctx = { ...withExecution({ outputs }), renderWith: undefined };
    expect(() => executionOutputs.test({ expression: "true" }, ctx)).toThrow("renderWith");
  });
  test("needs an execution", () => expect(() => executionOutputs.test({ expression: "true" }, noExecution)).toThrow());
});

describe("HasRetryAttempt (§3.13), intended semantics", () => {
  const run = (...states: string[]) => ({ attempts: states.map((current) => ({ state: { current } })) });
  const table: [string, ReturnType<typeof run>[], States, boolean][] = [
    ["retried, a FAILED attempt, in FAILED", [run("FAILED", "SUCCESS")], { in: ["FAILED"] }, true],
    ["retried, no filter", [run("FAILED", "SUCCESS")], {}, true],
    ["single attempt never counts", [run("FAILED")], { in: ["FAILED"] }, false],
    ["single attempts only, no filter", [run("SUCCESS"), run("FAILED")], {}, false],
    ["retried, in KILLED", [run("FAILED", "SUCCESS")], { in: ["KILLED"] }, false],
    ["retried, notIn both states", [run("FAILED", "SUCCESS")], { notIn: ["FAILED", "SUCCESS"] }, false],
    ["retried, notIn one state", [run("FAILED", "SUCCESS")], { notIn: ["FAILED"] }, true],
    ["second run retried", [run("SUCCESS"), run("FAILED", "FAILED", "WARNING")], { in: ["WARNING"] }, true],
  ];
  for (const [name, taskRunList, filter, expected] of table) {
    test(`${name} -> ${expected}`, () => {
      expect(hasRetryAttempt.test(filter as never, withExecution({ taskRunList }))).toBe(expected);
    });
  }
  test("no task runs throws", () => {
    expect(() => hasRetryAttempt.test({}, withExecution({ taskRunList: [] }))).toThrow("task runs");
    expect(() => hasRetryAttempt.test({}, withExecution())).toThrow("task runs");
    expect(() => hasRetryAttempt.test({}, noExecution)).toThrow();
  });
});

describe("FlowCondition and FlowNamespaceCondition (§3.16-3.17): the owning flow", () => {
  const owning = conditionContext({}, { flow: { id: "downstream", namespace: "company.team" }, execution: base });
  test("FlowCondition", () => {
    expect(flowCondition.test({ namespace: "company.team", flowId: "downstream" }, owning)).toBe(true);
    expect(flowCondition.test({ namespace: "company.team", flowId: "upstream" }, owning)).toBe(false);
    expect(flowCondition.test({ namespace: "company", flowId: "downstream" }, owning)).toBe(false);
  });
  test("FlowNamespaceCondition", () => {
    expect(flowNamespaceCondition.test({ namespace: "company.team" }, owning)).toBe(true);
    expect(flowNamespaceCondition.test({ namespace: "company" }, owning)).toBe(false);
    expect(flowNamespaceCondition.test({ namespace: "company", prefix: true }, owning)).toBe(true);
    expect(flowNamespaceCondition.test({ namespace: "other", prefix: true }, owning)).toBe(false);
  });
});

describe("aliases resolve through the registry", () => {
  const plugins = [
    executionStatus,
    executionFlow,
    executionNamespace,
    executionLabels,
    executionOutputs,
    hasRetryAttempt,
    flowCondition,
    flowNamespaceCondition,
  ];
  for (const plugin of plugins) {
    for (const name of [plugin.type, ...plugin.aliases]) {
      test(name, () => expect(lookupPlugin(name, "condition").plugin).toBe(plugin as never));
    }
  }
});
