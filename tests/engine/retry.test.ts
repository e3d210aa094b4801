/**
 * Retry policies: the pure delay table, then the real engine on a real SQLite file retrying a failing task
 * (RETRYING between attempts, every attempt recorded, warningOnRetry, flow-level retry, the attempt bound).
 */
import { describe, expect, test } from "bun:test";
import { nextRetry, type RetryPolicy } from "../../src/engine/retry.ts";
import type { TaskRunAttempt } from "../../src/model/execution.ts";
import { engines } from "../helpers/engine.ts";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const attempts = (n: number): TaskRunAttempt[] =>
  Array.from({ length: n }, (_, i) => ({
    state: { current: "FAILED", histories: [{ state: "RUNNING", date: new Date(T0 + i * 1000).toISOString() }] },
  }));

describe("nextRetry", () => {
  const rows: [string, RetryPolicy, number, number | undefined][] = [
    ["constant, first retry", { type: "constant", interval: "PT5S", maxAttempts: 3 }, 1, 5000],
    ["constant, second retry", { type: "constant", interval: "PT5S", maxAttempts: 3 }, 2, 5000],
    [
      "constant, attempts used up (maxAttempts counts the first)",
      { type: "constant", interval: "PT5S", maxAttempts: 3 },
      3,
      undefined,
    ],
    ["exponential 1st", { type: "exponential", interval: "PT1S", maxInterval: "PT1M", maxAttempts: 10 }, 1, 1000],
    ["exponential 2nd", { type: "exponential", interval: "PT1S", maxInterval: "PT1M", maxAttempts: 10 }, 2, 2000],
    [
      "exponential 4th: truly exponential",
      { type: "exponential", interval: "PT1S", maxInterval: "PT1M", maxAttempts: 10 },
      4,
      8000,
    ],
    [
      "exponential 5th with factor 3",
      { type: "exponential", interval: "PT1S", delayFactor: 3, maxInterval: "PT10M", maxAttempts: 10 },
      5,
      81_000,
    ],
    [
      "exponential capped at maxInterval",
      { type: "exponential", interval: "PT1S", maxInterval: "PT10S", maxAttempts: 10 },
      8,
      10_000,
    ],
    ["random in [min, max)", { type: "random", minInterval: "PT1S", maxInterval: "PT3S", maxAttempts: 5 }, 1, 1500],
    [
      "maxDuration stops when the next start would pass it",
      { type: "constant", interval: "PT10S", maxDuration: "PT15S" },
      1,
      undefined,
    ],
    ["maxDuration allows a retry within it", { type: "constant", interval: "PT2S", maxDuration: "PT15S" }, 1, 2000],
    ["no bound at all: one retry only", { type: "constant", interval: "PT1S" }, 2, undefined],
  ];
  for (const [name, policy, made, delay] of rows) {
    test(name, () => {
      const now = new Date(T0 + 9_000);
      const r = nextRetry(policy, attempts(made), now, () => 0.25);
      expect(r?.delayMs).toBe(delay as number);
    });
  }
});

const flow = (retry: string, extra = "") => `
id: flaky
namespace: test.retry
${extra}tasks:
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ taskrun.attemptsCount < inputs.okFrom }}"
    errorMessage: "attempt {{ taskrun.attemptsCount }} failed"
${retry}
inputs:
  - id: okFrom
    type: INT
    defaults: 99
`;

