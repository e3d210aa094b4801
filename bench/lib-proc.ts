/**
 * Bench helpers for child processes: spawn with the output going to a file (never a pipe a busy
 * server could block on), kill every child by PID, and read memory and CPU from /proc.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import type { Subprocess } from "bun";

export interface Child {
  name: string;
  proc: Subprocess;
  pid: number;
  logPath: string;
  spawnedAt: number;
}

const live = new Set<Child>();

/** Spawns `cmd` with stdout and stderr appended to `logPath`; the child is tracked until `stop`. */
export function spawnLogged(name: string, cmd: string[], logPath: string, env?: Record<string, string>): Child {
  const fd = openSync(logPath, "a");
  try {
    const spawnedAt = performance.now();
    const proc = Bun.spawn(cmd, {
      stdin: "ignore",
      stdout: fd,
      stderr: fd,
      env: { ...process.env, ...env },
    });
    const child: Child = { name, proc, pid: proc.pid, logPath, spawnedAt };
    live.add(child);
    return child;
  } finally {
    closeSync(fd);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stop(child: Child, graceMs = 3000): Promise<void> {
  live.delete(child);
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  try {
    process.kill(child.pid, "SIGTERM");
  } catch {
    return;
  }
  const exited = await Promise.race([child.proc.exited.then(() => true), Bun.sleep(graceMs).then(() => false)]);
  if (!exited) {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {}
    await child.proc.exited;
  }
}

/** Kills every child still tracked (used in finally blocks and on signals). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((c) => stop(c, 1500)));
}

/** Synchronous last resort (process exit hook): SIGKILL every tracked child by PID. */
export function killAllSync(): void {
  for (const c of live) {
    try {
      process.kill(c.pid, "SIGKILL");
    } catch {}
  }
  live.clear();
}

export function isAlive(child: Child): boolean {
  return child.proc.exitCode === null && child.proc.signalCode === null;
}

export function readLog(child: Child): string {
  try {
    return readFileSync(child.logPath, "utf8");
  } catch {
    return "";
  }
}

export function logTail(child: Child, lines = 15): string {
  return readLog(child).trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Waits until the child's log has a line containing `listening` and returns the `url=` on it
 * (or `fallbackUrl` when the line has none). Throws if the child exits or `timeoutMs` passes.
 */
export async function waitListening(
  child: Child,
  fallbackUrl: string | undefined,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const log = readLog(child);
    const line = log.split("\n").find((l) => l.includes("listening"));
    if (line) {
      const m = /url=(\S+)/.exec(line);
      const url = (m?.[1] ?? fallbackUrl)?.replace(/^"|"$/g, "").replace(/\/$/, "");
      if (!url) throw new Error(`${child.name}: "listening" line without url=: ${line}`);
      return url;
    }
    if (!isAlive(child)) {
      throw new Error(`${child.name} exited (code ${child.proc.exitCode}) before listening:\n${logTail(child)}`);
    }
    await Bun.sleep(10);
  }
  throw new Error(`${child.name}: no "listening" line after ${timeoutMs} ms:\n${logTail(child)}`);
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

/** The PID and all its descendants (threads' children included), from /proc. */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.pop()!;
    out.push(p);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
        if (kids) for (const k of kids.split(/\s+/)) todo.push(Number(k));
      } catch {}
    }
  }
  return out;
}

function statusField(pid: number, field: string): number | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(s);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** VmRSS of the process tree, in KiB (undefined once the process is gone). */
export function rssKiB(pid: number): number | undefined {
  if (!existsSync(`/proc/${pid}`)) return undefined;
  let sum = 0;
  for (const p of processTree(pid)) sum += statusField(p, "VmRSS") ?? 0;
  return sum;
}

/** VmHWM (peak RSS) of the process itself, in KiB. */
export function hwmKiB(pid: number): number | undefined {
  return statusField(pid, "VmHWM");
}

let clkTck: number | undefined;
function ticksPerSecond(): number {
  if (clkTck === undefined) {
    const r = Bun.spawnSync(["getconf", "CLK_TCK"]);
    clkTck = Number(r.stdout.toString().trim()) || 100;
  }
  return clkTck;
}

/** user+system CPU seconds of the process tree so far. */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return ticks / ticksPerSecond();
}

/** Samples the tree's RSS every `everyMs`; `stop()` returns the peak seen (KiB). */
export class RssSampler {
  peakKiB = 0;
  samples = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly pid: number,
    everyMs = 200,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    const r = rssKiB(this.pid);
    if (r !== undefined) {
      this.samples++;
      if (r > this.peakKiB) this.peakKiB = r;
    }
  }

  /** resets the peak (e.g. at the start of a load phase) */
  reset(): void {
    this.peakKiB = 0;
    this.sample();
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.peakKiB;
  }
}

/** busy and total jiffies of the whole host (all cores), from the `cpu` line of /proc/stat */
export function hostCpu(): { busy: number; total: number } {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = f[3] + f[4];
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** % of all cores busy between `a` and `b` */
export function hostCpuPct(a: { busy: number; total: number }, b: { busy: number; total: number }): number | undefined {
  const dt = b.total - a.total;
  return dt > 0 ? ((b.busy - a.busy) / dt) * 100 : undefined;
}
