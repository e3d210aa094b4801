/**
 * The flowable tasks in the pure executor, with tables of events and no database: a YAML flow (parsed and validated
 * for real), the outcome of each runnable task run (by task id, or `id@value` inside a ForEach), and what must
 * happen: the order tasks were handed to workers, the task-run states, the execution's final state.
 */
import { describe, expect, test } from "bun:test";
import { type ExecutorDeps, step } from "../../src/engine/executor.ts";
import { executionVariables } from "../../src/engine/variables.ts";
import { renderTemplate, renderValue } from "../../src/expr/index.ts";
import { parseFlow } from "../../src/flow/index.ts";
import type { Execution, TaskRun } from "../../src/model/execution.ts";
import type { Flow } from "../../src/model/flow.ts";
import { newState, type StateType, withState } from "../../src/model/state.ts";

const T0 = new Date("2026-01-01T00:00:00Z");
const BASE = { envs: {}, globals: {}, kestra: {} };

function flowOf(tasks: string, extra = ""): Flow {
  const r = parseFlow(`id: f\nnamespace: ns\n${extra}tasks:\n${tasks}`);
  if (!r.flow) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.flow;
}

function newExecution(inputs: Record<string, unknown> = {}): Execution {
  return {
    id: "e1",
    tenantId: "main",
    namespace: "ns",
    flowId: "f",
    flowRevision: 1,
    state: newState(T0),
    labels: [],
    inputs,
    taskRunList: [],
    originalId: "e1",
    metadata: { attemptNumber: 1, originalCreatedDate: T0.toISOString() },
  };
}

function deps(flow: Flow): ExecutorDeps {
  let n = 0;
  const vars = (e: Execution, current?: { task: never; taskRun: TaskRun }) =>
    executionVariables(flow, e, BASE, current as never);
  return {
    now: () => T0,
    newId: () => `tr${++n}`,
    runIf: (task, e, taskRun) => renderTemplate(String(task.runIf), vars(e, { task, taskRun } as never)) === "true",
    render: (v, e, current) => renderValue(v, vars(e, current as never)),
    outputs: () => ({ outputs: {} }),
  };
}

type Outcomes = Record<string, StateType>;

/**
 * Plays the flow: runnable task runs handed out in a step end (in the listed state, SUCCESS by default) before
 * the next step; with `parallelWaves`, all the runs handed out so far are held until none is handed out any more.
 */
function play(flow: Flow, outcomes: Outcomes = {}, inputs: Record<string, unknown> = {}) {
  const e = newExecution(inputs);
  const d = deps(flow);
  const order: string[] = [];
  const waves: string[][] = [];
  let r = step(flow, e, d);
  for (let guard = 0; guard < 200 && !r.ended && r.dispatch.length > 0; guard++) {
    const wave: string[] = [];
    for (const { task, taskRun } of r.dispatch) {
      const name = taskRun.value === undefined ? task.id : `${task.id}@${taskRun.value}`;
      wave.push(name);
      order.push(name);
      const end = outcomes[name] ?? outcomes[task.id] ?? "SUCCESS";
      taskRun.state = withState(withState(taskRun.state, "RUNNING", T0), end, T0);
      if (task.type === "io.kestra.plugin.core.debug.Return")
        taskRun.outputs = { value: renderValue(task.format, executionVariables(flow, e, BASE, { task, taskRun })) };
    }
    waves.push(wave);
    r = step(flow, e, d);
  }
  const states: Record<string, StateType> = {};
  for (const tr of e.taskRunList)
    states[tr.value === undefined ? tr.taskId : `${tr.taskId}@${tr.value}`] = tr.state.current;
  return { e, order, waves, states, final: e.state.current, ended: r.ended };
}

const log = (id: string, indent = "  ") =>
  `${indent}- id: ${id}\n${indent}  type: io.kestra.plugin.core.log.Log\n${indent}  message: ${id}\n`;

