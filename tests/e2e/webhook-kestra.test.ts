/**
 * Kestra's own webhook scenarios (spec §10.2, W1–W31) against the real server, with ARCHITECTURE's decisions
 * where they differ (W10 answers 204).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  countExecutions,
  getExecution,
  getJson,
  NS,
  type PerchServer,
  startServer,
  teardown,
  waitTerminal,
} from "./harness.ts";

const PUBLIC_URL = "http://localhost:8081";
const FLOWS = [
  "webhook.yml",
  "webhook-dynamic-key.yml",
  "webhook-secret-key.yml",
  "webhook-with-condition.yml",
  "webhook-inputs.yml",
  "webhook-wait.yml",
  "webhook-failed.yml",
  "webhook-outputs.yml",
  "webhook-plaintext.yml",
  "webhook-routing-test.yml",
  "test-flow.yml",
];

let server: PerchServer;

beforeAll(async () => {
  server = await startServer({
    flows: FLOWS,
    args: ["--url", PUBLIC_URL],
    env: { SECRET_WEBHOOK_KEY: Buffer.from("secretKey").toString("base64") },
  });
});

afterAll(async () => {
  await teardown(server);
});

interface Answer {
  status: number;
  text: string;
  json: any;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${server.base}${path}`, { method, body, headers });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

const JSON_HEADERS = { "Content-Type": "application/json" };
const hook = (flowId: string, key: string, rest = "") =>
  `/api/v1/main/executions/webhook/${NS}/${flowId}/${key}${rest}`;

/** the answer created an execution: it is stored and ends in `state` */
async function expectEnds(a: Answer, state = "SUCCESS"): Promise<any> {
  expect(typeof a.json?.id).toBe("string");
  const execution = await waitTerminal(server.base, a.json.id);
  expect(execution.state.current).toBe(state);
  return execution;
}

describe("W1 flow not found", () => {
  test("every method and body answers 404 Flow not found", async () => {
    const path = "/api/v1/main/executions/webhook/not-found/webhook/not-found?name=john&age=12&age=13";
    const calls: [string, string | undefined][] = [
      ["POST", JSON.stringify({ a: 1, b: true })],
      ["PUT", JSON.stringify([{ a: 1, b: true }])],
      ["POST", "bla"],
      ["GET", undefined],
      ["POST", '{\\"a\\":\\"\\",\\"b\\":{\\"c\\":{\\"d\\":{\\"e\\":\\"\\",\\"f\\":\\"1\\"}}}}'],
    ];
    for (const [method, body] of calls) {
      const a = await call(method, path, body, JSON_HEADERS);
      expect(a.status).toBe(404);
      expect(a.json?.message).toContain("Not Found: Flow not found");
    }
    expect(await countExecutions(server.base, "not-found")).toBe(0);
  });
});

