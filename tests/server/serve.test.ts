/** startServer: a real server on 127.0.0.1, port 0, the real engine on a real SQLite file. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { createEngine, type Engine } from "../../src/engine/index.ts";
import { silentLogger } from "../../src/lib/log.ts";
import { type RunningServer, startServer } from "../../src/server/serve.ts";
import { openSqliteStore } from "../../src/storage/sqlite/index.ts";
import type { Store } from "../../src/storage/types.ts";
import { tempDir } from "../helpers/server.ts";
import { ECHO, NS } from "./flows.ts";

let dir: string;
let store: Store;
let engine: Engine;
let server: RunningServer;
const KiB = 1024;

beforeAll(async () => {
  dir = tempDir("serve");
  store = await openSqliteStore(join(dir, "perch.db"));
  engine = await createEngine({ store, logger: silentLogger });
  await engine.saveFlow(ECHO);
  server = await startServer({ engine, host: "127.0.0.1", port: 0, maxBodySize: 64 * KiB });
});

afterAll(async () => {
  await server.stop(true);
  await engine.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const hook = () => `${server.url}/api/v1/main/executions/webhook/${NS}/echo/key-echo`;
const count = async () => (await engine.searchExecutions({ namespace: NS })).total;

/** sends the request target as written (fetch would normalise `..`); returns status line and body */
function raw(method: string, target: string, body = "{}"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1", () =>
      socket.write(
        `${method} ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      ),
    );
    let data = "";
    socket.on("data", (c) => (data += c.toString("latin1")));
    socket.on("end", () => resolve({ status: Number(data.split(" ")[1]), body: data.split("\r\n\r\n")[1] ?? "" }));
    socket.on("error", reject);
  });
}

async function stillServing(): Promise<void> {
  const res = await fetch(hook(), { method: "POST", body: '{"alive":true}' });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

describe("startServer", () => {
  test("port 0 binds an ephemeral port; url and publicUrl follow it", async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.publicUrl).toBe(server.url);
    const res = await fetch(`${server.url}/health`);
    expect(await res.json()).toEqual({ status: "UP" });
    const body = (await (await fetch(hook(), { method: "POST", body: "{}" })).json()) as { url: string };
    expect(body.url).toStartWith(`${server.url}/ui/main/executions/`);
  });

  test("`..` and `.` segments in the raw path never reach a flow: 404", async () => {
    const before = await count();
    const W = "/api/v1/main/executions/webhook";
    for (const target of [
      `${W}/${NS}/../${NS}/echo/key-echo`,
      `${W}/${NS}/echo/../echo/key-echo`,
      `${W}/${NS}/./echo/key-echo`,
      `${W}/${NS}/%2e%2e/${NS}/echo/key-echo`,
      `${W}/${NS}/echo/key-echo/..`,
      `${W}/../../../../etc/passwd`,
    ]) {
      expect({ target, status: (await raw("POST", target)).status }).toEqual({ target, status: 404 });
    }
    expect((await raw("POST", `${W}/${NS}/echo/key-echo`)).status).toBe(200);
    expect(await count()).toBe(before + 1);
  });

  test("bodies over the limit answer 413 JSON (declared or chunked), and the server keeps serving", async () => {
    const before = await count();
    for (const size of [64 * KiB + 1, 1024 * KiB]) {
      const res = await fetch(hook(), { method: "POST", body: "x".repeat(size) });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { message: string }).message).toStartWith("Payload Too Large: ");
    }
    const chunked = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(10 * KiB).fill(65));
        c.close();
      },
    });
    const res = await fetch(hook(), { method: "POST", body: chunked, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    await res.arrayBuffer();
    expect(await count()).toBe(before);
    await stillServing();
  });

  test("a 100 KB header is refused with 431 and the server keeps serving", async () => {
    const before = await count();
    let status = 0;
    try {
      const res = await fetch(hook(), { method: "POST", body: "{}", headers: { "x-huge": "h".repeat(100 * KiB) } });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0; // connection closed: also a refusal
    }
    expect(status === 0 || status === 431 || status === 400).toBe(true);
    expect(await count()).toBe(before);
    await stillServing();
  });

  test("the direct webhook path hands the same request to the engine as the app does", async () => {
    const vars = async (init: RequestInit, query = "") => {
      const res = await fetch(`${hook()}${query}`, init);
      expect(res.status).toBe(200);
      return ((await res.json()) as { trigger: { variables: Record<string, any> } }).trigger.variables;
    };
    const v = await vars({ method: "POST", body: '{"a":1}', headers: { "X-Custom-Thing": "a" } }, "?n=1&n=2&s=a+b");
    expect(v.body).toEqual({ a: 1 });
    expect(v.parameters).toEqual({ n: ["1", "2"], s: ["a b"] });
    expect(v.headers["x-custom-thing"]).toEqual(["a"]);
    expect("body" in (await vars({ method: "GET" }))).toBe(false);
    expect("body" in (await vars({ method: "POST", body: "" }))).toBe(false);
    expect((await vars({ method: "PUT", body: new Uint8Array([0x68, 0xff, 0x69]) })).body).toBe("h\uFFFDi");
    const chunked = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("[1,"));
        c.enqueue(new TextEncoder().encode("2]"));
        c.close();
      },
    });
    expect((await vars({ method: "POST", body: chunked, duplex: "half" } as RequestInit)).body).toEqual([1, 2]);
    const tenantless = await fetch(`${server.url}/api/v1/executions/webhook/${NS}/echo/key-echo`, {
      method: "POST",
      body: "{}",
    });
    expect(tenantless.status).toBe(200);
    await tenantless.arrayBuffer();
    const other = await fetch(`${server.url}/api/v1/acme/executions/webhook/${NS}/echo/key-echo`, {
      method: "POST",
      body: "{}",
    });
    expect(other.status).toBe(400);
    expect(((await other.json()) as { message: string }).message).toBe("Bad Request: Tenant must be 'main'");
    const missing = await fetch(`${server.url}/api/v1/main/executions/webhook/${NS}/nope/secret-key`, {
      method: "POST",
    });
    expect(missing.status).toBe(404);
    const text = await missing.text();
    expect(text).toContain("Not Found: Flow not found");
    expect(text).not.toContain("secret-key");
  });

  test("405 and 404 answers over the wire", async () => {
    const del = await fetch(hook(), { method: "DELETE" });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET, POST, PUT");
    await del.arrayBuffer();
    const slash = await fetch(`${hook()}/`, { method: "POST", body: "{}" });
    expect(slash.status).toBe(404);
    expect(await slash.text()).toBe("");
  });
});