describe("If", () => {
  const flow = flowOf(
    `  - id: branch\n    type: io.kestra.plugin.core.flow.If\n    condition: "{{ inputs.go }}"\n    then:\n${log("yes", "      ")}${log("yes2", "      ")}    else:\n${log("no", "      ")}${log("after")}`,
  );
  const rows: [string, unknown, string[], boolean][] = [
    ["true → then", true, ["yes", "yes2", "after"], true],
    ["'false' text → else", "false", ["no", "after"], false],
    ["0 → else", 0, ["no", "after"], false],
    ["empty → else", "", ["no", "after"], false],
    ["'yes' → then", "yes", ["yes", "yes2", "after"], true],
  ];
  for (const [name, go, order, result] of rows) {
    test(name, () => {
      const r = play(flow, {}, { go });
      expect(r.order).toEqual(order);
      expect(r.final).toBe("SUCCESS");
      expect(r.e.taskRunList.find((t) => t.taskId === "branch")!.outputs).toEqual({ evaluationResult: result });
      const branch = r.e.taskRunList.find((t) => t.taskId === "branch")!;
      for (const t of r.e.taskRunList.filter((t) => t.taskId.startsWith("yes") || t.taskId === "no"))
        expect(t.parentTaskRunId).toBe(branch.id);
    });
  }

  test("a failing child fails the If, the tasks after it do not run, flow errors run", () => {
    const f = flowOf(
      `  - id: branch\n    type: io.kestra.plugin.core.flow.If\n    condition: "true"\n    then:\n${log("a", "      ")}${log("b", "      ")}${log("after")}`,
      `errors:\n${log("handler")}`,
    );
    const r = play(f, { a: "FAILED" });
    expect(r.order).toEqual(["a", "handler"]);
    expect(r.states).toMatchObject({ branch: "FAILED", a: "FAILED", handler: "SUCCESS" });
    expect(r.states.b).toBeUndefined();
    expect(r.final).toBe("FAILED");
  });

  test("no else and a false condition: SUCCESS with no child", () => {
    const f = flowOf(
      `  - id: branch\n    type: io.kestra.plugin.core.flow.If\n    condition: "false"\n    then:\n${log("a", "      ")}`,
    );
    const r = play(f);
    expect(r.order).toEqual([]);
    expect(r.states).toEqual({ branch: "SUCCESS" });
    expect(r.final).toBe("SUCCESS");
  });

  test("a condition that cannot render fails the If with its message", () => {
    const f = flowOf(
      `  - id: branch\n    type: io.kestra.plugin.core.flow.If\n    condition: "{{ nope.x }}"\n    then:\n${log("a", "      ")}`,
    );
    const e = newExecution();
    const r = step(f, e, deps(f));
    expect(r.ended).toBe(true);
    expect(e.state.current).toBe("FAILED");
    expect(r.logs[0]!.message).toContain("branch:");
    expect(r.logs[0]!.message).toContain("nope");
  });
});

describe("Switch", () => {
  const flow = flowOf(
    `  - id: route\n    type: io.kestra.plugin.core.flow.Switch\n    value: "{{ inputs.kind }}"\n    cases:\n      push:\n${log("on_push", "        ")}      "1":\n${log("on_one", "        ")}    defaults:\n${log("other", "      ")}`,
  );
  const rows: [unknown, string[], { value: string; defaults: boolean }][] = [
    ["push", ["on_push"], { value: "push", defaults: false }],
    ["PUSH", ["other"], { value: "PUSH", defaults: true }],
    [1, ["on_one"], { value: "1", defaults: false }],
    ["", ["other"], { value: "", defaults: true }],
  ];
  for (const [kind, order, outputs] of rows) {
    test(`value ${JSON.stringify(kind)} → ${order.join(",")}`, () => {
      const r = play(flow, {}, { kind });
      expect(r.order).toEqual(order);
      expect(r.e.taskRunList.find((t) => t.taskId === "route")!.outputs).toEqual(outputs);
      expect(r.final).toBe("SUCCESS");
    });
  }
});

describe("Sequential with local errors and finally", () => {
  const flow = flowOf(
    `  - id: group\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks:\n${log("a", "      ")}${log("b", "      ")}    errors:\n${log("local_err", "      ")}    finally:\n${log("local_fin", "      ")}${log("after")}`,
    `errors:\n${log("flow_err")}`,
  );
  test("success: finally runs, errors do not", () => {
    const r = play(flow);
    expect(r.order).toEqual(["a", "b", "local_fin", "after"]);
    expect(r.final).toBe("SUCCESS");
  });
  test("failure: local errors, local finally, then the group is FAILED and flow errors run", () => {
    const r = play(flow, { a: "FAILED" });
    expect(r.order).toEqual(["a", "local_err", "local_fin", "flow_err"]);
    expect(r.states).toMatchObject({ group: "FAILED", local_err: "SUCCESS" });
    expect(r.final).toBe("FAILED");
  });
  test("allowFailure on the group: WARNING and the flow goes on", () => {
    const f = flowOf(
      `  - id: group\n    type: io.kestra.plugin.core.flow.Sequential\n    allowFailure: true\n    tasks:\n${log("a", "      ")}${log("after")}`,
    );
    const r = play(f, { a: "FAILED" });
    expect(r.order).toEqual(["a", "after"]);
    expect(r.states.group).toBe("WARNING");
    expect(r.final).toBe("WARNING");
  });
  test("a WARNING child makes the group WARNING", () => {
    const r = play(flow, { b: "WARNING" });
    expect(r.states.group).toBe("WARNING");
    expect(r.final).toBe("WARNING");
  });
});

