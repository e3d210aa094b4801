/**
 * The storage contract: every backend runs this suite on a real database.
 * @example runStoreContract("sqlite", async () => { const store = await openSqliteStore(file); return { store, cleanup } });
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { Execution, LogEntry } from "../../src/model/execution.ts";
import type { StateType } from "../../src/model/state.ts";
import type { Store } from "../../src/storage/types.ts";

export type OpenStore = () => Promise<{ store: Store; cleanup(): Promise<void> }>;

let seq = 0;
/** A minimal valid execution; `start` is the first history date, `states` the history after it. */
export function makeExecution(over: Partial<Execution> & { start?: string; states?: StateType[] } = {}): Execution {
  const start = over.start ?? new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString();
  const states: StateType[] = ["CREATED", ...(over.states ?? [])];
  const histories = states.map((state, i) => ({ state, date: new Date(Date.parse(start) + i * 1000).toISOString() }));
  const { start: _s, states: _st, ...rest } = over;
  return {
    id: `exec-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
    tenantId: "main",
    namespace: "company.team",
    flowId: "flow",
    flowRevision: 1,
    state: { current: states[states.length - 1]!, histories },
    labels: [],
    taskRunList: [],
    originalId: "x",
    metadata: { attemptNumber: 1, originalCreatedDate: start },
    ...rest,
  };
}

/** `e` moved through `states` (each one second after the previous history entry) */
export function advance(e: Execution, ...states: StateType[]): Execution {
  const histories = [...e.state.histories];
  for (const state of states) {
    const last = Date.parse(histories[histories.length - 1]!.date);
    histories.push({ state, date: new Date(last + 1000).toISOString() });
  }
  return { ...e, state: { current: histories[histories.length - 1]!.state, histories } };
}

function log(executionId: string, level: LogEntry["level"], message: string, taskRunId?: string): LogEntry {
  const l: LogEntry = { executionId, level, message, timestamp: new Date().toISOString() };
  if (taskRunId) l.taskRunId = taskRunId;
  return l;
}

const FLOW = { tenantId: "main", namespace: "company.team", id: "hello" };

export function runStoreContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    test("migrate is idempotent and the store is healthy", async () => {
      await store.migrate();
      await store.migrate();
      expect(await store.healthy()).toBe(true);
    });

    describe("flows", () => {
      test("save creates revision 1, same source keeps it, new source adds a revision", async () => {
        const r1 = await store.saveFlow({ ...FLOW, source: "a: 1" });
        expect(r1).toMatchObject({ ...FLOW, revision: 1, source: "a: 1", deleted: false });
        expect((await store.saveFlow({ ...FLOW, source: "a: 1" })).revision).toBe(1);
        const r2 = await store.saveFlow({ ...FLOW, source: "a: 2", errors: [{ message: "bad" }] });
        expect(r2.revision).toBe(2);
        expect(r2.errors).toEqual([{ message: "bad" }]);
        expect((await store.getFlow("main", FLOW.namespace, FLOW.id))?.revision).toBe(2);
        expect((await store.getFlow("main", FLOW.namespace, FLOW.id, 1))?.source).toBe("a: 1");
        expect((await store.listRevisions("main", FLOW.namespace, FLOW.id)).map((f) => f.revision)).toEqual([1, 2]);
      });

      test("concurrent saves of the same flow get distinct revisions", async () => {
        const saved = await Promise.all([1, 2, 3, 4].map((i) => store.saveFlow({ ...FLOW, source: `v: ${i}` })));
        expect(saved.map((f) => f.revision).sort()).toEqual([1, 2, 3, 4]);
      });

      test("delete hides the flow; a later save revives it as latest+1", async () => {
        await store.saveFlow({ ...FLOW, source: "a: 1" });
        await store.saveFlow({ ...FLOW, source: "a: 2" });
        expect(await store.deleteFlow("main", FLOW.namespace, FLOW.id)).toBe(true);
        expect(await store.deleteFlow("main", FLOW.namespace, FLOW.id)).toBe(false);
        expect(await store.deleteFlow("main", FLOW.namespace, "nope")).toBe(false);
        expect(await store.getFlow("main", FLOW.namespace, FLOW.id)).toBeUndefined();
        expect((await store.getFlow("main", FLOW.namespace, FLOW.id, 2))?.deleted).toBe(true);
        expect(await store.listFlows("main")).toEqual([]);
        const r3 = await store.saveFlow({ ...FLOW, source: "a: 2" });
        expect(r3).toMatchObject({ revision: 3, deleted: false });
        expect((await store.getFlow("main", FLOW.namespace, FLOW.id))?.revision).toBe(3);
      });

      test("listFlows returns the latest revision of each flow, by tenant and exact namespace", async () => {
        await store.saveFlow({ ...FLOW, source: "a: 1" });
        await store.saveFlow({ ...FLOW, source: "a: 2" });
        await store.saveFlow({ ...FLOW, id: "other", source: "b" });
        await store.saveFlow({ ...FLOW, namespace: "company.team.sub", source: "c" });
        await store.saveFlow({ ...FLOW, tenantId: "t2", source: "d" });
        const all = await store.listFlows("main");
        expect(all.map((f) => `${f.namespace}/${f.id}@${f.revision}`)).toEqual([
          "company.team/hello@2",
          "company.team/other@1",
          "company.team.sub/hello@1",
        ]);
        expect((await store.listFlows("main", "company.team")).length).toBe(2);
        expect((await store.listFlows("t2")).length).toBe(1);
      });
    });

    describe("executions", () => {
      test("create, get, update replaces the document", async () => {
        const e = makeExecution({ taskRunList: [] });
        await store.createExecution(e);
        expect(await store.getExecution(e.id)).toEqual(e);
        const e2 = { ...advance(e, "RUNNING", "SUCCESS"), outputs: { a: 1 } };
        await store.updateExecution(e2);
        expect(await store.getExecution(e.id)).toEqual(e2);
        expect(await store.getExecution("missing")).toBeUndefined();
      });

      test("a duplicate create and an update of an unknown id reject, without failing other writes", async () => {
        const e = makeExecution();
        await store.createExecution(e);
        const other = makeExecution();
        const results = await Promise.allSettled([
          store.createExecution(e),
          store.updateExecution(makeExecution()),
          store.createExecution(other),
        ]);
        expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "fulfilled"]);
        expect(await store.getExecution(other.id)).toEqual(other);
      });

      test("updates in the same turn are coalesced: the last document wins, every promise resolves", async () => {
        const e = makeExecution();
        const docs = [advance(e, "RUNNING"), advance(e, "RUNNING", "SUCCESS")];
        await Promise.all([store.createExecution(e), ...docs.map((d) => store.updateExecution(d))]);
        expect((await store.getExecution(e.id))?.state.current).toBe("SUCCESS");
      });

      test("many concurrent writers: every resolved write is readable", async () => {
        const ids = await Promise.all(
          Array.from({ length: 200 }, async () => {
            const e = makeExecution();
            await store.createExecution(e);
            await store.updateExecution(advance(e, "RUNNING"));
            return e.id;
          }),
        );
        for (const id of ids) expect((await store.getExecution(id))?.state.current).toBe("RUNNING");
      });

      test("search filters by namespace (with children), flow, states and start dates, newest first, paged", async () => {
        const at = (m: number) => new Date(Date.UTC(2026, 1, 1, 0, m)).toISOString();
        const mk = (ns: string, flowId: string, m: number, states: StateType[] = []) =>
          makeExecution({ namespace: ns, flowId, start: at(m), states });
        const all = [
          mk("company", "a", 1),
          mk("company.team", "a", 2, ["RUNNING"]),
          mk("company.team", "b", 3, ["RUNNING", "SUCCESS"]),
          mk("companyx", "a", 4),
          mk("company.team.sub", "a", 5, ["RUNNING", "FAILED"]),
          makeExecution({ tenantId: "t2", namespace: "company", start: at(6) }),
        ];
        for (const e of all) await store.createExecution(e);
        const ids = async (f: Parameters<Store["searchExecutions"]>[0]) =>
          (await store.searchExecutions({ tenantId: "main", ...f })).results.map((e) =>
            all.indexOf(all.find((x) => x.id === e.id)!),
          );
        expect(await ids({})).toEqual([4, 3, 2, 1, 0]);
        expect(await ids({ namespace: "company" })).toEqual([4, 2, 1, 0]);
        expect(await ids({ namespace: "company.team" })).toEqual([4, 2, 1]);
        expect(await ids({ namespace: "company.team", flowId: "a" })).toEqual([4, 1]);
        expect(await ids({ state: ["SUCCESS", "FAILED"] })).toEqual([4, 2]);
        expect(await ids({ from: at(2), to: at(4) })).toEqual([3, 2, 1]);
        const page = await store.searchExecutions({ tenantId: "main", page: 2, size: 2 });
        expect(page.total).toBe(5);
        expect(page.results.map((e) => e.id)).toEqual([all[2]!.id, all[1]!.id]);
        expect((await store.searchExecutions({ page: 3, size: 2 })).results.length).toBe(2);
        expect((await store.searchExecutions({})).total).toBe(6);
        expect(await ids({ state: [] })).toEqual([4, 3, 2, 1, 0]);
        expect((await store.searchExecutions({ size: 5000 })).results.length).toBe(6);
        await expect(store.searchExecutions({ from: "yesterday" })).rejects.toThrow(/from/);
      });

      test("unfinished executions, oldest first, and counts by state", async () => {
        const a = makeExecution({ start: "2026-03-01T00:00:02.000Z", states: ["RUNNING"] });
        const b = makeExecution({ start: "2026-03-01T00:00:01.000Z", states: ["PAUSED"] });
        const c = makeExecution({ states: ["RUNNING", "SUCCESS"] });
        const d = makeExecution({ flowId: "other", start: "2026-03-01T00:00:03.000Z", states: ["RUNNING"] });
        for (const e of [a, b, c, d]) await store.createExecution(e);
        expect((await store.listUnfinishedExecutions()).map((e) => e.id)).toEqual([b.id, a.id, d.id]);
        expect(await store.countExecutionsInState("main", "company.team", "flow", ["RUNNING", "PAUSED"])).toBe(2);
        expect(await store.countExecutionsInState("main", "company.team", "flow", ["SUCCESS"])).toBe(1);
        await store.updateExecution(advance(a, "SUCCESS"));
        expect((await store.listUnfinishedExecutions()).map((e) => e.id)).not.toContain(a.id);
        expect(await store.countExecutionsInState("main", "company.team", "flow", ["SUCCESS"])).toBe(2);
      });
    });

    describe("logs", () => {
      test("in insertion order, filtered by minimum level and task run", async () => {
        await store.appendLogs([log("e1", "TRACE", "t"), log("e1", "INFO", "i", "tr1"), log("e2", "ERROR", "other")]);
        await store.appendLogs([
          log("e1", "WARN", "w", "tr2"),
          log("e1", "ERROR", "e", "tr1"),
          log("e1", "DEBUG", "d"),
        ]);
        await store.appendLogs([]);
        expect((await store.getLogs("e1")).map((l) => l.message)).toEqual(["t", "i", "w", "e", "d"]);
        expect((await store.getLogs("e1", { minLevel: "WARN" })).map((l) => l.message)).toEqual(["w", "e"]);
        expect((await store.getLogs("e1", { taskRunId: "tr1" })).map((l) => l.message)).toEqual(["i", "e"]);
        expect((await store.getLogs("e1", { minLevel: "ERROR", taskRunId: "tr1" })).map((l) => l.message)).toEqual([
          "e",
        ]);
        const [first] = await store.getLogs("e2");
        expect(first).toEqual({ executionId: "e2", level: "ERROR", message: "other", timestamp: first!.timestamp });
        expect(await store.getLogs("none")).toEqual([]);
      });

      test("an unknown level rejects", async () => {
        await expect(store.appendLogs([log("e1", "LOUD" as never, "x")])).rejects.toThrow(/level/);
      });
    });

    describe("trigger state", () => {
      const key = { tenantId: "main", namespace: "company.team", flowId: "f", triggerId: "hook" };
      test("disable with a reason, enable again, list", async () => {
        expect(await store.getTriggerState("main", "company.team", "f", "hook")).toBeUndefined();
        const t = await store.setTriggerDisabled(key, true, "stopAfter");
        expect(t).toMatchObject({ ...key, disabled: true, reason: "stopAfter" });
        expect(await store.getTriggerState("main", "company.team", "f", "hook")).toEqual(t);
        const t2 = await store.setTriggerDisabled(key, false);
        expect(t2.disabled).toBe(false);
        expect(t2.reason).toBeUndefined();
        await store.setTriggerDisabled({ ...key, triggerId: "a" }, true, "api");
        expect((await store.listTriggerStates("main", "company.team", "f")).map((s) => s.triggerId)).toEqual([
          "a",
          "hook",
        ]);
      });
    });

    describe("flow trigger windows", () => {
      const key = { tenantId: "main", namespace: "ns", flowId: "f", triggerId: "t", conditionId: "c" };
      const w = { ...key, windowStart: "2026-01-01T00:00:00.000Z", windowEnd: "2026-01-01T01:00:00.000Z" };
      test("merge creates then merges results and outputs atomically; expiry deletes", async () => {
        await Promise.all([
          store.mergeTriggerWindow({ ...w, results: { a: true }, outputs: { x: 1 } }),
          store.mergeTriggerWindow({ ...w, results: { b: true }, outputs: { y: 2 } }),
        ]);
        expect(await store.getTriggerWindow(key, w.windowStart)).toEqual({
          ...w,
          results: { a: true, b: true },
          outputs: { x: 1, y: 2 },
        });
        const later = { ...key, windowStart: w.windowEnd, windowEnd: "2026-01-01T02:00:00.000Z" };
        await store.mergeTriggerWindow({ ...later, results: {}, outputs: {} });
        expect((await store.listTriggerWindows(key)).map((x) => x.windowStart)).toEqual([w.windowStart, w.windowEnd]);
        expect(await store.deleteExpiredTriggerWindows("2026-01-01T01:00:00.000Z")).toBe(1);
        expect(await store.deleteTriggerWindow(key, later.windowStart)).toBe(true);
        expect(await store.deleteTriggerWindow(key, later.windowStart)).toBe(false);
        expect(await store.listTriggerWindows(key)).toEqual([]);
      });

      test("when each condition was met and when the trigger fired are kept and merged", async () => {
        await store.mergeTriggerWindow({
          ...w,
          results: { a: true },
          outputs: {},
          satisfiedAt: { a: "2026-01-01T00:10:00.000Z" },
        });
        await store.mergeTriggerWindow({
          ...w,
          results: { b: true },
          outputs: {},
          satisfiedAt: { b: "2026-01-01T00:20:00.000Z" },
          firedAt: "2026-01-01T00:20:00.000Z",
        });
        await store.mergeTriggerWindow({
          ...w,
          results: { a: true },
          outputs: {},
          satisfiedAt: { a: "2026-01-01T00:30:00.000Z" },
        });
        expect(await store.getTriggerWindow(key, w.windowStart)).toEqual({
          ...w,
          results: { a: true, b: true },
          outputs: {},
          satisfiedAt: { a: "2026-01-01T00:30:00.000Z", b: "2026-01-01T00:20:00.000Z" },
          firedAt: "2026-01-01T00:20:00.000Z",
        });
        await store.deleteTriggerWindow(key, w.windowStart);
      });
    });

    test("after close the store is not healthy and writes reject", async () => {
      await store.close();
      expect(await store.healthy()).toBe(false);
      await expect(store.createExecution(makeExecution())).rejects.toThrow();
      await store.close();
    });

    test("flush resolves after queued writes are committed", async () => {
      const e = makeExecution();
      void store.createExecution(e);
      await store.flush();
      expect(await store.getExecution(e.id)).toEqual(e);
    });
  });
}
