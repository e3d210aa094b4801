/**
 * Retention on a real SQLite file: the store's purge (contract), and the background purger with an injected clock:
 * batches of `batch` rows, other writes committed between batches, nothing purged when disabled.
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRetention } from "../../src/cli/retention.ts";
import { createLogger, silentLogger } from "../../src/lib/log.ts";
import { openSqliteStore, type SqliteStore } from "../../src/storage/sqlite/index.ts";
import { advance, makeExecution } from "./contract.ts";
import { runRetentionContract } from "./retention-contract.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "perch-retention-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

runRetentionContract("sqlite", async () => {
  const store = await openSqliteStore(join(tempDir(), "perch.db"));
  return { store, cleanup: () => store.close() };
});

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

describe("background purger", () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = await openSqliteStore(join(tempDir(), "perch.db"));
  });
  afterEach(() => store.close());

  async function seed(n: number, startMs: number): Promise<void> {
    const all = Array.from({ length: n }, (_, i) =>
      advance(makeExecution({ start: new Date(startMs + i * 1000).toISOString() }), "SUCCESS"),
    );
    await Promise.all(all.map((e) => store.createExecution(e)));
  }

  test("purges everything older than the retention in batches, other writes going through in between", async () => {
    await seed(1203, START);
    await seed(5, START + 40 * DAY);
    const calls: number[] = [];
    const counting = {
      purgeBefore: async (before: string, limit?: number) => {
        const n = await store.purgeBefore(before, limit);
        calls.push(n);
        return n;
      },
    };
    const lines: string[] = [];
    const now = () => new Date(START + 45 * DAY); // 30 days back: day 15
    const purger = startRetention({
      store: counting,
      retentionMs: 30 * DAY,
      now,
      batch: 500,
      log: createLogger({ write: (l) => lines.push(l), now }),
      firstRunMs: 60_000,
    });
    const run = purger.runOnce();
    let purgeDone = false;
    void run.then(() => {
      purgeDone = true;
    });
    // a webhook's write, issued while the purge runs, commits before the purge ends
    await store.createExecution(makeExecution({ start: new Date(now()).toISOString() }));
    expect(purgeDone).toBe(false);
    expect(await run).toBe(1203);
    expect(calls).toEqual([500, 500, 203]);
    expect((await store.searchExecutions({})).total).toBe(6);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("retention.purged executions=1203 before=2026-01-16T00:00:00.000Z");
    await purger.stop();
  });

  test("the file folders of executions go too: old and gone or ended; a running one's and recent ones stay", async () => {
    const root = tempDir();
    const now = () => new Date(START + 45 * DAY);
    const old = new Date(START + 10 * DAY);
    const ended = advance(makeExecution({ start: old.toISOString() }), "SUCCESS");
    const running = advance(makeExecution({ start: old.toISOString() }), "RUNNING");
    const recentEnded = advance(makeExecution({ start: new Date(START + 44 * DAY).toISOString() }), "SUCCESS");
    for (const e of [ended, running, recentEnded]) await store.createExecution(e);
    const folder = (name: string, at: Date) => {
      const dir = join(root, name, "taskrun");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "out.txt"), name);
      utimesSync(join(root, name), at, at);
      return join(root, name);
    };
    const gone = folder("no-such-execution", old);
    const endedDir = folder(ended.id, old);
    const runningDir = folder(running.id, old);
    const recentDir = folder(recentEnded.id, new Date(START + 44 * DAY));
    const lines: string[] = [];
    const purger = startRetention({
      store,
      filesRoot: root,
      retentionMs: 30 * DAY,
      now,
      log: createLogger({ write: (l) => lines.push(l), now }),
      firstRunMs: 60_000,
    });
    await purger.runOnce();
    await purger.stop();
    expect([gone, endedDir, runningDir, recentDir].map((d) => existsSync(d))).toEqual([false, false, true, true]);
    expect(lines[0]).toContain("folders=2");
  });

  test("retention 0 never runs on its own", async () => {
    await seed(3, START);
    const purger = startRetention({ store, retentionMs: 0, log: silentLogger, firstRunMs: 0 });
    await Bun.sleep(20);
    await purger.stop();
    expect((await store.searchExecutions({})).total).toBe(3);
  });
});