describe("Parallel", () => {
  const par = (concurrent: number | undefined, n = 4) =>
    flowOf(
      `  - id: fan\n    type: io.kestra.plugin.core.flow.Parallel\n${concurrent === undefined ? "" : `    concurrent: ${concurrent}\n`}    tasks:\n${Array.from({ length: n }, (_, i) => log(`p${i}`, "      ")).join("")}${log("after")}`,
    );
  test("no limit: every child is handed out in the same step", () => {
    const r = play(par(undefined));
    expect(r.waves).toEqual([["p0", "p1", "p2", "p3"], ["after"]]);
    expect(r.final).toBe("SUCCESS");
  });
  test("concurrent: 2 → waves of two", () => {
    const r = play(par(2));
    expect(r.waves[0]).toEqual(["p0", "p1"]);
    expect(r.waves.flat()).toEqual(["p0", "p1", "p2", "p3", "after"]);
    expect(r.waves.every((w) => w.length <= 2)).toBe(true);
  });
  test("a failure stops new starts; the group waits for the started ones and fails", () => {
    const r = play(par(2), { p0: "FAILED" });
    expect(r.order).toEqual(["p0", "p1"]);
    expect(r.states.fan).toBe("FAILED");
    expect(r.states.p2).toBeUndefined();
    expect(r.final).toBe("FAILED");
  });
  test("a child still running keeps the group pending", () => {
    const f = par(undefined, 2);
    const e = newExecution();
    const d = deps(f);
    const r1 = step(f, e, d);
    expect(r1.dispatch.map((x) => x.task.id)).toEqual(["p0", "p1"]);
    const [a] = r1.dispatch;
    a!.taskRun.state = withState(a!.taskRun.state, "SUCCESS", T0);
    const r2 = step(f, e, d);
    expect(r2.dispatch).toEqual([]);
    expect(r2.ended).toBe(false);
    expect(e.taskRunList.find((t) => t.taskId === "fan")!.state.current).toBe("RUNNING");
  });
});

describe("ForEach", () => {
  const each = (values: string, limit?: number, inner = log("show", "      ")) =>
    flowOf(
      `  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: ${values}\n${limit === undefined ? "" : `    concurrencyLimit: ${limit}\n`}    tasks:\n${inner}${log("after")}`,
    );
  test("default limit 1: iterations one after the other, values de-duplicated, value and iteration on runs", () => {
    const r = play(each("[a, b, a, c]"));
    expect(r.waves).toEqual([["show@a"], ["show@b"], ["show@c"], ["after"]]);
    const runs = r.e.taskRunList.filter((t) => t.taskId === "show");
    expect(runs.map((t) => [t.value, t.iteration])).toEqual([
      ["a", 0],
      ["b", 1],
      ["c", 2],
    ]);
    expect(r.final).toBe("SUCCESS");
  });
  test("limit 0: all iterations at once; limit 2: two at a time", () => {
    expect(play(each("[1, 2, 3]", 0)).waves[0]).toEqual(["show@1", "show@2", "show@3"]);
    const two = play(each("[1, 2, 3]", 2));
    expect(two.waves[0]).toEqual(["show@1", "show@2"]);
    expect(two.waves.flat()).toEqual(["show@1", "show@2", "show@3", "after"]);
  });
  test("values from a template rendering a JSON array; maps become JSON text", () => {
    const r = play(each(`'{{ inputs.list | toJson }}'`, 0), {}, { list: [{ k: 1 }, "x", 7] });
    expect(r.waves[0]).toEqual(['show@{"k":1}', "show@x", "show@7"]);
  });
  test("several tasks per iteration stay in order inside it", () => {
    const r = play(each("[a, b]", 1, log("one", "      ") + log("two", "      ")));
    expect(r.order).toEqual(["one@a", "two@a", "one@b", "two@b", "after"]);
  });
  test("a failing iteration stops new iterations and fails the loop", () => {
    const r = play(each("[a, b, c]"), { "show@b": "FAILED" });
    expect(r.order).toEqual(["show@a", "show@b"]);
    expect(r.states.each).toBe("FAILED");
    expect(r.final).toBe("FAILED");
  });
  test("outputs are keyed by value and taskrun.value renders inside", () => {
    const inner = `      - id: ret\n        type: io.kestra.plugin.core.debug.Return\n        format: "v={{ taskrun.value }} i={{ taskrun.iteration }}"\n`;
    const f = flowOf(
      `  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: [x, y]\n    tasks:\n${inner}`,
    );
    const r = play(f);
    const vars = executionVariables(f, r.e, BASE);
    expect(vars.outputs).toEqual({ ret: { x: { value: "v=x i=0" }, y: { value: "v=y i=1" } } });
  });
  test("a non-array text fails the loop with a message", () => {
    const f = each(`"{{ 'nope' }}"`);
    const e = newExecution();
    const r = step(f, e, deps(f));
    expect(e.state.current).toBe("FAILED");
    expect(r.logs[0]!.message).toContain("values must render to a JSON array");
  });
  test("ForEach inside ForEach: inner runs carry the inner value, every pair runs", () => {
    const inner = `      - id: in\n        type: io.kestra.plugin.core.flow.ForEach\n        values: [1, 2]\n        tasks:\n${log("leaf", "          ")}`;
    const f = flowOf(
      `  - id: out\n    type: io.kestra.plugin.core.flow.ForEach\n    values: [a, b]\n    tasks:\n${inner}`,
    );
    const r = play(f);
    expect(r.order).toEqual(["leaf@1", "leaf@2", "leaf@1", "leaf@2"]);
    const leaves = r.e.taskRunList.filter((t) => t.taskId === "leaf");
    const parents = new Set(leaves.map((l) => l.parentTaskRunId));
    expect(parents.size).toBe(2);
    expect(r.final).toBe("SUCCESS");
  });
});