describe("webhook.yaml (W2–W6, W12, W31)", () => {
  test("W2 JSON object body, query parameters, labels in Kestra's order", async () => {
    const a = await call(
      "POST",
      hook("webhook", "a-secret-key", "?name=john&age=12&age=13"),
      JSON.stringify({ a: 1, b: true }),
      JSON_HEADERS,
    );
    expect(a.status).toBe(200);
    const vars = a.json.trigger.variables;
    expect(vars.body.a).toBe(1);
    expect(vars.body.b).toBe(true);
    expect(vars.parameters.name).toEqual(["john"]);
    expect(vars.parameters.age).toContain("12");
    expect(vars.parameters.age).toContain("13");
    const id = a.json.id;
    expect(a.json.labels).toEqual([
      { key: "system.from", value: "trigger" },
      { key: "flow-label-1", value: "flow-label-1" },
      { key: "flow-label-2", value: "flow-label-2" },
      { key: "system.correlationId", value: id },
    ]);
    const execution = await expectEnds(a);
    expect(execution.labels).toEqual(a.json.labels);
    expect(execution.trigger.variables.body).toEqual({ a: 1, b: true });
  });

  test("W3 PUT with a JSON array body", async () => {
    const a = await call("PUT", hook("webhook", "a-secret-key"), JSON.stringify([{ a: 1, b: true }]), JSON_HEADERS);
    expect(a.status).toBe(200);
    const body = a.json.trigger.variables.body;
    expect(Array.isArray(body)).toBe(true);
    expect(body[0].a).toBe(1);
    expect(body[0].b).toBe(true);
    await expectEnds(a);
  });

  test("W4 a body that is not JSON stays text", async () => {
    const a = await call("POST", hook("webhook", "a-secret-key"), "bla", JSON_HEADERS);
    expect(a.status).toBe(200);
    expect(a.json.trigger.variables.body).toBe("bla");
    await expectEnds(a);
  });

  test("W5 GET without a body: no body key at all", async () => {
    const a = await call("GET", hook("webhook", "a-secret-key"));
    expect(a.status).toBe(200);
    expect(Object.keys(a.json.trigger.variables)).not.toContain("body");
    const execution = await expectEnds(a);
    expect(Object.keys(execution.trigger.variables)).not.toContain("body");
  });

  test("W6 escaped JSON text stays the exact text", async () => {
    const text = '{\\"a\\":\\"\\",\\"b\\":{\\"c\\":{\\"d\\":{\\"e\\":\\"\\",\\"f\\":\\"1\\"}}}}';
    const a = await call("POST", hook("webhook", "a-secret-key"), text, JSON_HEADERS);
    expect(a.status).toBe(200);
    expect(a.json.trigger.variables.body).toBe(text);
    const execution = await expectEnds(a);
    expect(execution.trigger.variables.body).toBe(text);
  });

  test("W12 the flow of an execution", async () => {
    const a = await call(
      "POST",
      hook("webhook", "a-secret-key", "?name=john&age=12&age=13"),
      JSON.stringify({ a: 1, b: true }),
      JSON_HEADERS,
    );
    expect(a.status).toBe(200);
    const flow = await getJson(`${server.base}/api/v1/main/executions/${a.json.id}/flow`);
    expect(flow.status).toBe(200);
    expect(flow.body.id).toBe(a.json.flowId);
    expect(flow.body.namespace).toBe(NS);
    expect(flow.body.triggers).toHaveLength(1);
    await expectEnds(a);
  });

  test("W31 the execution exists as soon as the answer arrives", async () => {
    const a = await call("POST", hook("webhook", "a-secret-key"), JSON.stringify({ a: 1 }), JSON_HEADERS);
    expect(a.status).toBe(200);
    const stored = await getExecution(server.base, a.json.id);
    expect(stored.status).toBe(200);
    expect(stored.body.id).toBe(a.json.id);
    await expectEnds(a);
  });
});

describe("dynamic keys (W7, W8)", () => {
  test("W7 key rendered from the flow id", async () => {
    const a = await call("GET", hook("webhook-dynamic-key", "webhook-dynamic-key"));
    expect(a.status).toBe(200);
    await expectEnds(a);
  });

  test("W8 key rendered from a secret", async () => {
    const a = await call("GET", hook("webhook-secret-key", "secretKey"));
    expect(a.status).toBe(200);
    await expectEnds(a);
    const wrong = await call("GET", hook("webhook-secret-key", Buffer.from("secretKey").toString("base64")));
    expect(wrong.status).toBe(404);
  });
});

