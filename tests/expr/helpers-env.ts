/** A small EvalEnv for testing filters and functions without the expression core. */
import { filters } from "../../src/expr/filters/index.ts";
import { functions } from "../../src/expr/functions/index.ts";
import { EvalFailure, type EvalEnv, type FilterDef, type FunctionDef } from "../../src/expr/types.ts";

export const FIXED_NOW = new Date("2024-05-01T10:15:30.123Z");

export interface TestEnv extends EvalEnv {
  ticks: number;
}

/** Fixed clock, zone Europe/Paris, one secret; renderTemplate replaces `{{ path }}` by the context value. */
export function testEnv(overrides: Partial<EvalEnv> & { maxTicks?: number } = {}): TestEnv {
  const context = overrides.context ?? { name: "World", greeting: "Hello {{ name }}", deep: "{{ greeting }}!" };
  const env: TestEnv = {
    context,
    now: overrides.now ?? (() => FIXED_NOW),
    timeZone: overrides.timeZone ?? "Europe/Paris",
    env: overrides.env ?? {
      SECRET_GITHUB_TOKEN: Buffer.from("s3cr3t").toString("base64"),
      SECRET_JSON: Buffer.from('{"user":"bob","pass":"pw"}').toString("base64"),
    },
    ticks: 0,
    renderTemplate:
      overrides.renderTemplate ??
      ((source: string) =>
        source.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, path: string) => {
          let v: unknown = context;
          for (const k of path.split(".")) v = (v as Record<string, unknown>)?.[k];
          return v === undefined ? "" : String(v);
        })),
    tick(n = 1) {
      env.ticks += n;
      if (env.ticks > (overrides.maxTicks ?? 100_000)) throw new EvalFailure("too many iterations");
    },
  };
  return env;
}

export function filter(name: string): FilterDef {
  const f = filters.find((x) => x.name === name);
  if (!f) throw new Error(`no filter ${name}`);
  return f;
}

export function fn(name: string): FunctionDef {
  const f = functions.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name}`);
  return f;
}

/** Maps positional arguments onto the declared params, like the core does. */
export function positional(params: string[], args: unknown[] | Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(args)) return args;
  const out: Record<string, unknown> = {};
  args.forEach((a, i) => {
    out[params[i]] = a;
  });
  return out;
}

export function applyFilter(
  name: string,
  input: unknown,
  args: unknown[] | Record<string, unknown> = [],
  env = testEnv(),
) {
  const f = filter(name);
  return f.apply(input, positional(f.params, args), env);
}

export function callFunction(name: string, args: unknown[] | Record<string, unknown> = [], env = testEnv()) {
  const f = fn(name);
  return f.call(positional(f.params, args), env);
}
