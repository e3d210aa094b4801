/**
 * Subflow and restart on the real engine (real SQLite file): child executions with inputs, labels and outputs,
 * transmitFailed, wait: false, a missing child flow, kill of a parent killing its child; restart of a failed
 * execution from its failed task.
 */
import { describe, expect, test } from "bun:test";
import type { Execution } from "../../src/model/execution.ts";
import { engines } from "../helpers/engine.ts";

const child = `
id: child
namespace: test.sub
inputs:
  - id: name
    type: STRING
  - id: fail
    type: BOOLEAN
    defaults: false
tasks:
  - id: hello
    type: io.kestra.plugin.core.debug.Return
    format: "hello {{ inputs.name }} from {{ trigger.flowId }}"
  - id: maybe_fail
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ inputs.fail }}"
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.hello.value }}"
`;

const parent = (extra = "") => `
id: parent
namespace: test.sub
labels:
  team: blue
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: test.sub
    flowId: child
    inputs:
      name: "{{ inputs.who }}"
      fail: "{{ inputs.fail }}"
    labels:
      from: parent
${extra}
  - id: after
    type: io.kestra.plugin.core.debug.Return
    format: "child said {{ outputs.call.outputs.greeting ?? 'nothing' }}"
inputs:
  - id: who
    type: STRING
    defaults: ada
  - id: fail
    type: BOOLEAN
    defaults: false
`;

async function run(engine: Awaited<ReturnType<ReturnType<typeof engines>["setup"]>>, flowId: string, inputs = {}) {
  const r = await engine.createExecution("main", "test.sub", flowId, inputs, { wait: true });
  if ("error" in r) throw r.error;
  return r.execution;
}

async function childOf(engine: { searchExecutions: Function }, parentId: string): Promise<Execution> {
  const { results } = await (engine.searchExecutions as (f: object) => Promise<{ results: Execution[] }>)({
    tenantId: "main",
    namespace: "test.sub",
    flowId: "child",
    size: 50,
    page: 1,
  });
  const found = results.find((e) => e.parentId === parentId);
  if (!found) throw new Error(`no child of ${parentId}`);
  return found;
}

describe("Subflow", () => {
  const { setup } = engines();

  test("the child runs with rendered inputs and labels; its outputs come back; the parent goes on", async () => {
    const engine = await setup(child, parent());
    const p = await run(engine, "parent", { who: "grace" });
    expect(p.state.current).toBe("SUCCESS");
    const call = p.taskRunList.find((t) => t.taskId === "call")!;
    expect(call.outputs).toMatchObject({ state: "SUCCESS", outputs: { greeting: "hello grace from parent" } });
    expect(p.taskRunList.find((t) => t.taskId === "after")!.outputs).toEqual({
      value: "child said hello grace from parent",
    });
    const c = await childOf(engine, p.id);
    expect(call.outputs!.executionId).toBe(c.id);
    expect(c.trigger).toMatchObject({
      id: "call",
      type: "io.kestra.plugin.core.flow.Subflow",
      variables: { executionId: p.id, namespace: "test.sub", flowId: "parent", taskId: "call", taskRunId: call.id },
    });
    expect(c.labels).toContainEqual({ key: "from", value: "parent" });
    expect(c.labels).not.toContainEqual({ key: "team", value: "blue" });
    const correlation = p.labels.find((l) => l.key === "system.correlationId")!.value;
    expect(c.labels).toContainEqual({ key: "system.correlationId", value: correlation });
  });

  test("a failed child fails the task (transmitFailed default) and the parent", async () => {
    const engine = await setup(child, parent());
    const p = await run(engine, "parent", { fail: true });
    expect(p.state.current).toBe("FAILED");
    expect(p.taskRunList.find((t) => t.taskId === "call")!.state.current).toBe("FAILED");
    expect(p.taskRunList.find((t) => t.taskId === "after")).toBeUndefined();
  });

  test("transmitFailed: false keeps the parent going", async () => {
    const engine = await setup(child, parent("    transmitFailed: false"));
    const p = await run(engine, "parent", { fail: true });
    expect(p.state.current).toBe("SUCCESS");
    expect(p.taskRunList.find((t) => t.taskId === "call")!.outputs).toMatchObject({ state: "FAILED" });
  });

  test("wait: false ends the task once the child is stored", async () => {
    const engine = await setup(child, parent("    wait: false"));
    const p = await run(engine, "parent");
    expect(p.state.current).toBe("SUCCESS");
    const call = p.taskRunList.find((t) => t.taskId === "call")!;
    expect(Object.keys(call.outputs!)).toEqual(["executionId"]);
    expect(p.taskRunList.find((t) => t.taskId === "after")!.outputs).toEqual({ value: "child said nothing" });
    const c = await engine.waitForEnd(String(call.outputs!.executionId), 5000);
    expect(c!.state.current).toBe("SUCCESS");
  });

  test("a missing child flow or bad inputs fail the task with a clear message", async () => {
    const missing = parent().replace("flowId: child", "flowId: nowhere");
    const engine = await setup(child, missing);
    const p = await run(engine, "parent");
    expect(p.state.current).toBe("FAILED");
    const logs = await engine.getLogs(p.id);
    expect(logs.some((l) => l.message === "Unable to find flow test.sub.nowhere")).toBe(true);

    const badInputs = parent().replace('name: "{{ inputs.who }}"', 'nickname: "{{ inputs.who }}"');
    const e2 = await setup(child, badInputs);
    const p2 = await run(e2, "parent");
    expect(p2.state.current).toBe("FAILED");
    const logs2 = await e2.getLogs(p2.id);
    expect(logs2.some((l) => l.message.startsWith("Invalid inputs for test.sub.child: name"))).toBe(true);
  });

  test("killing the parent kills the running child", async () => {
    const sleepy = `
id: child
namespace: test.sub
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT30S
`;
    const p = `
id: parent
namespace: test.sub
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: test.sub
    flowId: child
`;
    const engine = await setup(sleepy, p);
    const r = await engine.createExecution("main", "test.sub", "parent", {});
    if ("error" in r) throw r.error;
    let childId: string | undefined;
    for (let i = 0; i < 300 && !childId; i++) {
      const e = await engine.getExecution(r.execution.id);
      childId = e?.taskRunList[0]?.outputs?.executionId as string | undefined;
      if (!childId) await Bun.sleep(10);
    }
    expect(childId).toBeDefined();
    for (let i = 0; i < 300; i++) {
      if ((await engine.getExecution(childId!))?.taskRunList[0]?.state.current === "RUNNING") break;
      await Bun.sleep(10);
    }
    await engine.killExecution(r.execution.id);
    const pe = await engine.waitForEnd(r.execution.id, 5000);
    const ce = await engine.waitForEnd(childId!, 5000);
    expect(ce!.state.current).toBe("KILLED");
    expect(pe!.state.current).toBe("KILLED");
  });
});