describe("retry on the real engine", () => {
  const { setup } = engines();

  test("a task failing every time: maxAttempts attempts, RETRYING between, then FAILED", async () => {
    const engine = await setup(flow(`    retry:\n      type: constant\n      interval: PT0.02S\n      maxAttempts: 3`));
    const r = await engine.createExecution("main", "test.retry", "flaky", {}, { wait: true });
    if ("error" in r) throw r.error;
    expect(r.execution.state.current).toBe("FAILED");
    const tr = r.execution.taskRunList[0]!;
    expect(tr.attempts.length).toBe(3);
    expect(tr.attempts.map((a) => a.state.current)).toEqual(["FAILED", "FAILED", "FAILED"]);
    expect(tr.state.histories.map((h) => h.state).filter((s) => s === "RETRYING").length).toBe(2);
    const logs = await engine.getLogs(r.execution.id);
    expect(logs.filter((l) => l.message.startsWith("Attempt ")).map((l) => l.message)).toEqual([
      "Attempt 1 failed; retrying in 20 ms",
      "Attempt 2 failed; retrying in 20 ms",
    ]);
  });

  test("success on the second attempt: SUCCESS, or WARNING with warningOnRetry", async () => {
    const engine = await setup(flow(`    retry:\n      type: constant\n      interval: PT0.01S\n      maxAttempts: 5`));
    const ok = await engine.createExecution("main", "test.retry", "flaky", { okFrom: 2 }, { wait: true });
    if ("error" in ok) throw ok.error;
    expect(ok.execution.state.current).toBe("SUCCESS");
    expect(ok.execution.taskRunList[0]!.attempts.map((a) => a.state.current)).toEqual(["FAILED", "SUCCESS"]);

    const warn = await setup(
      flow(
        `    retry:\n      type: constant\n      interval: PT0.01S\n      maxAttempts: 5\n      warningOnRetry: true`,
      ),
    );
    const w = await warn.createExecution("main", "test.retry", "flaky", { okFrom: 2 }, { wait: true });
    if ("error" in w) throw w.error;
    expect(w.execution.state.current).toBe("WARNING");
  });

  test("the flow's retry applies to tasks without their own", async () => {
    const engine = await setup(flow("", "retry:\n  type: exponential\n  interval: PT0.01S\n  maxAttempts: 4\n"));
    const r = await engine.createExecution("main", "test.retry", "flaky", { okFrom: 4 }, { wait: true });
    if ("error" in r) throw r.error;
    expect(r.execution.state.current).toBe("SUCCESS");
    expect(r.execution.taskRunList[0]!.attempts.length).toBe(4);
  });

  test("allowFailure applies after the retries", async () => {
    const engine = await setup(
      flow(`    allowFailure: true\n    retry:\n      type: constant\n      interval: PT0.01S\n      maxAttempts: 2`),
    );
    const r = await engine.createExecution("main", "test.retry", "flaky", {}, { wait: true });
    if ("error" in r) throw r.error;
    expect(r.execution.taskRunList[0]!.attempts.length).toBe(2);
    expect(r.execution.state.current).toBe("WARNING");
  });

  test("a kill during the wait between attempts ends KILLED without another attempt", async () => {
    const engine = await setup(flow(`    retry:\n      type: constant\n      interval: PT30S\n      maxAttempts: 3`));
    const r = await engine.createExecution("main", "test.retry", "flaky", {});
    if ("error" in r) throw r.error;
    for (let i = 0; i < 200; i++) {
      const e = await engine.getExecution(r.execution.id);
      if (e?.taskRunList[0]?.state.current === "RETRYING") break;
      await Bun.sleep(10);
    }
    expect((await engine.getExecution(r.execution.id))!.taskRunList[0]!.state.current).toBe("RETRYING");
    const k = await engine.killExecution(r.execution.id);
    expect("error" in k).toBe(false);
    const end = await engine.waitForEnd(r.execution.id, 5000);
    expect(end!.state.current).toBe("KILLED");
    expect(end!.taskRunList[0]!.attempts.length).toBe(1);
  });
});

describe("retry behavior CREATE_NEW_EXECUTION", () => {
  const { setup } = engines();
  const flow = (condition: string) => `
id: again
namespace: test.retry
retry:
  type: constant
  interval: PT0.01S
  maxAttempts: 3
  behavior: CREATE_NEW_EXECUTION
tasks:
  - id: check
    type: io.kestra.plugin.core.execution.Fail
    condition: "${condition}"
`;

  async function all(engine: Awaited<ReturnType<typeof setup>>, count: number) {
    for (let i = 0; i < 300; i++) {
      const r = await engine.searchExecutions({
        tenantId: "main",
        namespace: "test.retry",
        flowId: "again",
        page: 1,
        size: 10,
      } as never);
      const ended = r.results.filter((e) => ["SUCCESS", "FAILED", "RETRIED"].includes(e.state.current));
      if (ended.length >= count) return ended.sort((a, b) => a.metadata.attemptNumber - b.metadata.attemptNumber);
      await Bun.sleep(20);
    }
    throw new Error("executions did not end");
  }

  test("the failed execution ends RETRIED and the flow runs again as a new execution, which succeeds", async () => {
    const engine = await setup(flow("{{ execution.id == execution.originalId }}"));
    const r = await engine.createExecution("main", "test.retry", "again", {}, { wait: true });
    if ("error" in r) throw r.error;
    expect(r.execution.state.current).toBe("RETRIED");
    expect(r.execution.taskRunList[0]!.state.current).toBe("RETRIED");
    const [first, second] = await all(engine, 2);
    expect(first!.id).toBe(r.execution.id);
    expect(second!.state.current).toBe("SUCCESS");
    expect(second!.originalId).toBe(first!.id);
    expect(second!.metadata.attemptNumber).toBe(2);
  });

  test("maxAttempts counts executions: the third one fails for good", async () => {
    const engine = await setup(flow("{{ true }}"));
    const r = await engine.createExecution("main", "test.retry", "again", {});
    if ("error" in r) throw r.error;
    const runs = await all(engine, 3);
    expect(runs.map((e) => e.state.current)).toEqual(["RETRIED", "RETRIED", "FAILED"]);
    expect(runs.map((e) => e.metadata.attemptNumber)).toEqual([1, 2, 3]);
    await Bun.sleep(100);
    const after = await engine.searchExecutions({
      tenantId: "main",
      namespace: "test.retry",
      flowId: "again",
      page: 1,
      size: 10,
    } as never);
    expect(after.total).toBe(3);
  });
});
