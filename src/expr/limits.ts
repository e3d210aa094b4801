/** Default limits of one render, in one place; overridable through `RenderOptions.limits`. */
import type { Limits, RenderOptions } from "./types.ts";

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxSourceLength: 256 * 1024,
  maxDepth: 64,
  maxIterations: 100_000,
  maxOutputLength: 10 * 1024 * 1024,
  maxMillis: 1000,
});

export function resolveLimits(options?: RenderOptions): Limits {
  const l = options?.limits;
  return l ? { ...DEFAULT_LIMITS, ...l } : DEFAULT_LIMITS;
}