describe("conditions and inputs (W9–W11)", () => {
  test("W9 condition met", async () => {
    const a = await call(
      "POST",
      hook("webhook-with-condition", "webhookKey"),
      JSON.stringify({ hello: "world" }),
      JSON_HEADERS,
    );
    expect(a.status).toBe(200);
    await expectEnds(a);
  });

  test("W10 condition not met: 204, no body (ARCHITECTURE decision 3)", async () => {
    const before = await countExecutions(server.base, NS, "webhook-with-condition");
    const a = await call(
      "POST",
      hook("webhook-with-condition", "webhookKey"),
      JSON.stringify({ hello: "webhook" }),
      JSON_HEADERS,
    );
    expect(a.status).toBe(204);
    expect(a.text).toBe("");
    expect(await countExecutions(server.base, NS, "webhook-with-condition")).toBe(before);
  });

  test("W11 trigger inputs fill the flow input with the body as JSON text", async () => {
    const a = await call(
      "POST",
      hook("webhook-inputs", "webhookKey"),
      JSON.stringify({ hello: "world" }),
      JSON_HEADERS,
    );
    expect(a.status).toBe(200);
    const execution = await expectEnds(a);
    expect(execution.inputs).toEqual({ body: '{"hello":"world"}' });
  });
});

describe("wait: true (W13–W17)", () => {
  test("W13 waits for SUCCESS and returns the outputs and the public url", async () => {
    const a = await call("GET", hook("webhook-wait", "webhook"));
    expect(a.status).toBe(200);
    expect(a.json.state.current).toBe("SUCCESS");
    expect(a.json.url).toBe(`${PUBLIC_URL}/ui/main/executions/${NS}/webhook-wait/${a.json.id}`);
    expect(a.json.outputs).toEqual({ output: "output" });
    await expectEnds(a);
  });

  test("W14 a FAILED execution answers 500 with the execution", async () => {
    const a = await call("GET", hook("webhook-failed", "webhook-failed"));
    expect(a.status).toBe(500);
    expect(a.json.state.current).toBe("FAILED");
    await expectEnds(a, "FAILED");
  });

  test("W15 returnOutputs with a rendered responseCode", async () => {
    const a = await call("GET", hook("webhook-outputs", "webhook-outputs"));
    expect(a.status).toBe(202);
    expect(a.json.status).toBe("ok");
    expect(Object.keys(a.json)).toContain("executionId");
    const execution = await waitTerminal(server.base, a.json.executionId);
    expect(execution.state.current).toBe("SUCCESS");
  });

  test("W16 text/plain outputs", async () => {
    const a = await call("GET", hook("webhook-plaintext", "webhook-plaintext"));
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toStartWith("text/plain");
    expect(a.text).toBe('{"response":"hello-world"}');
  });

  test("W17 text/plain outputs from a query parameter", async () => {
    const a = await call("GET", hook("webhook-plaintext", "webhook-plaintext", "?validationToken=abc123"));
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toStartWith("text/plain");
    expect(a.text).toBe('{"response":"abc123"}');
  });

  test("W16/W17 executions are stored and ended SUCCESS", async () => {
    const r = await getJson(`${server.base}/api/v1/main/executions/search?namespace=${NS}&flowId=webhook-plaintext`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(2);
    expect(r.body.results.map((e: any) => e.state.current)).toEqual(["SUCCESS", "SUCCESS"]);
  });
});

describe("routing (W18–W25)", () => {
  const routing = (rest: string) => hook("webhook-routing-test", "testkey", rest);

  test("W18 exact path with POST, GET and PUT", async () => {
    for (const [method, body] of [
      ["POST", '{"test": "data"}'],
      ["GET", undefined],
      ["PUT", '{"test": "data"}'],
    ] as [string, string | undefined][]) {
      const a = await call(method, routing(""), body, body ? JSON_HEADERS : {});
      expect(a.status).toBe(200);
      await expectEnds(a);
    }
  });

  test("W19 extra path segments answer 404", async () => {
    const before = await countExecutions(server.base, NS, "webhook-routing-test");
    expect((await call("POST", routing("/extra/path"), '{"test": "data"}', JSON_HEADERS)).status).toBe(404);
    expect((await call("GET", routing("/extra"))).status).toBe(404);
    expect((await call("PUT", routing("/extra/path/segments"), '{"test": "data"}', JSON_HEADERS)).status).toBe(404);
    expect(await countExecutions(server.base, NS, "webhook-routing-test")).toBe(before);
  });

  test("W20 trailing slash answers 404", async () => {
    const before = await countExecutions(server.base, NS, "webhook-routing-test");
    expect((await call("POST", routing("/"), '{"test": "data"}', JSON_HEADERS)).status).toBe(404);
    expect(await countExecutions(server.base, NS, "webhook-routing-test")).toBe(before);
  });

  test("W21 query parameters", async () => {
    const a = await call("POST", routing("?param1=value1&param2=value2"), '{"test": "data"}', JSON_HEADERS);
    expect(a.status).toBe(200);
    expect(a.json.trigger.variables.parameters).toEqual({ param1: ["value1"], param2: ["value2"] });
    await expectEnds(a);
  });

  test("W22 wrong key: 404 Webhook not found", async () => {
    const before = await countExecutions(server.base, NS, "webhook-routing-test");
    const a = await call("POST", hook("webhook-routing-test", "wrongkey"), '{"test": "data"}', JSON_HEADERS);
    expect(a.status).toBe(404);
    expect(a.json?.message).toContain("Webhook not found");
    expect(await countExecutions(server.base, NS, "webhook-routing-test")).toBe(before);
  });

  test("W23 unknown flow: 404 Flow not found", async () => {
    const a = await call("POST", hook("nonexistent-flow", "testkey"), '{"test": "data"}', JSON_HEADERS);
    expect(a.status).toBe(404);
    expect(a.json?.message).toContain("Flow not found");
  });

  test("W24 unknown namespace: 404 Flow not found", async () => {
    const a = await call(
      "POST",
      "/api/v1/main/executions/webhook/invalid.namespace/webhook-routing-test/testkey",
      "{}",
      JSON_HEADERS,
    );
    expect(a.status).toBe(404);
    expect(a.json?.message).toContain("Flow not found");
  });

  test("W25 different body formats", async () => {
    const bodies: [string, unknown][] = [
      ['{"key": "value"}', { key: "value" }],
      ["plain text body", "plain text body"],
      ["[1, 2, 3]", [1, 2, 3]],
    ];
    for (const [body, parsed] of bodies) {
      const a = await call("POST", routing(""), body, JSON_HEADERS);
      expect(a.status).toBe(200);
      expect(a.json.trigger.variables.body).toEqual(parsed);
      await expectEnds(a);
    }
  });
});

describe("other scenarios (W29, W30)", () => {
  test("W29 webhooks stay open when basic auth protects the API", async () => {
    const secured = await startServer({
      flows: ["test-flow.yml"],
      args: ["--auth-user", "admin", "--auth-password", "s3cret-pass"],
    });
    try {
      const api = await fetch(`${secured.base}/api/v1/main/executions/search`);
      expect(api.status).toBe(401);
      const a = await fetch(secured.webhook(NS, "test-flow", "testkey"), { method: "POST", body: "{}" });
      expect(a.status).toBe(200);
      const { id } = (await a.json()) as { id: string };
      // the API itself needs the credentials
      const auth = { Authorization: `Basic ${Buffer.from("admin:s3cret-pass").toString("base64")}` };
      expect((await fetch(`${secured.base}/api/v1/main/executions/${id}`)).status).toBe(401);
      const got = await fetch(`${secured.base}/api/v1/main/executions/${id}`, { headers: auth });
      expect(got.status).toBe(200);
      expect(((await got.json()) as { id: string }).id).toBe(id);
    } finally {
      await teardown(secured);
    }
  }, 20_000);

  test("W30 GET without a body on a plain webhook", async () => {
    const a = await call("GET", hook("test-flow", "testkey"));
    expect(a.status).toBe(200);
    await expectEnds(a);
  });
});
