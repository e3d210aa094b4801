import { describe, expect, test } from "bun:test";
import { aggregateState, type ExecutorDeps, step } from "../../src/engine/executor.ts";
import type { Execution } from "../../src/model/execution.ts";
import type { Flow, TaskDef } from "../../src/model/flow.ts";
import { newState, type StateType, withState } from "../../src/model/state.ts";

const T0 = new Date("2026-01-01T00:00:00Z");

function flow(parts: Partial<Flow>): Flow {
  return {
    id: "f",
    namespace: "ns",
    revision: 1,
    tenantId: "main",
    labels: [],
    inputs: [],
    outputs: [],
    variables: {},
    tasks: [],
    errors: [],
    finally: [],
    afterExecution: [],
    triggers: [],
    disabled: false,
    source: "",
    ...parts,
  };
}

const task = (id: string, extra: Partial<TaskDef> = {}): TaskDef => ({
  id,
  type: "io.kestra.plugin.core.log.Log",
  ...extra,
});

function execution(): Execution {
  return {
    id: "e1",
    tenantId: "main",
    namespace: "ns",
    flowId: "f",
    flowRevision: 1,
    state: newState(T0),
    labels: [],
    taskRunList: [],
    originalId: "e1",
    metadata: { attemptNumber: 1, originalCreatedDate: T0.toISOString() },
  };
}

function deps(over: Partial<ExecutorDeps> = {}): ExecutorDeps {
  let n = 0;
  return {
    now: () => T0,
    newId: () => `tr${++n}`,
    runIf: () => true,
    render: (v) => v,
    outputs: () => ({ outputs: {} }),
    ...over,
  };
}

/** Plays a table of task outcomes: each time a task is dispatched it ends in the listed state. */
function play(f: Flow, outcomes: Record<string, StateType>, d = deps()) {
  const e = execution();
  const order: string[] = [];
  let r = step(f, e, d);
  for (let guard = 0; guard < 50 && !r.ended; guard++) {
    if (r.dispatch.length === 0) break;
    for (const { task: t, taskRun } of r.dispatch) {
      order.push(t.id);
      taskRun.state = withState(withState(taskRun.state, "RUNNING", T0), outcomes[t.id] ?? "SUCCESS", T0);
    }
    r = step(f, e, d);
  }
  return { e, order, r };
}

