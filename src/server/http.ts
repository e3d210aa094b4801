/** Small request/response helpers shared by the routes: JSON answers, bounded body reading, path of a request. */
import { PerchError } from "../model/errors.ts";

const JSON_TYPE = { "content-type": "application/json" };

/** a JSON answer; `body` is a value, or JSON text already serialised */
export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new Response(text, { status, headers: headers ? { ...JSON_TYPE, ...headers } : JSON_TYPE });
}

export function empty(status: number, headers?: Record<string, string>): Response {
  return new Response(null, { status, headers });
}

/** the path of a request URL, without query (raw, not decoded) */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const q = url.indexOf("?", start);
  return q < 0 ? url.slice(start) : url.slice(start, q);
}

/** query pairs of a request URL, decoded, in order */
export function queryPairs(url: string): [string, string][] {
  const q = url.indexOf("?");
  return q < 0 ? [] : parseQuery(url.slice(q + 1));
}

/** pairs of a raw query string (without `?`), decoded, in order */
export function parseQuery(query: string): [string, string][] {
  if (query === "") return [];
  const pairs: [string, string][] = [];
  for (const [k, v] of new URLSearchParams(query)) pairs.push([k, v]);
  return pairs;
}

/** query of a request URL as name → value, or values when the name repeats */
export function queryObject(url: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of queryPairs(url)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

const decoder = new TextDecoder("utf-8");

/**
 * The request body as text (UTF-8, invalid bytes replaced, never throws on encoding), `undefined` when there is
 * none (no body or zero bytes), or a PAYLOAD_TOO_LARGE error past `limit` bytes: declared by Content-Length (body
 * not read) or counted while streaming.
 */
export async function readBody(request: Request, limit: number): Promise<string | undefined | PerchError> {
  const body = request.body;
  if (body === null) return undefined;
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    const n = Number(declared);
    if (n > limit) return tooLarge(limit);
    if (n === 0) return undefined;
    const text = await request.text();
    return text.length === 0 ? undefined : text;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      return tooLarge(limit);
    }
    chunks.push(value);
  }
  if (size === 0) return undefined;
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return decoder.decode(all);
}

export function tooLarge(limit: number): PerchError {
  return new PerchError("PAYLOAD_TOO_LARGE", `Request body is larger than ${limit} bytes`);
}

/** parses a body as an object of inputs: JSON object, form-urlencoded or multipart; `{}` when there is none */
export async function readInputs(request: Request, limit: number): Promise<Record<string, unknown> | PerchError> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > limit) return tooLarge(limit);
    try {
      const form = await request.formData();
      const out: Record<string, unknown> = {};
      for (const [k, v] of form as unknown as Iterable<[string, string | Blob]>) {
        out[k] = typeof v === "string" ? v : await v.text();
      }
      return out;
    } catch (e) {
      return new PerchError("BAD_REQUEST", `Invalid multipart body: ${(e as Error).message}`);
    }
  }
  const text = await readBody(request, limit);
  if (text instanceof PerchError) return text;
  if (text === undefined || text.trim() === "") return {};
  if (type.startsWith("application/x-www-form-urlencoded")) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) out[k] = v;
    return out;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return new PerchError("BAD_REQUEST", `Invalid JSON body: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return new PerchError("BAD_REQUEST", "The body must be a JSON object of inputs");
  }
  return value as Record<string, unknown>;
}
