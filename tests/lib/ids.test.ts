import { describe, expect, test } from "bun:test";
import { base62, newId, newKey } from "../../src/lib/ids.ts";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** the obvious BigInt version, as the reference */
function reference(bytes: Uint8Array, width: number): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(width, "0");
}

describe("ids", () => {
  test("base62 equals the BigInt reference on edge and random inputs", () => {
    const cases = [
      new Uint8Array(16),
      new Uint8Array(16).fill(255),
      Uint8Array.of(1),
      Uint8Array.of(0, 61),
      Uint8Array.of(0, 62),
    ];
    let seed = 42;
    for (let k = 0; k < 2000; k++) {
      const b = new Uint8Array(1 + (k % 20));
      for (let i = 0; i < b.length; i++) b[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      cases.push(b);
    }
    for (const b of cases) expect(base62(b, 22)).toBe(reference(b, 22));
    expect(base62(new Uint8Array(16).fill(255), 22)).toBe("7n42DGM5Tflk9n8mt7Fhc7");
  });

  test("execution ids and keys: 22 URL-safe characters, all different", () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId()));
    expect(ids.size).toBe(5000);
    for (const id of [...ids].slice(0, 50)) expect(id).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(newKey()).toMatch(/^[0-9A-Za-z]{22}$/);
  });
});
