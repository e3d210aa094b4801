/**
 * Flowable tasks and execution rules end to end on the real server (a child process): Switch / If / Parallel /
 * ForEach answering a webhook, a Subflow whose child's output comes back to the caller, a task timeout with a
 * retry, and restart of a failed execution through the API.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  getExecution,
  getJson,
  NS,
  type PerchServer,
  startServer,
  taskOutputs,
  teardown,
  waitTerminal,
} from "./harness.ts";

let server: PerchServer;

beforeAll(async () => {
  server = await startServer({
    flows: [
      "flow-route.yml",
      "flow-parent.yml",
      "flow-child.yml",
      "flow-flaky.yml",
      "flow-timeout.yml",
      "flow-approval.yml",
    ],
  });
});
afterAll(() => teardown(server));

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

describe("Switch, If, Parallel and ForEach behind a webhook", () => {
  test("push on main: the push case, the If's then branch, every ForEach value keyed", async () => {
    const r = await post(
      server.webhook(NS, "flow-route", "route-key"),
      { ref: "refs/heads/main", items: ["a", "b", "a", "c"] },
      { "X-Event": "push" },
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      branch: "push to refs/heads/main",
      decision: "deploy",
      items: { a: { value: "0:A" }, b: { value: "1:B" }, c: { value: "2:C" } },
    });
  });

  test("push on a branch takes else; another event takes the defaults", async () => {
    const branch = await post(
      server.webhook(NS, "flow-route", "route-key"),
      { ref: "refs/heads/x" },
      { "X-Event": "push" },
    );
    expect(branch.body).toMatchObject({ branch: "push to refs/heads/x", decision: "skip", items: {} });
    const other = await post(server.webhook(NS, "flow-route", "route-key"), {}, { "X-Event": "issues" });
    expect(other.body).toMatchObject({ branch: "ignored issues", decision: "n/a" });
  });

  test("the execution shows the flowable task runs with their children and the Parallel's two branches", async () => {
    const res = await fetch(server.webhook(NS, "flow-route", "route-key"), {
      method: "POST",
      headers: { "content-type": "application/json", "X-Event": "push" },
      body: JSON.stringify({ ref: "refs/heads/main", items: [1, 2] }),
    });
    const id = res.headers.get("x-kestra-execution-id") ?? res.headers.get("location")?.split("/").pop();
    const search = await getJson(
      `${server.base}/api/v1/main/executions/search?namespace=${NS}&flowId=flow-route&size=50`,
    );
    const e = id
      ? (await getExecution(server.base, id)).body
      : search.body.results.find((x: any) => x.taskRunList.some((t: any) => t.value === "2"));
    const runs = e.taskRunList as any[];
    const byId = (taskId: string) => runs.filter((t) => t.taskId === taskId);
    const fan = byId("fan")[0];
    expect(fan.state.current).toBe("SUCCESS");
    expect(byId("left")[0].parentTaskRunId).toBe(fan.id);
    expect(byId("right")[0].parentTaskRunId).toBe(fan.id);
    expect(byId("item").map((t) => [t.value, t.iteration])).toEqual([
      ["1", 0],
      ["2", 1],
    ]);
    expect(byId("route")[0].outputs).toEqual({ value: "push", defaults: false });
    expect(byId("main_only")[0].outputs).toEqual({ evaluationResult: true });
  });
});

describe("Subflow behind a webhook", () => {
  test("the caller gets the child's output; the child execution points back at its parent", async () => {
    const r = await post(server.webhook(NS, "flow-parent", "parent-key"), { name: "Ada" });
    expect(r.status).toBe(200);
    expect(r.body.greeting).toBe("hello Ada");
    const child = await waitTerminal(server.base, r.body.child);
    expect(child.state.current).toBe("SUCCESS");
    expect(child.parentId).toBeDefined();
    expect(child.trigger.type).toBe("io.kestra.plugin.core.flow.Subflow");
    expect(child.inputs).toEqual({ name: "Ada" });
  });
});

describe("timeout, retry and restart", () => {
  test("a task past its timeout is cut, retried once, and the execution fails", async () => {
    const r = await post(server.webhook(NS, "flow-timeout", "timeout-key"), {});
    expect(r.status).toBe(500);
    const e = await waitTerminal(server.base, r.body.id);
    const slow = e.taskRunList[0];
    expect(slow.attempts.map((a: any) => a.state.current)).toEqual(["FAILED", "FAILED"]);
    expect(slow.state.histories.map((h: any) => h.state)).toContain("RETRYING");
    const logs = await getJson(`${server.base}/api/v1/main/logs/${e.id}`);
    expect(logs.body.filter((l: any) => l.message === "Timeout after PT0.2S").length).toBe(2);
  });

  test("POST /executions/{id}/restart runs a failed execution again from its failed task", async () => {
    const r = await post(server.webhook(NS, "flow-flaky", "flaky-key"), {});
    const failed = await waitTerminal(server.base, r.body.id);
    expect(failed.state.current).toBe("FAILED");
    expect(failed.taskRunList.map((t: any) => t.taskId)).toEqual(["shaky", "alert"]);

    const res = await fetch(`${server.base}/api/v1/main/executions/${failed.id}/restart`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).state.current).toBe("RESTARTED");
    const again = await waitTerminal(server.base, failed.id);
    expect(again.state.current).toBe("SUCCESS");
    expect(again.metadata.attemptNumber).toBe(2);
    expect(taskOutputs(again, "done")).toEqual({ value: "done at attempt 1" });
    expect(again.taskRunList.map((t: any) => t.taskId)).toEqual(["shaky", "done"]);

    const conflict = await fetch(`${server.base}/api/v1/main/executions/${failed.id}/restart`, { method: "POST" });
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as any).message).toContain("cannot be restarted (state SUCCESS)");
  });
});

describe("Pause inside a Sequential, resumed through the API, behind a waiting webhook", () => {
  test("the caller waits through PAUSED; a bad resume is refused (422); a good one ends the wait with the verdict", async () => {
    const call = post(server.webhook(NS, "flow-approval", "approval-key"), { change: 42 });
    let paused: any;
    for (let i = 0; i < 200 && !paused; i++) {
      const s = await getJson(
        `${server.base}/api/v1/main/executions/search?namespace=${NS}&flowId=flow-approval&size=5`,
      );
      paused = s.body.results.find((e: any) => e.state.current === "PAUSED");
      if (!paused) await Bun.sleep(25);
    }
    expect(paused).toBeDefined();
    const resume = (body: unknown) =>
      fetch(`${server.base}/api/v1/main/executions/${paused.id}/resume`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const bad = await resume({ ok: true });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as any).message).toContain("approver");
    const good = await resume({ approver: "Grace", ok: true });
    expect(good.status).toBe(200);
    const answer = await call;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ verdict: "approved by Grace" });
    const e = await waitTerminal(server.base, paused.id);
    expect(e.state.histories.map((h: any) => h.state)).toEqual([
      "CREATED",
      "RUNNING",
      "PAUSED",
      "RESTARTED",
      "RUNNING",
      "SUCCESS",
    ]);
    expect(e.taskRunList.map((t: any) => t.taskId)).toEqual(["gate", "approve", "verdict"]);
  });
});
