/**
 * Kestra's Flow-trigger scenarios of spec §10.3 on the real server (a child process, HTTP only): F1, F2 (merged
 * outputs), F3 (PAUSED), F5/F6 (SUCCESS vs FAILED triggers), F7 (conditions only), F8 (concurrency limit),
 * F9 (pause states), F10 (inputs from the upstream, namespace listener along a chain). F4 (ForEachItem) is in
 * flow-trigger-f4.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type PerchProcess, startPerch } from "../helpers/server.ts";
import { getJson, waitTerminal } from "./harness.ts";

const NS = "io.kestra.tests.ft";
let server: PerchProcess;
let base: string;

const flows: Record<string, string> = {
  "flow-a.yml": `id: flow-a
namespace: ${NS}
labels:
  some: label
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: a
`,
  "flow-b.yml": `id: flow-b
namespace: ${NS}
tasks:
  - id: out
    type: io.kestra.plugin.core.output.OutputValues
    values:
      some: value
outputs:
  - id: some
    type: STRING
    value: "{{ outputs.out.values.some }}"
`,
  "flow-fail.yml": `id: flow-fail
namespace: ${NS}
tasks:
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
`,
  "listen-both.yml": `id: listen-both
namespace: ${NS}.listeners
tasks:
  - id: seen
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.outputs.some ?? 'none' }}"
triggers:
  - id: both
    type: io.kestra.plugin.core.trigger.Flow
    preconditions:
      id: both
      flows:
        - namespace: ${NS}
          flowId: flow-a
          states: [SUCCESS]
        - namespace: ${NS}
          flowId: flow-b
          states: [SUCCESS]
      where:
        - id: in-namespace
          filters:
            - field: NAMESPACE
              type: EQUAL_TO
              value: ${NS}
`,
  "listen-outcome.yml": `id: listen-outcome
namespace: ${NS}.listeners
tasks:
  - id: seen
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.state }}"
triggers:
  - id: on_completion
    type: io.kestra.plugin.core.trigger.Flow
    states: [SUCCESS]
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: ${NS}
        flowId: flow-fail
  - id: on_failure
    type: io.kestra.plugin.core.trigger.Flow
    states: [FAILED]
    preconditions:
      id: failures
      flows:
        - namespace: ${NS}
          flowId: flow-fail
`,
  "paused.yml": `id: paused
namespace: ${NS}.pause
tasks:
  - id: hold
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT0.2S
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: done
`,
  "listen-paused.yml": `id: listen-paused
namespace: ${NS}.listeners
tasks:
  - id: seen
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.state }}"
triggers:
  - id: on-pause
    type: io.kestra.plugin.core.trigger.Flow
    preconditions:
      id: paused
      flows:
        - namespace: ${NS}.pause
          flowId: paused
          states: [PAUSED]
  - id: all-states
    type: io.kestra.plugin.core.trigger.Flow
    states: [RUNNING, PAUSED, SUCCESS, WARNING, FAILED]
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: ${NS}.pause
        flowId: paused
`,
  "limited.yml": `id: limited
namespace: ${NS}.limit
concurrency:
  limit: 1
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT0.3S
`,
  "listen-limited.yml": `id: listen-limited
namespace: ${NS}.listeners
tasks:
  - id: seen
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.state }} {{ trigger.executionId }}"
triggers:
  - id: on-limited
    type: io.kestra.plugin.core.trigger.Flow
    states: [QUEUED, RUNNING, SUCCESS]
    preconditions:
      id: limited
      flows:
        - namespace: ${NS}.limit
          flowId: limited
          states: [QUEUED, RUNNING, SUCCESS]
`,
  "trigger-flow.yml": `id: trigger-flow
namespace: ${NS}.chain
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: parent
`,
  "trigger-flow-listener.yml": `id: trigger-flow-listener
namespace: ${NS}.chain
inputs:
  - id: from-parent
    type: STRING
tasks:
  - id: only-listener
    type: io.kestra.plugin.core.debug.Return
    format: "childs: {{ inputs['from-parent'] }}"
triggers:
  - id: listen-flow
    type: io.kestra.plugin.core.trigger.Flow
    inputs:
      from-parent: "from parents: {{ trigger.executionId }}"
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionStatus
        in: [SUCCESS]
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: ${NS}.chain
        flowId: trigger-flow
`,
  "trigger-flow-listener-namespace.yml": `id: trigger-flow-listener-namespace
namespace: ${NS}.chain
tasks:
  - id: seen
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.flowId }}"
triggers:
  - id: namespace
    type: io.kestra.plugin.core.trigger.Flow
    states: [SUCCESS]
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionNamespace
        namespace: ${NS}.chain
        prefix: true
`,
};

beforeAll(async () => {
  server = await startPerch({ flows });
  base = server.url.replace(/\/+$/, "");
});

afterAll(async () => {
  await server?.stop();
});

async function run(namespace: string, flowId: string, wait = true): Promise<any> {
  const res = await fetch(`${base}/api/v1/main/executions/${namespace}/${flowId}${wait ? "?wait=true" : ""}`, {
    method: "POST",
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** executions of a flow once at least `count` exist and all ended, after a short quiet time */
async function executions(namespace: string, flowId: string, count: number): Promise<any[]> {
  const search = async () =>
    (await getJson(`${base}/api/v1/main/executions/search?namespace=${namespace}&flowId=${flowId}&size=100`)).body
      .results as any[];
  for (let i = 0; i < 100 && (await search()).length < count; i++) await Bun.sleep(30);
  await Bun.sleep(150);
  const list = await search();
  return Promise.all(list.map((e) => waitTerminal(base, e.id)));
}

