/** runProcess with real child processes: lines in order, partial last line, long lines cut, the whole group killed. */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { groupAlive, lineSplitter, runProcess, TRUNCATED_MARK } from "../../src/lib/process.ts";
import { gone, pidsIn } from "../helpers/pids.ts";

// kills are polled for up to a few seconds each: leave room on a loaded machine
setDefaultTimeout(30_000);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "perch-test-process-"));
  dirs.push(d);
  return d;
}
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

describe("lineSplitter", () => {
  test("splits on \\n and \\r\\n, across chunks and inside UTF-8 sequences, flushes the last partial line", () => {
    const lines: string[] = [];
    const s = lineSplitter(100, (l) => lines.push(l));
    const bytes = new TextEncoder().encode("a\r\nbé\nc");
    s.write(bytes.slice(0, 4)); // cuts "é" in half
    expect(lines).toEqual(["a"]);
    s.write(bytes.slice(4));
    expect(lines).toEqual(["a", "bé"]);
    s.end();
    expect(lines).toEqual(["a", "bé", "c"]);
  });
  test("a line longer than the bound is cut once and marked, the next line is intact", () => {
    const lines: string[] = [];
    const s = lineSplitter(5, (l) => lines.push(l));
    s.write(new TextEncoder().encode("0123456789"));
    s.write(new TextEncoder().encode("abcdef\nok\n"));
    s.end();
    expect(lines).toEqual([`01234${TRUNCATED_MARK}`, "ok"]);
  });
});

describe("runProcess", () => {
  test("stdout and stderr lines in order per stream, exit code, partial last line", async () => {
    const lines: [string, string][] = [];
    const r = await runProcess({
      argv: ["/bin/sh", "-c", "echo one; echo two >&2; echo three; printf 'no newline'; exit 3"],
      cwd: dir(),
      env,
      onLine: (s, l) => lines.push([s, l]),
    });
    expect(r.exitCode).toBe(3);
    expect(r.signal).toBeNull();
    expect(r.aborted).toBe(false);
    expect(lines.filter(([s]) => s === "stdout").map(([, l]) => l)).toEqual(["one", "three", "no newline"]);
    expect(lines.filter(([s]) => s === "stderr").map(([, l]) => l)).toEqual(["two"]);
  });

  test("cwd and env are the given ones, nothing else inherited", async () => {
    const d = dir();
    const out: string[] = [];
    const r = await runProcess({
      argv: ["/bin/sh", "-c", 'pwd; echo "$GREETING"; [ -z "$HOME" ] && echo no home'],
      cwd: d,
      env: { ...env, GREETING: "hi there" },
      onLine: (_, l) => out.push(l),
    });
    expect(r.exitCode).toBe(0);
    expect(out).toEqual([d, "hi there", "no home"]);
  });

  test("a missing program rejects with the OS error", async () => {
    await expect(runProcess({ argv: ["/nonexistent/prog"], cwd: dir(), env, onLine: () => {} })).rejects.toThrow(
      /ENOENT/,
    );
  });

  test("abort kills the command and its background child (the whole group)", async () => {
    const d = dir();
    const controller = new AbortController();
    const run = runProcess({
      argv: ["/bin/sh", "-c", "sleep 30 & echo $! > pids; echo $$ >> pids; sleep 30"],
      cwd: d,
      env,
      onLine: () => {},
      signal: controller.signal,
      killGraceMs: 500,
    });
    const pids = await pidsIn(join(d, "pids"), 2);
    controller.abort(new Error("stop"));
    const r = await run;
    expect(r.aborted).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe("SIGTERM");
    for (const pid of pids) expect(await gone(pid)).toBe(true);
    expect(groupAlive(r.pid)).toBe(false);
  });

  test("a child ignoring SIGTERM is killed with SIGKILL after the grace", async () => {
    const d = dir();
    const controller = new AbortController();
    const run = runProcess({
      argv: ["/bin/sh", "-c", "sh -c 'trap \"\" TERM; echo $$ > pid; while :; do sleep 1; done' & wait"],
      cwd: d,
      env,
      onLine: () => {},
      signal: controller.signal,
      killGraceMs: 200,
    });
    const [pid] = await pidsIn(join(d, "pid"), 1);
    controller.abort();
    const r = await run;
    expect(r.aborted).toBe(true);
    expect(await gone(pid!)).toBe(true);
  });

  test("children left running when the command exits are killed, and the run ends", async () => {
    const d = dir();
    const r = await runProcess({
      argv: ["/bin/sh", "-c", "sleep 30 & echo $! > pids; echo started"],
      cwd: d,
      env,
      onLine: () => {},
      killGraceMs: 500,
    });
    expect(r.exitCode).toBe(0);
    const [pid] = await pidsIn(join(d, "pids"), 1);
    expect(await gone(pid!)).toBe(true);
  });

  test("an already aborted signal starts nothing", async () => {
    const lines: string[] = [];
    const r = await runProcess({
      argv: ["/bin/sh", "-c", "echo never"],
      cwd: dir(),
      env,
      onLine: (_, l) => lines.push(l),
      signal: AbortSignal.abort(),
    });
    expect(r.aborted).toBe(true);
    expect(lines).toEqual([]);
  });
});
