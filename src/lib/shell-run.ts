/**
 * What the shell Commands and Script tasks (src/plugins/tasks/shell-*.ts) share: the common properties, and the
 * run itself (Kestra's Process task runner): a fresh working directory per task run, `inputFiles` written into
 * it, the interpreter started in a process group of its own, stdout lines logged at INFO and stderr lines at ERROR
 * (Kestra ≥ 0.21), `::{...}::` lines turned into outputs, `outputFiles` copied to perch's stand-in for Kestra's
 * internal storage (the task context's `filesDir`: `<data>/files/<executionId>/<taskRunId>/` on the server), and the folders removed at the end.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, normalize } from "node:path";
import { Type } from "@sinclair/typebox";
import { runProcess } from "./process.ts";
import { handleLine, type ShellLogger } from "./shell-markers.ts";

/** the part of a task context the shell run needs (a plugin's TaskContext fits) */
export interface ShellContext {
  render(value: unknown): unknown;
  renderString(template: string): string;
  variables: Record<string, unknown>;
  logger: ShellLogger & { warn(message: string): void };
  signal: AbortSignal;
  taskRunId: string;
  /** where outputFiles go (TaskContext.filesDir); default `<filesRoot()>/<executionId>/<taskRunId>` */
  filesDir?: string;
}

/** a failure to report as is (the plugins turn it into a TaskFailure: no stack in the logs) */
export class ShellFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShellFailure";
  }
}

const stringList = (description: string) => Type.Array(Type.String(), { description });

/** properties of both shell tasks (Kestra's AbstractExecScript) */
export const shellProperties = {
  beforeCommands: Type.Optional(stringList("commands run before the main ones, in the same shell (rendered)")),
  env: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
      description: "extra environment variables (values rendered)",
    }),
  ),
  interpreter: Type.Optional(
    Type.Array(Type.String(), { minItems: 1, description: 'program and arguments, default ["/bin/sh", "-c"]' }),
  ),
  failFast: Type.Optional(
    Type.Boolean({ description: "stop at the first failing command (`set -e` first), default true" }),
  ),
  inputFiles: Type.Optional(
    Type.Union([Type.Record(Type.String(), Type.String()), Type.String()], {
      description: "file name (relative) → content, written into the working directory before the run (rendered)",
    }),
  ),
  outputFiles: Type.Optional(
    stringList("globs relative to the working directory; matches are kept and listed in outputs.outputFiles"),
  ),
  containerImage: Type.Optional(Type.String({ description: "ignored: perch has no Docker" })),
  taskRunner: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "only Process is used" })),
  docker: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "ignored: perch has no Docker" })),
  runner: Type.Optional(Type.String({ description: "deprecated; only PROCESS is used" })),
  warningOnStdErr: Type.Optional(Type.Boolean({ description: "ignored, as in Kestra ≥ 0.23" })),
  targetOS: Type.Optional(Type.String({ description: "ignored: commands run on this machine" })),
  namespaceFiles: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), { description: "not supported: perch has no namespace files" }),
  ),
};

export const shellOutputSchema = Type.Object({
  exitCode: Type.Integer(),
  vars: Type.Record(Type.String(), Type.Unknown()),
  outputFiles: Type.Record(Type.String(), Type.String()),
});

export interface ShellConfig {
  beforeCommands?: string[];
  env?: Record<string, string | number | boolean>;
  interpreter?: string[];
  failFast?: boolean;
  inputFiles?: Record<string, string> | string;
  outputFiles?: string[];
  containerImage?: string;
  taskRunner?: Record<string, unknown>;
  docker?: Record<string, unknown>;
  runner?: string;
  namespaceFiles?: Record<string, unknown>;
}

export const DEFAULT_INTERPRETER = ["/bin/sh", "-c"];
const PROCESS_RUNNERS = new Set(["io.kestra.plugin.core.runner.Process", "io.kestra.plugin.scripts.runner.Process"]);

/** the root of perch's stand-in for Kestra's internal storage when the task context names no folder */
export function filesRoot(): string {
  return join(tmpdir(), "perch-files");
}

function ignoredProperties(config: ShellConfig): string[] {
  const out: string[] = [];
  if (config.containerImage !== undefined) out.push("containerImage");
  const runnerType = config.taskRunner?.type;
  if (config.taskRunner !== undefined && !(typeof runnerType === "string" && PROCESS_RUNNERS.has(runnerType)))
    out.push("taskRunner");
  if (config.docker !== undefined) out.push("docker");
  if (config.runner !== undefined && config.runner.toUpperCase() !== "PROCESS") out.push("runner");
  return out;
}

/** renders a property that must be a list of strings; names the property when it is not */
export function renderList(ctx: ShellContext, value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  const list = ctx.render(value);
  if (!Array.isArray(list)) throw new ShellFailure(`\`${name}\` must be a list of strings`);
  return list.map((item, i) => {
    if (typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean")
      throw new ShellFailure(`\`${name}[${i}]\` must be a string`);
    return String(item);
  });
}

function renderEnv(ctx: ShellContext, env: ShellConfig["env"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new ShellFailure(`\`env\`: invalid variable name \`${k}\``);
    out[k] = typeof v === "string" ? ctx.renderString(v) : String(v);
  }
  return out;
}

/** resolves a relative name inside `dir`; throws for absolute names and names escaping it */
function inside(dir: string, name: string, property: string): string {
  const clean = normalize(name);
  if (name === "" || isAbsolute(name) || clean === ".." || clean.startsWith("../"))
    throw new ShellFailure(`\`${property}\`: \`${name}\` must be a relative path inside the working directory`);
  return join(dir, clean);
}

function writeInputFiles(ctx: ShellContext, dir: string, files: ShellConfig["inputFiles"]): void {
  if (files === undefined) return;
  let map = files as unknown;
  if (typeof files === "string") {
    try {
      map = JSON.parse(ctx.renderString(files));
    } catch {
      throw new ShellFailure("`inputFiles` must be a map of file name → content (or a JSON text of one)");
    }
  }
  if (map === null || typeof map !== "object" || Array.isArray(map))
    throw new ShellFailure("`inputFiles` must be a map of file name → content");
  for (const [name, content] of Object.entries(map as Record<string, unknown>)) {
    const path = inside(dir, ctx.renderString(name), "inputFiles");
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === "string" ? ctx.renderString(content) : JSON.stringify(content));
  }
}

