/**
 * `perch server`: config (flags > env > file > defaults) → exposure check (no auth on a non-loopback host: refused)
 * → SQLite store at `<data>/perch.db` → metrics → engine → flows folder (loaded, then watched) → HTTP server →
 * retention purge. Logs ONE line once serving: `listening url=http://HOST:PORT ...`.
 *
 * SIGINT/SIGTERM (graceful, bounded by --shutdown-timeout): stop accepting (requests on open connections get 503),
 * answer every `wait: true` call still waiting (202 with the execution and `Location`), let running tasks end within
 * the bound (the rest are aborted and resume at the next start), wait for the answers to be written, flush and close
 * the store, log ONE line `stopped ...`, exit 0. A second signal exits 1 at once.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { exposureError } from "../config/exposure.ts";
import { loadServerConfig } from "../config/load.ts";
import { SERVER_OPTIONS } from "../config/schema.ts";
import { createEngine } from "../engine/index.ts";
import { formatIsoDuration } from "../lib/duration-format.ts";
import { createLogger } from "../lib/log.ts";
import { PerchMetrics } from "../server/metrics.ts";
import { startServer } from "../server/serve.ts";
import { openSqliteStore } from "../storage/sqlite/index.ts";
import { parse } from "./args.ts";
import { FlowFolder } from "./flow-folder.ts";
import { serverHelp } from "./help.ts";
import type { CliIo } from "./io.ts";
import { startRetention } from "./retention.ts";

const FLAGS = Object.fromEntries([
  ...SERVER_OPTIONS.map((o) => [o.flag, { type: o.boolean ? ("boolean" as const) : ("string" as const) }]),
  ["config", { type: "string" as const }],
]);

/** filled by the composition root (index.ts), to put perch's version in the OpenAPI document */
export const serverInfo = { version: "0.0.0" };

export async function serverCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse("server", args, FLAGS);
  if (values.help) {
    io.out(serverHelp());
    return 0;
  }
  // signal handlers first: Bun installs them asynchronously, and a signal must never find the default action
  const signals = listenForSignals();
  const loaded = loadServerConfig({
    flags: values as Record<string, string | boolean | undefined>,
    env: io.env,
    cwd: io.cwd,
  });
  if ("errors" in loaded) {
    for (const e of loaded.errors) io.err(`perch server: ${e}`);
    return 2;
  }
  const config = loaded.config;
  const exposed = exposureError(config);
  if (exposed) {
    io.err(`perch server: ${exposed}`);
    return 2;
  }
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
  let knownFlow: (namespace: string, flowId: string) => boolean = () => true;
  const metrics = new PerchMetrics({ knownFlow: (ns, id) => knownFlow(ns, id) });
  const engine = await createEngine({
    observer: metrics.observer,
    store,
    logger: log,
    timeZone: config.timezone,
    publicUrl: fixedUrl,
    waitLimitMs: config.waitLimitMs,
    workers: config.workers,
    filesDir: join(config.data, "files"),
    env: io.env,
  });
  metrics.trackWaits(engine);
  metrics.queueSource = () => engine.workerStats();
  knownFlow = (ns, id) => engine.flows.get("main", ns, id) !== undefined;
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
      auth: { user: config.authUser, password: config.authPassword, token: config.authToken },
      metrics,
      version: serverInfo.version,
    });
    if (!fixedUrl) engine.setPublicUrl(server.publicUrl);
  } catch (e) {
    log.error("listen_failed", { host: config.host, port: config.port, error: e as Error });
    folder?.close();
    await engine.stop();
    await store.close();
    return 1;
  }
  const retention = startRetention({
    store,
    retentionMs: config.retentionMs,
    log,
    filesRoot: join(config.data, "files"),
  });
  const auth = [config.authUser !== undefined && "basic", config.authToken !== undefined && "bearer"].filter(Boolean);
  log.info("listening", {
    url: server.url,
    public: server.publicUrl,
    data: config.data,
    flows: config.flows,
    version: serverInfo.version,
    auth: auth.length > 0 ? auth.join("+") : config.insecureNoAuth ? "none (--insecure-no-auth)" : "none",
    retention: retentionText(config.retentionMs),
  });

  const signal = await signals.first;
  const started = Date.now();
  signals.onNext((again) => {
    log.warn("shutdown.forced", { signal: again });
    process.exit(1);
  });
  const bound = config.shutdownTimeoutMs;
  const left = () => Math.max(0, bound - (Date.now() - started));
  folder?.close();
  const closed = server.stop();
  const inFlight = server.inFlight;
  // waiting callers are answered at once (202 + Location); running tasks get most of the bound to end
  await engine.stop(Math.max(0, bound - 2500));
  await retention.stop();
  const drained = await server.drain(Math.min(left(), 2000));
  await Promise.race([closed, Bun.sleep(Math.min(left(), 1000)).then(() => server.stop(true))]);
  await store.close();
  log.info("stopped", { signal, inFlight, drained, ms: Date.now() - started });
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

/** the retention as configured people write it: whole days as `P30D`, else an ISO time duration; 0 is `off` */
function retentionText(ms: number): string {
  if (ms <= 0) return "off";
  return ms % 86_400_000 === 0 ? `P${ms / 86_400_000}D` : formatIsoDuration(ms);
}
