/** Killing executions through the API: a running task is aborted, queued and paused ones stop, ended ones refuse. */
import { afterEach, describe, expect, test } from "bun:test";
import type { Execution } from "../../src/model/execution.ts";
import { isTerminal } from "../../src/model/state.ts";
import { createTestApp, type TestApp } from "../helpers/server.ts";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const FLOW = `
id: long
namespace: t
concurrency:
  limit: 1
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT30S
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: never
`;
const PAUSED = `
id: held
namespace: t
tasks:
  - id: hold
    type: io.kestra.plugin.core.flow.Pause
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: never
`;

async function start(t: TestApp, flowId: string): Promise<string> {
  const r = await t.engine.createExecution("main", "t", flowId, {});
  if ("error" in r) throw r.error;
  return r.execution.id;
}

async function until(t: TestApp, id: string, ok: (e: Execution) => boolean): Promise<Execution> {
  for (let i = 0; i < 300; i++) {
    const e = await t.engine.getExecution(id);
    if (e && ok(e)) return e;
    await Bun.sleep(10);
  }
  throw new Error(`execution ${id} never reached the expected state`);
}

const kill = (t: TestApp, id: string) => t.call("DELETE", `/api/v1/main/executions/${id}/kill`);

describe("kill", () => {
  test("a running Sleep is aborted at once; the next task never starts; a queued one is killed too", async () => {
    const t = await createTestApp({ flows: [FLOW] });
    apps.push(t);
    const running = await start(t, "long");
    await until(t, running, (e) => e.taskRunList[0]?.state.current === "RUNNING");
    const queued = await start(t, "long");
    await until(t, queued, (e) => e.state.current === "QUEUED");

    const res = await kill(t, running);
    expect(res.status).toBe(202);
    expect(((await res.json()) as { state: { current: string } }).state.current).toBe("KILLING");
    const killed = await until(t, running, (e) => isTerminal(e.state.current));
    expect(killed.state.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "KILLING", "KILLED"]);
    expect(killed.taskRunList.map((r) => [r.taskId, r.state.current])).toEqual([["nap", "KILLED"]]);
    // well before the 30 s sleep: the task really stopped
    const took = Date.parse(killed.state.histories.at(-1)!.date) - Date.parse(killed.state.histories[0]!.date);
    expect(took).toBeLessThan(10_000);

    // the queued one was started by the freed place; kill it as well
    await until(t, queued, (e) => e.state.current === "RUNNING" || e.state.current === "QUEUED");
    expect((await kill(t, queued)).status).toBe(202);
    expect((await until(t, queued, (e) => isTerminal(e.state.current))).state.current).toBe("KILLED");

    const again = await kill(t, running);
    expect(again.status).toBe(409);
    expect((await kill(t, "nope")).status).toBe(404);
  });

  test("a paused execution is killed without resuming", async () => {
    const t = await createTestApp({ flows: [PAUSED] });
    apps.push(t);
    const id = await start(t, "held");
    await until(t, id, (e) => e.state.current === "PAUSED");
    expect((await kill(t, id)).status).toBe(202);
    const done = await until(t, id, (e) => isTerminal(e.state.current));
    expect(done.state.current).toBe("KILLED");
    expect(done.taskRunList.map((r) => [r.taskId, r.state.current])).toEqual([["hold", "KILLED"]]);
  });
});