describe("restart", () => {
  const { setup } = engines();
  const flaky = `
id: flaky
namespace: test.sub
tasks:
  - id: first
    type: io.kestra.plugin.core.debug.Return
    format: one
  - id: group
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: shaky
        type: io.kestra.plugin.core.execution.Fail
        condition: "{{ taskrun.attemptsCount < 2 }}"
  - id: last
    type: io.kestra.plugin.core.debug.Return
    format: done
errors:
  - id: on_error
    type: io.kestra.plugin.core.log.Log
    message: failed once
`;

  test("a FAILED execution restarts from its failed task: new attempt, the earlier tasks kept, SUCCESS", async () => {
    const engine = await setup(flaky);
    const failed = await run(engine, "flaky");
    expect(failed.state.current).toBe("FAILED");
    expect(failed.taskRunList.map((t) => t.taskId)).toEqual(["first", "group", "shaky", "on_error"]);
    const firstId = failed.taskRunList[0]!.id;

    const r = await engine.restartExecution(failed.id);
    if ("error" in r) throw r.error;
    expect(r.execution.state.current).toBe("RESTARTED");
    const end = await engine.waitForEnd(failed.id, 5000);
    expect(end!.state.current).toBe("SUCCESS");
    expect(end!.metadata.attemptNumber).toBe(2);
    expect(end!.state.histories.map((h) => h.state)).toEqual([
      "CREATED",
      "RUNNING",
      "FAILED",
      "RESTARTED",
      "RUNNING",
      "SUCCESS",
    ]);
    expect(end!.taskRunList.map((t) => t.taskId)).toEqual(["first", "group", "shaky", "last"]);
    expect(end!.taskRunList[0]!.id).toBe(firstId);
    const shaky = end!.taskRunList.find((t) => t.taskId === "shaky")!;
    expect(shaky.attempts.map((a) => a.state.current)).toEqual(["FAILED", "SUCCESS"]);
    expect(shaky.state.histories.map((h) => h.state)).toContain("RESTARTED");
  });

  const shakyChild = `
id: shaky_child
namespace: test.sub
tasks:
  - id: shaky
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ taskrun.attemptsCount < 2 }}"
`;
  const caller = (behavior: string) => `
id: caller
namespace: test.sub
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: test.sub
    flowId: shaky_child
    restartBehavior: ${behavior}
`;

  test("restartBehavior RETRY_FAILED (default): the failed child is restarted, not replaced", async () => {
    const engine = await setup(shakyChild, caller("RETRY_FAILED"));
    const failed = await run(engine, "caller");
    expect(failed.state.current).toBe("FAILED");
    const childId = failed.taskRunList[0]!.outputs!.executionId as string;
    const r = await engine.restartExecution(failed.id);
    if ("error" in r) throw r.error;
    const end = await engine.waitForEnd(failed.id, 5000);
    expect(end!.state.current).toBe("SUCCESS");
    expect(end!.taskRunList[0]!.outputs).toMatchObject({ executionId: childId, state: "SUCCESS" });
    const child = await engine.getExecution(childId);
    expect(child!.metadata.attemptNumber).toBe(2);
    expect(child!.labels).toContainEqual({ key: "system.restarted", value: "true" });
    expect(end!.labels).toContainEqual({ key: "system.restarted", value: "true" });
  });

  test("restartBehavior NEW_EXECUTION: a new child runs", async () => {
    const engine = await setup(shakyChild, caller("NEW_EXECUTION"));
    const failed = await run(engine, "caller");
    const childId = failed.taskRunList[0]!.outputs!.executionId as string;
    const r = await engine.restartExecution(failed.id);
    if ("error" in r) throw r.error;
    const end = await engine.waitForEnd(failed.id, 5000);
    // a fresh child starts at attempt 1 of its task: it fails again, and so does the caller
    expect(end!.state.current).toBe("FAILED");
    expect(end!.taskRunList[0]!.outputs!.executionId).not.toBe(childId);
    expect((await engine.getExecution(childId))!.metadata.attemptNumber).toBe(1);
  });

  test("restart of a running or successful execution answers a conflict; unknown id not found", async () => {
    const engine = await setup(flaky.replace('"{{ taskrun.attemptsCount < 2 }}"', '"{{ false }}"'));
    const ok = await run(engine, "flaky");
    expect(ok.state.current).toBe("SUCCESS");
    const r = await engine.restartExecution(ok.id);
    expect("error" in r && r.error.code).toBe("CONFLICT");
    const missing = await engine.restartExecution("nope");
    expect("error" in missing && missing.error.code).toBe("EXECUTION_NOT_FOUND");
  });
});
