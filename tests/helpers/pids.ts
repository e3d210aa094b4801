/**
 * Process checks for tests that kill commands: wait for PIDs written by a script, then prove they are gone.
 *
 * @example
 * const [shell, child] = await pidsIn(join(dir, "pids"), 2); // the script ran `echo $! > pids; echo $$ >> pids`
 * expect(await gone(child)).toBe(true);
 */
import { readFileSync } from "node:fs";

/**
 * true once the process no longer exists: `kill(pid, 0)` throws ESRCH, or it is a zombie (dead, waiting for its
 * parent to reap it; an orphan is reaped by PID 1, which some micro-VM inits do late). Polls up to `timeoutMs`.
 */
export async function gone(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
      if (isZombie(pid)) return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ESRCH") return true;
    }
    if (Date.now() > deadline) return false;
    await Bun.sleep(20);
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** the whitespace-separated PIDs of a file, once it holds `count` of them (polls up to `timeoutMs`) */
export async function pidsIn(file: string, count: number, timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const pids = readFileSync(file, "utf8").split(/\s+/).filter(Boolean).map(Number);
      if (pids.length >= count) return pids;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error(`${file} never held ${count} PIDs`);
    await Bun.sleep(20);
  }
}
