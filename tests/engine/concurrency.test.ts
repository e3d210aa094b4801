/** Flow `concurrency` on a real engine and SQLite file: a burst never runs more than `limit` at once (QUEUE). */
import { describe, expect, test } from "bun:test";
import type { Engine } from "../../src/engine/index.ts";
import type { Execution } from "../../src/model/execution.ts";
import { isTerminal } from "../../src/model/state.ts";
import { engines } from "../helpers/engine.ts";

const { setup } = engines();

const limited = (behavior: string) => `
id: limited
namespace: t
concurrency:
  limit: 2
  behavior: ${behavior}
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT0.02S
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
`;

const call = () => ({
  tenantId: "main",
  namespace: "t",
  flowId: "limited",
  key: "k",
  method: "POST",
  headers: [] as [string, string][],
  query: [] as [string, string][],
  body: "{}",
  receivedAt: new Date(),
});

async function allEnded(engine: Engine, ids: string[]): Promise<Execution[]> {
  const out: Execution[] = [];
  for (const id of ids) {
    const e = await engine.waitForEnd(id, 20_000);
    if (!e) throw new Error(`no execution ${id}`);
    out.push(e.state.current && isTerminal(e.state.current) ? e : ((await engine.getExecution(id)) as Execution));
  }
  return out;
}

/** the largest number of executions RUNNING at the same time, from their state histories */
function maxOverlap(executions: Execution[]): number {
  const events: [number, number][] = [];
  for (const e of executions) {
    const start = e.state.histories.find((h) => h.state === "RUNNING");
    const end = e.state.histories[e.state.histories.length - 1];
    if (!start || !end) continue;
    events.push([Date.parse(start.date), 1], [Date.parse(end.date), -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (now += d));
  return max;
}

describe("flow concurrency", () => {
  test("QUEUE: 200 calls at once all end SUCCESS, never more than 2 running", async () => {
    const engine = await setup(limited("QUEUE"));
    const results = await Promise.all(Array.from({ length: 200 }, () => engine.handleWebhook(call())));
    const ids = results.map((r) => (r.kind === "created" ? r.execution.id : ""));
    expect(ids.filter(Boolean)).toHaveLength(200);
    const ended = await allEnded(engine, ids);
    expect(ended.filter((e) => e.state.current === "SUCCESS")).toHaveLength(200);
    expect(maxOverlap(ended)).toBeLessThanOrEqual(2);
    const queued = ended.filter((e) => e.state.histories.some((h) => h.state === "QUEUED"));
    expect(queued.length).toBeGreaterThanOrEqual(190);
    for (const e of queued)
      expect(e.state.histories.map((h) => h.state)).toEqual(["CREATED", "QUEUED", "RUNNING", "SUCCESS"]);
  }, 60_000);

  test("CANCEL and FAIL: past the limit, executions end at once", async () => {
    for (const [behavior, state] of [
      ["CANCEL", "CANCELLED"],
      ["FAIL", "FAILED"],
    ]) {
      const engine = await setup(limited(behavior!));
      const results = await Promise.all(Array.from({ length: 5 }, () => engine.handleWebhook(call())));
      const ended = await allEnded(
        engine,
        results.map((r) => (r.kind === "created" ? r.execution.id : "")),
      );
      expect(ended.filter((e) => e.state.current === "SUCCESS")).toHaveLength(2);
      expect(ended.filter((e) => e.state.current === state)).toHaveLength(3);
    }
  });
});
