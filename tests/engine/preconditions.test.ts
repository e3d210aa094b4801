/**
 * Flow-trigger preconditions on a real engine and SQLite file, with an injected clock: Kestra's F1, F2, F5, F6,
 * window expiry, resetOnSuccess false, a restart in the middle of a window, and two upstream executions at once.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type Engine } from "../../src/engine/index.ts";
import { silentLogger } from "../../src/lib/log.ts";
import type { Execution } from "../../src/model/execution.ts";
import { isTerminal } from "../../src/model/state.ts";
import { openSqliteStore } from "../../src/storage/sqlite/index.ts";
import type { Store } from "../../src/storage/types.ts";

const NS = "io.kestra.tests.pre";
const open: { engine: Engine; store: Store }[] = [];
const dirs: string[] = [];
let clock = new Date("2026-05-04T10:00:00Z");
const now = () => clock;

async function start(dir: string, flows: string[]) {
  const store = await openSqliteStore(join(dir, "perch.db"));
  const engine = await createEngine({ store, logger: silentLogger, timeZone: "UTC", now });
  open.push({ engine, store });
  for (const f of flows) expect((await engine.saveFlow(f)).errors).toEqual([]);
  return engine;
}

async function setup(...flows: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "perch-pre-"));
  dirs.push(dir);
  return { engine: await start(dir, flows), dir };
}

afterEach(async () => {
  for (const { engine, store } of open.splice(0)) {
    await engine.stop(1000);
    await store.close();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  clock = new Date("2026-05-04T10:00:00Z");
});

const FLOW_A = `
id: flow-a
namespace: ${NS}
labels:
  some: label
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: a
`;
const FLOW_B = `
id: flow-b
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
`;
const FLOW_C = `
id: flow-c
namespace: ${NS}
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: c
`;

function listener(extra = "", where = "") {
  return `
id: listen
namespace: ${NS}
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
${where}${extra}`;
}

async function run(engine: Engine, flowId: string): Promise<Execution> {
  const r = await engine.createExecution("main", NS, flowId, {}, { wait: true });
  if ("error" in r) throw r.error;
  expect(r.execution.state.current).toBe("SUCCESS");
  return r.execution;
}

/** listener executions once things settled: waits until `count` exist (or 1 s) and every one ended */
async function listeners(engine: Engine, count: number): Promise<Execution[]> {
  let list: Execution[] = [];
  for (let i = 0; i < 40; i++) {
    const found = (await engine.searchExecutions({ namespace: NS, flowId: "listen", size: 100 })).results;
    list = (await Promise.all(found.map((e) => engine.getExecution(e.id)))).filter((e): e is Execution => !!e);
    if (list.length >= count && list.every((e) => isTerminal(e.state.current))) break;
    await Bun.sleep(25);
  }
  await Bun.sleep(count === 0 ? 100 : 50);
  return (await engine.searchExecutions({ namespace: NS, flowId: "listen", size: 100 })).results.length === list.length
    ? list
    : listeners(engine, count);
}

