/**
 * The retention part of the storage contract: `purgeBefore(cutoff, limit)` deletes ended executions whose end is
 * before the cutoff, with their logs, at most `limit` per call; never an execution that has not ended.
 * @example runRetentionContract("sqlite", openSqlite);
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { LogEntry } from "../../src/model/execution.ts";
import type { Store } from "../../src/storage/types.ts";
import { advance, makeExecution, type OpenStore } from "./contract.ts";

const day = (d: number, h = 0) => new Date(Date.UTC(2026, 0, d, h)).toISOString();
const log = (executionId: string, message: string): LogEntry => ({
  executionId,
  level: "INFO",
  message,
  timestamp: day(1),
});

export function runRetentionContract(name: string, open: OpenStore): void {
  describe(`Store contract (retention): ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(() => cleanup());

    test("deletes ended executions older than the cutoff with their logs; keeps recent and unfinished ones", async () => {
      const old = advance(makeExecution({ start: day(1) }), "RUNNING", "SUCCESS");
      const oldFailed = advance(makeExecution({ start: day(2) }), "RUNNING", "FAILED");
      const oldRunning = advance(makeExecution({ start: day(1) }), "RUNNING");
      const oldPaused = advance(makeExecution({ start: day(1) }), "RUNNING", "PAUSED");
      const recent = advance(makeExecution({ start: day(20) }), "RUNNING", "SUCCESS");
      // started before the cutoff, ended after it: kept
      const straddling = makeExecution({ start: day(9, 23) });
      straddling.state = {
        current: "SUCCESS",
        histories: [
          { state: "CREATED", date: day(9, 23) },
          { state: "SUCCESS", date: day(10, 1) },
        ],
      };
      for (const e of [old, oldFailed, oldRunning, oldPaused, recent, straddling]) await store.createExecution(e);
      await store.appendLogs([log(old.id, "a"), log(old.id, "b"), log(oldRunning.id, "c"), log(recent.id, "d")]);

      expect(await store.purgeBefore(day(10))).toBe(2);
      for (const e of [old, oldFailed]) expect(await store.getExecution(e.id)).toBeUndefined();
      for (const e of [oldRunning, oldPaused, recent, straddling]) expect(await store.getExecution(e.id)).toBeDefined();
      expect(await store.getLogs(old.id)).toEqual([]);
      expect((await store.getLogs(oldRunning.id)).map((l) => l.message)).toEqual(["c"]);
      expect((await store.getLogs(recent.id)).map((l) => l.message)).toEqual(["d"]);
      expect(await store.purgeBefore(day(10))).toBe(0);
    });

    test("at most `limit` per call, oldest first", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const e = advance(makeExecution({ start: day(1, i) }), "SUCCESS");
        ids.push(e.id);
        await store.createExecution(e);
      }
      expect(await store.purgeBefore(day(5), 3)).toBe(3);
      expect(await store.getExecution(ids[0]!)).toBeUndefined();
      expect(await store.getExecution(ids[3]!)).toBeDefined();
      expect(await store.purgeBefore(day(5), 3)).toBe(3);
      expect(await store.purgeBefore(day(5), 3)).toBe(1);
      expect((await store.searchExecutions({})).total).toBe(0);
    });

    test("a cutoff that is not an instant is refused", async () => {
      await expect(store.purgeBefore("last month")).rejects.toThrow(/before/);
    });
  });
}
