/** The pure parts of server/: the code → status map, JSON builders, path guards. */
import { describe, expect, test } from "bun:test";
import type { ErrorCode } from "../../src/model/errors.ts";
import { PerchError } from "../../src/model/errors.ts";
import type { Execution } from "../../src/model/execution.ts";
import { redactPath } from "../../src/server/app.ts";
import { ERROR_STATUS, errorResponse, statusOf } from "../../src/server/errors.ts";
import { hasDotSegment } from "../../src/server/serve.ts";
import { escapeHtml, html } from "../../src/server/routes/ui.ts";
import { executionJson, stateJson, webhookResponse } from "../../src/server/webhook-response.ts";

describe("errors.ts", () => {
  test("every code has its status", () => {
    const expected: Record<ErrorCode, number> = {
      FLOW_NOT_FOUND: 404,
      WEBHOOK_NOT_FOUND: 404,
      EXECUTION_NOT_FOUND: 404,
      TRIGGER_NOT_FOUND: 404,
      FLOW_DISABLED: 409,
      FLOW_INVALID: 409,
      TRIGGER_DISABLED: 409,
      CONFLICT: 409,
      INVALID_INPUTS: 422,
      INVALID_RESPONSE_CODE: 422,
      INVALID_TENANT: 400,
      BAD_REQUEST: 400,
      PAYLOAD_TOO_LARGE: 413,
      INTERNAL: 500,
    };
    for (const [code, status] of Object.entries(expected)) expect(statusOf(code as ErrorCode)).toBe(status);
    expect(Object.keys(ERROR_STATUS).sort()).toEqual(Object.keys(expected).sort());
  });

  test("the JSON body: phrase, message, link, and details when there are some", async () => {
    const res = errorResponse(
      new PerchError("INVALID_INPUTS", "Invalid inputs: a: required", [{ message: "required", path: "inputs.a" }]),
      "/p",
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toBe(
      '{"message":"Invalid entity: Invalid inputs: a: required","_links":{"self":{"href":"/p"}},"_embedded":{"errors":[{"message":"required","path":"inputs.a"}]}}',
    );
  });
});

const exec = (states: [string, string][], extra: Partial<Execution> = {}): Execution =>
  ({
    id: "E",
    tenantId: "main",
    namespace: "ns",
    flowId: "f",
    flowRevision: 2,
    state: { current: states.at(-1)![0], histories: states.map(([state, date]) => ({ state, date })) },
    trigger: { id: "t", type: "io.kestra.plugin.core.trigger.Webhook", variables: { parameters: {} } },
    labels: [{ key: "k", value: "v" }],
    taskRunList: [],
    originalId: "E",
    metadata: { attemptNumber: 1, originalCreatedDate: "2026-01-01T00:00:00.000Z" },
    ...extra,
  }) as Execution;

describe("webhook-response.ts", () => {
  test("state: endDate and duration only once terminal or PAUSED", () => {
    const t0 = "2026-01-01T00:00:00.000Z";
    expect(stateJson(exec([["CREATED", t0]]).state)).toEqual({
      current: "CREATED",
      type: "CREATED",
      histories: [{ state: "CREATED", date: t0 }],
      startDate: t0,
    });
    const running = stateJson(
      exec([
        ["CREATED", t0],
        ["RUNNING", "2026-01-01T00:00:01.000Z"],
      ]).state,
    );
    expect(running.endDate).toBeUndefined();
    const paused = stateJson(
      exec([
        ["CREATED", t0],
        ["PAUSED", "2026-01-01T00:01:02.500Z"],
      ]).state,
    );
    expect([paused.endDate, paused.duration]).toEqual(["2026-01-01T00:01:02.500Z", "PT1M2.5S"]);
    const done = stateJson(
      exec([
        ["CREATED", t0],
        ["SUCCESS", "2026-01-01T00:00:00.512Z"],
      ]).state,
    );
    expect(Object.keys(done)).toEqual(["current", "type", "histories", "startDate", "endDate", "duration"]);
    expect(done.duration).toBe("PT0.512S");
  });

  test("WebhookResponse: Kestra's fields and order, outputs only when present, urls on the public base", () => {
    const e = exec([["CREATED", "2026-01-01T00:00:00.000Z"]], { inputs: { a: 1 }, variables: { v: 1 } });
    const r = webhookResponse(e, "https://perch.example.com");
    expect(Object.keys(r)).toEqual([
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
    expect(r.trigger).toEqual({
      id: "t",
      type: "io.kestra.plugin.core.trigger.Webhook",
      variables: { parameters: {} },
      logFile: "https://perch.example.com/api/v1/main/logs/E/download",
    });
    expect(r.url).toBe("https://perch.example.com/ui/main/executions/ns/f/E");
    expect(Object.keys(webhookResponse({ ...e, outputs: { o: 1 } }, "http://x"))).toContain("outputs");
    expect(Object.keys(webhookResponse({ ...e, outputs: null as never }, "http://x"))).not.toContain("outputs");
  });

  test("full execution: inputs, variables, task runs and metadata", () => {
    const e = exec([["CREATED", "2026-01-01T00:00:00.000Z"]], { inputs: { a: 1 } });
    const j = executionJson(e, "http://x");
    expect(j.inputs).toEqual({ a: 1 });
    expect(j.taskRunList).toEqual([]);
    expect(j.metadata).toEqual(e.metadata);
  });
});

describe("paths", () => {
  test("dot segments in a raw request target, plain or encoded", () => {
    for (const p of ["/a/../b", "/a/./b", "/a/..", "/a/%2e%2e/b", "/a/%2E./b", "/.."])
      expect({ p, dot: hasDotSegment(p) }).toEqual({ p, dot: true });
    for (const p of ["/a/b", "/a/..b/c", "/a/b.c", "/a/b?x=../..", "/a/...", "/io.kestra.tests/f/k"])
      expect({ p, dot: hasDotSegment(p) }).toEqual({ p, dot: false });
  });

  test("webhook keys are redacted from paths", () => {
    expect(redactPath("/api/v1/main/executions/webhook/ns/f/secret")).toBe("/api/v1/main/executions/webhook/ns/f/***");
    expect(redactPath("/api/v1/executions/webhook/ns/f/secret/extra")).toBe(
      "/api/v1/executions/webhook/ns/f/***/extra",
    );
    expect(redactPath("/api/v1/main/executions/E")).toBe("/api/v1/main/executions/E");
  });
});

describe("ui escaping", () => {
  test("every interpolated value is escaped", () => {
    expect(escapeHtml(`<script>"x"&'y'</script>`)).toBe("&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;");
    expect(html`<p>${"<i>"}</p>${[html`<b>${"&"}</b>`]}`.text).toBe("<p>&lt;i&gt;</p><b>&amp;</b>");
    expect(escapeHtml({ a: "<" })).toContain("&lt;");
  });
});
