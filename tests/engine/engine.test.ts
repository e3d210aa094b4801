/** The engine on a real SQLite file: flows in, webhook calls, executions out. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type Engine } from "../../src/engine/index.ts";
import type { WebhookRequest } from "../../src/engine/types.ts";
import { silentLogger } from "../../src/lib/log.ts";
import type { Execution } from "../../src/model/execution.ts";
import { openSqliteStore } from "../../src/storage/sqlite/index.ts";
import type { Store } from "../../src/storage/types.ts";

const dirs: string[] = [];
const open: { engine: Engine; store: Store }[] = [];

async function setup(now?: () => Date) {
  const dir = mkdtempSync(join(tmpdir(), "perch-engine-"));
  dirs.push(dir);
  const store = await openSqliteStore(join(dir, "perch.db"));
  const engine = await createEngine({
    store,
    logger: silentLogger,
    now,
    publicUrl: "http://perch.test",
    timeZone: "UTC",
  });
  open.push({ engine, store });
  return { engine, store, dir };
}

afterEach(async () => {
  for (const { engine, store } of open.splice(0)) {
    await engine.stop(1000);
    await store.close();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function call(path: { ns: string; flow: string; key: string }, extra: Partial<WebhookRequest> = {}): WebhookRequest {
  return {
    tenantId: "main",
    namespace: path.ns,
    flowId: path.flow,
    key: path.key,
    method: "POST",
    headers: [["Content-Type", "application/json"]],
    query: [],
    body: '{"hello":"world"}',
    receivedAt: new Date("2026-03-25T12:00:00Z"),
    ...extra,
  };
}

async function ended(engine: Engine, id: string): Promise<Execution> {
  const e = await engine.waitForEnd(id, 5000);
  if (!e) throw new Error(`execution ${id} not found`);
  return e;
}

const LOG_FLOW = `
id: hello
namespace: company.team
labels:
  team: core
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: "hello {{ trigger.body.hello }}"
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.headers['content-type'][0] }}"
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: k1
`;

describe("engine", () => {
  test("a webhook creates a stored execution that runs to SUCCESS with logs and outputs", async () => {
    const { engine, store } = await setup();
    const saved = await engine.saveFlow(LOG_FLOW);
    expect(saved.errors).toEqual([]);
    const r = await engine.handleWebhook(call({ ns: "company.team", flow: "hello", key: "k1" }));
    expect(r.kind).toBe("created");
    if (r.kind !== "created") return;
    expect(await store.getExecution(r.execution.id)).toBeDefined();
    expect(r.execution.labels).toEqual([
      { key: "system.from", value: "trigger" },
      { key: "team", value: "core" },
      { key: "system.correlationId", value: r.execution.id },
    ]);
    const e = await ended(engine, r.execution.id);
    expect(e.state.current).toBe("SUCCESS");
    expect(e.state.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "SUCCESS"]);
    expect(e.taskRunList.map((t) => [t.taskId, t.state.current])).toEqual([
      ["say", "SUCCESS"],
      ["ret", "SUCCESS"],
    ]);
    expect(e.taskRunList[1]!.outputs).toEqual({ value: "application/json" });
    const logs = await engine.getLogs(e.id);
    expect(logs.some((l) => l.message === "hello world" && l.taskId === "say")).toBe(true);
    expect(e.trigger?.variables.date).toBe("2026-03-25T12:00:00.000Z");
    expect(e.trigger?.logFile).toBe(`http://perch.test/api/v1/main/logs/${e.id}/download`);
  });

  test("order of checks: flow missing, wrong key", async () => {
    const { engine } = await setup();
    await engine.saveFlow(LOG_FLOW);
    const missing = await engine.handleWebhook(call({ ns: "company.team", flow: "nope", key: "k1" }));
    expect(missing.kind === "error" && missing.error.code).toBe("FLOW_NOT_FOUND");
    const wrong = await engine.handleWebhook(call({ ns: "company.team", flow: "hello", key: "k2" }));
    expect(wrong.kind === "error" && wrong.error.code).toBe("WEBHOOK_NOT_FOUND");
  });

  test("wait + returnOutputs returns the typed flow outputs; a failing flow gives 500", async () => {
    const { engine } = await setup();
    await engine.saveFlow(`
id: waiter
namespace: t
tasks:
  - id: out
    type: io.kestra.plugin.core.output.OutputValues
    values:
      answer: "{{ trigger.body.hello }}"
      code: 201
outputs:
  - id: answer
    type: STRING
    value: "{{ outputs.out.values.answer }}"
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
    wait: true
    returnOutputs: true
    responseCode: "{{ outputs.out.values.code }}"
`);
    const r = await engine.handleWebhook(call({ ns: "t", flow: "waiter", key: "k" }));
    expect(r.kind).toBe("finished");
    if (r.kind !== "finished") return;
    expect(r.status).toBe(201);
    expect(r.outputs).toEqual({ answer: "world" });

    await engine.saveFlow(`
id: failing
namespace: t
tasks:
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
    wait: true
`);
    const f = await engine.handleWebhook(call({ ns: "t", flow: "failing", key: "k" }));
    expect(f.kind === "finished" && f.status).toBe(500);
    expect(f.kind === "finished" && f.execution.state.current).toBe("FAILED");
  });

  test("stopAfter disables the trigger once an execution ends in a listed state", async () => {
    const { engine } = await setup();
    await engine.saveFlow(`
id: once
namespace: t
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: hi
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
    wait: true
    stopAfter: [SUCCESS]
`);
    const first = await engine.handleWebhook(call({ ns: "t", flow: "once", key: "k" }));
    expect(first.kind).toBe("finished");
    await Bun.sleep(50);
    const second = await engine.handleWebhook(call({ ns: "t", flow: "once", key: "k" }));
    expect(second.kind === "error" && second.error.code).toBe("TRIGGER_DISABLED");
    await engine.setTriggerDisabled("main", "t", "once", "hook", false);
    const third = await engine.handleWebhook(call({ ns: "t", flow: "once", key: "k" }));
    expect(third.kind).toBe("finished");
  });

  test("an execution left RUNNING by a crash is resumed by the next engine", async () => {
    const { engine, store, dir } = await setup();
    await engine.saveFlow(`
id: slow
namespace: t
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT0.2S
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: after
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
`);
    const r = await engine.handleWebhook(call({ ns: "t", flow: "slow", key: "k" }));
    if (r.kind !== "created") throw new Error(r.kind);
    await Bun.sleep(30);
    // no graceful end: the tasks are aborted and nothing is finished; the store keeps the RUNNING execution
    await engine.stop(0);
    open.pop();
    const mid = await store.getExecution(r.execution.id);
    expect(mid?.state.current).toBe("RUNNING");
    await store.close();
    const store2 = await openSqliteStore(join(dir, "perch.db"));
    const engine2 = await createEngine({ store: store2, logger: silentLogger, timeZone: "UTC" });
    open.push({ engine: engine2, store: store2 });
    const e = await ended(engine2, r.execution.id);
    expect(e.state.current).toBe("SUCCESS");
    expect(e.taskRunList.find((t) => t.taskId === "nap")?.state.histories.map((h) => h.state)).toContain("RESUBMITTED");
  });

  test("after a crash, task runs waiting for a free worker are not taken as done (RESUBMITTED is pending)", async () => {
    const { engine, store, dir } = await setup();
    await engine.saveFlow(`
id: slow
namespace: t
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT0.2S
  - id: say
    type: io.kestra.plugin.core.debug.Return
    format: "after {{ tasks.nap.state }}"
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
`);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await engine.handleWebhook(call({ ns: "t", flow: "slow", key: "k" }));
      if (r.kind !== "created") throw new Error(r.kind);
      ids.push(r.execution.id);
    }
    await Bun.sleep(30);
    await engine.stop(0);
    open.pop();
    await store.close();
    // one worker: two of the three resubmitted Sleeps wait in the queue while the first runs
    const store2 = await openSqliteStore(join(dir, "perch.db"));
    const engine2 = await createEngine({ store: store2, logger: silentLogger, timeZone: "UTC", workers: 1 });
    open.push({ engine: engine2, store: store2 });
    for (const id of ids) {
      const e = await ended(engine2, id);
      expect(e.state.current).toBe("SUCCESS");
      const nap = e.taskRunList.find((t) => t.taskId === "nap")!;
      expect(nap.state.current).toBe("SUCCESS");
      expect(nap.attempts.length).toBe(2);
      const say = e.taskRunList.find((t) => t.taskId === "say")!;
      expect(say.outputs).toEqual({ value: "after SUCCESS" });
      // `say` was created only once `nap` had ended
      const napEnd = nap.state.histories.at(-1)!.date;
      expect(say.state.histories[0]!.date >= napEnd).toBe(true);
    }
  });

  test("conditions not met: skipped, nothing stored", async () => {
    const { engine } = await setup();
    await engine.saveFlow(`
id: cond
namespace: t
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: hi
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
    conditions:
      - type: io.kestra.plugin.core.condition.Expression
        expression: "{{ trigger.body.hello == 'world' }}"
`);
    const yes = await engine.handleWebhook(call({ ns: "t", flow: "cond", key: "k" }));
    expect(yes.kind).toBe("created");
    const no = await engine.handleWebhook(call({ ns: "t", flow: "cond", key: "k" }, { body: '{"hello":"webhook"}' }));
    expect(no.kind).toBe("skipped");
    const broken = await engine.handleWebhook(call({ ns: "t", flow: "cond", key: "k" }, { body: undefined }));
    expect(broken.kind).toBe("skipped");
    expect((await engine.searchExecutions({ namespace: "t", flowId: "cond" })).total).toBe(1);
  });
});

describe("date conditions on webhooks (decision 6: trigger.date is the reception time)", () => {
  test("DateTimeBetween and DayWeek read trigger.date by default", async () => {
    const { engine } = await setup();
    // 2026-03-25T12:00:00Z, the reception time of call(), is a Wednesday
    await engine.saveFlow(`
id: dated
namespace: t
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: hi
triggers:
  - id: after2000
    type: io.kestra.plugin.core.trigger.Webhook
    key: after
    conditions:
      - type: io.kestra.plugin.core.condition.DateTimeBetween
        after: "2000-01-01T00:00:00Z"
      - type: io.kestra.plugin.core.condition.DayWeek
        dayOfWeek: WEDNESDAY
  - id: before2000
    type: io.kestra.plugin.core.trigger.Webhook
    key: before
    conditions:
      - type: io.kestra.plugin.core.condition.DateTimeBetween
        before: "2000-01-01T00:00:00Z"
  - id: weekend
    type: io.kestra.plugin.core.trigger.Webhook
    key: weekend
    conditions:
      - type: io.kestra.plugin.core.condition.Weekend
`);
    expect((await engine.handleWebhook(call({ ns: "t", flow: "dated", key: "after" }))).kind).toBe("created");
    expect((await engine.handleWebhook(call({ ns: "t", flow: "dated", key: "before" }))).kind).toBe("skipped");
    expect((await engine.handleWebhook(call({ ns: "t", flow: "dated", key: "weekend" }))).kind).toBe("skipped");
    const saturday = new Date("2026-03-28T12:00:00Z");
    expect(
      (await engine.handleWebhook(call({ ns: "t", flow: "dated", key: "weekend" }, { receivedAt: saturday }))).kind,
    ).toBe("created");
  });
});
