/**
 * From a webhook call to trigger variables (spec §1.3, ARCHITECTURE decisions 6–7) and key matching.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { WebhookRequest } from "./types.ts";

/** body: JSON object, else JSON array, else the raw text; absent when the request has none */
export function parseBody(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  const t = body.trimStart();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      const v = JSON.parse(body);
      if (v !== null && typeof v === "object") return v;
    } catch {
      // not JSON: kept as text
    }
  }
  return body;
}

/** name → list of values; names lower-cased (lookups are case-insensitive through the expression engine) */
export function groupPairs(pairs: [string, string][], lowerNames: boolean): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null);
  for (const [rawName, value] of pairs) {
    const name = lowerNames ? rawName.toLowerCase() : rawName;
    const list = out[name];
    if (list) list.push(value);
    else out[name] = [value];
  }
  return { ...out };
}

export function triggerVariables(req: WebhookRequest): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  const body = parseBody(req.body);
  if (body !== undefined) vars.body = body;
  vars.headers = groupPairs(
    req.headers.map(([k, v]) => [k, v.trim()]),
    true,
  );
  vars.parameters = groupPairs(req.query, false);
  vars.date = req.receivedAt.toISOString();
  return vars;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** constant-time comparison of two secrets, whatever their lengths */
export function secretEquals(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length;
}
