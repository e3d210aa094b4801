/**
 * End-to-end harness: starts the real server as a child process (real SQLite in a temp dir, ephemeral port) and
 * offers the few HTTP helpers the e2e tests share. No mocks.
 *
 * @example
 * const server = await startServer({ flows: ["webhook.yml"] });
 * const res = await fetch(server.webhook("io.kestra.tests", "webhook", "a-secret-key"), { method: "POST", body: "{}" });
 * await server.stop();
 */
import type { Subprocess } from "bun";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dir, "../..");
export const BUN = join(ROOT, "node_modules/.bin/bun");
export const FLOWS = join(import.meta.dir, "flows");
export const NS = "io.kestra.tests";
export const TERMINAL = new Set([
  "SUCCESS",
  "WARNING",
  "FAILED",
  "KILLED",
  "CANCELLED",
  "RETRIED",
  "SKIPPED",
  "RESUBMITTED",
]);

export interface StartOptions {
  /** file names under tests/e2e/flows copied into a fresh flows dir */
  flows?: string[];
  /** use this flows dir as is (instead of `flows`) */
  flowsDir?: string;
  /** reuse a data dir (restart after a crash); default a fresh temp dir */
  dataDir?: string;
  /** extra server flags */
  args?: string[];
  env?: Record<string, string>;
  /** command to run instead of `bun src/main.ts` (a compiled binary) */
  command?: string[];
  cwd?: string;
  timeoutMs?: number;
}

export interface PerchServer {
  /** http://127.0.0.1:PORT (the real listening address, whatever --url says) */
  base: string;
  port: number;
  dataDir: string;
  flowsDir: string;
  proc: Subprocess;
  /** everything the child wrote on stderr so far */
  log(): string;
  webhook(namespace: string, flowId: string, key: string, query?: string): string;
  /** SIGTERM (default) and wait for the exit code */
  stop(signal?: NodeJS.Signals | number): Promise<number>;
  /** SIGKILL, wait for the exit */
  kill(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `perch-e2e-${prefix}-`));
}

/** drains a child's stream into a bounded text buffer (so the child never blocks on a full pipe) */
function drain(stream: ReadableStream<Uint8Array> | undefined, sink: { text: string }, onChunk: () => void): void {
  if (!stream) return;
  const decoder = new TextDecoder();
  void (async () => {
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        sink.text += decoder.decode(value, { stream: true });
        if (sink.text.length > 2_000_000) sink.text = sink.text.slice(-1_000_000);
        onChunk();
      }
    } catch {
      // child gone
    }
  })();
}

export async function startServer(o: StartOptions = {}): Promise<PerchServer> {
  let flowsDir = o.flowsDir;
  if (!flowsDir) {
    flowsDir = tempDir("flows");
    for (const f of o.flows ?? []) copyFileSync(join(FLOWS, f), join(flowsDir, f));
  }
  const dataDir = o.dataDir ?? tempDir("data");
  mkdirSync(dataDir, { recursive: true });
  const cmd = [
    ...(o.command ?? [BUN, join(ROOT, "src/main.ts")]),
    "server",
    "--flows",
    flowsDir,
    "--data",
    dataDir,
    "--port",
    "0",
    ...(o.args ?? []),
  ];
  const proc = Bun.spawn(cmd, {
    cwd: o.cwd ?? ROOT,
    env: { ...process.env, ...(o.env ?? {}) },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const err = { text: "" };
  const out = { text: "" };
  let port = 0;
  let wake: () => void = () => {};
  const check = () => {
    if (port) return;
    for (const line of (err.text + out.text).split("\n")) {
      if (!line.includes("listening")) continue;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (m) {
        port = Number(m[1]);
        wake();
        return;
      }
    }
  };
  drain(proc.stderr as ReadableStream<Uint8Array>, err, check);
  drain(proc.stdout as ReadableStream<Uint8Array>, out, check);
  const timeoutMs = o.timeoutMs ?? 15_000;
  await new Promise<void>((resolveStart, reject) => {
    const timer = setTimeout(() => {
      proc.kill(9);
      reject(new Error(`server did not print its listening line within ${timeoutMs} ms:\n${err.text}\n${out.text}`));
    }, timeoutMs);
    wake = () => {
      clearTimeout(timer);
      resolveStart();
    };
    void proc.exited.then((code) => {
      if (port) return;
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${err.text}\n${out.text}`));
    });
    check();
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    port,
    dataDir,
    flowsDir,
    proc,
    log: () => err.text + out.text,
    webhook: (namespace, flowId, key, query) =>
      `${base}/api/v1/main/executions/webhook/${namespace}/${flowId}/${key}${query ? `?${query}` : ""}`,
    async stop(signal: NodeJS.Signals | number = "SIGTERM") {
      if (proc.exitCode === null && !proc.killed) proc.kill(signal);
      const timer = setTimeout(() => proc.kill(9), 10_000);
      const code = await proc.exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      proc.kill(9);
      await proc.exited;
    },
  };
}

export function removeDir(dir: string | undefined): void {
  if (dir?.includes("perch-e2e-")) rmSync(dir, { recursive: true, force: true });
}

/** stops the server and removes its temp dirs */
export async function teardown(server: PerchServer | undefined): Promise<void> {
  if (!server) return;
  await server.stop();
  removeDir(server.dataDir);
  removeDir(server.flowsDir);
}

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

export async function getExecution(base: string, id: string): Promise<{ status: number; body: any }> {
  return getJson(`${base}/api/v1/main/executions/${id}`);
}

/** polls GET /executions/{id} until its state is terminal; returns the last execution seen */
export async function waitTerminal(base: string, id: string, timeoutMs = 5_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  for (;;) {
    const r = await getExecution(base, id);
    if (r.status === 200) {
      last = r.body;
      if (TERMINAL.has(last?.state?.current)) return last;
    }
    if (Date.now() > deadline) return last ?? { state: { current: `HTTP ${r.status}` } };
    await Bun.sleep(50);
  }
}

/** total number of executions of a namespace, or of one flow (search API) */
export async function countExecutions(base: string, namespace: string, flowId?: string): Promise<number> {
  const flow = flowId ? `&flowId=${flowId}` : "";
  const r = await getJson(`${base}/api/v1/main/executions/search?namespace=${namespace}${flow}&size=1`);
  if (r.status !== 200) throw new Error(`search answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.total;
}

/** the output of a task, from the execution's task runs */
export function taskOutputs(execution: any, taskId: string): any {
  return execution?.taskRunList?.find((t: any) => t.taskId === taskId)?.outputs;
}

/** a real GitHub payload (fixtures of the shared folder); a small stand-in when that folder is absent */
export function githubPayload(name: string): string {
  for (const dir of [join(ROOT, "tests/fixtures/github"), "/work/shared/fixtures/github"]) {
    const p = join(dir, `${name}.payload.json`);
    if (existsSync(p)) return readFileSync(p, "utf8");
  }
  return JSON.stringify({
    ref: "refs/heads/main",
    repository: { full_name: "octo/hello", name: "héllo ✓" },
    pusher: null,
  });
}

/** `--help` text of the CLI (to find optional flags) */
export function cliHelp(): string {
  const r = Bun.spawnSync([BUN, join(ROOT, "src/main.ts"), "--help"], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  const r2 = Bun.spawnSync([BUN, join(ROOT, "src/main.ts"), "server", "--help"], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
  });
  return `${r.stdout}${r.stderr}${r2.stdout}${r2.stderr}`;
}
