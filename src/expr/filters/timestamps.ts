import { readDate, zoneOf } from "../dates.ts";
import type { EvalEnv, FilterDef } from "../types.ts";

/** Epoch nanoseconds of a date value, exact (bigint). */
function epochNanos(input: unknown, args: Record<string, unknown>, who: string, env: EvalEnv): bigint {
  const zone = zoneOf(args.timeZone, env.timeZone, who);
  const m = readDate(input, who, zone, args.existingFormat);
  const seconds = BigInt(Math.floor(m.dt.toMillis() / 1000));
  return seconds * 1_000_000_000n + BigInt(m.nanos);
}

/** A number when exactly representable, else its decimal text (epoch nanoseconds pass 2^53 after 1970-04-15). */
function safe(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n.toString();
}

function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

/** Builds a timestamp filter dividing epoch nanoseconds by `divisor`; `asText` gives decimal text (nanoseconds). */
export function timestampFilter(name: string, divisor: bigint, asText = false): FilterDef {
  return {
    name,
    params: ["timeZone", "existingFormat"],
    apply(input, args, env) {
      if (input === null || input === undefined) return null;
      const value = floorDiv(epochNanos(input, args, name, env), divisor);
      return asText ? value.toString() : safe(value);
    },
  };
}
