/**
 * Webhook bench: how close perch gets to a bare Bun.serve, on 127.0.0.1, bounded in time.
 *
 *   node_modules/.bin/bun bench/webhook.ts [--duration 10] [--sustain 30] [--runs 3] [--connections 50]
 *                                          [--binary] [--warmup 1] [--drain-max 15] [--cold-runs 5]
 *                                          [--loadgen auto|wrk|autocannon] [--json FILE] [--keep]
 *                                          [--perch-cmd 'CMD ARGS'] (another build: run as CMD ARGS server --flows ...)
 *                                          [--binary-path FILE] (the compiled binary, default dist/perch)
 *
 * Phases (each perch server gets a fresh temp data dir and a flows dir holding bench/flows/*.yml):
 *   1. ceiling   a bare Bun.serve in a child process answering a fixed small JSON on POST
 *   2. wait:false  one-Log-task flow, POST {"hello":"world"}
 *   3. wait:true + returnOutputs  one-OutputValues flow, at 1 connection and at --connections
 *   4. sustained  --sustain seconds of wait:false load, then SUCCESS executions per second (search API
 *                 `total` before/after) during the load window, and the time to drain the backlog
 *   5. memory   perch's RSS idle (after start, before any request) and peak under load
 *               (VmRSS sampled every 200 ms, VmHWM at the end)
 *   6. cold start  spawn until the first 200 from the webhook, median of --cold-runs, binary
 *                  (dist/perch, when present or --binary) and from source
 * The load generator (wrk when on PATH, else autocannon under Node) always runs in its own process.
 * Targets are printed beside the figures; they are not assertions. Exit 0 unless a phase errored.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type LoadResult, type LoadSpec, type LoadTool, pickTool, runLoad } from "./lib-load.ts";
import {
  type Child,
  cpuSeconds,
  freePort,
  hostCpu,
  hostCpuPct,
  hwmKiB,
  isAlive,
  killAllSync,
  logTail,
  RssSampler,
  rssKiB,
  spawnLogged,
  stop,
  stopAll,
  waitListening,
} from "./lib-proc.ts";

// ---------------------------------------------------------------------------------------------- options

const { values: argv } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    duration: { type: "string", default: "10" },
    sustain: { type: "string", default: "30" },
    runs: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    binary: { type: "boolean", default: false },
    warmup: { type: "string", default: "1" },
    "drain-max": { type: "string", default: "15" },
    "cold-runs": { type: "string", default: "5" },
    loadgen: { type: "string", default: "auto" },
    json: { type: "string" },
    "perch-cmd": { type: "string" },
    "binary-path": { type: "string" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: true,
});

if (argv.help) {
  console.log(
    "usage: bun bench/webhook.ts [--duration S] [--sustain S] [--runs N] [--connections N] [--binary]\n" +
      "                            [--warmup S] [--drain-max S] [--cold-runs N] [--loadgen auto|wrk|autocannon]\n" +
      "                            [--json FILE] [--keep] [--perch-cmd 'CMD ARGS'] [--binary-path FILE]",
  );
  process.exit(0);
}

function num(name: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got ${v}`);
  return n;
}

const opt = {
  duration: num("duration", argv.duration, 1),
  sustain: num("sustain", argv.sustain, 1),
  runs: Math.round(num("runs", argv.runs, 1)),
  connections: Math.round(num("connections", argv.connections, 1)),
  binary: argv.binary === true,
  warmup: num("warmup", argv.warmup, 0),
  drainMax: num("drain-max", argv["drain-max"], 0),
  coldRuns: Math.round(num("cold-runs", argv["cold-runs"], 0)),
  loadgen: argv.loadgen,
  json: argv.json,
  /** command (split on spaces) run instead of `bun src/main.ts` / `dist/perch`, before `server --flows ...` */
  perchCmd: argv["perch-cmd"]?.split(/\s+/).filter(Boolean),
  keep: argv.keep === true,
};

const ROOT = resolve(import.meta.dir, "..");
const BUN = join(ROOT, "node_modules/.bin/bun");
const MAIN = join(ROOT, "src/main.ts");
const BINARY = resolve(argv["binary-path"] ?? join(ROOT, "dist/perch"));
const FLOWS_SRC = join(ROOT, "bench/flows");
const NS = "bench";
const LOG_FLOW = { id: "bench_log", key: "benchkey" };
const WAIT_FLOW = { id: "bench_wait", key: "benchwaitkey" };
const BODY = JSON.stringify({ hello: "world" });
const CT = "application/json";
const CORES = navigator.hardwareConcurrency;

const TARGET = {
  noWaitRatio: 0.1,
  sustainedPerS: 5000,
  waitP50Ms: 1,
  waitP99Ms: 10,
  idleMiB: 50,
  loadMiB: 150,
  binaryStartMs: 100,
};

