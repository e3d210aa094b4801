/** Optional basic auth: the API and the UI need credentials; webhooks and /health stay open. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/server.ts";
import { ECHO, NS } from "./flows.ts";

let t: TestApp;
const good = `Basic ${Buffer.from("admin:s3cret pass").toString("base64")}`;
const bad = `Basic ${Buffer.from("admin:nope").toString("base64")}`;

beforeAll(async () => {
  t = await createTestApp({ flows: [ECHO], auth: { user: "admin", password: "s3cret pass" } });
});
afterAll(() => t.close());

test("the API answers 401 with a challenge without (or with wrong) credentials, and works with them", async () => {
  const cases: Record<string, string>[] = [{}, { authorization: bad }, { authorization: "Bearer x" }];
  for (const headers of cases) {
    const res = await t.call("GET", "/api/v1/main/executions/search", { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="perch"');
  }
  expect((await t.call("GET", "/api/v1/main/executions/search", { headers: { authorization: good } })).status).toBe(
    200,
  );
  expect((await t.call("GET", `/api/v1/main/flows/${NS}`)).status).toBe(401);
  expect((await t.call("GET", `/ui/main/executions/${NS}/echo/x`)).status).toBe(401);
});

test("webhooks (every prefix) and /health need no credentials", async () => {
  for (const base of ["/api/v1/main", "/api/v1"]) {
    const res = await t.call("POST", `${base}/executions/webhook/${NS}/echo/key-echo`, { body: "{}" });
    expect(res.status).toBe(200);
  }
  expect((await t.call("POST", `/api/v1/acme/executions/webhook/${NS}/echo/key-echo`, { body: "{}" })).status).toBe(
    400,
  );
  expect((await t.call("GET", "/health")).status).toBe(200);
});
