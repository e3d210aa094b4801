/**
 * Resolves the server configuration: flags > environment (PERCH_*) > config file (--config / PERCH_CONFIG) > defaults.
 * Every bad value is reported with its source, e.g. `--port: expected an integer 0-65535, got 'abc'`.
 *
 * @example
 * const r = loadServerConfig({ flags: { port: "0" }, env: process.env, cwd: process.cwd() });
 * if ("errors" in r) for (const e of r.errors) console.error(e);
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Value, ValueErrorType } from "@sinclair/typebox/value";
import { parse as parseYaml } from "yaml";
import { ConfigFile, SERVER_OPTIONS, ServerConfig } from "./schema.ts";
import { ConfigValueError } from "./values.ts";

export interface LoadInput {
  /** flag name (without --) → value (`true` for a flag without value) */
  flags: Record<string, string | boolean | undefined>;
  env: Record<string, string | undefined>;
  cwd: string;
}

function at(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const k of path.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

export function readConfigFile(file: string): { doc?: unknown; errors: string[] } {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (e) {
    return {
      errors: [`${file}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`],
    };
  }
  let doc: unknown;
  try {
    doc = parseYaml(source) ?? {};
  } catch (e) {
    return { errors: [`${file}: invalid YAML: ${(e as Error).message.split("\n")[0]}`] };
  }
  const errors = [...Value.Errors(ConfigFile, doc)].map((e) => {
    const where = e.path.replace(/^\//, "").replaceAll("/", ".") || "(top)";
    return e.type === ValueErrorType.ObjectAdditionalProperties
      ? `${file}: ${where}: unknown key`
      : `${file}: ${where}: ${e.message.toLowerCase()}`;
  });
  return errors.length > 0 ? { errors } : { doc, errors: [] };
}

export function loadServerConfig(input: LoadInput): { config: ServerConfig } | { errors: string[] } {
  const errors: string[] = [];
  const flag = input.flags.config;
  const configPath = typeof flag === "string" ? flag : input.env.PERCH_CONFIG;
  let doc: unknown;
  let fileDir = input.cwd;
  if (configPath) {
    const file = resolve(input.cwd, configPath);
    fileDir = dirname(file);
    const r = readConfigFile(file);
    if (r.errors.length > 0) return { errors: r.errors };
    doc = r.doc;
  }
  const out: Record<string, unknown> = {};
  for (const o of SERVER_OPTIONS) {
    const sources: [string, unknown, string][] = [
      [`--${o.flag}`, input.flags[o.flag], input.cwd],
      [o.env, input.env[o.env] === "" ? undefined : input.env[o.env], input.cwd],
      [`${configPath}: ${o.file}`, doc === undefined ? undefined : at(doc, o.file), fileDir],
    ];
    const found = sources.find(([, v]) => v !== undefined && v !== null);
    if (!found) {
      if (o.default !== undefined) out[o.key] = o.path ? resolve(input.cwd, String(o.default)) : o.default;
      continue;
    }
    const [name, raw, base] = found;
    try {
      const v = o.parse(raw);
      out[o.key] = o.path ? resolve(base, String(v)) : v;
    } catch (e) {
      if (!(e instanceof ConfigValueError)) throw e;
      errors.push(`${name}: ${e.message}`);
    }
  }
  if ((out.authUser === undefined) !== (out.authPassword === undefined)) {
    errors.push("--auth-user and --auth-password (PERCH_AUTH_USER, PERCH_AUTH_PASSWORD) go together");
  }
  if (errors.length > 0) return { errors };
  if (!Value.Check(ServerConfig, out)) {
    return { errors: [...Value.Errors(ServerConfig, out)].map((e) => `config ${e.path}: ${e.message}`) };
  }
  return { config: out as ServerConfig };
}