// ------------------------------------------------------------------------------------------------ types

interface PhaseResult {
  name: string;
  connections: number;
  load?: LoadResult;
  /** CPU of the server process tree during the measured load, % of one core */
  serverCpuPct?: number;
  /** server CPU time per response, µs */
  serverCpuUsPerReq?: number;
  /** CPU of the load generator during the measured load, % of one core */
  loadgenCpuPct?: number;
  /** busy CPU of the whole host during the measured load, % of all cores */
  hostCpuPct?: number;
  /** median of the per-run ratios to that run's ceiling (median table only) */
  ratioToCeiling?: number;
  error?: string;
  note?: string;
}

interface MemResult {
  server: string;
  idleKiB?: number;
  /** max sampled VmRSS while the server ran (load phases) */
  peakKiB?: number;
  hwmKiB?: number;
}

interface SustainResult {
  loadS: number;
  rps: number;
  accepted: number;
  successBefore: number;
  successAtLoadEnd: number;
  successFinal: number;
  createdFinal: number;
  /** SUCCESS executions per second during the load window */
  completedPerS: number;
  /** seconds from the end of the load until every execution succeeded (undefined: not drained) */
  drainS?: number;
  /** SUCCESS per second from the start of the load to the end of the drain */
  overallPerS: number;
  serverCpuPct?: number;
  serverCpuUsPerReq?: number;
  loadgenCpuPct?: number;
  hostCpuPct?: number;
  error?: string;
  note?: string;
}

interface RunResult {
  run: number;
  phases: PhaseResult[];
  sustain: SustainResult;
  mem: MemResult[];
}

interface ColdResult {
  kind: "binary" | "source";
  ms: number[];
  error?: string;
  note?: string;
}

// ------------------------------------------------------------------------------------------- formatting

