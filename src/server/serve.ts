/**
 * Starts the HTTP server on Bun.serve. Port 0 picks an ephemeral port; `url` is the address bound, `publicUrl` the
 * one put in answers (given, or the bound address). Bun's own body limit is set well above ours so that an
 * oversized body gets our JSON 413, while a huge one is still refused by Bun before any byte is read.
 *
 * @example
 * const server = await startServer({ engine, host: "127.0.0.1", port: 0 });
 * console.log(server.url); // http://127.0.0.1:39211
 * await server.stop();
 */
import type { EngineApi } from "../engine/types.ts";
import type { ServerLogger } from "../lib/log.ts";
import { type App, createApp } from "./app.ts";
import { DEFAULT_MAX_BODY_SIZE } from "./deps.ts";

export interface StartServerOptions {
  engine: EngineApi;
  /** default 127.0.0.1 */
  host?: string;
  /** default 8080; 0 picks a free port */
  port?: number;
  /** base URL in answers; default `http://<host>:<port>` (localhost for a wildcard host) */
  publicUrl?: string;
  maxBodySize?: number;
  logger?: ServerLogger;
  /** seconds a connection may stay idle (default 60); webhook calls are exempt while they wait */
  idleTimeoutSeconds?: number;
}

export interface RunningServer {
  /** http://host:port actually bound */
  url: string;
  port: number;
  publicUrl: string;
  app: App;
  /** stops accepting connections; `force` also closes the open ones */
  stop(force?: boolean): Promise<void>;
}

function hostForUrl(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

export async function startServer(o: StartServerOptions): Promise<RunningServer> {
  const host = o.host ?? "127.0.0.1";
  const maxBodySize = o.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
  let app: App | undefined;
  const server = Bun.serve({
    hostname: host,
    port: o.port ?? 8080,
    maxRequestBodySize: Math.max(maxBodySize * 4, maxBodySize + 1024 * 1024),
    idleTimeout: o.idleTimeoutSeconds ?? 60,
    fetch: (request) => app!.fetch(request),
  });
  const port = server.port!;
  const url = `http://${hostForUrl(host)}:${port}`;
  const publicUrl = (o.publicUrl ?? url).replace(/\/+$/, "");
  app = createApp(o.engine, {
    publicUrl,
    maxBodySize,
    logger: o.logger,
    keepOpen: (request) => server.timeout(request, 0),
  });
  return {
    url,
    port,
    publicUrl,
    app,
    stop: (force = false) => server.stop(force),
  };
}
