/**
 * The HTTP Request task against a real Bun.serve on 127.0.0.1:0 that records what it received. Cancellation goes
 * through runTask (task `timeout`, kill) and checks that the server saw the request go away.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { parseFlow } from "../../src/flow/index.ts";
import { runTask } from "../../src/engine/task-runner.ts";
import type { LogEntry } from "../../src/model/execution.ts";
import type { TaskDef } from "../../src/model/flow.ts";
import { TaskFailure } from "../../src/plugins/sdk.ts";
import { httpRequest, MAX_BODY_BYTES } from "../../src/plugins/tasks/http-request.ts";
import { taskContext } from "./context.ts";

interface Seen {
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: string;
}

const seen: Seen[] = [];
/** paths whose request the server saw aborted by the client */
const aborted: string[] = [];
let server: ReturnType<typeof Bun.serve>;
let base: string;

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const body = await req.text();
      seen.push({
        method: req.method,
        path: url.pathname,
        query: [...url.searchParams],
        headers: Object.fromEntries(req.headers),
        body,
      });
      req.signal.addEventListener("abort", () => aborted.push(url.pathname));
      const status = /^\/status\/(\d+)$/.exec(url.pathname);
      if (status) return new Response(`status ${status[1]}`, { status: Number(status[1]) });
      switch (url.pathname) {
        case "/redirect":
          return new Response(null, { status: 302, headers: { location: "/echo?from=redirect" } });
        case "/big":
          return new Response("a".repeat(MAX_BODY_BYTES + 1));
        case "/big-stream":
          // no content-length: the bound is enforced while reading
          return new Response(
            new ReadableStream({
              pull(c) {
                c.enqueue(new Uint8Array(1024 * 1024).fill(97));
              },
            }),
          );
        case "/latin1":
          return new Response(Buffer.from("café", "latin1"), {
            headers: { "content-type": "text/plain; charset=iso-8859-1" },
          });
        case "/empty":
          return new Response(null, { status: 204 });
        case "/hang":
          return new Promise<Response>(() => {});
        case "/stall-body":
          // headers, one chunk, then nothing
          return new Response(
            new ReadableStream({
              start(c) {
                c.enqueue(new TextEncoder().encode("first"));
              },
            }),
          );
        default: {
          const headers = new Headers({ "content-type": "application/json", "x-multi": "one" });
          headers.append("set-cookie", "a=1");
          headers.append("set-cookie", "b=2");
          return new Response(JSON.stringify({ got: body }), { status: 200, headers });
        }
      }
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(() => server.stop(true));
beforeEach(() => {
  seen.length = 0;
  aborted.length = 0;
});

const vars = { trigger: { body: { name: "Ada", n: 3, tags: ["x", "y"] } }, secretToken: "tok-s3cr3t-value" };

async function run(config: Record<string, unknown>) {
  const { ctx, lines } = taskContext(vars);
  const result = await httpRequest.run(config as never, ctx);
  return { outputs: result.outputs as any, lines };
}

/** waits (bounded) until the server saw `path` aborted */
async function sawAbort(path: string): Promise<boolean> {
  for (let i = 0; i < 100 && !aborted.includes(path); i++) await Bun.sleep(20);
  return aborted.includes(path);
}