describe("preconditions", () => {
  test("F1: a, a, then b → one listener execution, with b's outputs", async () => {
    const { engine } = await setup(FLOW_A, FLOW_B, listener());
    await run(engine, "flow-a");
    await run(engine, "flow-a");
    expect(await listeners(engine, 0)).toHaveLength(0);
    await run(engine, "flow-b");
    const fired = await listeners(engine, 1);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.state.current).toBe("SUCCESS");
    expect(fired[0]!.trigger?.variables.outputs).toEqual({ some: "value" });
    expect(fired[0]!.taskRunList[0]!.outputs).toEqual({ value: "value" });
  });

  test("F2: b first, then a → fires with the outputs b left in the window", async () => {
    const { engine } = await setup(FLOW_A, FLOW_B, listener());
    await run(engine, "flow-b");
    await run(engine, "flow-a");
    const fired = await listeners(engine, 1);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.trigger?.variables.outputs).toEqual({ some: "value" });
    expect(fired[0]!.trigger?.variables.flowId).toBe("flow-a");
  });

  test("where filters count as sub-conditions (F1's second form); an OR of filters", async () => {
    const where = `      where:
        - id: from-c
          operand: OR
          filters:
            - field: FLOW_ID
              type: EQUAL_TO
              value: flow-c
            - field: EXPRESSION
              type: IS_TRUE
              value: "{{ trigger.flowId == 'nothing' }}"
`;
    const { engine } = await setup(FLOW_A, FLOW_B, FLOW_C, listener("", where));
    await run(engine, "flow-a");
    await run(engine, "flow-b");
    expect(await listeners(engine, 0)).toHaveLength(0);
    await run(engine, "flow-c");
    expect(await listeners(engine, 1)).toHaveLength(1);
  });

  test("a day window expires: a on one day and b on the next do not fire; a again then does", async () => {
    const { engine } = await setup(FLOW_A, FLOW_B, listener());
    await run(engine, "flow-a");
    clock = new Date("2026-05-05T09:00:00Z");
    await run(engine, "flow-b");
    expect(await listeners(engine, 0)).toHaveLength(0);
    await run(engine, "flow-a");
    expect(await listeners(engine, 1)).toHaveLength(1);
  });

  test("resetOnSuccess true (default): after firing, both are needed again", async () => {
    const { engine } = await setup(FLOW_A, FLOW_B, listener());
    await run(engine, "flow-a");
    await run(engine, "flow-b");
    await run(engine, "flow-b");
    expect(await listeners(engine, 1)).toHaveLength(1);
    await run(engine, "flow-a");
    expect(await listeners(engine, 2)).toHaveLength(2);
  });

  test("resetOnSuccess false: fires again when a condition is met again, never for an unrelated execution", async () => {
    const { engine } = await setup(FLOW_A, FLOW_B, FLOW_C, listener("      resetOnSuccess: false\n"));
    await run(engine, "flow-a");
    await run(engine, "flow-b");
    expect(await listeners(engine, 1)).toHaveLength(1);
    await run(engine, "flow-c");
    expect(await listeners(engine, 1)).toHaveLength(1);
    await run(engine, "flow-b");
    expect(await listeners(engine, 2)).toHaveLength(2);
  });

  test("a SLIDING_WINDOW looks back: b within an hour of a fires, later it does not", async () => {
    const sliding = "      timeWindow:\n        type: SLIDING_WINDOW\n        window: PT1H\n";
    const { engine } = await setup(FLOW_A, FLOW_B, listener(sliding));
    await run(engine, "flow-a");
    clock = new Date("2026-05-04T11:30:00Z");
    await run(engine, "flow-b");
    expect(await listeners(engine, 0)).toHaveLength(0);
    clock = new Date("2026-05-04T12:00:00Z");
    await run(engine, "flow-a");
    expect(await listeners(engine, 1)).toHaveLength(1);
  });

  test("a restart in the middle of a window keeps what was seen", async () => {
    const { engine, dir } = await setup(FLOW_A, FLOW_B, listener());
    await run(engine, "flow-a");
    const first = open.pop()!;
    await first.engine.stop(1000);
    await first.store.close();
    const engine2 = await start(dir, []);
    await run(engine2, "flow-b");
    expect(await listeners(engine2, 1)).toHaveLength(1);
  });

  test("two upstream executions completing the set at the same moment fire once", async () => {
    const { engine } = await setup(FLOW_A, FLOW_B, listener());
    await run(engine, "flow-a");
    await Promise.all([run(engine, "flow-b"), run(engine, "flow-b"), run(engine, "flow-b")]);
    expect(await listeners(engine, 1)).toHaveLength(1);
  });

  test("F5/F6: two Flow triggers on one upstream flow, SUCCESS vs FAILED: only the matching one fires", async () => {
    const { engine } = await setup(
      FLOW_A,
      `
id: listen
namespace: ${NS}
tasks:
  - id: seen
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.state }}"
triggers:
  - id: on-success
    type: io.kestra.plugin.core.trigger.Flow
    states: [SUCCESS]
    preconditions:
      id: ok
      flows:
        - namespace: ${NS}
          flowId: flow-a
  - id: on-failure
    type: io.kestra.plugin.core.trigger.Flow
    states: [FAILED]
    preconditions:
      id: ko
      flows:
        - namespace: ${NS}
          flowId: flow-a
`,
    );
    await run(engine, "flow-a");
    const fired = await listeners(engine, 1);
    expect(fired.map((e) => e.trigger?.id)).toEqual(["on-success"]);
  });

  test("legacy MultipleCondition in `conditions` runs on the same windows", async () => {
    const { engine } = await setup(
      FLOW_A,
      FLOW_B,
      `
id: listen
namespace: ${NS}
tasks:
  - id: seen
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.outputs.some ?? 'none' }}"
triggers:
  - id: legacy
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionStatus
        in: [SUCCESS]
      - type: io.kestra.core.models.conditions.types.MultipleCondition
        id: both
        window: PT1H
        conditions:
          flow-a:
            type: io.kestra.plugin.core.condition.ExecutionFlow
            namespace: ${NS}
            flowId: flow-a
          flow-b:
            type: io.kestra.core.models.conditions.types.ExecutionFlowCondition
            namespace: ${NS}
            flowId: flow-b
`,
    );
    await run(engine, "flow-a");
    expect(await listeners(engine, 0)).toHaveLength(0);
    clock = new Date("2026-05-04T10:59:00Z");
    await run(engine, "flow-b");
    const fired = await listeners(engine, 1);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.taskRunList[0]!.outputs).toEqual({ value: "value" });
    // the next hour is a new window: b alone does not fire
    clock = new Date("2026-05-04T11:01:00Z");
    await run(engine, "flow-b");
    expect(await listeners(engine, 1)).toHaveLength(1);
  });

  test("validation: an empty precondition and a bad time window are refused with their reasons", async () => {
    const { engine } = await setup();
    const r = engine.validateFlow(`
id: bad
namespace: ${NS}
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: hi
triggers:
  - id: t
    type: io.kestra.plugin.core.trigger.Flow
    preconditions:
      id: p
      timeWindow:
        type: DAILY_TIME_DEADLINE
        window: PT1H
`);
    const text = r.errors.map((e) => e.message).join("\n");
    expect(text).toContain("list at least one upstream flow");
    expect(text).toContain("DAILY_TIME_DEADLINE");
  });
});
