/**
 * Auth of `perch server` as a child process: a bearer token (flag or env) protects the API and /metrics, webhooks
 * and /health stay open, the token is never logged; a non-loopback host without auth is refused (exit 2, saying
 * why and how to fix it) unless --insecure-no-auth is given.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BUN, MAIN, type PerchProcess, ROOT, startPerch } from "../helpers/server.ts";

const TOKEN = "tok-9f8e7d6c5b4a";
const FLOW = `id: hello
namespace: perch.auth
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: hi
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: the-key
`;

let s: PerchProcess;
beforeAll(async () => {
  s = await startPerch({ flows: { "hello.yml": FLOW }, env: { PERCH_AUTH_TOKEN: TOKEN } });
});
afterAll(async () => {
  if (s.proc.exitCode === null) await s.stop();
});

const get = async (path: string, authorization?: string) => {
  const res = await fetch(`${s.url}${path}`, { headers: authorization ? { authorization } : {} });
  await res.arrayBuffer();
  return res;
};

describe("bearer token (PERCH_AUTH_TOKEN)", () => {
  test("the API and /metrics need it: right token 200, wrong or missing 401 with a Bearer challenge", async () => {
    for (const path of ["/api/v1/main/executions/search", "/metrics", "/api/v1/openapi.json"]) {
      expect((await get(path, `Bearer ${TOKEN}`)).status).toBe(200);
      const wrong = await get(path, `Bearer ${TOKEN}x`);
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get("www-authenticate")).toBe('Bearer realm="perch"');
      expect((await get(path)).status).toBe(401);
      expect((await get(path, `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`)).status).toBe(401);
    }
  });

  test("webhooks, /health and the flow schema stay open", async () => {
    const res = await fetch(`${s.url}/api/v1/main/executions/webhook/perch.auth/hello/the-key`, { method: "POST" });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect((await get("/health")).status).toBe(200);
    expect((await get("/api/v1/schemas/flow.json")).status).toBe(200);
  });

  test("the listening line says which auth is on, and no line holds the token", () => {
    expect(s.stderrLines().find((l) => l.includes("listening"))).toContain("auth=bearer");
    expect(s.stderrLines().join("\n")).not.toContain(TOKEN);
  });
});

describe("listening on a non-loopback host", () => {
  test("without auth: refused with the reason and the fix, exit 2", () => {
    const r = Bun.spawnSync([BUN, MAIN, "server", "--host", "0.0.0.0", "--port", "0", "--data", "/nonexistent/x"], {
      cwd: ROOT,
      env: { ...process.env, PERCH_AUTH_TOKEN: "", PERCH_AUTH_USER: "", PERCH_AUTH_PASSWORD: "" },
      stdout: "pipe",
      stderr: "pipe",
      timeout: 20_000,
    });
    expect(r.exitCode).toBe(2);
    const err = r.stderr.toString();
    expect(err).toContain("perch server: refusing to listen on 0.0.0.0 without authentication");
    expect(err).toContain("--auth-token");
    expect(err).toContain("--insecure-no-auth");
  });

  test("with --insecure-no-auth: it starts (and stops on SIGTERM)", async () => {
    const p = await startPerch({ args: ["--host", "0.0.0.0", "--insecure-no-auth"] });
    try {
      expect(p.stderrLines().find((l) => l.includes("listening"))).toContain("--insecure-no-auth");
      const res = await fetch(`http://127.0.0.1:${p.port}/health`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    } finally {
      expect(await p.stop()).toBe(0);
    }
  });

  test("with basic auth: it starts, and asks for the credentials", async () => {
    const p = await startPerch({
      args: ["--host", "0.0.0.0", "--auth-user", "admin"],
      env: { PERCH_AUTH_PASSWORD: "pw" },
    });
    try {
      const no = await fetch(`http://127.0.0.1:${p.port}/api/v1/main/executions/search`);
      expect(no.status).toBe(401);
      expect(no.headers.get("www-authenticate")).toBe('Basic realm="perch"');
      const basic = `Basic ${Buffer.from("admin:pw").toString("base64")}`;
      const yes = await fetch(`http://127.0.0.1:${p.port}/api/v1/main/executions/search`, {
        headers: { authorization: basic },
      });
      expect(yes.status).toBe(200);
      await Promise.all([no.arrayBuffer(), yes.arrayBuffer()]);
    } finally {
      expect(await p.stop()).toBe(0);
    }
  });
});
