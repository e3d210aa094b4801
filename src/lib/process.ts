/**
 * Runs a command in a process group of its own, streams its stdout and stderr line by line, and kills the WHOLE
 * group (the command and everything it started, e.g. `sleep 30 &`) when aborted or when the command exits leaving
 * children behind: SIGTERM first, SIGKILL after a short grace.
 *
 * @example
 * const r = await runProcess({
 *   argv: ["/bin/sh", "-c", "echo hi; echo oops >&2; exit 3"],
 *   cwd: "/tmp",
 *   env: { PATH: "/usr/bin:/bin" },
 *   onLine: (stream, line) => console.log(stream, line),
 *   signal: AbortSignal.timeout(5_000),
 * });
 * // stdout hi / stderr oops; r → { exitCode: 3, signal: null, aborted: false, pid: 1234 }
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { Readable } from "node:stream";

export type StreamName = "stdout" | "stderr";

export interface RunProcessOptions {
  /** program and arguments, e.g. ["/bin/sh", "-c", "echo hi"] */
  argv: string[];
  cwd: string;
  /** the complete environment of the child (nothing is inherited implicitly) */
  env: Record<string, string>;
  /** called once per line, in order within a stream; a partial last line is flushed at exit */
  onLine(stream: StreamName, line: string): void;
  /** aborting kills the whole process group */
  signal?: AbortSignal;
  /** longer lines are cut there and marked (default 256 KiB of characters) */
  maxLineLength?: number;
  /** ms between SIGTERM and SIGKILL (default 2 000) */
  killGraceMs?: number;
  /** ms to wait for the output pipes once the group is gone (a process that left the group may hold them; default 2 000) */
  drainMs?: number;
}

export interface ProcessResult {
  /** exit code, or null when ended by a signal */
  exitCode: number | null;
  /** the signal that ended the command, e.g. "SIGTERM" */
  signal: string | null;
  /** true when `signal` was aborted before the command ended */
  aborted: boolean;
  pid: number;
}

export const TRUNCATED_MARK = " …[line truncated]";

/** Splits a byte stream into lines (UTF-8, `\n` or `\r\n`), cutting lines longer than `max`. */
export function lineSplitter(max: number, emit: (line: string) => void) {
  const decoder = new TextDecoder();
  let buf = "";
  let skipping = false; // inside the rest of a line already cut
  const push = (text: string) => {
    buf += text;
    for (;;) {
      const nl = buf.indexOf("\n");
      if (nl < 0) break;
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (skipping) skipping = false;
      else emit(stripCr(line.length > max ? line.slice(0, max) + TRUNCATED_MARK : line));
    }
    if (buf.length > max) {
      if (!skipping) emit(buf.slice(0, max) + TRUNCATED_MARK);
      skipping = true;
      buf = "";
    }
  };
  return {
    write(chunk: Uint8Array) {
      push(decoder.decode(chunk, { stream: true }));
    },
    end() {
      push(decoder.decode());
      if (buf !== "" && !skipping) emit(stripCr(buf));
      buf = "";
    },
  };
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

/**
 * true while any living process of the group exists. Zombies do not count: a child orphaned by the command is
 * reparented to PID 1, and some init processes (containers, micro-VMs) reap them late or never.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const members = livingMembers(pgid);
  return members === undefined || members > 0;
}

/** living (non-zombie) processes of a group, from /proc; undefined where /proc is not there */
function livingMembers(pgid: number): number | undefined {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return undefined;
  }
  let count = 0;
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // ended meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")"
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X") count++;
  }
  return count;
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    // the group is already gone
  }
}

function streamDone(stream: Readable | null): Promise<void> {
  if (!stream || stream.destroyed || stream.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once("close", resolve);
    stream.once("end", resolve);
    stream.once("error", () => resolve());
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runProcess(o: RunProcessOptions): Promise<ProcessResult> {
  const max = o.maxLineLength ?? 256 * 1024;
  const grace = o.killGraceMs ?? 2_000;
  if (o.argv.length === 0) throw new Error("runProcess: argv is empty");
  if (o.signal?.aborted) return { exitCode: null, signal: null, aborted: true, pid: 0 };
  const child: ChildProcess = spawn(o.argv[0]!, o.argv.slice(1), {
    cwd: o.cwd,
    env: o.env,
    detached: true, // setsid: the child leads a new process group
    stdio: ["ignore", "pipe", "pipe"],
  });
  // listen at once: an abort may come before the "spawn" event is delivered
  let aborted = false;
  let started = false;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const killGroup = () => {
    if (killTimer || !started) return;
    signalGroup(child.pid!, "SIGTERM");
    killTimer = setTimeout(() => signalGroup(child.pid!, "SIGKILL"), grace);
  };
  const onAbort = () => {
    aborted = true;
    killGroup();
  };
  o.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
  } catch (e) {
    o.signal?.removeEventListener("abort", onAbort);
    throw e;
  }
  child.on("error", () => {}); // after the start, errors only concern signals we send ourselves to the group
  started = true;
  const pid = child.pid!;
  if (aborted) killGroup();
  const splitters = {
    stdout: lineSplitter(max, (l) => o.onLine("stdout", l)),
    stderr: lineSplitter(max, (l) => o.onLine("stderr", l)),
  };
  child.stdout!.on("data", (c: Uint8Array) => splitters.stdout.write(c));
  child.stderr!.on("data", (c: Uint8Array) => splitters.stderr.write(c));
  const outputs = Promise.all([streamDone(child.stdout), streamDone(child.stderr)]);

  const exit = await new Promise<{ code: number | null; sig: string | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, sig: child.signalCode });
    child.once("exit", (code, sig) => resolve({ code, sig }));
  });
  o.signal?.removeEventListener("abort", onAbort);
  // children left behind (`sleep 30 &`) die with the command
  if (groupAlive(pid)) killGroup();
  const deadline = Date.now() + grace + 1_000;
  while (killTimer && groupAlive(pid) && Date.now() < deadline) await pause(20);
  if (killTimer) clearTimeout(killTimer);
  // a process that escaped the group (setsid) may keep the pipes open: bounded wait
  let drainTimer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([outputs, new Promise((r) => (drainTimer = setTimeout(r, o.drainMs ?? 2_000)))]);
  clearTimeout(drainTimer);
  child.stdout!.destroy();
  child.stderr!.destroy();
  splitters.stdout.end();
  splitters.stderr.end();
  return { exitCode: exit.code, signal: exit.sig, aborted, pid };
}