describe("nested loops", () => {
  test("outputs are keyed by each loop's value; parent.taskrun.value is the outer value", () => {
    const inner = `      - id: in\n        type: io.kestra.plugin.core.flow.ForEach\n        values: [1, 2]\n        tasks:\n          - id: g\n            type: io.kestra.plugin.core.flow.Sequential\n            tasks:\n              - id: ret\n                type: io.kestra.plugin.core.debug.Return\n                format: "{{ parent.taskrun.value }}-{{ taskrun.value }} of {{ parents | length }}"\n`;
    const f = flowOf(
      `  - id: out\n    type: io.kestra.plugin.core.flow.ForEach\n    values: [a, b]\n    tasks:\n${inner}`,
    );
    const r = play(f);
    expect(r.final).toBe("SUCCESS");
    const vars = executionVariables(f, r.e, BASE);
    expect(vars.outputs).toEqual({
      ret: {
        a: { "1": { value: "a-1 of 1" }, "2": { value: "a-2 of 1" } },
        b: { "1": { value: "b-1 of 1" }, "2": { value: "b-2 of 1" } },
      },
    });
    expect((vars.tasks as any).ret.b["2"]).toEqual({ state: "SUCCESS" });
  });
});

describe("runIf and disabled inside flowables", () => {
  test("a skipped child does not fail its group; a disabled one has no run", () => {
    const f = flowOf(
      `  - id: g\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks:\n      - id: s\n        type: io.kestra.plugin.core.log.Log\n        message: x\n        runIf: "{{ false }}"\n      - id: d\n        type: io.kestra.plugin.core.log.Log\n        message: x\n        disabled: true\n${log("ok", "      ")}`,
    );
    const r = play(f);
    expect(r.order).toEqual(["ok"]);
    expect(r.states).toMatchObject({ g: "SUCCESS", s: "SKIPPED", ok: "SUCCESS" });
    expect(r.states.d).toBeUndefined();
  });
});

describe("Subflow and Pause in the executor", () => {
  test("a Subflow task run is handed to the run loop, not to a worker, and keeps its list pending", () => {
    const f = flowOf(
      `  - id: child\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ns\n    flowId: other\n${log("after")}`,
    );
    const e = newExecution();
    const d = deps(f);
    const r = step(f, e, d);
    expect(r.dispatch).toEqual([]);
    expect(r.subflows.map((s) => s.task.id)).toEqual(["child"]);
    expect(r.subflows[0]!.taskRun.state.current).toBe("RUNNING");
    const tr = r.subflows[0]!.taskRun;
    expect(step(f, e, d).subflows).toEqual([]);
    tr.state = withState(tr.state, "SUCCESS", T0);
    expect(step(f, e, d).dispatch.map((x) => x.task.id)).toEqual(["after"]);
  });
  test("a Pause inside a Sequential pauses the execution", () => {
    const f = flowOf(
      `  - id: g\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks:\n      - id: wait\n        type: io.kestra.plugin.core.flow.Pause\n`,
    );
    const e = newExecution();
    const r = step(f, e, deps(f));
    expect(r.paused?.task.id).toBe("wait");
    expect(e.state.current).toBe("PAUSED");
  });
});
