/** The OpenAPI document validates as OpenAPI 3 (swagger-parser), covers the API and the hand-written webhook paths. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createTestApp, type TestApp } from "../helpers/server.ts";
import { ECHO } from "./flows.ts";

let t: TestApp;
let secured: TestApp;

beforeAll(async () => {
  t = await createTestApp({ flows: [ECHO] });
  secured = await createTestApp({ auth: { token: "s3cret-token" } });
});
afterAll(async () => {
  await t.close();
  await secured.close();
});

const WEBHOOK = "/api/v1/main/executions/webhook/{namespace}/{flowId}/{key}";

test("GET /api/v1/openapi.json is a valid OpenAPI 3 document", async () => {
  const res = await t.call("GET", "/api/v1/openapi.json");
  expect(res.status).toBe(200);
  const doc = (await res.json()) as any;
  expect(doc.openapi).toMatch(/^3\./);
  // validate() dereferences in place: give it a copy
  const api = (await SwaggerParser.validate(structuredClone(doc))) as any;
  expect(api.info.title).toBe("perch");
});

test("it describes the management API from the route schemas, and the webhook by hand", async () => {
  const doc = (await (await t.call("GET", "/api/v1/openapi.json")).json()) as any;
  const paths = Object.keys(doc.paths);
  for (const p of [
    "/api/v1/main/executions/search",
    "/api/v1/main/executions/{id}",
    "/api/v1/main/executions/{namespace}/{flowId}",
    "/api/v1/main/flows/{namespace}/{id}",
    "/api/v1/main/logs/{executionId}",
    "/api/v1/main/triggers/{namespace}/{flowId}",
    "/health",
    "/api/v1/schemas/flow.json",
    WEBHOOK,
  ]) {
    expect(paths).toContain(p);
  }
  // the tenant-less alias and the UI pages are not repeated
  expect(paths.filter((p) => p.startsWith("/api/v1/executions"))).toEqual([]);
  expect(paths.filter((p) => p.startsWith("/ui/"))).toEqual([]);
  const get = doc.paths["/api/v1/main/executions/{id}"].get;
  expect(get.tags).toEqual(["Executions"]);
  expect(get.summary).toBe("Get an execution");
  expect(get.responses["200"].content["application/json"].schema.properties.state).toBeDefined();
  const hook = doc.paths[WEBHOOK];
  expect(Object.keys(hook).sort()).toEqual(["get", "post", "put"]);
  expect(Object.keys(hook.post.responses).sort()).toEqual(
    ["200", "202", "204", "400", "404", "405", "409", "413", "422", "500"].sort(),
  );
  expect(hook.post.security).toEqual([]);
  // every operation has a summary and a tag
  for (const [path, item] of Object.entries(doc.paths) as [string, Record<string, any>][]) {
    for (const [method, op] of Object.entries(item)) {
      expect({ path, method, summary: typeof op.summary, tags: op.tags?.length > 0 }).toEqual({
        path,
        method,
        summary: "string",
        tags: true,
      });
    }
  }
});

test("the docs page loads the document from its absolute path", async () => {
  const res = await t.call("GET", "/api/v1/docs");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  const page = await res.text();
  expect(page).toContain("/api/v1/openapi.json");
  // readable without the CDN: the operations are listed on the page itself
  expect(page).toContain(
    "<td><code>POST</code></td><td><code>/api/v1/main/executions/{executionId}/restart</code></td>",
  );
  expect(page).toContain("<code>/api/v1/main/executions/webhook/{namespace}/{flowId}/{key}</code>");
});

test("with auth configured: the document declares the scheme and is itself behind auth", async () => {
  expect((await secured.call("GET", "/api/v1/openapi.json")).status).toBe(401);
  const res = await secured.call("GET", "/api/v1/openapi.json", { headers: { authorization: "Bearer s3cret-token" } });
  expect(res.status).toBe(200);
  const doc = (await res.json()) as any;
  expect(doc.components.securitySchemes).toEqual({ bearerAuth: { type: "http", scheme: "bearer" } });
  expect(doc.security).toEqual([{ bearerAuth: [] }]);
  await SwaggerParser.validate(structuredClone(doc));
});
