/**
 * The HTTP Request task end to end: a webhook (`wait: true, returnOutputs: true`) whose flow posts the caller's
 * data to a real local server and answers with the remote's code and body; a 500 from the remote fails the execution.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { runPerch } from "../helpers/server.ts";
import { FLOWS, getJson, NS, type PerchServer, startServer, taskOutputs, teardown, waitTerminal } from "./harness.ts";

const TOKEN = "e2e-relay-token-0042";

interface Seen {
  method: string;
  path: string;
  body: string;
  authorization: string | null;
  execution: string | null;
}

const seen: Seen[] = [];
let remote: ReturnType<typeof Bun.serve>;
let server: PerchServer;

beforeAll(async () => {
  remote = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      const body = await req.text();
      seen.push({
        method: req.method,
        path,
        body,
        authorization: req.headers.get("authorization"),
        execution: req.headers.get("x-execution"),
      });
      if (path === "/fail") return new Response("remote exploded", { status: 500 });
      return Response.json({ received: JSON.parse(body), path }, { status: 201 });
    },
  });
  server = await startServer({ flows: ["http-relay.yml"], args: ["--wait-limit", "PT10S"] });
});

afterAll(async () => {
  await teardown(server);
  remote.stop(true);
});

const remoteUrl = (path: string) => `http://127.0.0.1:${remote.port}${path}`;

async function relay(target: string, data: unknown) {
  const res = await fetch(server.webhook(NS, "http-relay", "http-relay-key"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ target, data }),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe("HTTP Request in a webhook flow", () => {
  test("`perch validate` accepts the flow", () => {
    const r = runPerch(["validate", join(FLOWS, "http-relay.yml")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  test("posts the trigger data and the caller gets the remote's code and body", async () => {
    seen.length = 0;
    const a = await relay(remoteUrl("/orders"), { order: 7, items: ["a", "b"] });
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ code: 201, body: { received: { order: 7, items: ["a", "b"] }, path: "/orders" } });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe("POST");
    expect(JSON.parse(seen[0]!.body)).toEqual({ order: 7, items: ["a", "b"] });
    expect(seen[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    const id = seen[0]!.execution!;
    const execution = await waitTerminal(server.base, id);
    expect(execution.state.current).toBe("SUCCESS");
    const outputs = taskOutputs(execution, "call");
    expect(outputs.code).toBe(201);
    expect(outputs.uri).toBe(remoteUrl("/orders"));
    expect(outputs.headers["content-type"]).toEqual(["application/json;charset=utf-8"]);
  });

  test("a 500 from the remote makes the execution FAILED (the waiting caller gets 500)", async () => {
    seen.length = 0;
    const a = await relay(remoteUrl("/fail"), { order: 8 });
    expect(a.status).toBe(500);
    expect(seen.map((s) => s.path)).toEqual(["/fail"]);
    const id = seen[0]!.execution!;
    const execution = await waitTerminal(server.base, id);
    expect(execution.state.current).toBe("FAILED");
    expect(execution.taskRunList.find((t: any) => t.taskId === "call").state.current).toBe("FAILED");
    const logs = await getJson(`${server.base}/api/v1/main/logs/${id}`);
    expect(logs.status).toBe(200);
    const messages = (logs.body as any[]).map((l) => l.message);
    expect(messages).toContain("Failed http request with response code '500'");
    // the bearer token is in no log line, neither the execution's nor the server's
    expect(JSON.stringify(logs.body)).not.toContain(TOKEN);
    expect(server.stderrLines().join("\n")).not.toContain(TOKEN);
  });
});