const values = (list: any[]) => list.map((e) => e.taskRunList?.[0]?.outputs?.value).sort();

describe("Flow-trigger scenarios (spec §10.3) on the real server", () => {
  test("F1/F2: a, a, b → one listener with b's outputs; then b, a → one more, outputs kept by the window", async () => {
    await run(NS, "flow-a");
    await run(NS, "flow-a");
    await run(NS, "flow-b");
    const first = await executions(`${NS}.listeners`, "listen-both", 1);
    expect(first).toHaveLength(1);
    expect(first[0].state.current).toBe("SUCCESS");
    expect(first[0].trigger.variables.outputs).toEqual({ some: "value" });
    await run(NS, "flow-b");
    await run(NS, "flow-a");
    const both = await executions(`${NS}.listeners`, "listen-both", 2);
    expect(values(both)).toEqual(["value", "value"]);
  });

  test("F5/F6: the FAILED trigger fires for a failure, the SUCCESS one does not", async () => {
    const failed = await run(NS, "flow-fail");
    expect(failed.state.current).toBe("FAILED");
    const list = await executions(`${NS}.listeners`, "listen-outcome", 1);
    expect(list.map((e) => e.trigger.id)).toEqual(["on_failure"]);
  });

  test("F3/F9: a paused upstream: preconditions on PAUSED fire once; states see RUNNING, PAUSED, RUNNING, SUCCESS", async () => {
    await run(`${NS}.pause`, "paused");
    const list = await executions(`${NS}.listeners`, "listen-paused", 5);
    const byTrigger = (id: string) => list.filter((e) => e.trigger.id === id);
    expect(values(byTrigger("on-pause"))).toEqual(["PAUSED"]);
    expect(values(byTrigger("all-states"))).toEqual(["PAUSED", "RUNNING", "RUNNING", "SUCCESS"].sort());
  });

  test("F8: a concurrency-limited upstream: QUEUED, RUNNING and SUCCESS are all seen", async () => {
    const one = await run(`${NS}.limit`, "limited", false);
    await Bun.sleep(50);
    const two = await run(`${NS}.limit`, "limited");
    expect(two.state.histories.map((h: any) => h.state)).toEqual(["CREATED", "QUEUED", "RUNNING", "SUCCESS"]);
    const list = await executions(`${NS}.listeners`, "listen-limited", 5);
    expect(values(list)).toEqual(
      [`RUNNING ${one.id}`, `SUCCESS ${one.id}`, `QUEUED ${two.id}`, `RUNNING ${two.id}`, `SUCCESS ${two.id}`].sort(),
    );
  });

  test("F7/F10: inputs from the upstream; the namespace listener follows the chain", async () => {
    const parent = await run(`${NS}.chain`, "trigger-flow");
    const [child] = await executions(`${NS}.chain`, "trigger-flow-listener", 1);
    expect(child.taskRunList[0].outputs).toEqual({ value: `childs: from parents: ${parent.id}` });
    expect(child.trigger.variables).toMatchObject({
      executionId: parent.id,
      namespace: `${NS}.chain`,
      flowId: "trigger-flow",
    });
    // the namespace listener fires for trigger-flow and for the listener it started, never for itself
    const ns = await executions(`${NS}.chain`, "trigger-flow-listener-namespace", 2);
    expect(values(ns)).toEqual(["trigger-flow", "trigger-flow-listener"]);
  });
});
