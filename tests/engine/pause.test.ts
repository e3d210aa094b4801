/**
 * The Pause task on a real engine and SQLite file: pauseDuration and its behaviors, a resume through the HTTP API
 * with onResume inputs, `wait: true` waiting through PAUSED, a restart while paused, and the Flow-trigger
 * scenarios F3 (preconditions on PAUSED) and F9 (RUNNING, PAUSED, RUNNING, SUCCESS).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createEngine } from "../../src/engine/index.ts";
import { silentLogger } from "../../src/lib/log.ts";
import type { Execution } from "../../src/model/execution.ts";
import { isTerminal } from "../../src/model/state.ts";
import { openSqliteStore } from "../../src/storage/sqlite/index.ts";
import { createTestApp, type TestApp } from "../helpers/server.ts";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function app(...flows: string[]) {
  const t = await createTestApp({ flows });
  apps.push(t);
  return t;
}

const paused = (extra: string, after = "") => `
id: paused
namespace: t
tasks:
  - id: hold
    type: io.kestra.plugin.core.flow.Pause
${extra}  - id: after
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.hold.onResume.reason ?? 'timer' }}"
${after}`;

async function start(t: TestApp, flowId = "paused"): Promise<string> {
  const r = await t.engine.createExecution("main", "t", flowId, {});
  if ("error" in r) throw r.error;
  return r.execution.id;
}

async function until(t: TestApp, id: string, ok: (e: Execution) => boolean): Promise<Execution> {
  for (let i = 0; i < 200; i++) {
    const e = await t.engine.getExecution(id);
    if (e && ok(e)) return e;
    await Bun.sleep(10);
  }
  throw new Error(`execution ${id} never reached the expected state`);
}

const states = (e: Execution) => e.state.histories.map((h) => h.state);

describe("Pause", () => {
  test("pauseDuration passes: PAUSED, then the flow goes on (behavior RESUME)", async () => {
    const t = await app(paused("    pauseDuration: PT0.1S\n"));
    const id = await start(t);
    expect((await until(t, id, (e) => e.state.current === "PAUSED")).taskRunList[0]!.state.current).toBe("PAUSED");
    const done = await until(t, id, (e) => isTerminal(e.state.current));
    expect(states(done)).toEqual(["CREATED", "RUNNING", "PAUSED", "RUNNING", "SUCCESS"]);
    expect(done.taskRunList.map((r) => [r.taskId, r.state.current])).toEqual([
      ["hold", "SUCCESS"],
      ["after", "SUCCESS"],
    ]);
    expect(done.taskRunList[1]!.outputs).toEqual({ value: "timer" });
  });

  for (const [behavior, final, ran] of [
    ["WARN", "WARNING", true],
    ["FAIL", "FAILED", false],
    ["CANCEL", "CANCELLED", false],
  ] as const) {
    test(`behavior ${behavior}: the execution ends ${final}`, async () => {
      const t = await app(paused(`    pauseDuration: PT0.05S\n    behavior: ${behavior}\n`));
      const done = await until(t, await start(t), (e) => isTerminal(e.state.current));
      expect(done.state.current).toBe(final);
      expect(done.taskRunList.some((r) => r.taskId === "after")).toBe(ran);
    });
  }

  test("resumed through the API with onResume inputs checked like flow inputs", async () => {
    const t = await app(
      paused(
        "    onResume:\n      - id: reason\n        type: STRING\n      - id: count\n        type: INT\n        required: false\n",
      ),
    );
    const id = await start(t);
    await until(t, id, (e) => e.state.current === "PAUSED");
    const bad = await t.call("POST", `/api/v1/main/executions/${id}/resume`, {
      body: JSON.stringify({ count: "many" }),
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(422);
    const text = await bad.text();
    expect(text).toContain("reason");
    expect(text).toContain("count");
    const ok = await t.call("POST", `/api/v1/main/executions/${id}/resume`, {
      body: JSON.stringify({ reason: "approved", count: 2 }),
      headers: { "content-type": "application/json" },
    });
    expect(ok.status).toBe(200);
    const done = await until(t, id, (e) => isTerminal(e.state.current));
    expect(states(done)).toEqual(["CREATED", "RUNNING", "PAUSED", "RESTARTED", "RUNNING", "SUCCESS"]);
    expect(done.taskRunList[0]!.outputs).toEqual({ onResume: { reason: "approved", count: 2 } });
    expect(done.taskRunList[1]!.outputs).toEqual({ value: "approved" });
    const again = await t.call("POST", `/api/v1/main/executions/${id}/resume`, { body: "{}" });
    expect(again.status).toBe(409);
  });

  test("a `wait: true` webhook waits through PAUSED", async () => {
    const t = await app(
      paused(
        "    pauseDuration: PT0.1S\n",
        "triggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: k\n    wait: true\n",
      ),
    );
    const res = await t.call("POST", "/api/v1/main/executions/webhook/t/paused/k", { body: "{}" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { state: { current: string } }).state.current).toBe("SUCCESS");
  });

  test("a restart while paused keeps the pause and its remaining duration", async () => {
    const t = await app(paused("    pauseDuration: PT0.3S\n"));
    const id = await start(t);
    await until(t, id, (e) => e.state.current === "PAUSED");
    await t.engine.stop(100);
    await t.store.close();
    const store = await openSqliteStore(`${t.dir}/perch.db`);
    const engine = await createEngine({ store, logger: silentLogger });
    try {
      const done = await engine.waitForEnd(id, 5000);
      expect(done?.state.current).toBe("SUCCESS");
    } finally {
      await engine.stop(100);
      await store.close();
    }
    apps.splice(apps.indexOf(t), 1);
  });
});

describe("Flow triggers around a pause", () => {
  const upstream = paused("    pauseDuration: PT0.1S\n");
  const listener = (trigger: string) => `
id: listener
namespace: t2
tasks:
  - id: seen
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.state }}"
triggers:
${trigger}`;

  async function seen(t: TestApp, count: number): Promise<string[]> {
    let list: Execution[] = [];
    for (let i = 0; i < 200; i++) {
      const found = (await t.engine.searchExecutions({ namespace: "t2", flowId: "listener", size: 50 })).results;
      list = (await Promise.all(found.map((e) => t.engine.getExecution(e.id)))) as Execution[];
      if (list.length >= count && list.every((e) => isTerminal(e.state.current))) break;
      await Bun.sleep(10);
    }
    await Bun.sleep(100);
    expect((await t.engine.searchExecutions({ namespace: "t2", flowId: "listener" })).total).toBe(count);
    return list
      .sort((a, b) => a.state.histories[0]!.date.localeCompare(b.state.histories[0]!.date))
      .map((e) => e.taskRunList[0]?.outputs?.value as string);
  }

  test("F3: preconditions on the upstream's PAUSED state fire once", async () => {
    const t = await app(
      upstream,
      listener(`  - id: on-pause
    type: io.kestra.plugin.core.trigger.Flow
    preconditions:
      id: paused
      flows:
        - namespace: t
          flowId: paused
          states: [PAUSED]
`),
    );
    await until(t, await start(t), (e) => isTerminal(e.state.current));
    expect(await seen(t, 1)).toEqual(["PAUSED"]);
  });

  test("F9: states [RUNNING, PAUSED, SUCCESS] see RUNNING, PAUSED, RUNNING, SUCCESS", async () => {
    const t = await app(
      upstream,
      listener(`  - id: on-states
    type: io.kestra.plugin.core.trigger.Flow
    states: [RUNNING, PAUSED, SUCCESS, WARNING, FAILED]
`),
    );
    await until(t, await start(t), (e) => isTerminal(e.state.current));
    // listeners start in the order of the upstream's states; two may share a millisecond, so compare the set
    expect((await seen(t, 4)).sort()).toEqual(["PAUSED", "RUNNING", "RUNNING", "SUCCESS"]);
  });
});
