/**
 * Identifiers. Execution and task-run ids are base62 renderings of 128 random bits (22 characters, URL-safe),
 * like Kestra's friendly ids.
 *
 * @example newId() // "4VtQ9n1lH5kS1cTj0Ybq3A"
 */
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** base62 of the given bytes, left-padded with '0' to `width` characters */
export function base62(bytes: Uint8Array, width: number): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(width, "0");
}

// A pool of random bytes refilled in bulk: getRandomValues per id costs more than the id itself.
const POOL_SIZE = 16 * 256;
let pool = new Uint8Array(0);
let offset = POOL_SIZE;

export function newId(): string {
  if (offset + 16 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_SIZE));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 16);
  offset += 16;
  return base62(bytes, 22);
}

/** A random URL-safe key (base62, 128 bits of entropy → 22 characters); used by `perch key`. */
export function newKey(): string {
  return base62(crypto.getRandomValues(new Uint8Array(16)), 22);
}
