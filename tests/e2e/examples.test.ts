/**
 * The example flows of flows/ (as shipped) on the real server: the GitHub event router (Switch on
 * X-GitHub-Event, If on the branch, HTTP Request to a local endpoint, a shell command) with real GitHub payloads,
 * and the Slack handshake answered with wait + returnOutputs.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startPerch } from "../helpers/server.ts";
import { getJson, githubPayload, ROOT, waitTerminal } from "./harness.ts";

const received: { path: string; body: any }[] = [];
let remote: ReturnType<typeof Bun.serve>;
let perch: Awaited<ReturnType<typeof startPerch>>;
let base: string;

beforeAll(async () => {
  remote = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      received.push({ path: new URL(req.url).pathname, body: await req.json() });
      return Response.json({ ok: true }, { status: 201 });
    },
  });
  const flows: Record<string, string> = {};
  for (const f of ["github_events.yml", "slack_events.yml", "slack_event_handler.yml"])
    flows[f] = readFileSync(join(ROOT, "flows", f), "utf8");
  perch = await startPerch({ flows, env: { ENV_GITHUB_NOTIFY_URL: `http://127.0.0.1:${remote.port}/deploys` } });
  base = perch.url.replace(/\/+$/, "");
});

afterAll(async () => {
  await perch?.stop();
  remote?.stop(true);
});

const github = (event: string, payload: string) =>
  fetch(`${base}/api/v1/main/executions/webhook/company.team/github_events/Jd84KsPq0Wn2VbX7Rt5LmZ`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-GitHub-Event": event },
    body: payload,
  });

describe("flows/github_events.yml", () => {
  test("a push to the default branch is announced over HTTP and summarised by the shell", async () => {
    const payload = JSON.parse(githubPayload("push"));
    payload.ref = `refs/heads/${payload.repository.default_branch ?? "main"}`;
    const res = await github("push", JSON.stringify(payload));
    expect(res.status).toBe(200);
    const out = await res.json();
    const commits = payload.commits.length;
    expect(out).toEqual({
      event: "push",
      notified: true,
      summary: `${payload.after.slice(0, 7)} (${commits} commits)`,
    });
    expect(received.at(-1)).toEqual({
      path: "/deploys",
      body: { repository: payload.repository.full_name, head: payload.after, pusher: payload.pusher.name },
    });
  });

  test("a push to another branch takes the else branch: no HTTP call", async () => {
    const before = received.length;
    const payload = JSON.parse(githubPayload("push"));
    payload.ref = "refs/heads/feature/x";
    const res = await github("push", JSON.stringify(payload));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ event: "push", notified: false, summary: " (0 commits)" });
    expect(received.length).toBe(before);
  });

  test("ping and an unhandled event are routed to their own branches", async () => {
    const ping = await github("ping", githubPayload("ping"));
    expect(((await ping.json()) as any).event).toBe("ping");
    const issues = await github("issues", githubPayload("issues.opened"));
    expect(((await issues.json()) as any).event).toBe("issues");
    const search = await getJson(
      `${base}/api/v1/main/executions/search?namespace=company.team&flowId=github_events&size=50`,
    );
    const runs = search.body.results.flatMap((e: any) => e.taskRunList.map((t: any) => t.taskId));
    expect(runs).toContain("pong");
    expect(runs).toContain("unhandled");
  });
});

describe("flows/slack_events.yml", () => {
  const slack = (body: unknown) =>
    fetch(`${base}/api/v1/main/executions/webhook/company.team/slack_events/Qm7TxW2pLz9RbN4vKc6HsJ`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  test("the url_verification handshake gets its challenge back", async () => {
    const res = await slack({
      token: "x",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  test("an event_callback is acknowledged and handled by the handler flow", async () => {
    const res = await slack({ type: "event_callback", event: { type: "app_mention", user: "U1", text: "hi perch" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "" });
    let handler: any;
    for (let i = 0; i < 100 && !handler; i++) {
      const s = await getJson(
        `${base}/api/v1/main/executions/search?namespace=company.team&flowId=slack_event_handler&size=5`,
      );
      handler = s.body.results[0];
      if (!handler) await Bun.sleep(50);
    }
    const done = await waitTerminal(base, handler.id);
    expect(done.state.current).toBe("SUCCESS");
    expect(done.outputs).toEqual({ type: "app_mention" });
    const logs = await getJson(`${base}/api/v1/main/logs/${handler.id}`);
    expect(logs.body.map((l: any) => l.message)).toContain("app_mention from U1: hi perch");
  });
});

describe("flows/github_events.yml as shipped (no ENV_GITHUB_NOTIFY_URL)", () => {
  test("a push to the default branch is announced to this server's deploy_notice webhook", async () => {
    const flows: Record<string, string> = {};
    for (const f of ["github_events.yml", "deploy_notice.yml"]) flows[f] = readFileSync(join(ROOT, "flows", f), "utf8");
    const own = await startPerch({ flows });
    try {
      const url = own.url.replace(/\/+$/, "");
      const payload = JSON.parse(githubPayload("push"));
      payload.ref = `refs/heads/${payload.repository.default_branch ?? "main"}`;
      const res = await fetch(
        `${url}/api/v1/main/executions/webhook/company.team/github_events/Jd84KsPq0Wn2VbX7Rt5LmZ`,
        {
          method: "POST",
          headers: { "content-type": "application/json", "X-GitHub-Event": "push" },
          body: JSON.stringify(payload),
        },
      );
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).notified).toBe(true);
      const s = await getJson(
        `${url}/api/v1/main/executions/search?namespace=company.team&flowId=deploy_notice&size=5`,
      );
      expect(s.body.total).toBe(1);
      const notice = await waitTerminal(url, s.body.results[0].id);
      expect(notice.state.current).toBe("SUCCESS");
      const logs = await getJson(`${url}/api/v1/main/logs/${notice.id}`);
      expect(logs.body.map((l: any) => l.message)).toContain(
        `deploy requested: ${payload.repository.full_name} at ${payload.after} by ${payload.pusher.name}`,
      );
    } finally {
      await own.stop();
    }
  });
});
