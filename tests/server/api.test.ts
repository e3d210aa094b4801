/** Executions, logs, triggers, flows, health and the UI page, through `app.handle` on the real engine and SQLite. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { isTerminal } from "../../src/model/state.ts";
import { createTestApp, PUBLIC_URL, type TestApp } from "../helpers/server.ts";
import * as F from "./flows.ts";

const { NS } = F;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ flows: [F.ECHO, F.LOGS, F.INPUTS, F.WAIT] });
});
afterAll(() => t.close());

const json = async (res: Response) => (await res.json()) as any;

async function webhookRun(flow: string, body = "{}"): Promise<any> {
  const res = await t.call("POST", `/api/v1/main/executions/webhook/${NS}/${flow}/key-${flow}`, { body });
  expect(res.status).toBe(200);
  const { id } = await json(res);
  return waitTerminal(id);
}

async function waitTerminal(id: string): Promise<any> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const e = await t.engine.getExecution(id);
    if ((e && isTerminal(e.state.current)) || Date.now() > deadline) return e;
    await Bun.sleep(10);
  }
}

describe("executions", () => {
  test("GET /executions/{id}: the full execution with state.type, on both prefixes", async () => {
    const done = await webhookRun("echo", '{"a":1}');
    for (const base of ["/api/v1/main", "/api/v1"]) {
      const res = await t.call("GET", `${base}/executions/${done.id}`);
      expect(res.status).toBe(200);
      const e = await json(res);
      expect(e.id).toBe(done.id);
      expect(e.state.current).toBe("SUCCESS");
      expect(e.state.type).toBe("SUCCESS");
      expect(e.state.duration).toBeDefined();
      expect(e.taskRunList.map((r: any) => [r.taskId, r.state.current, r.state.type])).toEqual([
        ["echo", "SUCCESS", "SUCCESS"],
      ]);
      expect(e.trigger.variables.body).toEqual({ a: 1 });
      expect(e.labels[0]).toEqual({ key: "system.from", value: "trigger" });
      expect(e.url).toBe(`${PUBLIC_URL}/ui/main/executions/${NS}/echo/${done.id}`);
    }
  });

  test("GET /executions/{id}: unknown id → 404 JSON", async () => {
    const res = await t.call("GET", "/api/v1/main/executions/nope");
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({
      message: "Not Found: Execution nope not found",
      _links: { self: { href: "/api/v1/main/executions/nope" } },
    });
  });

  test("GET /executions/{id}/flow: the flow of the execution", async () => {
    const done = await webhookRun("echo");
    const flow = await json(await t.call("GET", `/api/v1/main/executions/${done.id}/flow`));
    expect([flow.namespace, flow.id, flow.revision, flow.triggers.length]).toEqual([NS, "echo", 1, 1]);
  });

  test("search: filters, paging, total; bad parameters → 400", async () => {
    await webhookRun("logs");
    const all = await json(await t.call("GET", `/api/v1/main/executions/search?namespace=${NS}&flowId=logs&size=100`));
    expect(all.total).toBeGreaterThanOrEqual(1);
    expect(all.results.every((e: any) => e.flowId === "logs")).toBe(true);
    const states = await json(
      await t.call("GET", `/api/v1/main/executions/search?namespace=${NS}&state=SUCCESS&state=FAILED`),
    );
    expect(states.results.every((e: any) => ["SUCCESS", "FAILED"].includes(e.state.current))).toBe(true);
    const page = await json(await t.call("GET", `/api/v1/main/executions/search?namespace=${NS}&page=1&size=1`));
    expect(page.results.length).toBe(1);
    for (const q of ["state=NOPE", "page=0", "size=abc"]) {
      const res = await t.call("GET", `/api/v1/main/executions/search?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect((await json(res)).message).toStartWith("Bad Request: ");
    }
  });

  test("POST /executions/{ns}/{flowId}: JSON or form inputs, ?wait=true, labels", async () => {
    const created = await t.call("POST", `/api/v1/main/executions/${NS}/inputs?labels=env:test`, {
      body: '{"count":3}',
      headers: { "content-type": "application/json" },
    });
    expect(created.status).toBe(200);
    const e = await json(created);
    expect(e.inputs).toEqual({ count: 3 });
    expect(e.labels).toContainEqual({ key: "env", value: "test" });
    const waited = await t.call("POST", `/api/v1/main/executions/${NS}/inputs?wait=true`, {
      body: "count=4",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect((await json(waited)).state.current).toBe("SUCCESS");
    const form = new FormData();
    form.set("count", "5");
    const multipart = await t.app.handle(
      new Request(`${PUBLIC_URL}/api/v1/main/executions/${NS}/inputs`, { method: "POST", body: form }),
    );
    expect((await json(multipart)).inputs).toEqual({ count: 5 });
  });

  test("POST /executions: invalid inputs → 422 naming each; unknown flow → 404; bad JSON → 400", async () => {
    const res = await t.call("POST", `/api/v1/main/executions/${NS}/inputs`, { body: '{"count":"abc"}' });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.message).toContain("count");
    expect(body._embedded.errors.map((e: any) => e.path)).toEqual(["inputs.count"]);
    expect((await t.call("POST", `/api/v1/main/executions/${NS}/nope`, { body: "{}" })).status).toBe(404);
    expect((await t.call("POST", `/api/v1/main/executions/${NS}/inputs`, { body: "{nope" })).status).toBe(400);
  });
});

describe("logs", () => {
  test("JSON list and text download, one line per log", async () => {
    const done = await webhookRun("logs");
    const list = await json(await t.call("GET", `/api/v1/main/logs/${done.id}`));
    expect(list.some((l: any) => l.taskId === "hello" && l.message === "hello <b>world</b>")).toBe(true);
    const res = await t.call("GET", `/api/v1/main/logs/${done.id}/download`);
    expect(res.headers.get("content-type")).toStartWith("text/plain");
    const lines = (await res.text()).trimEnd().split("\n");
    expect(lines).toContain(`${list.find((l: any) => l.taskId === "hello").timestamp} INFO [hello] hello <b>world</b>`);
  });
});

describe("triggers", () => {
  test("list, disable (webhook → 409), enable again; unknown → 404", async () => {
    const list = await json(await t.call("GET", `/api/v1/main/triggers/${NS}/echo`));
    expect(list).toEqual([expect.objectContaining({ triggerId: "hook", disabled: false })]);
    const off = await t.call("POST", `/api/v1/main/triggers/${NS}/echo/hook/disable`);
    expect(off.status).toBe(200);
    expect((await json(off)).disabled).toBe(true);
    const refused = await t.call("POST", `/api/v1/main/executions/webhook/${NS}/echo/key-echo`, { body: "{}" });
    expect(refused.status).toBe(409);
    expect((await json(await t.call("POST", `/api/v1/triggers/${NS}/echo/hook/enable`))).disabled).toBe(false);
    await webhookRun("echo");
    expect((await t.call("GET", `/api/v1/main/triggers/${NS}/nope`)).status).toBe(404);
    expect((await t.call("POST", `/api/v1/main/triggers/${NS}/echo/nope/disable`)).status).toBe(404);
  });
});

const FLOW = (id: string, message = "hi") => `id: ${id}
namespace: ${NS}.api
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: ${message}
`;

describe("flows", () => {
  test("create, conflict, get as JSON and YAML, update, list, delete", async () => {
    const created = await t.call("POST", "/api/v1/main/flows", {
      body: FLOW("one"),
      headers: { "content-type": "application/x-yaml" },
    });
    expect(created.status).toBe(200);
    expect(await json(created)).toMatchObject({ namespace: `${NS}.api`, id: "one", revision: 1 });
    const again = await t.call("POST", "/api/v1/main/flows", { body: FLOW("one") });
    expect(again.status).toBe(409);
    expect((await json(again)).message).toStartWith("Conflict: ");
    const got = await json(await t.call("GET", `/api/v1/main/flows/${NS}.api/one`));
    expect(got.tasks[0].id).toBe("log");
    expect(got.revision).toBe(1);
    const yaml = await t.call("GET", `/api/v1/main/flows/${NS}.api/one`, { headers: { accept: "application/x-yaml" } });
    expect(yaml.headers.get("content-type")).toBe("application/x-yaml");
    expect(await yaml.text()).toBe(FLOW("one"));
    const updated = await t.call("PUT", `/api/v1/main/flows/${NS}.api/one`, { body: FLOW("one", "hello") });
    expect((await json(updated)).revision).toBe(2);
    const mismatch = await t.call("PUT", `/api/v1/main/flows/${NS}.api/other`, { body: FLOW("one", "x") });
    expect(mismatch.status).toBe(422);
    const list = await json(await t.call("GET", `/api/v1/main/flows/${NS}.api`));
    expect(list.map((f: any) => [f.id, f.revision])).toEqual([["one", 2]]);
    expect((await t.call("DELETE", `/api/v1/main/flows/${NS}.api/one`)).status).toBe(204);
    expect((await t.call("GET", `/api/v1/main/flows/${NS}.api/one`)).status).toBe(404);
    expect((await t.call("DELETE", `/api/v1/main/flows/${NS}.api/one`)).status).toBe(404);
  });

  test("an invalid flow: 422 with line and column; validate answers the errors with 200", async () => {
    const bad = `id: bad\nnamespace: ${NS}.api\ntasks:\n  - id: x\n    type: io.kestra.plugin.core.nope.Nope\n`;
    const res = await t.call("POST", "/api/v1/main/flows", { body: bad });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.message).toStartWith("Invalid entity: Invalid flow: ");
    expect(body._embedded.errors[0]).toMatchObject({
      line: 5,
      column: expect.any(Number),
      path: expect.stringContaining("tasks[0]"),
    });
    const v = await t.call("POST", "/api/v1/main/flows/validate", { body: bad });
    expect(v.status).toBe(200);
    expect((await json(v))[0].line).toBe(5);
    expect(await json(await t.call("POST", "/api/v1/main/flows/validate", { body: FLOW("fine") }))).toEqual([]);
  });
});

describe("health, UI and unknown routes", () => {
  test("GET /health → UP", async () => {
    const res = await t.call("GET", "/health");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "UP" });
  });

  test("the execution page shows state, task runs, logs and escapes every value", async () => {
    const done = await webhookRun("logs");
    const res = await t.call("GET", `/ui/main/executions/${NS}/logs/${done.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/html");
    const page = await res.text();
    expect(page).toContain(done.id);
    expect(page).toContain("SUCCESS");
    expect(page).toContain("hello &lt;b&gt;world&lt;/b&gt;");
    expect(page).not.toContain("<b>world</b>");
    expect((await t.call("GET", `/ui/main/executions/${NS}/other/${done.id}`)).status).toBe(404);
  });

  test("unknown routes: 404 JSON; unmapped method on a known path: 404", async () => {
    const res = await t.call("GET", "/nothing");
    expect(res.status).toBe(404);
    expect((await json(res)).message).toBe("Not Found: Page Not Found");
    expect((await t.call("GET", "/api/v1/main/nothing")).status).toBe(404);
    expect((await t.call("GET", "/api/v1/other/flows/x")).status).toBe(400);
  });
});
