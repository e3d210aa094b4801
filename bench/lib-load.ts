/**
 * HTTP load generation for the benches, always in a separate process from the bench itself and
 * from the server under test: `wrk` (C, preferred when installed) or autocannon's programmatic API
 * run by Node (or Bun when Node is missing).
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Child, spawnLogged, stop } from "./lib-proc.ts";

export type LoadTool = "wrk" | "autocannon";

export interface LoadSpec {
  url: string;
  body: string;
  contentType: string;
  connections: number;
  durationS: number;
  /** per-request timeout, seconds */
  timeoutS?: number;
}

export interface LoadResult {
  tool: LoadTool;
  /** responses received (any status) */
  responses: number;
  /** 2xx responses */
  ok: number;
  /** non-2xx responses */
  non2xx: number;
  /** socket errors and timeouts */
  errors: number;
  durationS: number;
  /** 2xx responses per second */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU seconds the load generator process used (user+system) */
  cpuS: number;
}

export function which(cmd: string): string | undefined {
  const r = Bun.spawnSync(["sh", "-c", `command -v ${cmd}`]);
  const p = r.stdout.toString().trim();
  return r.exitCode === 0 && p ? p : undefined;
}

export function pickTool(wanted: string | undefined): LoadTool {
  if (wanted === "wrk" || wanted === "autocannon") {
    if (wanted === "wrk" && !which("wrk"))
      throw new Error("--loadgen wrk: wrk is not on PATH (apt-get install -y wrk)");
    return wanted;
  }
  return which("wrk") ? "wrk" : "autocannon";
}

function luaString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const WRK_DONE = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;

function cpuOf(child: Child): number {
  const ru = child.proc.resourceUsage();
  return ru ? Number(ru.cpuTime.total) / 1e6 : Number.NaN;
}

async function runChild(child: Child, limitS: number): Promise<void> {
  const exited = await Promise.race([child.proc.exited.then(() => true), Bun.sleep(limitS * 1000).then(() => false)]);
  if (!exited) {
    await stop(child, 1000);
    throw new Error(`${child.name} did not finish within ${limitS}s`);
  }
}

async function runWrk(spec: LoadSpec, tmp: string, tag: string): Promise<LoadResult> {
  const script = join(tmp, `wrk-${tag}.lua`);
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = ${luaString(spec.body)}\nwrk.headers["Content-Type"] = ${luaString(spec.contentType)}\n${WRK_DONE}`,
  );
  const logPath = join(tmp, `wrk-${tag}.out`);
  const duration = Math.max(1, Math.round(spec.durationS));
  const cmd = [
    "wrk",
    "-t1",
    `-c${spec.connections}`,
    `-d${duration}s`,
    `--timeout`,
    `${spec.timeoutS ?? 10}s`,
    "-s",
    script,
    spec.url,
  ];
  const child = spawnLogged(`wrk ${tag}`, cmd, logPath);
  await runChild(child, duration + 30);
  const out = await Bun.file(logPath).text();
  const line = out.split("\n").find((l) => l.startsWith("WRKJSON "));
  if (!line) throw new Error(`wrk produced no result (exit ${child.proc.exitCode}):\n${out.slice(-2000)}`);
  const j = JSON.parse(line.slice(8)) as Record<string, number>;
  const durationS = j.duration_us / 1e6;
  const ok = j.requests - j.status;
  return {
    tool: "wrk",
    responses: j.requests,
    ok,
    non2xx: j.status,
    errors: j.connect + j.read + j.write + j.timeout,
    durationS,
    rps: ok / durationS,
    p50Ms: j.p50_us / 1000,
    p99Ms: j.p99_us / 1000,
    cpuS: cpuOf(child),
  };
}

const AUTOCANNON_RUNNER = (autocannonPath: string) => `
import autocannon from ${JSON.stringify(autocannonPath)};
const spec = JSON.parse(process.argv[2]);
const r = await autocannon({
  url: spec.url, method: "POST", body: spec.body, headers: { "content-type": spec.contentType },
  connections: spec.connections, duration: spec.durationS, timeout: spec.timeoutS ?? 10, pipelining: 1,
});
console.log("ACJSON " + JSON.stringify({
  ok: r["2xx"], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, duration: r.duration,
  p50: r.latency.p50, p99: r.latency.p99,
}));
`;

async function runAutocannon(spec: LoadSpec, tmp: string, tag: string): Promise<LoadResult> {
  const runner = join(tmp, "autocannon-runner.mjs");
  writeFileSync(runner, AUTOCANNON_RUNNER(resolve(import.meta.dir, "../node_modules/autocannon/autocannon.js")));
  const runtime = which("node") ?? process.execPath;
  const logPath = join(tmp, `autocannon-${tag}.out`);
  const child = spawnLogged(`autocannon ${tag}`, [runtime, runner, JSON.stringify(spec)], logPath);
  await runChild(child, spec.durationS + 30);
  const out = await Bun.file(logPath).text();
  const line = out.split("\n").find((l) => l.startsWith("ACJSON "));
  if (!line) throw new Error(`autocannon produced no result (exit ${child.proc.exitCode}):\n${out.slice(-2000)}`);
  const j = JSON.parse(line.slice(7)) as Record<string, number>;
  return {
    tool: "autocannon",
    responses: j.ok + j.non2xx,
    ok: j.ok,
    non2xx: j.non2xx,
    errors: j.errors + j.timeouts,
    durationS: j.duration,
    rps: j.ok / j.duration,
    p50Ms: j.p50,
    p99Ms: j.p99,
    cpuS: cpuOf(child),
  };
}

export function runLoad(tool: LoadTool, spec: LoadSpec, tmp: string, tag: string): Promise<LoadResult> {
  return tool === "wrk" ? runWrk(spec, tmp, tag) : runAutocannon(spec, tmp, tag);
}
