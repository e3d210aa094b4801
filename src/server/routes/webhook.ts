/**
 * The webhook endpoint (the hot path): `GET|POST|PUT <base>/executions/webhook/{namespace}/{flowId}/{key}`.
 * `webhookCall` is the transport-neutral core: exactly three non-empty segments after `webhook/` (an extra segment
 * or a trailing slash → 404 with no body), then the method (→ 405 with `Allow`), then the raw body read without
 * any parsing, and one call to `engine.handleWebhook`. The Elysia route below feeds it from a Request; the server
 * (serve.ts) feeds it straight from node's request, skipping the Request/Response copies. The key never appears
 * in answers or logs.
 */
import { Elysia } from "elysia";
import type { WebhookResult } from "../../engine/types.ts";
import { PerchError } from "../../model/errors.ts";
import type { ServerDeps } from "../deps.ts";
import { TENANT } from "../deps.ts";
import { type Answer, errorAnswer, httpErrorAnswer, toResponse } from "../errors.ts";
import { parseQuery, readBody } from "../http.ts";
import { webhookResponse } from "../webhook-response.ts";

/** bound of one path segment: keys are at most 256 characters, names far less */
const MAX_SEGMENT = 1024;
const ALLOW = { allow: "GET, POST, PUT" };
const NO_BODY_STATUS = new Set([204, 205, 304]);
const JSON_TYPE = { "content-type": "application/json" };

/** one webhook call, whatever the transport */
export interface WebhookCall {
  method: string;
  /** raw path after `webhook/` (not decoded, no query) */
  rest: string;
  /** raw query string, without `?` */
  query: string;
  /** header pairs, names lower-case */
  headers: [string, string][];
  /** the body as text, undefined when none, PAYLOAD_TOO_LARGE past `limit` bytes */
  body(limit: number): Promise<string | undefined | PerchError>;
  signal?: AbortSignal;
}

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
    async ({ request, params }) => {
      const url = request.url;
      const q = url.indexOf("?");
      const headers: [string, string][] = [];
      request.headers.forEach((value, name) => {
        headers.push([name, value]);
      });
      const call: WebhookCall = {
        method: request.method,
        rest: params["*"] as string,
        query: q < 0 ? "" : url.slice(q + 1),
        headers,
        body: (limit) => readBody(request, limit),
        signal: request.signal,
      };
      return toResponse(await webhookCall(deps, call, prefix));
    },
    { parse: "none" },
  );
}

export async function webhookCall(deps: ServerDeps, call: WebhookCall, prefix: string): Promise<Answer> {
  const parts = call.rest.split("/");
  if (parts.length !== 3) return { status: 404 };
  const namespace = decodeSegment(parts[0]!);
  const flowId = decodeSegment(parts[1]!);
  const key = decodeSegment(parts[2]!);
  if (namespace === undefined || flowId === undefined || key === undefined) return { status: 404 };
  const href = `${prefix}/${parts[0]}/${parts[1]}/***`;
  const method = call.method;
  if (method !== "POST" && method !== "GET" && method !== "PUT") {
    return httpErrorAnswer(405, `Method Not Allowed: ${method} is not allowed here, use GET, POST or PUT`, href, ALLOW);
  }
  const body = await call.body(deps.maxBodySize);
  if (body instanceof PerchError) return errorAnswer(body, href);
  let result: WebhookResult;
  try {
    result = await deps.engine.handleWebhook({
      tenantId: TENANT,
      namespace,
      flowId,
      key,
      method,
      headers: call.headers,
      query: parseQuery(call.query),
      body,
      receivedAt: new Date(),
      signal: call.signal,
    });
  } catch (e) {
    deps.log.error("webhook.failed", { path: href, error: e as Error });
    return errorAnswer(new PerchError("INTERNAL", "Internal error"), href);
  }
  return answer(deps, result, href);
}

/** maps the engine's result to the HTTP answer (spec §2.4–2.5) */
export function answer(deps: ServerDeps, result: WebhookResult, href: string): Answer {
  switch (result.kind) {
    case "error":
      return errorAnswer(result.error, href);
    case "skipped":
      return { status: 204 };
    case "created": {
      const body = JSON.stringify(webhookResponse(result.execution, deps.publicUrl));
      if (!result.timedOut) return { status: 200, headers: JSON_TYPE, body };
      const location = `${deps.publicUrl}/api/v1/main/executions/${result.execution.id}`;
      return { status: 202, headers: { ...JSON_TYPE, location }, body };
    }
    case "finished": {
      const status = result.status;
      if (status < 200 || status > 599) {
        return errorAnswer(new PerchError("INVALID_RESPONSE_CODE", `Invalid HTTP status code: ${status}`), href);
      }
      if (NO_BODY_STATUS.has(status)) return { status };
      if (!result.returnOutputs) {
        return { status, headers: JSON_TYPE, body: JSON.stringify(webhookResponse(result.execution, deps.publicUrl)) };
      }
      const outputs = result.outputs;
      // text/plain serialises even a missing outputs map, as the text `null` (spec §2.5.2); JSON sends no body
      if (result.contentType === "text/plain" && (outputs === null || outputs === undefined)) {
        return { status, headers: { "content-type": "text/plain" }, body: "null" };
      }
      if (outputs === null || outputs === undefined) return { status };
      if (result.contentType === "text/plain") {
        const text = typeof outputs === "string" ? outputs : JSON.stringify(outputs);
        return { status, headers: { "content-type": "text/plain" }, body: text };
      }
      return {
        status,
        headers: { "content-type": result.contentType ?? "application/json" },
        body: JSON.stringify(outputs),
      };
    }
  }
}