describe("executor step", () => {
  test("CREATED becomes RUNNING and the first task is dispatched", () => {
    const e = execution();
    const r = step(flow({ tasks: [task("a"), task("b")] }), e, deps());
    expect(e.state.current).toBe("RUNNING");
    expect(r.dispatch.map((d) => d.task.id)).toEqual(["a"]);
    expect(r.ended).toBe(false);
  });

  test("a pending task run blocks the next one", () => {
    const f = flow({ tasks: [task("a"), task("b")] });
    const e = execution();
    const d = deps();
    step(f, e, d);
    const again = step(f, e, d);
    expect(again.dispatch).toEqual([]);
    expect(e.taskRunList.length).toBe(1);
  });

  const cases: { name: string; f: Flow; outcomes: Record<string, StateType>; order: string[]; final: StateType }[] = [
    {
      name: "all succeed",
      f: flow({ tasks: [task("a"), task("b")] }),
      outcomes: {},
      order: ["a", "b"],
      final: "SUCCESS",
    },
    {
      name: "failure stops the main list and runs errors then finally",
      f: flow({ tasks: [task("a"), task("b")], errors: [task("err")], finally: [task("fin")] }),
      outcomes: { a: "FAILED" },
      order: ["a", "err", "fin"],
      final: "FAILED",
    },
    {
      name: "errors do not run on success; finally does",
      f: flow({ tasks: [task("a")], errors: [task("err")], finally: [task("fin")] }),
      outcomes: {},
      order: ["a", "fin"],
      final: "SUCCESS",
    },
    {
      name: "a warning makes the execution WARNING",
      f: flow({ tasks: [task("a"), task("b")] }),
      outcomes: { a: "WARNING" },
      order: ["a", "b"],
      final: "WARNING",
    },
    {
      name: "a failing finally task does not change the state computed from the main tasks",
      f: flow({ tasks: [task("a")], finally: [task("fin")] }),
      outcomes: { fin: "FAILED" },
      order: ["a", "fin"],
      final: "SUCCESS",
    },
    {
      name: "disabled tasks are removed",
      f: flow({ tasks: [task("a", { disabled: true }), task("b")] }),
      outcomes: {},
      order: ["b"],
      final: "SUCCESS",
    },
    {
      name: "afterExecution runs last",
      f: flow({ tasks: [task("a")], afterExecution: [task("after")] }),
      outcomes: { a: "FAILED" },
      order: ["a", "after"],
      final: "FAILED",
    },
    {
      name: "KILLED wins over FAILED",
      f: flow({ tasks: [task("a")] }),
      outcomes: { a: "KILLED" },
      order: ["a"],
      final: "KILLED",
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { e, order, r } = play(c.f, c.outcomes);
      expect(order).toEqual(c.order);
      expect(r.ended).toBe(true);
      expect(e.state.current).toBe(c.final);
      expect(e.state.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", c.final]);
    });
  }

  test("runIf false skips the task without dispatching it", () => {
    const d = deps({ runIf: (t) => t.id !== "a" });
    const { e, order } = play(flow({ tasks: [task("a", { runIf: "{{ false }}" }), task("b")] }), {}, d);
    expect(order).toEqual(["b"]);
    expect(e.taskRunList.find((t) => t.taskId === "a")?.state.current).toBe("SKIPPED");
    expect(e.state.current).toBe("SUCCESS");
  });

  test("runIf that throws fails the task and the execution", () => {
    const d = deps({
      runIf: () => {
        throw new Error("boom");
      },
    });
    const { e, r } = play(flow({ tasks: [task("a", { runIf: "{{ nope }}" })] }), {}, d);
    expect(e.state.current).toBe("FAILED");
    expect(r.logs[0]?.message).toContain("boom");
  });

  test("outputs are set at the end; a render error fails the execution", () => {
    const f = flow({ tasks: [task("a")], outputs: [{ id: "o", type: "STRING", value: "{{ x }}" }] });
    const ok = play(f, {}, deps({ outputs: () => ({ outputs: { o: "v" } }) }));
    expect(ok.e.outputs).toEqual({ o: "v" });
    expect(ok.e.state.current).toBe("SUCCESS");
    const bad = play(f, {}, deps({ outputs: () => ({ error: "Unable to find `x`" }) }));
    expect(bad.e.state.current).toBe("FAILED");
    expect(bad.r.logs.some((l) => l.message.includes("Failed to render output values"))).toBe(true);
  });

  test("a terminal execution does not move", () => {
    const e = execution();
    e.state = withState(e.state, "SUCCESS", T0);
    const r = step(flow({ tasks: [task("a")] }), e, deps());
    expect(r).toEqual({ dispatch: [], subflows: [], ended: false, logs: [], changed: false });
  });
});

describe("aggregateState", () => {
  const rows: [StateType[], StateType][] = [
    [[], "SUCCESS"],
    [["SUCCESS", "SKIPPED"], "SUCCESS"],
    [["SUCCESS", "WARNING"], "WARNING"],
    [["WARNING", "FAILED"], "FAILED"],
    [["FAILED", "KILLED"], "KILLED"],
    [["SUCCESS", "PAUSED"], "PAUSED"],
  ];
  for (const [input, out] of rows)
    test(`${input.join(",") || "none"} → ${out}`, () => expect(aggregateState(input)).toBe(out));
});

describe("flow concurrency verdicts", () => {
  const f = flow({ tasks: [task("a")], concurrency: { limit: 1, behavior: "QUEUE" } });
  test("QUEUE: the execution waits in QUEUED, nothing is dispatched", () => {
    const e = execution();
    const r = step(f, e, deps({ admit: () => "QUEUE" }));
    expect(e.state.current).toBe("QUEUED");
    expect(r.dispatch).toEqual([]);
    expect(r.ended).toBe(false);
    // still queued on the next step, until the run loop starts it
    expect(step(f, e, deps({ admit: () => "RUN" })).dispatch).toEqual([]);
  });
  for (const [verdict, final, level] of [
    ["CANCEL", "CANCELLED", "WARN"],
    ["FAIL", "FAILED", "ERROR"],
  ] as const) {
    test(`${verdict}: the execution ends ${final} at once`, () => {
      const e = execution();
      const r = step(f, e, deps({ admit: () => verdict }));
      expect(e.state.histories.map((h) => h.state)).toEqual(["CREATED", final]);
      expect(r.ended).toBe(true);
      expect(r.logs).toEqual([{ level, message: `Execution is ${final} due to concurrency limit exceeded` }]);
    });
  }
});
