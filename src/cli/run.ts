/**
 * `perch run FILE [--input k=v]...`: runs one flow once on an in-memory SQLite store and prints
 * `{id, state, outputs}` as JSON; logs of the execution go to stderr. Exit 0 on SUCCESS or WARNING, else 1.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { timeZone as parseTimeZone } from "../config/values.ts";
import { createEngine } from "../engine/index.ts";
import { createLogger } from "../lib/log.ts";
import { openSqliteStore } from "../storage/sqlite/index.ts";
import { parse } from "./args.ts";
import { RUN_HELP } from "./help.ts";
import { type CliIo, UsageError } from "./io.ts";
import { FlowFolder } from "./flow-folder.ts";
import { formatError, shownPath } from "./validate.ts";

const DAY_MS = 24 * 3_600_000;

export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    "run",
    args,
    { input: { type: "string", short: "i", multiple: true }, timezone: { type: "string" }, flows: { type: "string" } },
    true,
  );
  if (values.help) {
    io.out(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("perch run: give exactly one flow FILE (see 'perch run --help')");
  const inputs: Record<string, string> = {};
  for (const pair of (values.input as string[] | undefined) ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`perch run: --input expects key=value, got '${pair}'`);
    inputs[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const zone = (values.timezone as string | undefined) ?? io.env.PERCH_TIMEZONE;
  let timeZone: string | undefined;
  try {
    timeZone = zone ? parseTimeZone(zone) : undefined;
  } catch (e) {
    throw new UsageError(`perch run: --timezone: ${(e as Error).message}`);
  }
  const file = resolve(io.cwd, positionals[0]!);
  const shown = shownPath(io.cwd, file);
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (e) {
    io.err(`${shown}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return 1;
  }
  const store = await openSqliteStore(":memory:");
  const log = createLogger({ level: "warn", write: io.err });
  const engine = await createEngine({ store, logger: log, timeZone, waitLimitMs: DAY_MS, env: io.env });
  try {
    if (values.flows !== undefined) {
      const folder = new FlowFolder(resolve(io.cwd, values.flows as string), engine, log);
      const loaded = await folder.loadAll();
      if (loaded.invalid > 0) io.err(`perch run: ${loaded.invalid} invalid flow(s) in ${values.flows} not loaded`);
    }
    const saved = await engine.saveFlow(source);
    if (!saved.flow || saved.errors.length > 0) {
      for (const e of saved.errors) for (const line of formatError(shown, source, e)) io.err(line);
      return 1;
    }
    const r = await engine.createExecution("main", saved.flow.namespace, saved.flow.id, inputs, { wait: true });
    if ("error" in r) {
      io.err(`perch run: ${r.error.message}`);
      for (const d of r.error.details) io.err(`  ${d.path ? `${d.path}: ` : ""}${d.message}`);
      return 1;
    }
    for (const l of await engine.getLogs(r.execution.id)) {
      io.err(`${l.timestamp} ${l.level}${l.taskId ? ` [${l.taskId}]` : ""} ${l.message}`);
    }
    const e = r.execution;
    io.out(JSON.stringify({ id: e.id, state: e.state.current, outputs: e.outputs ?? null }, null, 2));
    return e.state.current === "SUCCESS" || e.state.current === "WARNING" ? 0 : 1;
  } finally {
    await engine.stop();
    await store.close();
  }
}
