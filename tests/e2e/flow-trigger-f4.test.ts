/**
 * Kestra's F4 (forEachItemWithFlowTrigger, spec §10.3) on the real server: a parent writes 5 lines and runs a
 * child flow per line with ForEachItem; each child writes a file it outputs; a grandchild flow, triggered by each
 * successful child, branches with If. Expected: 5 children SUCCESS with 1 task run each, 5 grandchildren SUCCESS
 * with 2 task runs each (If + its branch).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { getJson, NS, type PerchServer, startServer, teardown, waitTerminal } from "./harness.ts";

let server: PerchServer;

beforeAll(async () => {
  server = await startServer({ flows: ["f4-parent.yml", "f4-child.yml", "f4-grandchild.yml"] });
});
afterAll(() => teardown(server));

async function executionsOf(flowId: string, count: number): Promise<any[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await getJson(`${server.base}/api/v1/main/executions/search?namespace=${NS}&flowId=${flowId}&size=50`);
    const done = r.body.results.filter((e: any) =>
      ["SUCCESS", "FAILED", "KILLED", "WARNING"].includes(e.state.current),
    );
    if (done.length >= count || Date.now() > deadline) return done;
    await Bun.sleep(100);
  }
}

test("F4: ForEachItem over 5 lines → 5 children, each followed by a Flow-triggered grandchild", async () => {
  const res = await fetch(`${server.base}/api/v1/main/executions/${NS}/f4-parent`, { method: "POST" });
  expect(res.status).toBe(200);
  const created = (await res.json()) as any;
  const parent = await waitTerminal(server.base, created.id, 20_000);
  if (parent.state.current !== "SUCCESS") {
    const logs = await getJson(`${server.base}/api/v1/main/logs/${created.id}`);
    throw new Error(
      `parent ${parent.state.current}: ${JSON.stringify(logs.body.map((l: any) => l.message))} ${JSON.stringify(parent.taskRunList)}`,
    );
  }
  const each = parent.taskRunList.find((t: any) => t.taskId === "each");
  expect(each.outputs.numberOfBatches).toBe(5);
  expect(each.outputs.iterations).toEqual({ SUCCESS: 5 });

  const children = await executionsOf("f4-child", 5);
  expect(children.length).toBe(5);
  for (const c of children) {
    expect(c.state.current).toBe("SUCCESS");
    expect(c.taskRunList.length).toBe(1);
    expect(c.parentId).toBe(parent.id);
  }
  const lines = children.map((c) => readFileSync(c.outputs.myFile, "utf8").trim()).sort();
  expect(lines).toEqual([1, 2, 3, 4, 5].map((i) => `{"line":${i}}`));
  expect(children.map((c) => c.trigger.variables.taskRunIteration).sort()).toEqual([0, 1, 2, 3, 4]);

  const grandchildren = await executionsOf("f4-grandchild", 5);
  expect(grandchildren.length).toBe(5);
  for (const g of grandchildren) {
    expect(g.state.current).toBe("SUCCESS");
    expect(g.taskRunList.map((t: any) => t.taskId)).toEqual(["check", "found"]);
  }
  expect(new Set(grandchildren.map((g) => g.trigger.variables.executionId))).toEqual(
    new Set(children.map((c) => c.id)),
  );
  // no sixth one arrives later
  await Bun.sleep(300);
  expect((await executionsOf("f4-grandchild", 6)).length).toBe(5);
}, 30_000);