function collectFiles(dir: string, globs: string[], target: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pattern of globs) {
    inside(dir, pattern, "outputFiles");
    for (const name of new Bun.Glob(pattern).scanSync({ cwd: dir, onlyFiles: true, dot: true })) {
      const copy = join(target, name);
      mkdirSync(dirname(copy), { recursive: true });
      copyFileSync(join(dir, name), copy);
      out[name] = copy;
    }
  }
  return out;
}

/** the environment of the child: perch's own (without its PERCH_* settings), then `extra` */
function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("PERCH_")) env[k] = v;
  return { ...env, ...extra };
}

/** `{{ workingDir }}` and `{{ outputDir }}` (the plain forms only) replaced by the paths before rendering */
export function withDirs(ctx: ShellContext, dirs: { workingDir: string; outputDir: string }): ShellContext {
  const sub = (t: string) =>
    t.replace(/\{\{-?\s*(workingDir|outputDir)\s*-?\}\}/g, (_, name: "workingDir" | "outputDir") => dirs[name]);
  const deep = (v: unknown): unknown =>
    typeof v === "string"
      ? sub(v)
      : Array.isArray(v)
        ? v.map(deep)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]))
          : v;
  return { ...ctx, render: (v) => ctx.render(deep(v)), renderString: (t) => ctx.renderString(sub(t)) };
}

/**
 * Runs `body` (templates, rendered here as `bodyName`) after `beforeCommands` with the interpreter, as Kestra's
 * Process runner does: everything joined with new lines into the interpreter's last argument, `set -e` first
 * unless `failFast: false`. Templates see `{{ workingDir }}` and `{{ outputDir }}` (files left in the latter are
 * kept like `outputFiles`).
 */
export async function runShell(
  config: ShellConfig,
  body: unknown[],
  bodyName: string,
  outerCtx: ShellContext,
): Promise<{ outputs: Record<string, unknown> }> {
  const ignored = ignoredProperties(config);
  if (ignored.length > 0)
    outerCtx.logger.warn(`${ignored.join(", ")} ignored: perch runs commands with the Process runner`);
  if (config.namespaceFiles !== undefined && config.namespaceFiles.enabled !== false)
    outerCtx.logger.warn("namespaceFiles ignored: perch has no namespace files");
  const safeId = outerCtx.taskRunId.replace(/[^A-Za-z0-9_-]/g, "_");
  const base = mkdtempSync(join(tmpdir(), `perch-task-${safeId}-`));
  const dir = join(base, "work");
  const outputDir = join(base, "output");
  mkdirSync(dir);
  mkdirSync(outputDir);
  const ctx = withDirs(outerCtx, { workingDir: dir, outputDir });
  try {
    const interpreter = config.interpreter ? renderList(ctx, config.interpreter, "interpreter") : DEFAULT_INTERPRETER;
    if (interpreter.length === 0) throw new ShellFailure("`interpreter` must not be empty");
    const before = renderList(ctx, config.beforeCommands, "beforeCommands");
    const main = renderList(ctx, body, bodyName);
    const env = renderEnv(ctx, config.env);
    const globs = renderList(ctx, config.outputFiles, "outputFiles");
    const script = [...(config.failFast === false ? [] : ["set -e"]), ...before, ...main].join("\n");
    writeInputFiles(ctx, dir, config.inputFiles);
    const vars: Record<string, unknown> = {};
    let result: Awaited<ReturnType<typeof runProcess>>;
    try {
      result = await runProcess({
        argv: [...interpreter, script],
        cwd: dir,
        env: childEnv({ WORKING_DIR: dir, OUTPUT_DIR: outputDir, ...env }),
        signal: ctx.signal,
        onLine: (stream, line) => handleLine(stream, line, vars, ctx.logger),
      });
    } catch (e) {
      throw new ShellFailure(`Cannot start \`${interpreter[0]}\`: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (result.aborted) {
      const reason = ctx.signal.reason;
      throw reason instanceof Error ? reason : new Error("Command aborted");
    }
    if (result.exitCode === null) throw new ShellFailure(`Command killed by signal ${result.signal}`);
    if (result.exitCode !== 0) throw new ShellFailure(`Command failed with exit code ${result.exitCode}`);
    const target = ctx.filesDir ?? join(filesRoot(), executionIdOf(ctx).replace(/[^A-Za-z0-9_-]/g, "_"), safeId);
    const outputFiles = { ...collectFiles(outputDir, ["**"], target), ...collectFiles(dir, globs, target) };
    return { outputs: { exitCode: result.exitCode, vars, outputFiles } };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

function executionIdOf(ctx: ShellContext): string {
  const execution = ctx.variables.execution as { id?: unknown } | undefined;
  return typeof execution?.id === "string" ? execution.id : "no-execution";
}
