/**
 * Hostile or broken requests: the server answers with a clean status, stores nothing it should not, and keeps
 * serving afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { countExecutions, NS, type PerchServer, startServer, teardown, waitTerminal } from "./harness.ts";

const FLOW = "webhook-routing-test";
const MiB = 1024 * 1024;

let server: PerchServer;

beforeAll(async () => {
  server = await startServer({ flows: ["webhook-routing-test.yml"] });
});

afterAll(async () => {
  await teardown(server);
});

const hookUrl = (s: PerchServer, key = "testkey") => s.webhook(NS, FLOW, key);

/** a normal webhook still works: 200 and the execution ends SUCCESS */
async function stillServing(s: PerchServer): Promise<void> {
  const res = await fetch(hookUrl(s), { method: "POST", body: '{"still":"alive"}' });
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: string };
  expect((await waitTerminal(s.base, id)).state.current).toBe("SUCCESS");
}

/** status of a request, or 0 when the connection was refused or reset */
async function statusOf(url: string, init: RequestInit): Promise<number> {
  try {
    const res = await fetch(url, init);
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** sends a request with the path exactly as given (fetch would normalise `..`) and returns the status code */
function rawRequest(s: PerchServer, method: string, path: string, body = "{}"): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(s.port, "127.0.0.1");
    let data = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer for ${path}`));
    }, 5_000);
    socket.on("connect", () => {
      socket.write(
        `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
    });
    const done = () => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      resolve(m ? Number(m[1]) : 0);
    };
    socket.on("end", done);
    socket.on("close", done);
    socket.on("error", () => done());
  });
}

describe("bodies", () => {
  test("malformed JSON is kept as raw text", async () => {
    const res = await fetch(hookUrl(server), {
      method: "POST",
      body: '{"a":',
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as any;
    expect(answer.trigger.variables.body).toBe('{"a":');
    const execution = await waitTerminal(server.base, answer.id);
    expect(execution.state.current).toBe("SUCCESS");
    expect(execution.trigger.variables.body).toBe('{"a":');
  });

  test("non-UTF-8 bytes are accepted and the server keeps serving", async () => {
    const res = await fetch(hookUrl(server), {
      method: "POST",
      body: new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xc3, 0x28]),
      headers: { "Content-Type": "application/octet-stream" },
    });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    expect((await waitTerminal(server.base, id)).state.current).toBe("SUCCESS");
    await stillServing(server);
  });

  test("a body over the default limit (10 MiB + 1) answers 413 and stores nothing", async () => {
    const before = await countExecutions(server.base, NS, FLOW);
    const status = await statusOf(hookUrl(server), { method: "POST", body: "x".repeat(10 * MiB + 1) });
    expect(status).toBe(413);
    expect(await countExecutions(server.base, NS, FLOW)).toBe(before);
    await stillServing(server);
  }, 20_000);

  test("a body over a configured limit answers 413 and stores nothing", async () => {
    const small = await startServer({ flows: ["webhook-routing-test.yml"], args: ["--max-body-size", String(MiB)] });
    try {
      const before = await countExecutions(small.base, NS, FLOW);
      const body = JSON.stringify({ blob: "y".repeat(2 * MiB) });
      expect(
        await statusOf(hookUrl(small), { method: "POST", body, headers: { "Content-Type": "application/json" } }),
      ).toBe(413);
      expect(await countExecutions(small.base, NS, FLOW)).toBe(before);
      // under the limit is fine
      const ok = await fetch(hookUrl(small), { method: "POST", body: JSON.stringify({ blob: "z".repeat(1000) }) });
      expect(ok.status).toBe(200);
      await ok.arrayBuffer();
    } finally {
      await teardown(small);
    }
  }, 20_000);
});

describe("headers", () => {
  for (const size of [64 * 1024, 200 * 1024]) {
    test(`${size / 1024} KiB of headers: refused with a 4xx, and the server keeps serving`, async () => {
      const before = await countExecutions(server.base, NS, FLOW);
      const status = await statusOf(hookUrl(server), {
        method: "POST",
        body: "{}",
        headers: { "X-Huge": "h".repeat(size) },
      });
      // 0: the connection was closed without an answer, which is also a refusal
      expect(status === 0 || (status >= 400 && status < 500)).toBe(true);
      expect(await countExecutions(server.base, NS, FLOW)).toBe(before);
      await stillServing(server);
    });
  }
});

describe("paths", () => {
  const paths = [
    `/api/v1/executions/webhook/${NS}/..%2F..%2Fetc/key`,
    `/api/v1/executions/webhook/${NS}/${FLOW}/test%2Fkey`,
    `/api/v1/main/executions/webhook/${NS}/${FLOW}/..%2Ftestkey`,
    `/api/v1/main/executions/webhook/${NS}/../${NS}/${FLOW}/testkey`,
    `/api/v1/main/executions/webhook/${NS}/${FLOW}/../${FLOW}/testkey`,
    `/api/v1/main/executions/webhook/${NS}/${FLOW}/testkey/..`,
    `/api/v1/main/executions/webhook/${NS}/%2e%2e/${FLOW}/testkey`,
    "/api/v1/main/executions/webhook/../../../../etc/passwd",
  ];

  test("`..` and encoded slashes never reach a flow", async () => {
    const before = await countExecutions(server.base, NS);
    for (const path of paths) {
      const status = await rawRequest(server, "POST", path);
      expect({ path, status }).toEqual({ path, status: status === 400 ? 400 : 404 });
    }
    expect(await countExecutions(server.base, NS)).toBe(before);
    await stillServing(server);
  });
});

describe("keys", () => {
  for (const length of [300, 5_000, 100_000]) {
    test(`a ${length}-character key answers 404 (or 414/431) and stores nothing`, async () => {
      const before = await countExecutions(server.base, NS);
      const status = await statusOf(hookUrl(server, "k".repeat(length)), { method: "POST", body: "{}" });
      expect([404, 414, 431]).toContain(status);
      expect(await countExecutions(server.base, NS)).toBe(before);
      await stillServing(server);
    });
  }
});
