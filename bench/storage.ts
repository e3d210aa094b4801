/**
 * SQLite store throughput: executions created, updated 3 times and logged twice (one write each, 6 writes per
 * execution), from many concurrent async callers, each awaiting its previous write like the engine does.
 * Group commit (the default) against the baseline of one transaction per write, both with synchronous=FULL.
 *
 *   node_modules/.bin/bun bench/storage.ts [executions=20000] [callers=500]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Execution, TaskRun } from "../src/model/execution.ts";
import type { StateType } from "../src/model/state.ts";
import { openSqliteStore, type SqliteStoreOptions } from "../src/storage/sqlite/index.ts";

const executions = Number(process.argv[2] ?? 20_000);
const callers = Number(process.argv[3] ?? 500);

function state(...states: StateType[]) {
  const now = new Date().toISOString();
  return { current: states[states.length - 1]!, histories: states.map((s) => ({ state: s, date: now })) };
}

function taskRun(e: Execution, taskId: string, ...states: StateType[]): TaskRun {
  const s = state(...states);
  return {
    id: `${e.id}-${taskId}`,
    executionId: e.id,
    namespace: e.namespace,
    flowId: e.flowId,
    taskId,
    attempts: [{ state: s }],
    state: s,
    outputs: { value: "hello world", n: 42 },
  };
}

async function run(label: string, count: number, options: SqliteStoreOptions) {
  const dir = mkdtempSync(join(tmpdir(), "perch-bench-"));
  const store = await openSqliteStore(join(dir, "perch.db"), options);
  let next = 0;
  const one = async (i: number) => {
    const e: Execution = {
      id: `bench-${i}`,
      tenantId: "main",
      namespace: "company.team",
      flowId: `flow-${i % 20}`,
      flowRevision: 1,
      state: state("CREATED"),
      trigger: {
        id: "hook",
        type: "io.kestra.plugin.core.trigger.Webhook",
        variables: { body: { a: i, text: "payload" }, headers: { "content-type": ["application/json"] } },
      },
      labels: [{ key: "env", value: "bench" }],
      inputs: { name: "world" },
      taskRunList: [],
      originalId: `bench-${i}`,
      metadata: { attemptNumber: 1, originalCreatedDate: new Date().toISOString() },
    };
    await store.createExecution(e);
    await store.updateExecution({
      ...e,
      state: state("CREATED", "RUNNING"),
      taskRunList: [taskRun(e, "hello", "CREATED", "RUNNING")],
    });
    await store.appendLogs([
      {
        executionId: e.id,
        taskRunId: `${e.id}-hello`,
        taskId: "hello",
        level: "INFO",
        timestamp: new Date().toISOString(),
        message: "Hello world",
      },
    ]);
    await store.updateExecution({
      ...e,
      state: state("CREATED", "RUNNING"),
      taskRunList: [taskRun(e, "hello", "CREATED", "RUNNING", "SUCCESS")],
    });
    await store.appendLogs([
      { executionId: e.id, level: "INFO", timestamp: new Date().toISOString(), message: "done" },
    ]);
    await store.updateExecution({
      ...e,
      state: state("CREATED", "RUNNING", "SUCCESS"),
      taskRunList: [taskRun(e, "hello", "CREATED", "RUNNING", "SUCCESS")],
    });
  };
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(callers, count) }, async () => {
      while (next < count) await one(next++);
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const done = (store.db.query("SELECT COUNT(*) AS n FROM executions WHERE state = 'SUCCESS'").get() as { n: number })
    .n;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (done !== count) throw new Error(`${label}: ${done} of ${count} executions stored as SUCCESS`);
  const perS = count / s;
  console.log(
    `${label.padEnd(44)} ${String(count).padStart(6)} executions in ${s.toFixed(2)} s: ${Math.round(perS).toLocaleString("en")} executions/s, ${Math.round(perS * 6).toLocaleString("en")} writes/s`,
  );
  return perS;
}

console.log(`bench/storage: ${callers} concurrent callers, 6 awaited writes per execution (create, 3 updates, 2 logs)`);
const base = await run("baseline: one transaction per write, FULL", Math.min(1_000, executions), {
  groupCommit: false,
});
const group = await run("group commit, synchronous=FULL", executions, {});
await run("group commit, synchronous=NORMAL", executions, { synchronous: "NORMAL" });
console.log(`group commit / baseline: ${(group / base).toFixed(1)}x`);
