/**
 * The one place that maps an error code to an HTTP status, and the JSON error body (Micronaut's shape, as Kestra
 * answers): `{"message": "<phrase>: <message>", "_links": {"self": {"href": "<path>"}}}`, plus `_embedded.errors`
 * naming each failing item (input, YAML path) when there are details.
 *
 * @example
 * errorResponse(new PerchError("FLOW_NOT_FOUND", "Flow not found"), "/api/v1/main/executions/webhook/ns/f/***")
 * // 404 {"message":"Not Found: Flow not found","_links":{"self":{"href":"/api/v1/main/executions/webhook/ns/f/***"}}}
 */
import type { ErrorCode, PerchError } from "../model/errors.ts";

interface StatusOf {
  status: number;
  /** the prefix of `message`: the reason phrase, or Kestra's wording where Kestra has one */
  phrase: string;
}

export const ERROR_STATUS: Record<ErrorCode, StatusOf> = {
  FLOW_NOT_FOUND: { status: 404, phrase: "Not Found" },
  WEBHOOK_NOT_FOUND: { status: 404, phrase: "Not Found" },
  EXECUTION_NOT_FOUND: { status: 404, phrase: "Not Found" },
  TRIGGER_NOT_FOUND: { status: 404, phrase: "Not Found" },
  FLOW_DISABLED: { status: 409, phrase: "Illegal state" },
  FLOW_INVALID: { status: 409, phrase: "Illegal state" },
  TRIGGER_DISABLED: { status: 409, phrase: "Illegal state" },
  CONFLICT: { status: 409, phrase: "Conflict" },
  INVALID_INPUTS: { status: 422, phrase: "Invalid entity" },
  INVALID_RESPONSE_CODE: { status: 422, phrase: "Illegal argument" },
  INVALID_TENANT: { status: 400, phrase: "Bad Request" },
  BAD_REQUEST: { status: 400, phrase: "Bad Request" },
  PAYLOAD_TOO_LARGE: { status: 413, phrase: "Payload Too Large" },
  INTERNAL: { status: 500, phrase: "Internal Server Error" },
};

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code]?.status ?? 500;
}

const JSON_TYPE = { "content-type": "application/json" };

/** the JSON error body of Kestra's error controller; `href` is the request path (a webhook key replaced by `***`) */
export function errorBody(message: string, href: string, details?: PerchError["details"]): string {
  const body: Record<string, unknown> = { message, _links: { self: { href } } };
  if (details && details.length > 0) body._embedded = { errors: details };
  return JSON.stringify(body);
}

/** an answer as plain data, turned into a web Response by the routes or written straight to a node response */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export function toResponse(a: Answer): Response {
  return new Response(a.body ?? null, { status: a.status, headers: a.headers });
}

export function errorAnswer(error: PerchError, href: string, headers?: Record<string, string>): Answer {
  const s = ERROR_STATUS[error.code] ?? ERROR_STATUS.INTERNAL;
  const body = errorBody(`${s.phrase}: ${error.message}`, href, error.details);
  return { status: s.status, headers: headers ? { ...JSON_TYPE, ...headers } : JSON_TYPE, body };
}

export function errorResponse(error: PerchError, href: string, headers?: Record<string, string>): Response {
  return toResponse(errorAnswer(error, href, headers));
}

/** an error that is about HTTP itself (405, 404 of an unknown route...), not a domain code */
export function httpErrorAnswer(
  status: number,
  message: string,
  href: string,
  headers?: Record<string, string>,
): Answer {
  return { status, headers: headers ? { ...JSON_TYPE, ...headers } : JSON_TYPE, body: errorBody(message, href) };
}

export function httpErrorResponse(
  status: number,
  message: string,
  href: string,
  headers?: Record<string, string>,
): Response {
  return toResponse(httpErrorAnswer(status, message, href, headers));
}
