/**
 * A SIGKILL while a parent waits for its Subflow child (and later inside a ForEach): after a restart on the same
 * data dir the child resumes, its end completes the parent's task, the loop goes on, and no second child is made.
 */
import { afterAll, expect, test } from "bun:test";
import { getJson, NS, type PerchServer, startServer, waitTerminal } from "./harness.ts";

let first: PerchServer | undefined;
let second: PerchServer | undefined;

afterAll(async () => {
  await second?.stop();
  if (first && first.proc.exitCode === null && !first.proc.signalCode) await first.kill();
  await first?.stop();
});

async function children(base: string): Promise<any[]> {
  return (await getJson(`${base}/api/v1/main/executions/search?namespace=${NS}&flowId=crash-child&size=10`)).body
    .results;
}

test("a parent and its Subflow child killed mid-run both end SUCCESS after a restart, with one child", async () => {
  first = await startServer({ flows: ["crash-parent.yml", "crash-child.yml"] });
  const res = await fetch(first.webhook(NS, "crash-parent", "crash-parent-key"), { method: "POST", body: "{}" });
  expect(res.status).toBe(200);
  const parentId = ((await res.json()) as any).id as string;
  // wait until the child sleeps, then kill the server
  let child: any;
  for (let i = 0; i < 200 && !child; i++) {
    child = (await children(first.base)).find((c) => c.taskRunList.some((t: any) => t.state.current === "RUNNING"));
    if (!child) await Bun.sleep(20);
  }
  expect(child).toBeDefined();
  await first.kill();

  second = await startServer({ args: ["--flows", first.flowsDir, "--data", first.dataDir] });
  const parent = await waitTerminal(second.base, parentId, 15_000);
  expect(parent.state.current).toBe("SUCCESS");
  expect(parent.outputs).toEqual({ child: "done" });
  const all = await children(second.base);
  expect(all.map((c: any) => c.id)).toEqual([child.id]);
  expect(all[0].state.current).toBe("SUCCESS");
  const call = parent.taskRunList.find((t: any) => t.taskId === "call");
  expect(call.outputs.executionId).toBe(child.id);
  expect(parent.taskRunList.filter((t: any) => t.taskId === "nap").map((t: any) => t.value)).toEqual(["a", "b"]);
}, 45_000);
