/**
 * Test helpers for the HTTP layer and the CLI, on real parts only (a real SQLite file in a temp dir, the real engine).
 *
 * In process — route tests through `app.handle(new Request(...))`:
 * @example
 * const t = await createTestApp({ flows: [yamlText] });
 * const res = await t.call("POST", "/api/v1/main/executions/webhook/ns/flow/key", { body: "{}" });
 * await t.close();
 *
 * As a child process — `bun src/main.ts server --port 0` with temp flows and data dirs; resolves once the
 * `listening url=http://...` line is printed on stderr:
 * @example
 * const s = await startPerch({ flows: { "hello.yml": yamlText }, args: ["--wait-limit", "PT1S"] });
 * await fetch(`${s.url}/health`);
 * expect(await s.stop()).toBe(0); // SIGTERM, exit code
 * s.stderrLines(); // every line the server logged
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Subprocess } from "bun";
import { createEngine, type Engine } from "../../src/engine/index.ts";
import { silentLogger } from "../../src/lib/log.ts";
import { type App, createApp } from "../../src/server/app.ts";
import type { AuthConfig } from "../../src/server/auth.ts";
import type { PerchMetrics } from "../../src/server/metrics.ts";
import { openSqliteStore } from "../../src/storage/sqlite/index.ts";
import type { Store } from "../../src/storage/types.ts";

export const ROOT = resolve(import.meta.dir, "../..");
export const BUN = join(ROOT, "node_modules/.bin/bun");
export const MAIN = join(ROOT, "src/main.ts");
export const PUBLIC_URL = "http://perch.test:8080";

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `perch-test-${prefix}-`));
}

export interface TestApp {
  app: App;
  engine: Engine;
  store: Store;
  dir: string;
  /** `app.handle` on `http://perch.test:8080<path>` */
  call(
    method: string,
    path: string,
    init?: { body?: string | Uint8Array; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** the real engine on a real SQLite file in a temp dir, flows saved (each must be valid), and the app on top */
export async function createTestApp(
  o: {
    flows?: string[];
    maxBodySize?: number;
    waitLimitMs?: number;
    publicUrl?: string;
    auth?: AuthConfig;
    /** wired as the engine's observer and served at /metrics */
    metrics?: PerchMetrics;
  } = {},
): Promise<TestApp> {
  const dir = tempDir("app");
  const store = await openSqliteStore(join(dir, "perch.db"));
  const publicUrl = o.publicUrl ?? PUBLIC_URL;
  const engine = await createEngine({
    store,
    logger: silentLogger,
    publicUrl,
    waitLimitMs: o.waitLimitMs,
    observer: o.metrics?.observer,
  });
  if (o.metrics) {
    o.metrics.trackWaits(engine);
    o.metrics.queueSource = () => engine.workerStats();
  }
  for (const source of o.flows ?? []) {
    const r = await engine.saveFlow(source);
    if (r.errors.length > 0) throw new Error(`invalid test flow: ${JSON.stringify(r.errors)}\n${source}`);
  }
  const app = createApp(engine, { publicUrl, maxBodySize: o.maxBodySize, auth: o.auth, metrics: o.metrics });
  return {
    app,
    engine,
    store,
    dir,
    call: (method, path, init = {}) =>
      app.handle(new Request(`${publicUrl}${path}`, { method, body: init.body, headers: init.headers })),
    async close() {
      await engine.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PerchProcess {
  /** http://127.0.0.1:PORT as printed on the listening line */
  url: string;
  port: number;
  proc: Subprocess;
  dataDir: string;
  flowsDir: string;
  /** the stderr lines so far */
  stderrLines(): string[];
  stdout(): string;
  /** resolves with the first stderr line matching, or rejects after `timeoutMs` */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** sends `signal` (default SIGTERM), waits for the exit (SIGKILL after 10 s) and returns the exit code; removes temp dirs */
  stop(signal?: NodeJS.Signals): Promise<number>;
}

export interface StartPerchOptions {
  /** file name (may contain folders) → YAML written into a fresh flows dir */
  flows?: Record<string, string>;
  /** extra flags after `server --flows DIR --data DIR --port 0` */
  args?: string[];
  env?: Record<string, string>;
  /** ms to wait for the listening line (default 15 s) */
  timeoutMs?: number;
}

export async function startPerch(o: StartPerchOptions = {}): Promise<PerchProcess> {
  const flowsDir = tempDir("flows");
  const dataDir = tempDir("data");
  for (const [name, text] of Object.entries(o.flows ?? {})) {
    mkdirSync(dirname(join(flowsDir, name)), { recursive: true });
    writeFileSync(join(flowsDir, name), text);
  }
  const proc = Bun.spawn(
    [BUN, MAIN, "server", "--flows", flowsDir, "--data", dataDir, "--port", "0", ...(o.args ?? [])],
    {
      cwd: ROOT,
      env: { ...process.env, ...(o.env ?? {}) },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  const err = { text: "" };
  const out = { text: "" };
  const waiters: { pattern: RegExp; done: (line: string) => void }[] = [];
  const check = () => {
    const lines = err.text.split("\n");
    for (const w of [...waiters]) {
      const line = lines.find((l) => w.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(line);
      }
    }
  };
  const pump = async (stream: ReadableStream<Uint8Array>, sink: { text: string }) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      sink.text += decoder.decode(chunk, { stream: true });
      check();
    }
  };
  void pump(proc.stderr as ReadableStream<Uint8Array>, err);
  void pump(proc.stdout as ReadableStream<Uint8Array>, out);
  const waitForLine = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<string>((resolveLine, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${err.text}`)),
        timeoutMs,
      );
      waiters.push({
        pattern,
        done: (line) => {
          clearTimeout(timer);
          resolveLine(line);
        },
      });
      check();
    });
  const cleanup = () => {
    rmSync(flowsDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  };
  let line: string;
  try {
    line = await Promise.race([
      waitForLine(/listening.*url=http:\/\/|"event":"listening"/, o.timeoutMs ?? 15_000),
      proc.exited.then((code) => Promise.reject(new Error(`perch server exited with ${code}:\n${err.text}`))),
    ]);
  } catch (e) {
    proc.kill(9);
    cleanup();
    throw e;
  }
  const url = /(http:\/\/[^\s"]+)/.exec(line)![1]!;
  return {
    url,
    port: Number(new URL(url).port),
    proc,
    dataDir,
    flowsDir,
    stderrLines: () => err.text.split("\n").filter((l) => l !== ""),
    stdout: () => out.text,
    waitForLine,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (proc.exitCode === null) proc.kill(signal);
      const timer = setTimeout(() => proc.kill(9), 10_000);
      const code = await proc.exited;
      clearTimeout(timer);
      cleanup();
      return code;
    },
  };
}

/** runs `bun src/main.ts ...args` to the end */
export function runPerch(args: string[], o: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = Bun.spawnSync([BUN, MAIN, ...args], {
    cwd: o.cwd ?? ROOT,
    env: { ...process.env, ...(o.env ?? {}) },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}
