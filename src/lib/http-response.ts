/**
 * Small helpers for reading a fetch `Response` safely: a byte bound on the body, header lists, charset-aware
 * decoding, and a URL form fit for logs (no user info, query or fragment: they may carry secrets).
 *
 * @example
 * const bytes = await readBounded(res, 10 * 1024 * 1024, () => resetIdleTimer());
 * if (bytes === "too-large") throw new Error("body too large");
 * const text = bytes && decodeBody(bytes, res.headers.get("content-type"), "UTF-8");
 */

/** the body's bytes, null when the response has none, "too-large" past `max` bytes; `onChunk` after each chunk */
export async function readBounded(
  res: Response,
  max: number,
  onChunk: () => void = () => {},
): Promise<Uint8Array | null | "too-large"> {
  if (!res.body) return null;
  if (Number(res.headers.get("content-length") ?? 0) > max) return "too-large";
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    total += value.byteLength;
    if (total > max) {
      void reader.cancel().catch(() => {});
      return "too-large";
    }
    chunks.push(value);
    onChunk();
  }
}

/** text of a body in the charset its Content-Type names, else `fallback`; an unknown charset reads as UTF-8 */
export function decodeBody(bytes: Uint8Array, contentType: string | null, fallback: string): string {
  const named = /charset="?([^";\s]+)/i.exec(contentType ?? "")?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder((named ?? fallback) as "utf-8");
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(bytes);
}

/** lower-case name → list of values (one Set-Cookie per cookie; other repeated headers arrive joined by ", ") */
export function headerLists(headers: Headers): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of headers) (out[k] ??= []).push(v);
  return out;
}

/** `scheme://host/path`: no user info, query or fragment */
export function urlForLogs(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
