/**
 * ARCHITECTURE.md "Behaviour decisions" 1–11 and 13–15, end to end against the real server.
 * Decision 11 (durable before 2xx) is covered by crash.test.ts and W31; decision 12 belongs to Flow triggers.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  BUN,
  countExecutions,
  getExecution,
  getJson,
  githubPayload,
  NS,
  type PerchServer,
  ROOT,
  startServer,
  TERMINAL,
  taskOutputs,
  teardown,
  waitTerminal,
} from "./harness.ts";

const FLOWS = [
  "webhook-routing-test.yml",
  "decision-disabled-flow.yml",
  "decision-disabled-trigger.yml",
  "decision-toggle.yml",
  "decision-condition.yml",
  "decision-inputs.yml",
  "decision-inputs-required.yml",
  "decision-stop-after.yml",
  "decision-date.yml",
  "decision-headers.yml",
  "decision-labels.yml",
  "decision-wait-sleep.yml",
  "decision-shape.yml",
  "decision-lowercase-type.yml",
  "decision-json-filter.yml",
];

let server: PerchServer;

beforeAll(async () => {
  // every `wait: true` flow of this file ends well under a second, except decision-wait-sleep (3 s)
  server = await startServer({ flows: FLOWS, args: ["--wait-limit", "PT1S"] });
});

afterAll(async () => {
  await teardown(server);
});

interface Answer {
  status: number;
  text: string;
  json: any;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${server.base}${path}`, { method, body, headers });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

const hook = (flowId: string, key: string, rest = "") =>
  `/api/v1/main/executions/webhook/${NS}/${flowId}/${key}${rest}`;
const post = (flowId: string, key: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  call("POST", hook(flowId, key), typeof body === "string" ? body : JSON.stringify(body), {
    "Content-Type": "application/json",
    ...headers,
  });
const triggerPath = (flowId: string, triggerId: string) => `/api/v1/main/triggers/${NS}/${flowId}/${triggerId}`;

/** the disabled flag `GET /triggers/{namespace}/{flowId}` reports for one trigger */
async function triggerDisabled(flowId: string, triggerId: string): Promise<boolean | undefined> {
  const r = await getJson(`${server.base}/api/v1/main/triggers/${NS}/${flowId}`);
  expect(r.status).toBe(200);
  return (r.body as any[]).find((t) => t.triggerId === triggerId)?.disabled;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe("decision 1: routes", () => {
  test("main tenant and tenant-less alias both run the flow", async () => {
    const main = await call("POST", hook("webhook-routing-test", "testkey"), '{"via":"main"}');
    expect(main.status).toBe(200);
    const alias = await call(
      "POST",
      `/api/v1/executions/webhook/${NS}/webhook-routing-test/testkey`,
      '{"via":"alias"}',
    );
    expect(alias.status).toBe(200);
    expect(alias.json.trigger.variables.body).toEqual({ via: "alias" });
    expect((await waitTerminal(server.base, main.json.id)).state.current).toBe("SUCCESS");
    expect((await waitTerminal(server.base, alias.json.id)).state.current).toBe("SUCCESS");
  });

  test("another tenant answers 400", async () => {
    const a = await call("POST", `/api/v1/other/executions/webhook/${NS}/webhook-routing-test/testkey`, "{}");
    expect(a.status).toBe(400);
  });

  test("extra segment or trailing slash answers 404", async () => {
    expect((await call("POST", hook("webhook-routing-test", "testkey", "/more"), "{}")).status).toBe(404);
    expect((await call("POST", hook("webhook-routing-test", "testkey", "/"), "{}")).status).toBe(404);
    expect((await call("GET", `/api/v1/executions/webhook/${NS}/webhook-routing-test/testkey/`)).status).toBe(404);
  });

  test("DELETE and PATCH answer 405 with an Allow header", async () => {
    for (const method of ["DELETE", "PATCH"]) {
      const a = await call(method, hook("webhook-routing-test", "testkey"), method === "PATCH" ? "{}" : undefined);
      expect(a.status).toBe(405);
      const allow = (a.headers.get("allow") ?? "").split(",").map((m) => m.trim().toUpperCase());
      expect(allow).toContain("GET");
      expect(allow).toContain("POST");
      expect(allow).toContain("PUT");
    }
  });
});

describe("decision 2: order of checks", () => {
  test("missing flow: 404 Flow not found, whatever the key", async () => {
    const a = await post("no-such-flow", "right-key");
    expect(a.status).toBe(404);
    expect(a.json).toMatchObject({ message: "Not Found: Flow not found" });
  });

  test("disabled flow: 409 before the key is looked at", async () => {
    const right = await post("decision-disabled-flow", "right-key");
    expect(right.status).toBe(409);
    expect(right.json?.message).toBe("Illegal state: Cannot execute a disabled flow");
    expect((await post("decision-disabled-flow", "wrong-key")).status).toBe(409);
    expect(await countExecutions(server.base, NS, "decision-disabled-flow")).toBe(0);
  });

  test("wrong key: 404 Webhook not found", async () => {
    const a = await post("webhook-routing-test", "not-the-key");
    expect(a.status).toBe(404);
    expect(a.json).toMatchObject({ message: "Not Found: Webhook not found" });
    const b = await post("decision-disabled-trigger", "wrong-key");
    expect(b.status).toBe(404);
    expect(b.json).toMatchObject({ message: "Not Found: Webhook not found" });
  });

  test("trigger with disabled: true answers 409", async () => {
    expect((await post("decision-disabled-trigger", "right-key")).status).toBe(409);
    expect(await triggerDisabled("decision-disabled-trigger", "webhook")).toBe(true);
    expect(await countExecutions(server.base, NS, "decision-disabled-trigger")).toBe(0);
  });

  test("trigger disabled then enabled through the API", async () => {
    const first = await post("decision-toggle", "toggle-key");
    expect(first.status).toBe(200);
    expect(await triggerDisabled("decision-toggle", "hook")).toBe(false);
    const off = await call("POST", `${triggerPath("decision-toggle", "hook")}/disable`);
    expect(off.status).toBe(200);
    expect(await triggerDisabled("decision-toggle", "hook")).toBe(true);
    const before = await countExecutions(server.base, NS, "decision-toggle");
    expect((await post("decision-toggle", "toggle-key")).status).toBe(409);
    expect(await countExecutions(server.base, NS, "decision-toggle")).toBe(before);
    const on = await call("POST", `${triggerPath("decision-toggle", "hook")}/enable`);
    expect(on.status).toBe(200);
    expect(await triggerDisabled("decision-toggle", "hook")).toBe(false);
    const again = await post("decision-toggle", "toggle-key");
    expect(again.status).toBe(200);
    expect((await waitTerminal(server.base, again.json.id)).state.current).toBe("SUCCESS");
  });
});

describe("decision 3: conditions", () => {
  test("condition met: 200; not met: 204 with no body", async () => {
    const met = await post("decision-condition", "condition-key", { hello: "world" });
    expect(met.status).toBe(200);
    expect((await waitTerminal(server.base, met.json.id)).state.current).toBe("SUCCESS");
    const before = await countExecutions(server.base, NS, "decision-condition");
    const unmet = await post("decision-condition", "condition-key", { hello: "there" });
    expect(unmet.status).toBe(204);
    expect(unmet.text).toBe("");
    expect(await countExecutions(server.base, NS, "decision-condition")).toBe(before);
  });

  test("a condition that errors counts as false: 204", async () => {
    const before = await countExecutions(server.base, NS, "decision-condition");
    const posted = await post("decision-condition", "erroring-key", { hello: "world" });
    expect(posted.status).toBe(204);
    expect(posted.text).toBe("");
    const got = await call("GET", hook("decision-condition", "erroring-key"));
    expect(got.status).toBe(204);
    expect(got.text).toBe("");
    expect(await countExecutions(server.base, NS, "decision-condition")).toBe(before);
  });
});

describe("decision 4: trigger inputs", () => {
  test("a valid INT input runs", async () => {
    const a = await post("decision-inputs", "inputs-key", { count: 41 });
    expect(a.status).toBe(200);
    const execution = await waitTerminal(server.base, a.json.id);
    expect(execution.state.current).toBe("SUCCESS");
    expect(execution.inputs).toEqual({ count: 41 });
  });

  test("an INT input fed 'abc' answers 422 naming the input", async () => {
    const before = await countExecutions(server.base, NS, "decision-inputs");
    const a = await post("decision-inputs", "inputs-key", { count: "abc" });
    expect(a.status).toBe(422);
    expect(a.json).toBeDefined();
    expect(JSON.stringify(a.json)).toContain("count");
    expect(await countExecutions(server.base, NS, "decision-inputs")).toBe(before);
  });

  test("a missing required input answers 422 naming the input", async () => {
    const a = await post("decision-inputs-required", "required-key", { note: "hi" });
    expect(a.status).toBe(422);
    expect(a.json).toBeDefined();
    expect(JSON.stringify(a.json)).toContain("customer");
    expect(await countExecutions(server.base, NS, "decision-inputs-required")).toBe(0);
  });
});

describe("decision 5: stopAfter", () => {
  test("disables the trigger after a SUCCESS, until enabled again", async () => {
    const first = await post("decision-stop-after", "once-key");
    expect(first.status).toBe(200);
    expect((await waitTerminal(server.base, first.json.id)).state.current).toBe("SUCCESS");
    // the trigger state is written once the end is processed: wait for the API to report it
    let disabled: boolean | undefined;
    for (let i = 0; i < 40 && disabled !== true; i++) {
      disabled = await triggerDisabled("decision-stop-after", "once");
      if (disabled !== true) await Bun.sleep(50);
    }
    expect(disabled).toBe(true);
    const refused = await post("decision-stop-after", "once-key");
    expect(refused.status).toBe(409);
    expect(await countExecutions(server.base, NS, "decision-stop-after")).toBe(1);
    expect((await call("POST", `${triggerPath("decision-stop-after", "once")}/enable`)).status).toBe(200);
    const again = await post("decision-stop-after", "once-key");
    expect(again.status).toBe(200);
    expect((await waitTerminal(server.base, again.json.id)).state.current).toBe("SUCCESS");
  });
});

describe("decision 6: trigger.date", () => {
  test("the reception time is an ISO instant available to tasks", async () => {
    const before = Date.now();
    const a = await post("decision-date", "date-key", { any: "thing" });
    const after = Date.now();
    expect(a.status).toBe(200);
    expect(a.json.trigger.variables.date).toMatch(ISO);
    const execution = await waitTerminal(server.base, a.json.id);
    expect(execution.state.current).toBe("SUCCESS");
    const rendered = taskOutputs(execution, "date")?.value;
    expect(rendered).toMatch(ISO);
    const t = Date.parse(rendered);
    expect(t).toBeGreaterThanOrEqual(before - 60_000);
    expect(t).toBeLessThanOrEqual(after + 60_000);
  });
});

describe("decision 7: headers", () => {
  test("lookups ignore case; stored names are lower-case with list values", async () => {
    const a = await post("decision-headers", "headers-key", githubPayload("push"), {
      "X-GitHub-Event": "push",
      "X-Custom-Thing": "a",
    });
    expect(a.status).toBe(200);
    const execution = await waitTerminal(server.base, a.json.id);
    expect(execution.state.current).toBe("SUCCESS");
    expect(taskOutputs(execution, "event")?.value).toBe("push-push");
    const headers = execution.trigger.variables.headers;
    for (const [name, values] of Object.entries(headers)) {
      expect(name).toBe(name.toLowerCase());
      expect(Array.isArray(values)).toBe(true);
      for (const v of values as unknown[]) expect(typeof v).toBe("string");
    }
    expect(headers["x-github-event"]).toEqual(["push"]);
    expect(headers["x-custom-thing"]).toEqual(["a"]);
    expect(headers["content-type"]?.[0]).toStartWith("application/json");
  });
});

describe("decision 8: trigger labels", () => {
  test("rendered from the request and applied to the execution", async () => {
    const a = await post("decision-labels", "labels-key", { source: "github" });
    expect(a.status).toBe(200);
    expect(a.json.labels).toContainEqual({ key: "source", value: "github" });
    expect(a.json.labels).toContainEqual({ key: "team", value: "platform" });
    expect(a.json.labels).toContainEqual({ key: "system.from", value: "trigger" });
    const execution = await waitTerminal(server.base, a.json.id);
    expect(execution.state.current).toBe("SUCCESS");
    expect(execution.labels).toContainEqual({ key: "source", value: "github" });
  });
});

describe("decision 9: wait is bounded", () => {
  test("past the wait limit: 202, Location, execution JSON; the execution still ends", async () => {
    const a = await post("decision-wait-sleep", "sleep-key");
    expect(a.status).toBe(202);
    const location = a.headers.get("location") ?? "";
    expect(location).toBe(`${server.base}/api/v1/main/executions/${a.json.id}`);
    expect(a.json.flowId).toBe("decision-wait-sleep");
    expect(TERMINAL.has(a.json.state.current)).toBe(false);
    const polled = await getJson(location);
    expect(polled.status).toBe(200);
    expect(polled.body.id).toBe(a.json.id);
    const execution = await waitTerminal(server.base, a.json.id, 10_000);
    expect(execution.state.current).toBe("SUCCESS");
  }, 20_000);
});

describe("decision 10: response shape, logFile and url", () => {
  const TOP = ["tenantId", "id", "namespace", "flowId", "flowRevision", "trigger"];

  test("wait: false answer", async () => {
    const a = await post("decision-shape", "async-key", { hello: "world" });
    expect(a.status).toBe(200);
    expect(Object.keys(a.json)).toEqual([...TOP, "labels", "state", "url"]);
    expect(a.json).toMatchObject({ tenantId: "main", namespace: NS, flowId: "decision-shape", flowRevision: 1 });
    expect(Object.keys(a.json.trigger)).toEqual(["id", "type", "variables", "logFile"]);
    expect(a.json.trigger).toMatchObject({ id: "async", type: "io.kestra.plugin.core.trigger.Webhook" });
    const state = a.json.state;
    const terminal = TERMINAL.has(state.current);
    expect(Object.keys(state)).toEqual([
      "current",
      "type",
      "histories",
      "startDate",
      ...(terminal ? ["endDate", "duration"] : []),
    ]);
    expect(state.type).toBe(state.current);
    expect(state.histories[0].state).toBe("CREATED");
    expect(state.histories[0].date).toMatch(ISO);
    expect(state.startDate).toMatch(ISO);
    for (const label of a.json.labels) expect(Object.keys(label)).toEqual(["key", "value"]);
    await waitTerminal(server.base, a.json.id);
  });

  test("wait: true answer carries outputs, endDate and duration", async () => {
    const a = await post("decision-shape", "sync-key", { hello: "world" });
    expect(a.status).toBe(200);
    expect(Object.keys(a.json)).toEqual([...TOP, "outputs", "labels", "state", "url"]);
    expect(a.json.outputs).toEqual({ answer: "42" });
    expect(Object.keys(a.json.state)).toEqual(["current", "type", "histories", "startDate", "endDate", "duration"]);
    expect(a.json.state.current).toBe("SUCCESS");
    expect(a.json.state.type).toBe("SUCCESS");
    expect(a.json.state.endDate).toMatch(ISO);
    expect(a.json.state.duration).toMatch(/^PT/);
    expect(a.json.state.histories.map((h: any) => h.state)).toContain("SUCCESS");
  });

  test("trigger.logFile downloads the execution's logs as text", async () => {
    const a = await post("decision-shape", "async-key", { hello: "logs" });
    expect(a.status).toBe(200);
    expect((await waitTerminal(server.base, a.json.id)).state.current).toBe("SUCCESS");
    expect(a.json.trigger.logFile).toStartWith(`${server.base}/`);
    const line = `shape log line for ${a.json.id}`;
    let text = "";
    let status = 0;
    // logs are written in batches: give the last one a moment
    for (let i = 0; i < 20 && !text.includes(line); i++) {
      const res = await fetch(a.json.trigger.logFile);
      status = res.status;
      text = await res.text();
      if (!text.includes(line)) await Bun.sleep(100);
    }
    expect(status).toBe(200);
    expect(text).toContain(line);
  });

  test("url answers an HTML page about the execution", async () => {
    const a = await post("decision-shape", "async-key", { hello: "page" });
    expect(a.status).toBe(200);
    // without --url the public URL is the listening address
    expect(a.json.url).toBe(`${server.base}/ui/main/executions/${NS}/decision-shape/${a.json.id}`);
    await waitTerminal(server.base, a.json.id);
    const res = await fetch(a.json.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type") ?? "").toContain("text/html");
    expect(await res.text()).toContain(a.json.id);
  });
});

describe("decision 13: json filter", () => {
  test("`json` renders like `toJson`", async () => {
    const payload = githubPayload("issues.opened");
    const a = await post("decision-json-filter", "json-key", payload);
    expect(a.status).toBe(200);
    const execution = await waitTerminal(server.base, a.json.id);
    expect(execution.state.current).toBe("SUCCESS");
    const old = taskOutputs(execution, "old")?.value;
    const now = taskOutputs(execution, "new")?.value;
    expect(typeof old).toBe("string");
    expect(old).toBe(now);
    expect(JSON.parse(old).action).toBe(JSON.parse(payload).action);
  });
});

describe("decision 14: case-insensitive type names", () => {
  test("`io.kestra.plugin.core.trigger.webhook` works and records the canonical type", async () => {
    const a = await post("decision-lowercase-type", "lower-key");
    expect(a.status).toBe(200);
    expect(a.json.trigger.type).toBe("io.kestra.plugin.core.trigger.Webhook");
    const execution = await waitTerminal(server.base, a.json.id);
    expect(execution.state.current).toBe("SUCCESS");
    expect(execution.trigger.type).toBe("io.kestra.plugin.core.trigger.Webhook");
    expect((await getExecution(server.base, a.json.id)).status).toBe(200);
  });
});

describe("decision 15: perch key", () => {
  test("prints a fresh URL-safe key of 22+ characters", () => {
    const run = () =>
      Bun.spawnSync([BUN, join(ROOT, "src/main.ts"), "key"], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
    const one = run();
    const two = run();
    expect(one.exitCode).toBe(0);
    const k1 = one.stdout.toString().trim();
    const k2 = two.stdout.toString().trim();
    expect(k1).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(k2).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(k1).not.toBe(k2);
  });
});
