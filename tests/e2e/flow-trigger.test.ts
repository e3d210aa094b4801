/**
 * The Flow trigger end to end on the real server, with the example flows of flows/: a GitHub push webhook and a
 * green CI webhook, within one hour in either order, start company.team/deploy_after_push_and_ci exactly once.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type PerchProcess, ROOT, startPerch } from "../helpers/server.ts";
import { countExecutions, getJson, waitTerminal } from "./harness.ts";

const NS = "company.team";
const FILES = ["github_push.yml", "github_ci_status.yml", "deploy_after_push_and_ci.yml"];
let server: PerchProcess;
let base: string;

beforeAll(async () => {
  const flows: Record<string, string> = {};
  for (const f of FILES) flows[f] = readFileSync(join(ROOT, "flows", f), "utf8");
  server = await startPerch({ flows });
  base = server.url.replace(/\/+$/, "");
});

afterAll(async () => {
  await server?.stop();
});

const push = (sha: string) =>
  JSON.stringify({
    ref: "refs/heads/main",
    after: sha,
    repository: { full_name: "octo/hello" },
    pusher: { name: "ada" },
    commits: [{ id: sha }],
  });
const greenCi = (sha: string) =>
  JSON.stringify({ action: "completed", workflow_run: { name: "tests", conclusion: "success", head_sha: sha } });

async function hook(flowId: string, key: string, event: string, body: string) {
  const res = await fetch(`${base}/api/v1/main/executions/webhook/${NS}/${flowId}/${key}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-GitHub-Event": event },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** deploy executions once `count` exist and all ended (at most ~5 s) */
async function deploys(count: number): Promise<any[]> {
  for (let i = 0; i < 100; i++) {
    const r = await getJson(
      `${base}/api/v1/main/executions/search?namespace=${NS}&flowId=deploy_after_push_and_ci&size=50`,
    );
    const list = r.body.results as any[];
    if (list.length >= count) return Promise.all(list.map((e) => waitTerminal(base, e.id)));
    await Bun.sleep(50);
  }
  return [];
}

describe("Flow trigger on the real server", () => {
  test("push then green CI → one deploy, with both upstreams' outputs", async () => {
    const p = await hook("github_push", "Hq3rVn8TzKw2LmP6yBd4Xs", "push", push("abc123"));
    expect(p.status).toBe(200);
    expect((await waitTerminal(base, p.json.id)).state.current).toBe("SUCCESS");
    // a red or unrelated event is refused by the CI flow's conditions
    expect((await hook("github_ci_status", "Pq7Lm2Xv9RtK4sWd8NzB3c", "ping", "{}")).status).toBe(204);
    await Bun.sleep(100);
    expect(await countExecutions(base, NS, "deploy_after_push_and_ci")).toBe(0);

    const c = await hook("github_ci_status", "Pq7Lm2Xv9RtK4sWd8NzB3c", "workflow_run", greenCi("abc123"));
    expect(c.status).toBe(200);
    const [deploy] = await deploys(1);
    expect(deploy.state.current).toBe("SUCCESS");
    expect(deploy.trigger.type).toBe("io.kestra.plugin.core.trigger.Flow");
    expect(deploy.trigger.variables.flowId).toBe("github_ci_status");
    expect(deploy.trigger.variables.outputs).toEqual({
      commit: "abc123",
      repository: "octo/hello",
      ci_commit: "abc123",
    });
    const logs = await (await fetch(`${base}/api/v1/main/logs/${deploy.id}/download`)).text();
    expect(logs).toContain("Deploying octo/hello at abc123");
    await Bun.sleep(100);
    expect(await countExecutions(base, NS, "deploy_after_push_and_ci")).toBe(1);
  });

  test("the other order works too, and the window starts afresh after a deploy", async () => {
    expect((await hook("github_ci_status", "Pq7Lm2Xv9RtK4sWd8NzB3c", "workflow_run", greenCi("def456"))).status).toBe(
      200,
    );
    await Bun.sleep(150);
    expect(await countExecutions(base, NS, "deploy_after_push_and_ci")).toBe(1);
    expect((await hook("github_push", "Hq3rVn8TzKw2LmP6yBd4Xs", "push", push("def456"))).status).toBe(200);
    const all = await deploys(2);
    expect(all.map((d) => d.state.current)).toEqual(["SUCCESS", "SUCCESS"]);
  });
});
