/**
 * OpenAPI 3.1 document of the whole API at `GET /api/v1/openapi.json`, with a docs page at `GET /api/v1/docs`
 * (Scalar, loaded from its CDN), through `@elysiajs/openapi`'s generator, imported on the first request (it is
 * heavy: loaded at start it added ~13 MiB to the peak memory of a server that only answers webhooks): the Elysia routes are described from the TypeBox
 * schemas they declare (api-schemas.ts). The webhook is served by node:http in serve.ts, not by an Elysia route
 * the document would see, so its paths are written here by hand. The tenant-less alias `/api/v1/...` of every API
 * route is left out (same operations as `/api/v1/main/...`), and so are the UI pages.
 *
 * @example
 * new Elysia().use(openApiPlugin({ version: "0.4.0", auth: { token: "t" } }))
 */
import { Elysia } from "elysia";
import type { AuthConfig } from "./auth.ts";

export const OPENAPI_PATH = "/api/v1/openapi.json";
export const DOCS_PATH = "/api/v1/docs";

const WEBHOOK = "/api/v1/main/executions/webhook/{namespace}/{flowId}/{key}";

const json = (description: string, ref?: string) => ({
  description,
  content: { "application/json": { schema: ref ? { $ref: ref } : { type: "object", additionalProperties: true } } },
});
const error = (description: string) => json(description, "#/components/schemas/Error");

function webhookOperation(method: string) {
  return {
    summary: `Webhook (${method})`,
    description:
      "Starts an execution of the flow through its Webhook trigger whose rendered `key` equals the URL key " +
      "(compared in constant time). Open: the key is the secret, no other auth. The body (any type) becomes " +
      "`trigger.body`, headers `trigger.headers`, query `trigger.parameters`. The tenant-less alias " +
      "`/api/v1/executions/webhook/...` works too.",
    tags: ["Webhooks"],
    operationId: `webhook${method[0]}${method.slice(1).toLowerCase()}`,
    security: [],
    parameters: [
      { name: "namespace", in: "path", required: true, schema: { type: "string" } },
      { name: "flowId", in: "path", required: true, schema: { type: "string" } },
      { name: "key", in: "path", required: true, schema: { type: "string" }, description: "the trigger's key" },
    ],
    ...(method === "GET"
      ? {}
      : { requestBody: { required: false, content: { "*/*": { schema: {} }, "application/json": { schema: {} } } } }),
    responses: {
      200: json(
        "The execution, stored (Kestra's WebhookResponse); with `wait: true`, once it ended (or its outputs with `returnOutputs`, or the rendered `responseCode`)",
        "#/components/schemas/WebhookResponse",
      ),
      202: {
        ...json(
          "`wait: true` and the wait limit passed (or the server is stopping): the execution goes on",
          "#/components/schemas/WebhookResponse",
        ),
        headers: { Location: { description: "the execution in the API", schema: { type: "string" } } },
      },
      204: { description: "The trigger's conditions are not met: no execution" },
      400: error("Another tenant than `main`"),
      404: error("No such flow, or no Webhook trigger with this key (also: extra path segment)"),
      405: error("Other methods (with an `Allow` header)"),
      409: error("The flow or the trigger is disabled, or the flow is invalid"),
      413: error("The body is larger than --max-body-size"),
      422: error("Trigger inputs failed to render or validate (each one named)"),
      500: json("`wait: true` and the execution FAILED", "#/components/schemas/WebhookResponse"),
    },
  };
}

export interface OpenApiOptions {
  /** perch's version, shown in `info.version` */
  version?: string;
  /** when set, the document declares the schemes in use and requires them on the management API */
  auth?: AuthConfig;
}

/** which routes the document leaves out: the alias /api/v1/..., the UI, the catch-all, the Elysia webhook route */
const EXCLUDE = {
  paths: [/^\/api\/v1\/(?!main\/|schemas\/)/, /^\/ui(\/|$)/, "/api/v1/:tenant/*", /\/executions\/webhook\/\*$/],
  staticFile: false,
};

type Json = Record<string, any>;

/**
 * the router needs one parameter name per position, so `/executions/:namespace/kill` (and resume, restart) take the
 * execution id in `namespace`; the document names it for what it is
 */
function renameExecutionId(paths: Json): Json {
  const out: Json = {};
  for (const [path, ops] of Object.entries(paths)) {
    const m = /^(.*\/executions\/)\{namespace\}(\/(?:kill|resume|restart))$/.exec(path);
    if (!m) {
      out[path] = ops;
      continue;
    }
    const renamed: Json = {};
    for (const [method, op] of Object.entries(ops as Json)) {
      const parameters = (op.parameters ?? []).map((p: Json) =>
        p.name === "namespace" ? { ...p, name: "executionId" } : p,
      );
      renamed[method] = { ...op, parameters };
    }
    out[`${m[1]}{executionId}${m[2]}`] = renamed;
  }
  return out;
}

