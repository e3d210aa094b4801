/**
 * The operator's view of the compiled binary (`dist/perch`, built into a temp folder first when missing or older than
 * the sources): after 3 accepted webhooks, 1 with conditions not met and 1 with a wrong key, /metrics counts them
 * exactly per flow and status, the executions by state, and never shows the key; /health and the OpenAPI document
 * answer too.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sample } from "../server/prom-text.ts";
import { BUN, ROOT, removeDir, tempDir, waitTerminal } from "./harness.ts";

const KEY = "op-Zx8vQ3nLk2Tq7WbR5mYc";
const FLOW = `id: orders
namespace: perch.operator
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "order {{ trigger.body.id }}"
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: ${KEY}
    conditions:
      - type: io.kestra.plugin.core.condition.Expression
        expression: "{{ trigger.body.id != 'skip' }}"
`;

function newest(dir: string): number {
  let max = 0;
  for (const name of readdirSync(dir)) {
    const s = statSync(join(dir, name));
    max = Math.max(max, s.isDirectory() ? newest(join(dir, name)) : s.mtimeMs);
  }
  return max;
}

let dir: string;
let proc: Subprocess | undefined;
let base = "";
let stderr = "";

beforeAll(async () => {
  dir = tempDir("operator");
  let binary = join(ROOT, "dist/perch");
  const fresh = existsSync(binary) && statSync(binary).mtimeMs >= newest(join(ROOT, "src"));
  if (!fresh) {
    binary = join(dir, "perch");
    const build = Bun.spawnSync(
      [BUN, "build", "--compile", "--minify", "--bytecode", "src/main.ts", "--outfile", binary],
      {
        cwd: ROOT,
        stdout: "pipe",
        stderr: "pipe",
        timeout: 120_000,
      },
    );
    if (build.exitCode !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  }
  mkdirSync(join(dir, "flows"));
  writeFileSync(join(dir, "flows", "orders.yml"), FLOW);
  proc = Bun.spawn([binary, "server", "--flows", join(dir, "flows"), "--data", join(dir, "data"), "--port", "0"], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
  });
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line within 15 s:\n${stderr}`)), 15_000);
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of proc!.stderr as ReadableStream<Uint8Array>) {
        stderr += decoder.decode(chunk, { stream: true });
        const m = /listening.*?(http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      }
    })();
  });
}, 150_000);

afterAll(async () => {
  if (proc && proc.exitCode === null) {
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc!.kill(9), 10_000);
    await proc.exited;
    clearTimeout(timer);
  }
  removeDir(dir);
});

test("metrics after webhooks: exact counters per flow and status, states, no key", async () => {
  const hook = (key: string) => `${base}/api/v1/main/executions/webhook/perch.operator/orders/${key}`;
  const post = (key: string, id: string) =>
    fetch(hook(key), { method: "POST", body: JSON.stringify({ id }), headers: { "content-type": "application/json" } });
  const ids: string[] = [];
  for (const id of ["a1", "a2", "a3"]) {
    const res = await post(KEY, id);
    expect(res.status).toBe(200);
    ids.push(((await res.json()) as { id: string }).id);
  }
  const skipped = await post(KEY, "skip");
  expect(skipped.status).toBe(204);
  const wrong = await post(`${KEY}-wrong`, "a4");
  expect(wrong.status).toBe(404);
  await wrong.arrayBuffer();
  for (const id of ids) expect((await waitTerminal(base, id)).state.current).toBe("SUCCESS");

  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const count = (status: string) =>
    sample(text, "perch_webhook_requests_total", { namespace: "perch.operator", flow_id: "orders", status });
  expect([count("200"), count("204"), count("404")]).toEqual([3, 1, 1]);
  expect(sample(text, "perch_executions_total", { state: "SUCCESS" })).toBe(3);
  expect(sample(text, "perch_executions_running")).toBe(0);
  expect(
    sample(text, "perch_task_run_duration_seconds_count", {
      task_type: "io.kestra.plugin.core.log.Log",
      state: "SUCCESS",
    }),
  ).toBe(3);
  expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
  expect(text).toContain("nodejs_eventloop_lag_seconds");
  expect(text).not.toContain(KEY);
  expect(stderr).not.toContain(KEY);

  expect((await fetch(`${base}/health`)).status).toBe(200);
  expect(((await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { openapi: string }).openapi).toMatch(/^3\./);
}, 60_000);
