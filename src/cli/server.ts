/**
 * `perch server`: config (flags > env > file > defaults) → SQLite store at `<data>/perch.db` → engine → flows folder
 * (loaded, then watched) → HTTP server. Logs `listening url=http://HOST:PORT` once serving. SIGINT/SIGTERM: stop
 * accepting, stop the engine, close the store, exit 0 (a second signal exits 1 at once).
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { loadServerConfig } from "../config/load.ts";
import { SERVER_OPTIONS } from "../config/schema.ts";
import { createEngine } from "../engine/index.ts";
import { createLogger } from "../lib/log.ts";
import { startServer } from "../server/serve.ts";
import { openSqliteStore } from "../storage/sqlite/index.ts";
import { parse } from "./args.ts";
import { FlowFolder } from "./flow-folder.ts";
import { serverHelp } from "./help.ts";
import type { CliIo } from "./io.ts";

const FLAGS = Object.fromEntries([
  ...SERVER_OPTIONS.map((o) => [o.flag, { type: "string" as const }]),
  ["config", { type: "string" as const }],
]);

export async function serverCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse("server", args, FLAGS);
  if (values.help) {
    io.out(serverHelp());
    return 0;
  }
  // signal handlers first: Bun installs them asynchronously, and a signal must never find the default action
  const signals = listenForSignals();
  const loaded = loadServerConfig({ flags: values as Record<string, string | undefined>, env: io.env, cwd: io.cwd });
  if ("errors" in loaded) {
    for (const e of loaded.errors) io.err(`perch server: ${e}`);
    return 2;
  }
  const config = loaded.config;
  const log = createLogger({ format: config.logFormat, write: io.err });
  if (config.flows && !statSync(config.flows, { throwIfNoEntry: false })?.isDirectory()) {
    log.error("flows.not_found", { folder: config.flows, reason: "not a folder" });
    return 1;
  }
  const dbPath = join(config.data, "perch.db");
  let store: Awaited<ReturnType<typeof openSqliteStore>>;
  try {
    store = await openSqliteStore(dbPath);
  } catch (e) {
    log.error("store.open_failed", { path: dbPath, error: e as Error });
    return 1;
  }
  const fixedUrl = config.url ?? (config.port !== 0 ? `http://${config.host}:${config.port}` : undefined);
  const engine = await createEngine({
    store,
    logger: log,
    timeZone: config.timezone,
    publicUrl: fixedUrl,
    waitLimitMs: config.waitLimitMs,
    workers: config.workers,
    env: io.env,
  });
  const folder = config.flows ? new FlowFolder(config.flows, engine, log) : undefined;
  if (folder) {
    await folder.loadAll();
    folder.watch();
  }
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      engine,
      host: config.host,
      port: config.port,
      publicUrl: config.url,
      maxBodySize: config.maxBodySize,
      logger: log,
      auth: config.authUser !== undefined ? { user: config.authUser, password: config.authPassword! } : undefined,
    });
  } catch (e) {
    log.error("listen_failed", { host: config.host, port: config.port, error: e as Error });
    folder?.close();
    await engine.stop();
    await store.close();
    return 1;
  }
  log.info("listening", { url: server.url, public: server.publicUrl, data: config.data, flows: config.flows });

  const signal = await signals.first;
  log.info("shutdown.start", { signal });
  signals.onNext((again) => {
    log.warn("shutdown.forced", { signal: again });
    process.exit(1);
  });
  folder?.close();
  const closed = server.stop();
  await engine.stop();
  await Promise.race([closed, Bun.sleep(2000).then(() => server.stop(true))]);
  await store.close();
  log.info("shutdown.done", { signal });
  return 0;
}

/** SIGINT/SIGTERM: the first one resolves `first`; later ones go to the `onNext` callback */
function listenForSignals(): { first: Promise<string>; onNext(fn: (signal: string) => void): void } {
  let resolveFirst: (signal: string) => void = () => {};
  const first = new Promise<string>((resolve) => {
    resolveFirst = resolve;
  });
  let seen = false;
  let next: (signal: string) => void = () => {};
  const on = (signal: string) => {
    if (!seen) {
      seen = true;
      resolveFirst(signal);
    } else next(signal);
  };
  process.on("SIGINT", () => on("SIGINT"));
  process.on("SIGTERM", () => on("SIGTERM"));
  return {
    first,
    onNext: (fn) => {
      next = fn;
    },
  };
}