describe("request", () => {
  test("GET by default; params (lists repeat) and headers rendered; no body, no content type", async () => {
    const { outputs } = await run({
      uri: `${base}/echo?keep=1`,
      params: { q: "{{ trigger.body.name }}", tag: ["a", "{{ trigger.body.n }}"], n: 5 },
      headers: { "X-Who": "{{ trigger.body.name }}", "X-List": ["1", "2"] },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe("GET");
    expect(seen[0]!.query).toEqual([
      ["keep", "1"],
      ["q", "Ada"],
      ["tag", "a"],
      ["tag", "3"],
      ["n", "5"],
    ]);
    expect(seen[0]!.headers["x-who"]).toBe("Ada");
    expect(seen[0]!.headers["x-list"]).toBe("1, 2");
    expect(seen[0]!.headers["content-type"]).toBeUndefined();
    expect(seen[0]!.body).toBe("");
    expect(outputs.code).toBe(200);
  });

  test("a string body is rendered and sent as is, with the JSON content type by default", async () => {
    await run({ uri: `${base}/echo`, method: "post", body: "{{ trigger.body }}" });
    expect(seen[0]!.method).toBe("POST");
    expect(JSON.parse(seen[0]!.body)).toEqual(vars.trigger.body);
    expect(seen[0]!.headers["content-type"]).toBe("application/json; charset=UTF-8");
  });

  test("a map body is rendered entry by entry and JSON-encoded; contentType is honoured", async () => {
    await run({
      uri: `${base}/echo`,
      method: "PUT",
      body: { who: "{{ trigger.body.name }}", n: 1 },
      contentType: "text/plain",
    });
    expect(seen[0]!.method).toBe("PUT");
    expect(seen[0]!.body).toBe('{"who":"Ada","n":1}');
    expect(seen[0]!.headers["content-type"]).toBe("text/plain; charset=UTF-8");
  });

  test("a Content-Type in headers wins over contentType; defaultCharset encodes the body", async () => {
    await run({
      uri: `${base}/echo`,
      method: "POST",
      body: "café",
      headers: { "Content-Type": "text/csv" },
      options: { defaultCharset: "ISO-8859-1" },
    });
    expect(seen[0]!.headers["content-type"]).toBe("text/csv");
    await run({ uri: `${base}/echo`, method: "POST", body: "café", options: { defaultCharset: "ISO-8859-1" } });
    expect(seen[1]!.headers["content-type"]).toBe("application/json; charset=ISO-8859-1");
    expect(seen[1]!.headers["content-length"]).toBe("4");
  });

  test("formData is URL-encoded (lists repeat) and given back as an output", async () => {
    const { outputs } = await run({
      uri: `${base}/echo`,
      method: "POST",
      formData: { user: "{{ trigger.body.name }}", tags: ["x", "y"], n: 2 },
    });
    expect(seen[0]!.headers["content-type"]).toStartWith("application/x-www-form-urlencoded");
    expect([...new URLSearchParams(seen[0]!.body)]).toEqual([
      ["user", "Ada"],
      ["tags", "x"],
      ["tags", "y"],
      ["n", "2"],
    ]);
    expect(outputs.formData).toEqual({ user: "Ada", tags: ["x", "y"], n: 2 });
  });

  test("formData with contentType multipart/form-data is sent as multipart", async () => {
    await run({
      uri: `${base}/echo`,
      method: "POST",
      contentType: "multipart/form-data",
      formData: { user: "{{ trigger.body.name }}", meta: { a: 1 } },
    });
    const type = seen[0]!.headers["content-type"]!;
    expect(type).toStartWith("multipart/form-data; boundary=");
    const parsed = await new Response(seen[0]!.body, { headers: { "content-type": type } }).formData();
    expect(parsed.get("user")).toBe("Ada");
    expect(parsed.get("meta")).toBe('{"a":1}');
  });

  test("basic and bearer auth set the Authorization header; the token never reaches a log line", async () => {
    await run({
      uri: `${base}/echo`,
      options: { auth: { type: "BASIC", username: "ada", password: "{{ 'p' ~ 'w' }}" } },
    });
    expect(seen[0]!.headers.authorization).toBe(`Basic ${btoa("ada:pw")}`);
    const { lines } = await run({
      uri: `${base}/status/404`,
      options: { allowFailed: true, auth: { type: "BEARER", token: "{{ secretToken }}" } },
    });
    expect(seen[1]!.headers.authorization).toBe("Bearer tok-s3cr3t-value");
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l.message).not.toContain("tok-s3cr3t-value");
  });

  test("a GET with a body is refused with a clear message", async () => {
    await expect(run({ uri: `${base}/echo`, body: "x" })).rejects.toThrow(
      "method: a GET request cannot carry a body or formData; set `method: POST`",
    );
    expect(seen).toHaveLength(0);
  });

  test("bad uri, scheme, method and auth are named", async () => {
    await expect(run({ uri: "not a uri" })).rejects.toThrow("uri: invalid URI 'not%20a%20uri'");
    await expect(run({ uri: "ftp://x/y" })).rejects.toThrow("uri: only http and https are supported, got 'ftp:'");
    await expect(run({ uri: `${base}/echo`, method: "G T" })).rejects.toThrow("method: invalid HTTP method 'G T'");
    await expect(run({ uri: `${base}/echo`, options: { auth: { type: "BEARER" } } })).rejects.toThrow(
      "options.auth: type BEARER needs a `token`",
    );
    await expect(run({ uri: `${base}/echo`, options: { defaultCharset: "EBCDIC" } })).rejects.toThrow(
      "options.defaultCharset: unsupported charset 'EBCDIC'",
    );
  });
});

describe("response", () => {
  test("outputs: uri, code, headers as lower-case lists (one Set-Cookie each), raw body text", async () => {
    const { outputs } = await run({ uri: `${base}/echo`, method: "POST", body: "hi" });
    expect(outputs.uri).toBe(`${base}/echo`);
    expect(outputs.code).toBe(200);
    expect(outputs.body).toBe('{"got":"hi"}');
    expect(outputs.headers["content-type"]).toEqual(["application/json"]);
    expect(outputs.headers["x-multi"]).toEqual(["one"]);
    expect(outputs.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(outputs.headers["content-length"]).toEqual(["12"]);
    expect(Object.keys(outputs).sort()).toEqual(["body", "code", "headers", "uri"]);
  });

  test("redirects are followed by default: the final uri is given", async () => {
    const { outputs } = await run({ uri: `${base}/redirect` });
    expect(seen.map((s) => s.path)).toEqual(["/redirect", "/echo"]);
    expect(outputs.code).toBe(200);
    expect(outputs.uri).toBe(`${base}/echo?from=redirect`);
  });

  test("followRedirects: false returns the 3xx as is", async () => {
    const { outputs } = await run({ uri: `${base}/redirect`, options: { followRedirects: false } });
    expect(seen.map((s) => s.path)).toEqual(["/redirect"]);
    expect(outputs.code).toBe(302);
    expect(outputs.headers.location).toEqual(["/echo?from=redirect"]);
    expect(outputs.uri).toBe(`${base}/redirect`);
  });

  test("a 404 fails the task and logs the body at DEBUG", async () => {
    const { ctx, lines } = taskContext(vars);
    await expect(httpRequest.run({ uri: `${base}/status/404` } as never, ctx)).rejects.toThrow(
      new TaskFailure("Failed http request with response code '404'"),
    );
    expect(lines).toContainEqual({ level: "DEBUG", message: "Response body: status 404" });
  });

  test("allowFailed lets a 404 pass (also the deprecated top-level flag, and a template)", async () => {
    for (const config of [
      { options: { allowFailed: true } },
      { allowFailed: true },
      { options: { allowFailed: "{{ trigger.body.n > 1 }}" } },
    ]) {
      const { outputs } = await run({ uri: `${base}/status/404`, ...config });
      expect(outputs.code).toBe(404);
      expect(outputs.body).toBe("status 404");
    }
  });

  test("allowedResponseCodes: exactly those pass", async () => {
    await expect(run({ uri: `${base}/status/201`, options: { allowedResponseCodes: [200] } })).rejects.toThrow(
      "Failed http request with response code '201'",
    );
    const { outputs } = await run({ uri: `${base}/status/500`, options: { allowedResponseCodes: [200, 500] } });
    expect(outputs.code).toBe(500);
    const templated = await run({ uri: `${base}/status/418`, options: { allowedResponseCodes: "{{ [418] }}" } });
    expect(templated.outputs.code).toBe(418);
  });

  test("no body (204) gives body null; a charset in the response is honoured", async () => {
    expect((await run({ uri: `${base}/empty`, method: "DELETE" })).outputs.body).toBeNull();
    expect((await run({ uri: `${base}/latin1` })).outputs.body).toBe("café");
  });

  test("a body over the bound fails the task", async () => {
    await expect(run({ uri: `${base}/big` })).rejects.toThrow(
      `Response body of GET ${base}/big is larger than 10 MiB: use a download task instead`,
    );
  });

  test("a streamed body (no content-length) over the bound fails while reading", async () => {
    await expect(run({ uri: `${base}/big-stream` })).rejects.toThrow(
      `Response body of GET ${base}/big-stream is larger than 10 MiB`,
    );
    expect(await sawAbort("/big-stream")).toBe(true);
  });

  test("an unreachable port fails with a clear message", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const port = closed.port;
    closed.stop(true);
    await expect(run({ uri: `http://127.0.0.1:${port}/x?token=abc` })).rejects.toThrow(
      `Request GET http://127.0.0.1:${port}/x failed: `,
    );
  });

  test("readIdleTimeout: a body that stalls fails the task and the server sees the request aborted", async () => {
    await expect(
      run({ uri: `${base}/stall-body`, options: { timeout: { readIdleTimeout: "PT0.3S" } } }),
    ).rejects.toThrow(`No data from GET ${base}/stall-body for PT0.3S (readIdleTimeout)`);
    expect(await sawAbort("/stall-body")).toBe(true);
  });
});

describe("timeouts", () => {
  test("no headers within connectTimeout + readIdleTimeout fails, naming both", async () => {
    await expect(
      run({ uri: `${base}/hang`, options: { timeout: { connectTimeout: "PT0.1S", readIdleTimeout: "PT0.2S" } } }),
    ).rejects.toThrow(`No response from GET ${base}/hang within PT0.1S + PT0.2S (readIdleTimeout)`);
    expect(await sawAbort("/hang")).toBe(true);
  });

  test("a bad duration is named", async () => {
    await expect(
      run({ uri: `${base}/echo`, options: { timeout: { readIdleTimeout: "{{ 'soon' }}" } } }),
    ).rejects.toThrow("options.timeout.readIdleTimeout: invalid duration 'soon' (expected e.g. PT30S)");
  });
});

describe("flow validation", () => {
  const head = "id: f\nnamespace: company.team\ntasks:\n  - id: call\n";
  const errs = (body: string) => parseFlow(head + body).errors.map((e) => [e.path, e.message]);

  test("a full task validates, under its name and its alias", () => {
    const task = `    type: io.kestra.plugin.core.http.Request
    uri: "https://example.com/{{ trigger.body.id }}"
    method: POST
    body: "{{ trigger.body }}"
    params: { a: [1, 2], b: x }
    headers: { X-A: b }
    timeout: PT10S
    options:
      timeout: { connectTimeout: PT5S, readIdleTimeout: PT30S }
      followRedirects: false
      allowFailed: "{{ true }}"
      allowedResponseCodes: [200, 201]
      auth: { type: BEARER, token: "{{ secret('T') }}" }
      defaultCharset: UTF-8
`;
    expect(errs(task)).toEqual([]);
    expect(errs(task.replace("io.kestra.plugin.core.http.Request", "io.kestra.plugin.fs.http.Request"))).toEqual([]);
  });

  test("the plugin's examples validate", () => {
    for (const ex of httpRequest.examples) {
      const task = ex.code.replace(/^id: \S+\n/, "").replace(/^/gm, "    ");
      expect(errs(task)).toEqual([]);
    }
  });

  test("missing uri, unknown options, bad durations, auth type and codes are named with their path", () => {
    expect(
      errs(`    type: io.kestra.plugin.core.http.Request
    options:
      timeout: { readIdleTimeout: soon }
      followRedirect: false
      auth: { type: DIGEST }
      allowedResponseCodes: [99]
`),
    ).toEqual([
      ["tasks[0].uri", "required property missing"],
      ["tasks[0].options.timeout.readIdleTimeout", "must be an ISO-8601 duration (e.g. PT5M)"],
      ["tasks[0].options.followRedirect", "unknown property"],
      ["tasks[0].options.auth.type", 'must be one of BASIC, BEARER, got the string "DIGEST"'],
      ["tasks[0].options.allowedResponseCodes", "must be a list of integers or a string, got a list"],
    ]);
  });
});

describe("cancellation through runTask", () => {
  function task(extra: Record<string, unknown>): TaskDef {
    return { id: "call", type: "io.kestra.plugin.core.http.Request", uri: `${base}/hang`, ...extra } as TaskDef;
  }
  function input(t: TaskDef, signal: AbortSignal, logs: LogEntry[]) {
    return {
      task: t,
      executionId: "e1",
      taskRunId: "tr1",
      variables: vars,
      renderOptions: {},
      now: () => new Date("2026-01-01T00:00:00Z"),
      log: (l: LogEntry) => logs.push(l),
      signal,
    };
  }

  test("task timeout PT0.3S: FAILED with a timeout message, and the request is gone on the server", async () => {
    const logs: LogEntry[] = [];
    const outcome = await runTask(input(task({ timeout: "PT0.3S" }), new AbortController().signal, logs));
    expect(outcome.state).toBe("FAILED");
    expect(outcome.error).toBe("Timeout after PT0.3S");
    expect(seen.map((s) => s.path)).toEqual(["/hang"]);
    expect(await sawAbort("/hang")).toBe(true);
  });

  test("kill: KILLED, and the request is gone on the server", async () => {
    const logs: LogEntry[] = [];
    const kill = new AbortController();
    const outcome = runTask(input(task({}), kill.signal, logs));
    for (let i = 0; i < 100 && seen.length === 0; i++) await Bun.sleep(10);
    expect(seen.map((s) => s.path)).toEqual(["/hang"]);
    kill.abort(new Error("Execution killed"));
    const done = await outcome;
    expect(done.state).toBe("KILLED");
    expect(done.error).toBe("Execution killed");
    expect(await sawAbort("/hang")).toBe(true);
    expect(logs.map((l) => l.message)).toContain("Task killed: Execution killed");
  });
});
