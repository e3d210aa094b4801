/**
 * /metrics on a real HTTP server (startServer, ephemeral port) over a real SQLite store: webhook counters by flow and
 * status, execution states, task durations, wait calls, HTTP latency by route template; keys never in the text.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { createEngine, type Engine } from "../../src/engine/index.ts";
import { silentLogger } from "../../src/lib/log.ts";
import { PerchMetrics } from "../../src/server/metrics.ts";
import { type RunningServer, startServer } from "../../src/server/serve.ts";
import { openSqliteStore } from "../../src/storage/sqlite/index.ts";
import type { Store } from "../../src/storage/types.ts";
import { createTestApp, tempDir } from "../helpers/server.ts";
import { CONDITION, ECHO, NS, WAIT } from "./flows.ts";
import { sample } from "./prom-text.ts";

let dir: string;
let store: Store;
let engine: Engine;
let server: RunningServer;
let metrics: PerchMetrics;

beforeAll(async () => {
  dir = tempDir("metrics");
  store = await openSqliteStore(join(dir, "perch.db"));
  metrics = new PerchMetrics({ knownFlow: (ns, id) => engine.flows.get("main", ns, id) !== undefined });
  engine = await createEngine({ store, logger: silentLogger, observer: metrics.observer });
  metrics.trackWaits(engine);
  metrics.queueSource = () => engine.workerStats();
  for (const f of [ECHO, WAIT, CONDITION]) expect((await engine.saveFlow(f)).errors).toEqual([]);
  server = await startServer({ engine, host: "127.0.0.1", port: 0, metrics, logger: silentLogger });
});
afterAll(async () => {
  await server.stop(true);
  await engine.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const hook = (flow: string, key: string) => `${server.url}/api/v1/main/executions/webhook/${NS}/${flow}/${key}`;

async function post(url: string, body = "{}"): Promise<Response> {
  const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
  await res.arrayBuffer();
  return res;
}

async function ended(id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const e = await engine.getExecution(id);
    if (e && ["SUCCESS", "FAILED", "WARNING"].includes(e.state.current)) return;
    await Bun.sleep(10);
  }
  throw new Error(`execution ${id} did not end`);
}

test("counters per flow and status, states, task durations, waits, routes; no key in the text", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await fetch(hook("echo", "key-echo"), { method: "POST", body: "{}" });
    expect(res.status).toBe(200);
    ids.push(((await res.json()) as { id: string }).id);
  }
  expect((await post(hook("wait", "key-wait"))).status).toBe(200);
  expect((await post(hook("condition", "key-condition"), '{"hello":"nope"}')).status).toBe(204);
  expect((await post(hook("echo", "wrong-secret-key"))).status).toBe(404);
  expect((await post(hook("nope", "key-nope"))).status).toBe(404);
  for (const id of ids) await ended(id);
  expect((await fetch(`${server.url}/api/v1/main/executions/${ids[0]}`)).status).toBe(200);

  const res = await fetch(`${server.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  const text = await res.text();
  const webhook = (flow: string, status: string, ns = NS) =>
    sample(text, "perch_webhook_requests_total", { namespace: ns, flow_id: flow, status });
  expect(webhook("echo", "200")).toBe(2);
  expect(webhook("echo", "404")).toBe(1);
  expect(webhook("wait", "200")).toBe(1);
  expect(webhook("condition", "204")).toBe(1);
  expect(webhook("(unknown)", "404", "(unknown)")).toBe(1);
  expect(sample(text, "perch_executions_total", { state: "SUCCESS" })).toBe(3);
  expect(sample(text, "perch_executions_total", { state: "CREATED" })).toBe(3);
  expect(sample(text, "perch_executions_running")).toBe(0);
  expect(
    sample(text, "perch_task_run_duration_seconds_count", {
      task_type: "io.kestra.plugin.core.debug.Return",
      state: "SUCCESS",
    }),
  ).toBe(2);
  expect(sample(text, "perch_wait_calls_total")).toBe(1);
  expect(sample(text, "perch_wait_calls_active")).toBe(0);
  expect(sample(text, "perch_worker_queue_depth")).toBe(0);
  const route = "/api/v1/main/executions/webhook/{namespace}/{flowId}/{key}";
  expect(sample(text, "perch_http_request_duration_seconds_count", { method: "POST", route, status: "200" })).toBe(3);
  expect(
    sample(text, "perch_http_request_duration_seconds_count", {
      method: "GET",
      route: "/api/v1/main/executions/:id",
      status: "200",
    }),
  ).toBe(1);
  expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
  expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
  for (const secret of ["key-echo", "wrong-secret-key", "key-wait", "key-condition", ids[0]!]) {
    expect(text).not.toContain(secret);
  }
});

test("/metrics needs the credentials when auth is configured", async () => {
  const t = await createTestApp({
    flows: [ECHO],
    auth: { token: "tok" },
    metrics: new PerchMetrics({ defaultMetrics: false }),
  });
  try {
    expect((await t.call("GET", "/metrics")).status).toBe(401);
    const ok = await t.call("GET", "/metrics", { headers: { authorization: "Bearer tok" } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("perch_executions_total");
  } finally {
    await t.close();
  }
});
