/** The Flow trigger on a real engine and SQLite file: Kestra's scenarios F7, F9 (states) and F10 (chains). */
import { describe, expect, test } from "bun:test";
import type { Engine } from "../../src/engine/index.ts";
import type { Execution } from "../../src/model/execution.ts";
import { isTerminal } from "../../src/model/state.ts";
import { engines } from "../helpers/engine.ts";

const { setup } = engines();

/** the ended executions of a flow, once `count` of them exist and every one is terminal (or after 5 s) */
async function ended(engine: Engine, namespace: string, flowId: string, count: number): Promise<Execution[]> {
  let found: Execution[] = [];
  for (let i = 0; i < 100; i++) {
    found = (await engine.searchExecutions({ namespace, flowId, size: 100 })).results;
    const full = await Promise.all(found.map((e) => engine.getExecution(e.id)));
    found = full.filter((e): e is Execution => e !== undefined);
    if (found.length >= count && found.every((e) => isTerminal(e.state.current))) break;
    await Bun.sleep(50);
  }
  return found;
}

const UPSTREAM = `
id: trigger-flow
namespace: io.kestra.tests.trigger
labels:
  team: data
tasks:
  - id: out
    type: io.kestra.plugin.core.output.OutputValues
    values:
      some: value
outputs:
  - id: some
    type: STRING
    value: "{{ outputs.out.values.some }}"
`;

async function runUpstream(engine: Engine): Promise<Execution> {
  const r = await engine.createExecution("main", "io.kestra.tests.trigger", "trigger-flow", {}, { wait: true });
  if ("error" in r) throw r.error;
  return r.execution;
}

describe("Flow trigger", () => {
  test("F10: a listener gets the upstream's id, namespace, flow, state, labels, outputs and its inputs", async () => {
    const engine = await setup(
      UPSTREAM,
      `
id: trigger-flow-listener
namespace: io.kestra.tests.trigger
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
        namespace: io.kestra.tests.trigger
        flowId: trigger-flow
`,
    );
    const up = await runUpstream(engine);
    expect(up.state.current).toBe("SUCCESS");
    const [listener] = await ended(engine, "io.kestra.tests.trigger", "trigger-flow-listener", 1);
    expect(listener?.state.current).toBe("SUCCESS");
    expect(listener?.taskRunList[0]?.outputs).toEqual({ value: `childs: from parents: ${up.id}` });
    expect(listener?.trigger).toEqual({
      id: "listen-flow",
      type: "io.kestra.plugin.core.trigger.Flow",
      variables: {
        executionId: up.id,
        namespace: "io.kestra.tests.trigger",
        flowId: "trigger-flow",
        flowRevision: 1,
        state: "SUCCESS",
        executionLabels: { team: "data", system: { correlationId: up.id } },
        outputs: { some: "value" },
      },
    });
    // the correlation id follows the chain
    expect(listener?.labels.find((l) => l.key === "system.correlationId")?.value).toBe(up.id);
  });

  test("F9: `states` picks which state changes fire (RUNNING then SUCCESS), in order", async () => {
    const engine = await setup(
      UPSTREAM,
      `
id: listener-states
namespace: io.kestra.tests
tasks:
  - id: status
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.state }}"
triggers:
  - id: on-states
    type: io.kestra.plugin.core.trigger.Flow
    states: [RUNNING, SUCCESS]
`,
    );
    await runUpstream(engine);
    const runs = await ended(engine, "io.kestra.tests", "listener-states", 2);
    const states = runs
      .map((e) => e.taskRunList[0]?.outputs?.value)
      .sort((a, b) => (a === "RUNNING" ? -1 : b === "RUNNING" ? 1 : 0));
    expect(states).toEqual(["RUNNING", "SUCCESS"]);
  });

  test("F7 and defaults: without `states`, one execution per ended upstream; a disabled trigger never fires", async () => {
    const engine = await setup(
      UPSTREAM,
      `
id: listener-default
namespace: io.kestra.tests
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: "{{ trigger.flowId }} ended {{ trigger.state }}"
triggers:
  - id: on-end
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionNamespace
        namespace: io.kestra.tests.trigger
`,
      `
id: listener-disabled
namespace: io.kestra.tests
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: never
triggers:
  - id: off
    type: io.kestra.plugin.core.trigger.Flow
    disabled: true
`,
    );
    await runUpstream(engine);
    const runs = await ended(engine, "io.kestra.tests", "listener-default", 1);
    await Bun.sleep(200);
    expect((await engine.searchExecutions({ namespace: "io.kestra.tests", flowId: "listener-default" })).total).toBe(1);
    expect(runs[0]?.trigger?.variables.state).toBe("SUCCESS");
    expect((await engine.searchExecutions({ namespace: "io.kestra.tests", flowId: "listener-disabled" })).total).toBe(
      0,
    );
  });

  test("a chain: A ends → B runs → C listens to B only", async () => {
    const engine = await setup(
      UPSTREAM,
      `
id: b
namespace: io.kestra.tests.chain
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: b
triggers:
  - id: after-a
    type: io.kestra.plugin.core.trigger.Flow
    states: [SUCCESS]
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: io.kestra.tests.trigger
        flowId: trigger-flow
`,
      `
id: c
namespace: io.kestra.tests.chain
tasks:
  - id: say
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.flowId }}"
triggers:
  - id: after-b
    type: io.kestra.plugin.core.trigger.Flow
    states: [SUCCESS]
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: io.kestra.tests.chain
        flowId: b
`,
    );
    const up = await runUpstream(engine);
    const [c] = await ended(engine, "io.kestra.tests.chain", "c", 1);
    expect(c?.taskRunList[0]?.outputs).toEqual({ value: "b" });
    expect(c?.labels.find((l) => l.key === "system.correlationId")?.value).toBe(up.id);
  });

  test("F8: a listener sees QUEUED, RUNNING and SUCCESS of a flow with a concurrency limit", async () => {
    const engine = await setup(
      `
id: limited
namespace: io.kestra.tests
concurrency:
  limit: 1
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT0.2S
`,
      `
id: listener-limited
namespace: io.kestra.tests
tasks:
  - id: seen
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.state }} {{ trigger.executionId }}"
triggers:
  - id: on-limited
    type: io.kestra.plugin.core.trigger.Flow
    states: [QUEUED, RUNNING, SUCCESS]
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: io.kestra.tests
        flowId: limited
`,
    );
    const one = await engine.createExecution("main", "io.kestra.tests", "limited", {});
    if ("error" in one) throw one.error;
    for (let i = 0; i < 50 && (await engine.getExecution(one.execution.id))?.state.current !== "RUNNING"; i++)
      await Bun.sleep(10);
    const two = await engine.createExecution("main", "io.kestra.tests", "limited", {}, { wait: true });
    if ("error" in two) throw two.error;
    expect(two.execution.state.histories.map((h) => h.state)).toEqual(["CREATED", "QUEUED", "RUNNING", "SUCCESS"]);
    const seen = (await ended(engine, "io.kestra.tests", "listener-limited", 5)).map(
      (e) => e.taskRunList[0]?.outputs?.value,
    );
    const a = one.execution.id;
    const b = two.execution.id;
    expect(seen.sort()).toEqual([`QUEUED ${b}`, `RUNNING ${a}`, `RUNNING ${b}`, `SUCCESS ${a}`, `SUCCESS ${b}`].sort());
  });
});
