/** The webhook route through `app.handle` on the real engine and a real SQLite file: routing, statuses, bodies. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, PUBLIC_URL, type TestApp } from "../helpers/server.ts";
import * as F from "./flows.ts";

const { NS } = F;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    flows: [
      F.ECHO,
      F.WAIT,
      F.FAILED,
      F.OUTPUTS_JSON,
      F.OUTPUTS_TEXT,
      F.NO_OUTPUTS,
      F.NO_OUTPUTS_TEXT,
      F.SLEEP,
      F.CONDITION,
      F.INPUTS,
      F.DISABLED_FLOW,
    ],
    maxBodySize: 1024,
    waitLimitMs: 300,
  });
});
afterAll(() => t.close());

const hook = (flow: string, key = `key-${flow}`, base = "/api/v1/main") =>
  `${base}/executions/webhook/${NS}/${flow}/${key}`;
const count = async (flowId?: string) => (await t.engine.searchExecutions({ namespace: NS, flowId })).total;

describe("routes", () => {
  test("POST, GET and PUT on the main tenant and on the tenant-less alias create an execution", async () => {
    for (const base of ["/api/v1/main", "/api/v1"]) {
      for (const method of ["POST", "GET", "PUT"]) {
        const res = await t.call(method, hook("echo", "key-echo", base), method === "GET" ? {} : { body: "{}" });
        expect({ base, method, status: res.status }).toEqual({ base, method, status: 200 });
        const body = (await res.json()) as { id: string };
        expect(await t.engine.getExecution(body.id)).toBeDefined();
      }
    }
  });

  test("another tenant answers 400 with a JSON message", async () => {
    const res = await t.call("POST", `/api/v1/other/executions/webhook/${NS}/echo/key-echo`, { body: "{}" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: "Bad Request: Tenant must be 'main'",
      _links: { self: { href: `/api/v1/other/executions/webhook/${NS}/echo/***` } },
    });
  });

  test("an extra segment or a trailing slash answers 404 with no body", async () => {
    const before = await count("echo");
    for (const path of [
      `${hook("echo")}/`,
      `${hook("echo")}/extra`,
      `${hook("echo")}/extra/more`,
      `/api/v1/main/executions/webhook/${NS}/echo`,
    ]) {
      const res = await t.call("POST", path, { body: "{}" });
      expect({ path, status: res.status, text: await res.text() }).toEqual({ path, status: 404, text: "" });
    }
    expect(await count("echo")).toBe(before);
  });

  test("other methods answer 405 with Allow: GET, POST, PUT", async () => {
    for (const method of ["DELETE", "PATCH", "OPTIONS", "HEAD"]) {
      const res = await t.call(method, hook("echo"));
      expect({ method, status: res.status }).toEqual({ method, status: 405 });
      expect(res.headers.get("allow")).toBe("GET, POST, PUT");
    }
  });

  test("encoded slashes and dots in a segment only fail to match a flow (404), never a 500", async () => {
    const before = await count();
    for (const path of [
      `/api/v1/main/executions/webhook/${NS}/..%2F..%2Fetc/key-echo`,
      `/api/v1/main/executions/webhook/${NS}/echo/key%2Decho%2F`,
      `/api/v1/main/executions/webhook/${NS}/echo/..%2Fkey-echo`,
      `/api/v1/main/executions/webhook/${NS}/%2E%2E/key-echo`,
      `/api/v1/main/executions/webhook/${NS}/echo/%E0%A4%A`,
    ]) {
      const res = await t.call("POST", path, { body: "{}" });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    expect(await count()).toBe(before);
  });

  test("an overlong key answers 404 quickly; a percent-encoded key is decoded", async () => {
    expect((await t.call("GET", hook("echo", "k".repeat(5000)))).status).toBe(404);
    expect((await t.call("GET", hook("echo", "key%2Decho"))).status).toBe(200);
  });
});

describe("errors", () => {
  test("missing flow: 404 Flow not found, the key hidden in the link", async () => {
    const res = await t.call("POST", hook("nope", "secret"), { body: "{}" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json");
    const text = await res.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text)).toEqual({
      message: "Not Found: Flow not found",
      _links: { self: { href: `/api/v1/main/executions/webhook/${NS}/nope/***` } },
    });
  });

  test("wrong key: 404 Webhook not found", async () => {
    const res = await t.call("POST", hook("echo", "wrong"), { body: "{}" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toBe("Not Found: Webhook not found");
  });

  test("disabled flow: 409 with Kestra's message", async () => {
    const res = await t.call("POST", hook("disabled"), { body: "{}" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toBe("Illegal state: Cannot execute a disabled flow");
  });

  test("conditions not met: 204 with no body and nothing stored", async () => {
    const before = await count("condition");
    const res = await t.call("POST", hook("condition"), { body: '{"hello":"nope"}' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(await count("condition")).toBe(before);
    expect((await t.call("POST", hook("condition"), { body: '{"hello":"world"}' })).status).toBe(200);
  });

  test("invalid trigger inputs: 422 naming the input", async () => {
    const res = await t.call("POST", hook("inputs"), { body: '{"count":"abc"}' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { message: string; _embedded: { errors: { path: string }[] } };
    expect(body.message).toStartWith("Invalid entity: ");
    expect(body.message).toContain("count");
    expect(body._embedded.errors.map((e) => e.path)).toEqual(["inputs.count"]);
    expect((await t.call("POST", hook("inputs"), { body: '{"count":3}' })).status).toBe(200);
  });

  test("a body over the limit: 413 JSON and nothing stored", async () => {
    const before = await count("echo");
    const res = await t.call("POST", hook("echo"), { body: "x".repeat(1025) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toBe(
      "Payload Too Large: Request body is larger than 1024 bytes",
    );
    const declared = await t.call("POST", hook("echo"), {
      body: "x".repeat(2000),
      headers: { "content-length": "2000" },
    });
    expect(declared.status).toBe(413);
    expect(await count("echo")).toBe(before);
    expect((await t.call("POST", hook("echo"), { body: "x".repeat(1024) })).status).toBe(200);
  });
});

describe("the request handed to the engine", () => {
  const variables = async (init: Parameters<TestApp["call"]>[2], method = "POST", query = "") => {
    const res = await t.call(method, `${hook("echo")}${query}`, init);
    expect(res.status).toBe(200);
    return ((await res.json()) as { trigger: { variables: Record<string, any> } }).trigger.variables;
  };

  test("no body (GET, or an empty POST): body absent", async () => {
    expect("body" in (await variables({}, "GET"))).toBe(false);
    expect("body" in (await variables({ body: "" }))).toBe(false);
  });

  test("JSON object, array and plain text bodies; query pairs decoded in order", async () => {
    const v = await variables({ body: '{"a":1,"b":true}' }, "POST", "?name=john&age=12&age=13&q=a+b%20c");
    expect(v.body).toEqual({ a: 1, b: true });
    expect(v.parameters).toEqual({ name: ["john"], age: ["12", "13"], q: ["a b c"] });
    expect((await variables({ body: "[1,2]" })).body).toEqual([1, 2]);
    expect((await variables({ body: "bla" })).body).toBe("bla");
  });

  test("headers: lower-case names, list values", async () => {
    const v = await variables({ body: "{}", headers: { "X-GitHub-Event": "push" } });
    expect(v.headers["x-github-event"]).toEqual(["push"]);
  });

  test("non-UTF-8 bytes are decoded with replacement characters", async () => {
    const v = await variables({ body: new Uint8Array([0x68, 0xff, 0xfe, 0x69]) });
    expect(v.body).toBe("h\uFFFD\uFFFDi");
  });
});

describe("answers", () => {
  test("wait: false — the WebhookResponse, field by field, in Kestra's order", async () => {
    const res = await t.call("POST", `${hook("echo")}?x=1`, {
      body: '{"a":1}',
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = (await res.json()) as Record<string, any>;
    expect(Object.keys(body)).toEqual([
      "tenantId",
      "id",
      "namespace",
      "flowId",
      "flowRevision",
      "trigger",
      "labels",
      "state",
      "url",
    ]);
    expect(body.tenantId).toBe("main");
    expect(body.id).toMatch(/^[0-9A-Za-z]{22}$/);
    expect([body.namespace, body.flowId, body.flowRevision]).toEqual([NS, "echo", 1]);
    expect(Object.keys(body.trigger)).toEqual(["id", "type", "variables", "logFile"]);
    expect(body.trigger.id).toBe("hook");
    expect(body.trigger.type).toBe("io.kestra.plugin.core.trigger.Webhook");
    expect(body.trigger.variables.body).toEqual({ a: 1 });
    expect(body.trigger.logFile).toBe(`${PUBLIC_URL}/api/v1/main/logs/${body.id}/download`);
    expect(body.labels).toEqual([
      { key: "system.from", value: "trigger" },
      { key: "team", value: "core" },
      { key: "system.correlationId", value: body.id },
    ]);
    expect(body.state.type).toBe(body.state.current);
    expect(body.state.histories[0]).toEqual({ state: "CREATED", date: body.state.startDate });
    expect(body.url).toBe(`${PUBLIC_URL}/ui/main/executions/${NS}/echo/${body.id}`);
  });

  test("wait: true — the final execution with outputs, endDate and duration", async () => {
    const res = await t.call("GET", hook("wait"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(Object.keys(body)).toEqual([
      "tenantId",
      "id",
      "namespace",
      "flowId",
      "flowRevision",
      "trigger",
      "outputs",
      "labels",
      "state",
      "url",
    ]);
    expect(body.outputs).toEqual({ output: "output" });
    expect(Object.keys(body.state)).toEqual(["current", "type", "histories", "startDate", "endDate", "duration"]);
    expect(body.state.current).toBe("SUCCESS");
    expect(body.state.type).toBe("SUCCESS");
    expect(body.state.endDate).toBe(body.state.histories.at(-1).date);
    expect(body.state.duration).toMatch(/^PT\d+(\.\d+)?S$/);
    const ms = Date.parse(body.state.endDate) - Date.parse(body.state.startDate);
    expect(body.state.duration).toBe(ms === 0 ? "PT0S" : `PT${ms / 1000}S`);
  });

  test("wait: true and FAILED: 500 with the execution", async () => {
    const res = await t.call("GET", hook("failed"));
    expect(res.status).toBe(500);
    expect(((await res.json()) as any).state.current).toBe("FAILED");
  });

  test("returnOutputs: JSON outputs with the rendered responseCode", async () => {
    const res = await t.call("GET", hook("outputs-json"));
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ status: "ok" });
  });

  test("returnOutputs with text/plain: the outputs as JSON text", async () => {
    const res = await t.call("GET", `${hook("outputs-text")}?token=abc123`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe('{"response":"abc123"}');
  });

  test("returnOutputs without outputs: no body and no content type", async () => {
    const res = await t.call("GET", hook("no-outputs"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBeNull();
    expect(await res.text()).toBe("");
  });

  test("returnOutputs without outputs, as text/plain: the text null", async () => {
    const res = await t.call("GET", hook("no-outputs-text"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe("null");
  });

  test("past the wait limit: 202, Location, the execution still running", async () => {
    const res = await t.call("GET", hook("sleep"));
    expect(res.status).toBe(202);
    const body = (await res.json()) as any;
    expect(res.headers.get("location")).toBe(`${PUBLIC_URL}/api/v1/main/executions/${body.id}`);
    expect(["CREATED", "RUNNING"]).toContain(body.state.current);
    expect(body.state.endDate).toBeUndefined();
  });
});
