/**
 * The webhook endpoint (the hot path): `GET|POST|PUT <base>/executions/webhook/{namespace}/{flowId}/{key}`.
 * Routing of the part after `webhook/` is done here, not by the router: exactly three non-empty segments (an extra
 * segment or a trailing slash → 404 with no body), then the method (→ 405 with `Allow`), then the raw body read
 * without any parsing, and one call to `engine.handleWebhook`. The key never appears in answers or logs.
 */
import { Elysia } from "elysia";
import type { WebhookResult } from "../../engine/types.ts";
import { PerchError } from "../../model/errors.ts";
import type { ServerDeps } from "../deps.ts";
import { TENANT } from "../deps.ts";
import { errorResponse, httpErrorResponse } from "../errors.ts";
import { empty, json, queryPairs, readBody } from "../http.ts";
import { webhookResponse } from "../webhook-response.ts";

/** bound of one path segment: keys are at most 256 characters, names far less */
const MAX_SEGMENT = 1024;
const ALLOW = { allow: "GET, POST, PUT" };
const NO_BODY_STATUS = new Set([204, 205, 304]);

function decodeSegment(raw: string): string | undefined {
  if (raw.length === 0 || raw.length > MAX_SEGMENT * 3) return undefined;
  let s = raw;
  if (raw.includes("%")) {
    try {
      s = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return s.length > MAX_SEGMENT ? undefined : s;
}

export function webhookRoutes(deps: ServerDeps, base: string) {
  const prefix = `${base}/executions/webhook`;
  return new Elysia({ prefix }).all(
    "/*",
    ({ request, params }) => handle(deps, request, params["*"] as string, prefix),
    { parse: "none" },
  );
}

async function handle(deps: ServerDeps, request: Request, rest: string, prefix: string): Promise<Response> {
  const parts = rest.split("/");
  if (parts.length !== 3) return empty(404);
  const namespace = decodeSegment(parts[0]!);
  const flowId = decodeSegment(parts[1]!);
  const key = decodeSegment(parts[2]!);
  if (namespace === undefined || flowId === undefined || key === undefined) return empty(404);
  const href = `${prefix}/${parts[0]}/${parts[1]}/***`;
  const method = request.method;
  if (method !== "POST" && method !== "GET" && method !== "PUT") {
    return httpErrorResponse(
      405,
      `Method Not Allowed: ${method} is not allowed here, use GET, POST or PUT`,
      href,
      ALLOW,
    );
  }
  const body = await readBody(request, deps.maxBodySize);
  if (body instanceof PerchError) return errorResponse(body, href);
  const headers: [string, string][] = [];
  request.headers.forEach((value, name) => {
    headers.push([name, value]);
  });
  let result: WebhookResult;
  try {
    result = await deps.engine.handleWebhook({
      tenantId: TENANT,
      namespace,
      flowId,
      key,
      method,
      headers,
      query: queryPairs(request.url),
      body,
      receivedAt: new Date(),
      signal: request.signal,
    });
  } catch (e) {
    deps.log.error("webhook.failed", { path: href, error: e as Error });
    return errorResponse(new PerchError("INTERNAL", "Internal error"), href);
  }
  return answer(deps, result, href);
}

/** maps the engine's result to the HTTP answer (spec §2.4–2.5) */
export function answer(deps: ServerDeps, result: WebhookResult, href: string): Response {
  switch (result.kind) {
    case "error":
      return errorResponse(result.error, href);
    case "skipped":
      return empty(204);
    case "created": {
      const body = JSON.stringify(webhookResponse(result.execution, deps.publicUrl));
      if (!result.timedOut) return json(body);
      return json(body, 202, { location: `${deps.publicUrl}/api/v1/main/executions/${result.execution.id}` });
    }
    case "finished": {
      const status = result.status;
      if (status < 200 || status > 599) {
        return errorResponse(new PerchError("INVALID_RESPONSE_CODE", `Invalid HTTP status code: ${status}`), href);
      }
      if (NO_BODY_STATUS.has(status)) return empty(status);
      if (!result.returnOutputs) return json(JSON.stringify(webhookResponse(result.execution, deps.publicUrl)), status);
      const outputs = result.outputs;
      if (outputs === null || outputs === undefined) return empty(status);
      if (result.contentType === "text/plain") {
        const text = typeof outputs === "string" ? outputs : JSON.stringify(outputs);
        return new Response(text, { status, headers: { "content-type": "text/plain" } });
      }
      return json(
        JSON.stringify(outputs),
        status,
        result.contentType ? { "content-type": result.contentType } : undefined,
      );
    }
  }
}