function documentation(o: OpenApiOptions): Json {
  const schemes: Record<string, unknown> = {};
  if (o.auth?.user !== undefined) schemes.basicAuth = { type: "http", scheme: "basic" };
  if (o.auth?.token !== undefined) schemes.bearerAuth = { type: "http", scheme: "bearer" };
  const security = Object.keys(schemes).map((name) => ({ [name]: [] }));
  return {
    info: {
      title: "perch",
      version: o.version ?? "0.0.0",
      description:
        "perch runs Kestra-style YAML flows. Every API route under `/api/v1/main` also answers under the " +
        "tenant-less `/api/v1`. Webhooks, `/health` and the flow JSON Schema are open; the rest needs the " +
        "configured basic auth or bearer token, when there is one.",
    },
    tags: [
      { name: "Webhooks", description: "Start executions from HTTP calls" },
      { name: "Executions" },
      { name: "Flows" },
      { name: "Logs" },
      { name: "Triggers" },
      { name: "Operations", description: "Health and metrics" },
    ],
    ...(security.length > 0 ? { security } : {}),
    components: {
      ...(security.length > 0 ? { securitySchemes: schemes } : {}),
      schemas: {
        Error: {
          type: "object",
          required: ["message"],
          properties: { message: { type: "string" }, _links: { type: "object" }, _embedded: { type: "object" } },
        },
        WebhookResponse: {
          type: "object",
          required: ["id", "namespace", "flowId", "state"],
          properties: {
            tenantId: { type: "string" },
            id: { type: "string" },
            namespace: { type: "string" },
            flowId: { type: "string" },
            flowRevision: { type: "integer" },
            trigger: { type: "object" },
            outputs: { type: "object" },
            labels: { type: "array", items: { type: "object" } },
            state: { type: "object" },
            url: { type: "string" },
          },
        },
      },
    } as never,
    paths: {
      [WEBHOOK]: { get: webhookOperation("GET"), post: webhookOperation("POST"), put: webhookOperation("PUT") },
    } as never,
  };
}

const esc = (v: unknown) =>
  String(v ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/**
 * the docs page: Scalar (from its CDN) when the browser can reach it; before that, and on a box without internet,
 * a plain list of the operations rendered here from the document
 */
function docsPage(doc: Json): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(ops)) {
      rows.push(
        `<tr><td><code>${esc(method.toUpperCase())}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary)}</td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>perch API</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}table{border-collapse:collapse}td{padding:.25rem .75rem;border-bottom:1px solid #ddd;vertical-align:top}</style></head>
<body>
<div id="offline">
<h1>perch API ${esc(doc.info?.version)}</h1>
<p>The whole document: <a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a> (OpenAPI ${esc(doc.openapi)}). The interactive reference loads from a CDN when this browser can reach it.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Summary</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
</div>
<script id="api-reference" data-url="${OPENAPI_PATH}"></script>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference" onload="document.getElementById('offline').remove()"></script>
</body>
</html>`;
}

/**
 * the routes serving the document and the docs page; `attach(root)` gives them the app to describe (its routes are
 * read on the first request, by `@elysiajs/openapi`'s generator, imported then)
 */
export function openApiPlugin(o: OpenApiOptions = {}) {
  let root: object | undefined;
  let cached: Promise<Json> | undefined;
  const build = async (): Promise<Json> => {
    const { toOpenAPISchema } = await import("@elysiajs/openapi");
    const doc = documentation(o);
    const gen = toOpenAPISchema(root as never, EXCLUDE as never, undefined, undefined, "3.1.2") as Json;
    return {
      ...doc,
      openapi: "3.1.2",
      paths: { ...renameExecutionId(gen.paths ?? {}), ...doc.paths },
      components: { ...doc.components, schemas: { ...gen.components?.schemas, ...doc.components?.schemas } },
    };
  };
  const plugin = new Elysia({ name: "perch-openapi" })
    .get(OPENAPI_PATH, async () => Response.json(await (cached ??= build())), { detail: { hide: true } })
    .get(
      DOCS_PATH,
      async () =>
        new Response(docsPage(await (cached ??= build())), {
          headers: { "content-type": "text/html; charset=utf-8" },
        }),
      {
        detail: { hide: true },
      },
    );
  return Object.assign(plugin, {
    /** the app whose routes the document describes */
    attach(app: object) {
      root = app;
      cached = undefined;
    },
  });
}
