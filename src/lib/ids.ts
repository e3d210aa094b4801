/**
 * Identifiers. Execution and task-run ids are base62 renderings of 128 random bits (22 characters, URL-safe),
 * like Kestra's friendly ids.
 *
 * @example newId() // "4VtQ9n1lH5kS1cTj0Ybq3A"
 */
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * base62 of the given bytes (big-endian), left-padded with '0' to `width` characters. Long division on 16-bit
 * limbs in plain numbers: several times faster than BigInt, and ids are made on the webhook path.
 */
export function base62(bytes: Uint8Array, width: number): string {
  const limbs: number[] = [];
  for (let i = bytes.length % 2 === 1 ? -1 : 0; i < bytes.length; i += 2)
    limbs.push(((bytes[i] ?? 0) << 8) | bytes[i + 1]!);
  let out = "";
  let start = 0;
  while (start < limbs.length) {
    let rem = 0;
    for (let i = start; i < limbs.length; i++) {
      const cur = rem * 65536 + limbs[i]!;
      limbs[i] = Math.floor(cur / 62);
      rem = cur % 62;
    }
    out = ALPHABET[rem] + out;
    while (start < limbs.length && limbs[start] === 0) start++;
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
