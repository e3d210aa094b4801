/**
 * Shell Commands and Script end to end on the real server (a child process): outputs returned to a waiting
 * webhook caller, stdout in the execution logs, a failing command fails the execution, and a timeout or a kill
 * leaves no process behind.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gone, pidsIn } from "../helpers/pids.ts";
import { getJson, NS, type PerchServer, startServer, taskOutputs, teardown, tempDir, waitTerminal } from "./harness.ts";

// kills are polled for up to a few seconds each: leave room on a loaded machine
setDefaultTimeout(30_000);

let server: PerchServer;
const scratch = tempDir("shell-e2e");

beforeAll(async () => {
  server = await startServer({
    flows: ["shell-sum.yml", "shell-fail.yml", "shell-timeout.yml", "shell-kill.yml"],
    args: ["--wait-limit", "PT20S"],
  });
});

afterAll(async () => {
  await teardown(server);
  rmSync(scratch, { recursive: true, force: true });
});

const hook = (flowId: string, key: string) => `${server.base}/api/v1/main/executions/webhook/${NS}/${flowId}/${key}`;

async function post(flowId: string, key: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(hook(flowId, key), {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** the log lines of an execution (JSON API) */
async function logsOf(executionId: string): Promise<{ level: string; taskId?: string; message: string }[]> {
  const r = await getJson(`${server.base}/api/v1/main/logs/${executionId}`);
  expect(r.status).toBe(200);
  return r.body;
}

describe("shell tasks on the real server", () => {
  test("a waiting webhook gets the outputs computed by Commands and Script; stdout is in the logs", async () => {
    const r = await post("shell-sum", "shell-sum-key", { a: 20, b: 22 });
    expect(r.status).toBe(200);
    expect(r.json.sum).toBe(42);
    expect(r.json.doubled).toBe(84);
    const report = r.json.report as string;
    expect(readFileSync(report, "utf8")).toBe("sum is 42\n");

    const search = await getJson(
      `${server.base}/api/v1/main/executions/search?namespace=${NS}&flowId=shell-sum&size=1`,
    );
    const id = search.body.results[0].id as string;
    const execution = await waitTerminal(server.base, id);
    expect(execution.state.current).toBe("SUCCESS");
    expect(taskOutputs(execution, "sum")).toEqual({ exitCode: 0, vars: { sum: 42 }, outputFiles: {} });
    // kept in the server's data folder: <data>/files/<executionId>/<taskRunId>/
    expect(report.startsWith(join(server.dataDir, "files", id))).toBe(true);
    const logs = await logsOf(id);
    expect(logs.find((l) => l.taskId === "sum" && l.level === "INFO")?.message).toBe("adding 20 and 22");
    expect(logs.find((l) => l.taskId === "sum" && l.level === "ERROR")?.message).toBe("a warning on stderr");
    // marker lines are outputs, not log lines
    expect(logs.some((l) => l.message.includes("::{"))).toBe(false);
  });

  test("a failing command fails the execution: 500 for the waiting caller, the next task never runs", async () => {
    const r = await post("shell-fail", "shell-fail-key", {});
    expect(r.status).toBe(500);
    const id = (r.json?.id as string | undefined) ?? "";
    expect(id).not.toBe("");
    const execution = await waitTerminal(server.base, id);
    expect(execution.state.current).toBe("FAILED");
    expect(execution.taskRunList.map((t: any) => [t.taskId, t.state.current])).toEqual([["fails", "FAILED"]]);
    const logs = await logsOf(id);
    expect(logs.map((l) => l.message)).toContain("about to fail");
    expect(logs.find((l) => l.level === "ERROR")?.message).toBe("Command failed with exit code 3");
  });

  test("timeout PT0.5S: the task fails with a timeout message and no process is left", async () => {
    const pids = join(scratch, "timeout-pids");
    const r = await post("shell-timeout", "shell-timeout-key", { pids });
    expect(r.status).toBe(200);
    const execution = await waitTerminal(server.base, r.json.id, 15_000);
    expect(execution.state.current).toBe("FAILED");
    const logs = await logsOf(r.json.id);
    expect(logs.find((l) => l.level === "ERROR")?.message).toBe("Timeout after PT0.5S");
    const list = await pidsIn(pids, 2);
    for (const pid of list) expect(await gone(pid)).toBe(true);
  });

  test("an execution kill stops the script: KILLED, the shell and its child are gone, the next task never runs", async () => {
    const pids = join(scratch, "kill-pids");
    const r = await post("shell-kill", "shell-kill-key", { pids });
    expect(r.status).toBe(200);
    const list = await pidsIn(pids, 2);
    expect(existsSync(pids)).toBe(true);
    const res = await fetch(`${server.base}/api/v1/main/executions/${r.json.id}/kill`, { method: "DELETE" });
    expect(res.status).toBe(202);
    const execution = await waitTerminal(server.base, r.json.id, 15_000);
    expect(execution.state.current).toBe("KILLED");
    expect(execution.taskRunList.map((t: any) => [t.taskId, t.state.current])).toEqual([["long", "KILLED"]]);
    for (const pid of list) expect(await gone(pid)).toBe(true);
  });
});