const median = (xs: (number | undefined)[]): number | undefined => {
  const v = xs.filter((x): x is number => x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

const fmtInt = (n: number | undefined) => (n === undefined ? "—" : Math.round(n).toLocaleString("en-US"));
const fmtMs = (n: number | undefined) =>
  n === undefined ? "—" : n < 10 ? n.toFixed(3) : n < 100 ? n.toFixed(2) : n.toFixed(1);
const fmtPct = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? "—" : `${Math.round(n)}%`);
const fmtRatio = (n: number | undefined) => (n === undefined ? "—" : `${n.toFixed(3)}×`);
const fmtMiB = (kib: number | undefined) => (kib === undefined ? "—" : (kib / 1024).toFixed(1));
const fmtS = (n: number | undefined) => (n === undefined ? "—" : n.toFixed(2));
const met = (ok: boolean | undefined) => (ok === undefined ? "—" : ok ? "yes" : "NO");
/** one-line form of an error for a table cell: its lines joined, cut at 160 characters */
const errCell = (e: string) =>
  `ERROR: ${e
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" | ")
    .slice(0, 160)}`;

function table(title: string, headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || /^[a-zA-Z≤≥]/.test(c) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

const log = (msg: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ------------------------------------------------------------------------------------------- processes

let tmpRoot = "";

function perchCmd(binary: boolean): string[] {
  if (opt.perchCmd) return opt.perchCmd;
  return binary ? [BINARY] : [BUN, MAIN];
}

interface Perch {
  child: Child;
  url: string;
  dir: string;
}

function freshDirs(label: string): { dir: string; flows: string; data: string } {
  const dir = mkdtempSync(join(tmpRoot, `${label}-`));
  const flows = join(dir, "flows");
  const data = join(dir, "data");
  mkdirSync(flows);
  mkdirSync(data);
  for (const f of readdirSync(FLOWS_SRC)) if (/\.ya?ml$/.test(f)) cpSync(join(FLOWS_SRC, f), join(flows, f));
  return { dir, flows, data };
}

function spawnPerch(label: string, binary: boolean): { child: Child; port: number; dir: string } {
  const { dir, flows, data } = freshDirs(label);
  const port = freePort();
  const cmd = [...perchCmd(binary), "server", "--flows", flows, "--data", data, "--port", String(port)];
  const child = spawnLogged(`perch ${label}`, [...cmd, "--host", "127.0.0.1"], join(dir, "server.log"));
  return { child, port, dir };
}

async function startPerch(label: string): Promise<Perch> {
  const { child, port, dir } = spawnPerch(label, opt.binary);
  try {
    const url = await waitListening(child, `http://127.0.0.1:${port}`);
    return { child, url, dir };
  } catch (e) {
    await stop(child);
    throw e;
  }
}

async function stopPerch(p: Perch | undefined): Promise<void> {
  if (!p) return;
  await stop(p.child);
  if (!opt.keep) rmSync(p.dir, { recursive: true, force: true });
}

const CEILING_SERVER = `
const body = JSON.stringify({ id: "ceiling", state: { current: "CREATED" } });
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(req) {
    if (req.method !== "POST") return new Response("POST only", { status: 405 });
    await req.arrayBuffer();
    return new Response(body, { headers: { "content-type": "application/json" } });
  },
});
console.error("ceiling listening url=http://127.0.0.1:" + server.port);
`;

const hookUrl = (base: string, flow: { id: string; key: string }) =>
  `${base}/api/v1/executions/webhook/${NS}/${flow.id}/${flow.key}`;

async function postOnce(url: string, timeoutMs = 10_000): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    body: BODY,
    headers: { "content-type": CT },
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text() };
}

async function sanity(p: Perch, flow: { id: string; key: string }): Promise<string> {
  const r = await postOnce(hookUrl(p.url, flow));
  if (r.status < 200 || r.status > 299) {
    throw new Error(`webhook ${flow.id} answered ${r.status}: ${r.text.slice(0, 300)}\n${logTail(p.child, 8)}`);
  }
  return r.text;
}

async function countExecutions(base: string, flowId: string, state?: string): Promise<number> {
  const q = new URLSearchParams({ namespace: NS, flowId, size: "1" });
  if (state) q.set("state", state);
  const res = await fetch(`${base}/api/v1/main/executions/search?${q}`, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`search ${q} answered ${res.status}: ${text.slice(0, 300)}`);
  const total = (JSON.parse(text) as { total?: unknown }).total;
  if (typeof total !== "number") throw new Error(`search ${q}: no numeric total in ${text.slice(0, 300)}`);
  return total;
}

// ----------------------------------------------------------------------------------------------- phases

let tool: LoadTool = "wrk";

const spec = (url: string, connections: number, durationS: number): LoadSpec => ({
  url,
  body: BODY,
  contentType: CT,
  connections,
  durationS,
});

/** One measured load against `pid`'s server, with its CPU and the load generator's. */
async function measured(
  name: string,
  pid: number,
  url: string,
  connections: number,
  durationS: number,
  tag: string,
): Promise<PhaseResult> {
  const cpu0 = cpuSeconds(pid);
  const host0 = hostCpu();
  const t0 = performance.now();
  const load = await runLoad(tool, spec(url, connections, durationS), tmpRoot, tag);
  const elapsed = (performance.now() - t0) / 1000;
  const serverCpuS = cpuSeconds(pid) - cpu0;
  const r: PhaseResult = {
    name,
    connections,
    load,
    serverCpuPct: (serverCpuS / elapsed) * 100,
    serverCpuUsPerReq: load.responses > 0 ? (serverCpuS * 1e6) / load.responses : undefined,
    loadgenCpuPct: (load.cpuS / elapsed) * 100,
    hostCpuPct: hostCpuPct(host0, hostCpu()),
  };
  if (load.ok === 0) r.error = `no 2xx (non-2xx ${load.non2xx}, errors ${load.errors})`;
  return r;
}

async function warm(url: string, connections: number, tag: string): Promise<void> {
  if (opt.warmup > 0) await runLoad(tool, spec(url, connections, opt.warmup), tmpRoot, `${tag}-warm`);
}

async function phaseCeiling(run: number): Promise<PhaseResult> {
  const script = join(tmpRoot, "ceiling-server.ts");
  writeFileSync(script, CEILING_SERVER);
  const child = spawnLogged("ceiling", [BUN, script], join(tmpRoot, `ceiling-${run}.log`));
  try {
    const base = await waitListening(child, undefined, 15_000);
    const url = `${base}/hook`;
    await warm(url, opt.connections, `ceiling-${run}`);
    return await measured("ceiling (bare Bun.serve)", child.pid, url, opt.connections, opt.duration, `ceiling-${run}`);
  } finally {
    await stop(child);
  }
}

function fail(name: string, connections: number, e: unknown): PhaseResult {
  const error = e instanceof Error ? e.message : String(e);
  log(`${name}: FAILED: ${error}`);
  return { name, connections, error };
}

/** Runs `body` against a fresh perch server, measuring its idle and peak memory. */
async function withPerch<T>(label: string, mem: MemResult[], body: (p: Perch, sampler: RssSampler) => Promise<T>) {
  let p: Perch | undefined;
  let sampler: RssSampler | undefined;
  const m: MemResult = { server: label };
  mem.push(m);
  try {
    p = await startPerch(label);
    await Bun.sleep(300); // let start-up work settle before the idle reading
    m.idleKiB = rssKiB(p.child.pid);
    sampler = new RssSampler(p.child.pid, 200);
    return await body(p, sampler);
  } finally {
    if (sampler) m.peakKiB = sampler.stop();
    if (p && isAlive(p.child)) m.hwmKiB = hwmKiB(p.child.pid);
    if (p && !isAlive(p.child)) log(`perch ${label} died (code ${p.child.proc.exitCode}):\n${logTail(p.child)}`);
    await stopPerch(p);
  }
}

async function phaseNoWait(run: number, mem: MemResult[]): Promise<PhaseResult> {
  const name = "perch wait:false (Log)";
  try {
    return await withPerch(`nowait-${run}`, mem, async (p) => {
      await sanity(p, LOG_FLOW);
      const url = hookUrl(p.url, LOG_FLOW);
      await warm(url, opt.connections, `nowait-${run}`);
      return await measured(name, p.child.pid, url, opt.connections, opt.duration, `nowait-${run}`);
    });
  } catch (e) {
    return fail(name, opt.connections, e);
  }
}

async function phaseWait(run: number, mem: MemResult[]): Promise<PhaseResult[]> {
  const name1 = "perch wait:true (OutputValues)";
  const out: PhaseResult[] = [];
  try {
    await withPerch(`wait-${run}`, mem, async (p) => {
      const text = await sanity(p, WAIT_FLOW);
      const note = text.includes("world") ? undefined : `response lacks the output: ${text.slice(0, 200)}`;
      if (note) log(`wait:true: ${note}`);
      const url = hookUrl(p.url, WAIT_FLOW);
      await warm(url, 1, `wait1-${run}`);
      out.push({ ...(await measured(name1, p.child.pid, url, 1, opt.duration, `wait1-${run}`)), note });
      if (opt.connections !== 1) {
        out.push(await measured(name1, p.child.pid, url, opt.connections, opt.duration, `waitN-${run}`));
      }
    });
  } catch (e) {
    if (out.length === 0) out.push(fail(name1, 1, e));
    if (out.length === 1 && opt.connections !== 1) out.push(fail(name1, opt.connections, e));
  }
  return out;
}

async function phaseSustain(run: number, mem: MemResult[]): Promise<SustainResult> {
  const r: SustainResult = {
    loadS: 0,
    rps: 0,
    accepted: 0,
    successBefore: 0,
    successAtLoadEnd: 0,
    successFinal: 0,
    createdFinal: 0,
    completedPerS: 0,
    overallPerS: 0,
  };
  try {
    await withPerch(`sustain-${run}`, mem, async (p) => {
      await sanity(p, LOG_FLOW);
      // the sanity execution must be done before the "before" count
      const t = performance.now();
      while ((await countExecutions(p.url, LOG_FLOW.id, "SUCCESS")) < 1 && performance.now() - t < 5000) {
        await Bun.sleep(20);
      }
      r.successBefore = await countExecutions(p.url, LOG_FLOW.id, "SUCCESS");
      const createdBefore = await countExecutions(p.url, LOG_FLOW.id);
      const url = hookUrl(p.url, LOG_FLOW);
      const cpu0 = cpuSeconds(p.child.pid);
      const host0 = hostCpu();
      const t0 = performance.now();
      const load = await runLoad(tool, spec(url, opt.connections, opt.sustain), tmpRoot, `sustain-${run}`);
      const tEnd = performance.now();
      r.hostCpuPct = hostCpuPct(host0, hostCpu());
      r.successAtLoadEnd = await countExecutions(p.url, LOG_FLOW.id, "SUCCESS");
      const serverCpuS = cpuSeconds(p.child.pid) - cpu0;
      r.serverCpuPct = (serverCpuS / ((tEnd - t0) / 1000)) * 100;
      r.serverCpuUsPerReq = load.responses > 0 ? (serverCpuS * 1e6) / load.responses : undefined;
      r.loadgenCpuPct = (load.cpuS / ((tEnd - t0) / 1000)) * 100;
      r.loadS = load.durationS;
      r.rps = load.rps;
      r.accepted = load.ok;
      r.completedPerS = (r.successAtLoadEnd - r.successBefore) / load.durationS;

      // drain: until every created execution succeeded, SUCCESS stalls for 3 s, or --drain-max passes
      let success = r.successAtLoadEnd;
      let created = await countExecutions(p.url, LOG_FLOW.id);
      let lastChange = performance.now();
      for (;;) {
        const now = performance.now();
        if (success >= created && success - r.successBefore >= r.accepted) {
          r.drainS = (now - tEnd) / 1000;
          break;
        }
        if (now - tEnd > opt.drainMax * 1000) {
          r.note = `not drained after ${opt.drainMax}s: ${created - success} of ${created - createdBefore} executions not SUCCESS`;
          break;
        }
        if (now - lastChange > 3000) {
          r.note = `SUCCESS count stalled for 3 s with ${created - success} executions not SUCCESS (failed or stuck?)`;
          break;
        }
        await Bun.sleep(100);
        const s = await countExecutions(p.url, LOG_FLOW.id, "SUCCESS");
        if (s !== success) lastChange = performance.now();
        success = s;
        created = await countExecutions(p.url, LOG_FLOW.id);
      }
      const tDone = r.drainS !== undefined ? tEnd + r.drainS * 1000 : performance.now();
      r.successFinal = success;
      r.createdFinal = created - createdBefore;
      r.overallPerS = (success - r.successBefore) / ((tDone - t0) / 1000);
      if (r.note) log(`sustained: ${r.note}`);
    });
  } catch (e) {
    r.error = e instanceof Error ? e.message : String(e);
    log(`sustained: FAILED: ${r.error}`);
  }
  return r;
}

async function coldStart(kind: "binary" | "source"): Promise<ColdResult> {
  const res: ColdResult = { kind, ms: [] };
  const statuses = new Set<number>();
  for (let i = 0; i < opt.coldRuns; i++) {
    const { child, port, dir } = spawnPerch(`cold-${kind}-${i}`, kind === "binary");
    const url = hookUrl(`http://127.0.0.1:${port}`, LOG_FLOW);
    try {
      for (;;) {
        if (!isAlive(child)) throw new Error(`exited (code ${child.proc.exitCode}) before a 200:\n${logTail(child)}`);
        if (performance.now() - child.spawnedAt > 30_000) throw new Error(`no 200 within 30 s:\n${logTail(child)}`);
        try {
          const r = await fetch(url, { method: "POST", body: BODY, headers: { "content-type": CT } });
          await r.arrayBuffer();
          if (r.status === 200) {
            res.ms.push(performance.now() - child.spawnedAt);
            break;
          }
          statuses.add(r.status);
        } catch {
          // not listening yet
        }
        await Bun.sleep(1);
      }
    } catch (e) {
      res.error = `${kind} start ${i + 1}: ${e instanceof Error ? e.message : String(e)}`;
      log(`cold start: FAILED: ${res.error}`);
      break;
    } finally {
      await stop(child);
      if (!opt.keep) rmSync(dir, { recursive: true, force: true });
    }
  }
  if (statuses.size > 0) res.note = `saw ${[...statuses].join(", ")} before the first 200`;
  return res;
}

// ---------------------------------------------------------------------------------------------- report

/**
 * CPU, in % of one core, that neither the server nor the load generator used during a phase:
 * the kernel's loopback work, the bench itself, and whatever else shares the host (a noise gauge).
 */
function otherCpu(p: { hostCpuPct?: number; serverCpuPct?: number; loadgenCpuPct?: number }): number | undefined {
  if (p.hostCpuPct === undefined || p.serverCpuPct === undefined || p.loadgenCpuPct === undefined) return undefined;
  return Math.max(0, p.hostCpuPct * CORES - p.serverCpuPct - p.loadgenCpuPct);
}

function phaseRows(phases: PhaseResult[], ceilingRps: number | undefined): string[][] {
  return phases.map((p) => {
    const l = p.load;
    const ratio = p.ratioToCeiling ?? (l && ceilingRps ? l.rps / ceilingRps : undefined);
    let target = "";
    let ok: boolean | undefined;
    if (p.name.includes("wait:false")) {
      target = `≥ ${TARGET.noWaitRatio.toFixed(2)}× ceiling`;
      ok = ratio === undefined ? undefined : ratio >= TARGET.noWaitRatio;
    } else if (p.name.includes("wait:true") && p.connections === 1) {
      target = `p50 ≤ ${TARGET.waitP50Ms} ms, p99 ≤ ${TARGET.waitP99Ms} ms`;
      ok = l && !p.error ? l.p50Ms <= TARGET.waitP50Ms && l.p99Ms <= TARGET.waitP99Ms : undefined;
    }
    if (p.error) ok = false;
    return [
      p.name,
      String(p.connections),
      fmtInt(l?.rps),
      fmtMs(l?.p50Ms),
      fmtMs(l?.p99Ms),
      l ? `${l.non2xx}/${l.errors}` : "—",
      p.name.startsWith("ceiling") ? "1.000×" : fmtRatio(ratio),
      fmtPct(p.serverCpuPct),
      fmtInt(p.serverCpuUsPerReq),
      fmtPct(p.loadgenCpuPct),
      fmtPct(otherCpu(p)),
      target || "—",
      target ? met(ok) : "—",
      p.error ? errCell(p.error) : (p.note ?? ""),
    ];
  });
}

const PHASE_HEADERS = [
  "phase",
  "conns",
  "req/s",
  "p50 ms",
  "p99 ms",
  "non2xx/err",
  "vs ceiling",
  "server CPU",
  "CPU µs/req",
  "loadgen CPU",
  "other CPU",
  "target",
  "met",
  "note",
];

function sustainRow(s: SustainResult, label: string): string[] {
  const target = `≥ ${TARGET.sustainedPerS.toLocaleString("en-US")}/s`;
  if (s.error && s.loadS === 0)
    return [label, "—", "—", "—", "—", "—", target, "NO", "—", "—", "—", "—", "—", "—", errCell(s.error)];
  return [
    label,
    fmtS(s.loadS),
    fmtInt(s.rps),
    fmtInt(s.accepted),
    fmtInt(s.successAtLoadEnd - s.successBefore),
    fmtInt(s.completedPerS),
    target,
    s.error ? "NO" : met(s.completedPerS >= TARGET.sustainedPerS),
    s.drainS === undefined ? "not drained" : fmtS(s.drainS),
    fmtInt(s.overallPerS),
    fmtPct(s.serverCpuPct),
    fmtInt(s.serverCpuUsPerReq),
    fmtPct(s.loadgenCpuPct),
    fmtPct(otherCpu(s)),
    s.error ? errCell(s.error) : (s.note ?? ""),
  ];
}

const SUSTAIN_HEADERS = [
  "run",
  "load s",
  "accepted/s",
  "accepted",
  "SUCCESS in window",
  "completed/s (window)",
  "target",
  "met",
  "drain s",
  "completed/s (incl. drain)",
  "server CPU",
  "CPU µs/req",
  "loadgen CPU",
  "other CPU",
  "note",
];

function memRows(mems: MemResult[]): string[][] {
  return mems.map((m) => {
    const peak = Math.max(m.peakKiB ?? 0, m.hwmKiB ?? 0) || undefined;
    return [
      m.server,
      fmtMiB(m.idleKiB),
      `≤ ${TARGET.idleMiB}`,
      met(m.idleKiB === undefined ? undefined : m.idleKiB / 1024 <= TARGET.idleMiB),
      fmtMiB(m.peakKiB),
      fmtMiB(m.hwmKiB),
      `≤ ${TARGET.loadMiB}`,
      met(peak === undefined ? undefined : peak / 1024 <= TARGET.loadMiB),
    ];
  });
}

const MEM_HEADERS = ["server", "idle RSS MiB", "target", "met", "peak VmRSS MiB", "VmHWM MiB", "target", "met"];

function printRun(r: RunResult): void {
  const ceiling = r.phases.find((p) => p.name.startsWith("ceiling"))?.load?.rps;
  table(`Run ${r.run}: load phases (${tool})`, PHASE_HEADERS, phaseRows(r.phases, ceiling));
  table(`Run ${r.run}: sustained wait:false`, SUSTAIN_HEADERS, [sustainRow(r.sustain, String(r.run))]);
  table(`Run ${r.run}: memory (perch process tree)`, MEM_HEADERS, memRows(r.mem));
}

function medianPhases(runs: RunResult[]): PhaseResult[] {
  const first = runs[0].phases;
  return first.map((p, i) => {
    const all = runs.map((r) => r.phases[i]).filter((x) => x?.load && !x.error);
    const loads = all.map((x) => x.load!);
    const errors = runs.map((r) => r.phases[i]?.error).filter(Boolean);
    const load: LoadResult | undefined =
      loads.length === 0
        ? undefined
        : {
            tool,
            responses: median(loads.map((l) => l.responses))!,
            ok: median(loads.map((l) => l.ok))!,
            non2xx: median(loads.map((l) => l.non2xx))!,
            errors: median(loads.map((l) => l.errors))!,
            durationS: median(loads.map((l) => l.durationS))!,
            rps: median(loads.map((l) => l.rps))!,
            p50Ms: median(loads.map((l) => l.p50Ms))!,
            p99Ms: median(loads.map((l) => l.p99Ms))!,
            cpuS: median(loads.map((l) => l.cpuS))!,
          };
    return {
      name: p.name,
      connections: p.connections,
      load,
      serverCpuPct: median(all.map((x) => x.serverCpuPct)),
      serverCpuUsPerReq: median(all.map((x) => x.serverCpuUsPerReq)),
      loadgenCpuPct: median(all.map((x) => x.loadgenCpuPct)),
      hostCpuPct: median(all.map((x) => x.hostCpuPct)),
      ratioToCeiling: median(
        runs.map((r) => {
          const c = r.phases[0]?.load?.rps;
          const x = r.phases[i];
          return c && x?.load && !x.error ? x.load.rps / c : undefined;
        }),
      ),
      error: loads.length === 0 ? (errors[0] ?? "no result") : undefined,
      note: errors.length > 0 && loads.length > 0 ? `${errors.length} run(s) failed` : undefined,
    };
  });
}

function medianOf<T>(xs: T[], f: (x: T) => number | undefined): number | undefined {
  return median(xs.map(f));
}

// ------------------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  tool = pickTool(opt.loadgen === "auto" ? undefined : opt.loadgen);
  if (opt.binary && !existsSync(BINARY)) throw new Error(`--binary: ${BINARY} is missing (make build)`);
  if (!existsSync(MAIN)) log(`warning: ${MAIN} is missing; perch phases will fail`);
  tmpRoot = mkdtempSync(join(tmpdir(), "perch-bench-"));
  if (tool === "autocannon") {
    log(
      "warning: wrk not on PATH, using autocannon (JS: whole-millisecond latencies, heavier on the CPU); apt-get install -y wrk",
    );
  }
  const perRun = opt.warmup * 3 + opt.duration * 4 + opt.sustain + opt.drainMax / 2 + 4;
  log(
    `loadgen=${tool} connections=${opt.connections} duration=${opt.duration}s sustain=${opt.sustain}s runs=${opt.runs} ` +
      `perch=${opt.perchCmd?.join(" ") ?? (opt.binary ? BINARY : "bun src/main.ts")} tmp=${tmpRoot} (≈${Math.round(perRun * opt.runs + opt.coldRuns * 4)} s)`,
  );

  const runs: RunResult[] = [];
  for (let run = 1; run <= opt.runs; run++) {
    const mem: MemResult[] = [];
    log(`run ${run}/${opt.runs}: ceiling`);
    let ceiling: PhaseResult;
    try {
      ceiling = await phaseCeiling(run);
    } catch (e) {
      ceiling = fail("ceiling (bare Bun.serve)", opt.connections, e);
    }
    log(`run ${run}/${opt.runs}: perch wait:false`);
    const noWait = await phaseNoWait(run, mem);
    log(`run ${run}/${opt.runs}: perch wait:true`);
    const wait = await phaseWait(run, mem);
    log(`run ${run}/${opt.runs}: sustained ${opt.sustain}s`);
    const sustain = await phaseSustain(run, mem);
    const r: RunResult = { run, phases: [ceiling, noWait, ...wait], sustain, mem };
    runs.push(r);
    printRun(r);
  }

  const cold: ColdResult[] = [];
  if (opt.coldRuns > 0) {
    if (existsSync(BINARY)) {
      log(`cold start: binary ×${opt.coldRuns}`);
      cold.push(await coldStart("binary"));
    }
    log(`cold start: source ×${opt.coldRuns}`);
    cold.push(await coldStart("source"));
  }

  // ---- summary
  console.log(
    `\n${"=".repeat(100)}\nSummary: median over ${runs.length} run(s), loadgen ${tool}, ${opt.connections} connections`,
  );
  console.log(
    "req/s: 2xx answers per second; p50/p99: latency from the load generator; server CPU: the server's process tree,\n" +
      "% of one core; CPU µs/req: server CPU time per answer; other CPU: host busy minus server and load generator\n" +
      "(kernel, the bench, other tenants: a high value marks a noisy run), % of one core.",
  );
  const mp = medianPhases(runs);
  table(
    "Load phases (median; vs ceiling = median of the per-run ratios)",
    PHASE_HEADERS,
    phaseRows(mp, mp[0]?.load?.rps),
  );

  const ok = runs.map((r) => r.sustain).filter((s) => !s.error);
  const sMed: SustainResult | undefined =
    ok.length === 0
      ? undefined
      : {
          loadS: medianOf(ok, (s) => s.loadS)!,
          rps: medianOf(ok, (s) => s.rps)!,
          accepted: medianOf(ok, (s) => s.accepted)!,
          successBefore: 0,
          successAtLoadEnd: medianOf(ok, (s) => s.successAtLoadEnd - s.successBefore)!,
          successFinal: medianOf(ok, (s) => s.successFinal)!,
          createdFinal: medianOf(ok, (s) => s.createdFinal)!,
          completedPerS: medianOf(ok, (s) => s.completedPerS)!,
          drainS: ok.every((s) => s.drainS !== undefined) ? medianOf(ok, (s) => s.drainS) : undefined,
          overallPerS: medianOf(ok, (s) => s.overallPerS)!,
          serverCpuPct: medianOf(ok, (s) => s.serverCpuPct),
          serverCpuUsPerReq: medianOf(ok, (s) => s.serverCpuUsPerReq),
          loadgenCpuPct: medianOf(ok, (s) => s.loadgenCpuPct),
          hostCpuPct: medianOf(ok, (s) => s.hostCpuPct),
          note: ok.some((s) => s.drainS === undefined) ? "some run(s) did not drain" : undefined,
        };
  table(
    "Sustained wait:false (median)",
    SUSTAIN_HEADERS,
    sMed ? [sustainRow(sMed, "median")] : [sustainRow(runs[0].sustain, "median")], // every run failed: show the first error
  );

  const memKinds = ["nowait", "wait", "sustain"];
  const memMed: MemResult[] = memKinds.map((k) => {
    const ms = runs.flatMap((r) => r.mem.filter((m) => m.server.startsWith(`${k}-`)));
    return {
      server: k === "nowait" ? "wait:false server" : k === "wait" ? "wait:true server" : "sustained server",
      idleKiB: medianOf(ms, (m) => m.idleKiB),
      peakKiB: medianOf(ms, (m) => m.peakKiB),
      hwmKiB: medianOf(ms, (m) => m.hwmKiB),
    };
  });
  table("Memory (median, perch process tree; VmHWM of the main process)", MEM_HEADERS, memRows(memMed));

  if (cold.length > 0) {
    table(
      `Cold start: spawn → first 200 from the webhook (${opt.coldRuns} starts each)`,
      ["build", "median ms", "min ms", "max ms", "target", "met", "note"],
      cold.map((c) => {
        const m = median(c.ms);
        const target = c.kind === "binary" ? `≤ ${TARGET.binaryStartMs} ms` : "—";
        return [
          c.kind === "binary" ? BINARY.replace(`${ROOT}/`, "") : "bun src/main.ts",
          fmtMs(m),
          fmtMs(c.ms.length ? Math.min(...c.ms) : undefined),
          fmtMs(c.ms.length ? Math.max(...c.ms) : undefined),
          target,
          c.kind === "binary" ? (c.error ? "NO" : met(m === undefined ? undefined : m <= TARGET.binaryStartMs)) : "—",
          c.error ? errCell(c.error) : (c.note ?? ""),
        ];
      }),
    );
    if (!existsSync(BINARY)) console.log(`(${BINARY} missing: no binary cold start; \`make build\` first)`);
  }

  // ---- bottleneck hints
  const notes: string[] = [];
  const hint = (
    what: string,
    r: {
      serverCpuPct?: number;
      serverCpuUsPerReq?: number;
      loadgenCpuPct?: number;
      hostCpuPct?: number;
      load?: LoadResult;
      conns: number;
    },
  ) => {
    const sv = Math.round(r.serverCpuPct ?? 0);
    const gv = Math.round(r.loadgenCpuPct ?? 0);
    const hv = Math.round(r.hostCpuPct ?? 0);
    const per = r.serverCpuUsPerReq === undefined ? "" : `, ${Math.round(r.serverCpuUsPerReq)} µs server CPU/request`;
    const ov = Math.round(otherCpu(r) ?? 0);
    const figures = `server ${sv}% of a core${per}, loadgen ${gv}%, other ${ov}%, host ${hv}% of ${CORES} cores busy`;
    if (sv >= 85) notes.push(`${what}: ${figures} → the server is CPU-bound (one JS thread)`);
    else if (gv >= 85) notes.push(`${what}: ${figures} → the load generator is the limit`);
    else if (hv >= 90)
      notes.push(`${what}: ${figures} → the host is CPU-saturated (kernel/loopback/other load share it)`);
    else if (r.conns === 1 && r.load) {
      const rtt = 1e6 / Math.max(1, r.load.rps);
      notes.push(`${what}: ${figures} → one request at a time: ${Math.round(rtt)} µs per round trip`);
    } else notes.push(`${what}: ${figures} → nothing CPU-saturated: the server waits (I/O, fsync, locks, timers)`);
  };
  for (const p of mp) if (p.load) hint(`${p.name} @${p.connections}`, { ...p, conns: p.connections });
  if (sMed) hint(`sustained @${opt.connections}`, { ...sMed, conns: opt.connections });
  if (notes.length > 0) console.log(`\nWhere the CPU went (median):\n  ${notes.join("\n  ")}`);

  const failed =
    runs.some((r) => r.phases.some((p) => p.error) || r.sustain.error) || cold.some((c) => c.error !== undefined);
  if (opt.json) {
    writeFileSync(
      opt.json,
      JSON.stringify({ options: opt, tool, runs, cold, median: { phases: mp, sustain: sMed, mem: memMed } }, null, 2),
    );
    log(`results written to ${opt.json}`);
  }
  if (failed) console.log("\nSome phases FAILED (see ERROR above); exit 1.");
  return failed ? 1 : 0;
}

let exitCode = 1;
process.on("exit", killAllSync);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping children`);
    void stopAll().finally(() => process.exit(130));
  });
}
try {
  exitCode = await main();
} catch (e) {
  log(`fatal: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
} finally {
  await stopAll();
  if (tmpRoot && !opt.keep) rmSync(tmpRoot, { recursive: true, force: true });
}
process.exit(exitCode);
