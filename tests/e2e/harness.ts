/**
 * End-to-end helpers on top of the shared child-process starter (tests/helpers/server.ts): servers loaded with
 * flows from tests/e2e/flows, and the few HTTP helpers the e2e tests share. No mocks.
 *
 * @example
 * const server = await startServer({ flows: ["webhook.yml"] });
 * const res = await fetch(server.webhook("io.kestra.tests", "webhook", "a-secret-key"), { method: "POST", body: "{}" });
 * await server.stop();
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isTerminal, STATES } from "../../src/model/state.ts";
import { BUN, MAIN, type PerchProcess, ROOT, startPerch, tempDir } from "../helpers/server.ts";

export { BUN, MAIN, ROOT, tempDir };
export const FLOWS = join(import.meta.dir, "flows");
export const NS = "io.kestra.tests";
/** terminal states (spec §6.1) */
export const TERMINAL: ReadonlySet<string> = new Set(STATES.filter((s) => isTerminal(s)));

export interface StartOptions {
  /** file names under tests/e2e/flows written into the server's fresh flows dir */
  flows?: string[];
  /** extra server flags (a repeated flag wins over the helper's own `--flows`/`--data`) */
  args?: string[];
  env?: Record<string, string>;
}

export interface PerchServer extends PerchProcess {
  /** http://127.0.0.1:PORT (the real listening address, whatever --url says) */
  base: string;
  webhook(namespace: string, flowId: string, key: string, query?: string): string;
  /** SIGKILL, wait for the exit (temp dirs stay: `stop()` afterwards removes them) */
  kill(): Promise<void>;
}

/** a perch server (child process) serving the given flows of tests/e2e/flows */
export async function startServer(o: StartOptions = {}): Promise<PerchServer> {
  const flows: Record<string, string> = {};
  for (const f of o.flows ?? []) flows[f] = readFileSync(join(FLOWS, f), "utf8");
  const p = await startPerch({ flows, args: o.args, env: o.env });
  const base = p.url.replace(/\/+$/, "");
  return Object.assign(p, {
    base,
    webhook: (namespace: string, flowId: string, key: string, query?: string) =>
      `${base}/api/v1/main/executions/webhook/${namespace}/${flowId}/${key}${query ? `?${query}` : ""}`,
    async kill() {
      p.proc.kill(9);
      await p.proc.exited;
    },
  });
}

export function removeDir(dir: string | undefined): void {
  if (dir?.includes("perch-")) rmSync(dir, { recursive: true, force: true });
}

/** stops the server (SIGTERM) and removes its temp dirs */
export async function teardown(server: PerchServer | undefined): Promise<void> {
  if (server) await server.stop();
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
  for (const dir of [
    join(ROOT, "tests/fixtures/github"),
    join(ROOT, "../shared/fixtures/github"),
    "/work/shared/fixtures/github",
  ]) {
    const p = join(dir, `${name}.payload.json`);
    if (existsSync(p)) return readFileSync(p, "utf8");
  }
  return JSON.stringify({
    ref: "refs/heads/main",
    repository: { full_name: "octo/hello", name: "héllo ✓" },
    pusher: null,
  });
}
