/**
 * Starts the HTTP server on `node:http` (Bun's implementation) rather than Bun.serve, for two reasons:
 * - Bun.serve hands over URLs already normalised (`/webhook/ns/../ns/flow/key` arrives as `/webhook/ns/flow/key`),
 *   and `..` segments must never reach a flow: the raw request target is checked here first (→ 404);
 * - webhook calls go straight from node's request to `webhookCall` (no Request/Headers/Response copies), which
 *   makes the HTTP layer cost about the same as a bare Bun.serve. Every other route goes to the Elysia app.
 * Port 0 picks an ephemeral port; `url` is the address bound, `publicUrl` the one put in answers.
 * With `metrics`, every answer is counted (route templates only: a webhook key never becomes a label).
 * Shutdown: `stop()` stops accepting; requests still arriving on open connections get 503 with
 * `connection: close`; `drain(ms)` waits for the requests in flight (e.g. `wait: true` webhooks) to be answered
 * (event streams do not count: `stop(true)` cuts them).
 *
 * @example
 * const server = await startServer({ engine, host: "127.0.0.1", port: 0 });
 * console.log(server.url); // http://127.0.0.1:39211
 * await server.stop();
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { EngineApi } from "../engine/types.ts";
import type { ServerLogger } from "../lib/log.ts";
import { type App, appOf, createServerDeps, routeOf } from "./app.ts";
import type { AuthConfig } from "./auth.ts";
import type { Answer } from "./errors.ts";
import type { PerchMetrics } from "./metrics.ts";
import { NodeBody } from "./node-body.ts";
import { webhookCall } from "./routes/webhook.ts";

export interface StartServerOptions {
  engine: EngineApi;
  /** default 127.0.0.1 */
  host?: string;
  /** default 8080; 0 picks a free port */
  port?: number;
  /** base URL in answers; default `http://<host>:<port>` (localhost for a wildcard host) */
  publicUrl?: string;
  /** request body limit in bytes (default 10 MiB): larger bodies get 413 */
  maxBodySize?: number;
  logger?: ServerLogger;
  /** basic auth and/or bearer token on the API, /metrics and the UI; webhooks and /health stay open */
  auth?: AuthConfig;
  /** serves `/metrics` and records every request */
  metrics?: PerchMetrics;
  /** perch's version, for the OpenAPI document */
  version?: string;
  /** ms a client may take to send its request headers (default 60 s) */
  headersTimeoutMs?: number;
  /** ms a client may take to send its whole request, body included (default 5 min); the answer may take longer */
  requestTimeoutMs?: number;
}

export interface RunningServer {
  /** http://host:port actually bound */
  url: string;
  port: number;
  publicUrl: string;
  app: App;
  /** stops accepting connections and closes idle ones; `force` also closes the busy ones */
  stop(force?: boolean): Promise<void>;
  /** resolves true once no request is in flight, false after `timeoutMs` */
  drain(timeoutMs: number): Promise<boolean>;
  /** requests being answered now (event streams excluded) */
  readonly inFlight: number;
}

const WEBHOOK = /^\/api\/v1(?:\/main)?\/executions\/webhook\//;
const STOPPING = JSON.stringify({ message: "Service Unavailable: server is stopping" });

/** namespace and flow id of a webhook path rest (`ns/flow/key`), undefined when malformed */
function webhookFlow(rest: string): [string, string] | undefined {
  const parts = rest.split("/");
  if (parts.length !== 3) return undefined;
  try {
    return [decodeURIComponent(parts[0]!), decodeURIComponent(parts[1]!)];
  } catch {
    return undefined;
  }
}

function hostForUrl(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

/** true when a raw request target holds a `.` or `..` segment, written plainly or percent-encoded */
export function hasDotSegment(target: string): boolean {
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  if (!path.includes(".") && !/%2e/i.test(path)) return false;
  for (const seg of path.split("/")) {
    if (seg.length > 6) continue;
    const s = seg.replace(/%2e/gi, ".");
    if (s === "." || s === "..") return true;
  }
  return false;
}

async function write(res: ServerResponse, a: Answer, body: NodeBody | undefined): Promise<void> {
  const headers: Record<string, string> = { ...a.headers };
  if (a.body !== undefined) headers["content-length"] = String(Buffer.byteLength(a.body));
  // answered before the body was read (413): drain it so that the client reads the answer
  if (body && !(await body.drain())) headers.connection = "close";
  res.writeHead(a.status, headers);
  res.end(a.body);
}

/** server-sent events (the UI's live logs) go out as they are produced instead of being buffered into one answer */
async function stream(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body!.getReader();
  res.on("close", () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      res.write(value);
    }
  } finally {
    res.end();
  }
}

async function toAnswer(response: Response): Promise<Answer> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  });
  return { status: response.status, headers, body: response.body ? await response.text() : undefined };
}

export async function startServer(o: StartServerOptions): Promise<RunningServer> {
  const host = o.host ?? "127.0.0.1";
  let origin = "";
  let handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      o.logger?.error("http.failed", { error: e as Error });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.requestTimeout = o.requestTimeoutMs ?? 300_000; // receiving the request only: `wait: true` answers may take longer
  server.headersTimeout = o.headersTimeoutMs ?? 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 8080, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (o.port ?? 8080);
  const url = `http://${hostForUrl(host)}:${port}`;
  origin = url;
  const publicUrl = (o.publicUrl ?? url).replace(/\/+$/, "");
  const deps = createServerDeps(o.engine, { publicUrl, maxBodySize: o.maxBodySize, logger: o.logger, auth: o.auth });
  const app = appOf(deps, { metrics: o.metrics, version: o.version });
  const metrics = o.metrics;
  let draining = false;
  let inFlight = 0;
  let drained: (() => void)[] = [];

  handle = async (req, res) => {
    if (draining) {
      const a = { status: 503, headers: { "content-type": "application/json", connection: "close" }, body: STOPPING };
      await write(res, a, new NodeBody(req));
      return;
    }
    inFlight++;
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      inFlight--;
      if (inFlight === 0 && drained.length > 0) {
        for (const d of drained) d();
        drained = [];
      }
    };
    try {
      await serveOne(req, res, release);
    } finally {
      release();
    }
  };

  const serveOne = async (req: IncomingMessage, res: ServerResponse, release: () => void) => {
    const started = performance.now();
    const target = req.url ?? "/";
    if (!target.startsWith("/") || hasDotSegment(target)) {
      res.writeHead(404).end();
      return;
    }
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const body = new NodeBody(req);
    const hook = WEBHOOK.exec(target);
    if (hook) {
      const q = target.indexOf("?");
      const raw = req.rawHeaders;
      const headers: [string, string][] = [];
      for (let i = 0; i < raw.length; i += 2) headers.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
      const rest = q < 0 ? target.slice(hook[0].length) : target.slice(hook[0].length, q);
      const answer = await webhookCall(
        deps,
        {
          method: req.method ?? "GET",
          rest,
          query: q < 0 ? "" : target.slice(q + 1),
          headers,
          body: (limit) => body.text(limit),
          signal: controller.signal,
        },
        hook[0].slice(0, -1),
      );
      if (draining) answer.headers = { ...answer.headers, connection: "close" };
      await write(res, answer, body);
      if (metrics) {
        const flow = webhookFlow(rest);
        if (flow) metrics.webhook(flow[0], flow[1], answer.status);
        const route = `${hook[0]}{namespace}/{flowId}/{key}`;
        metrics.http(req.method ?? "GET", route, answer.status, (performance.now() - started) / 1000);
      }
      return;
    }
    const headers = new Headers();
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    let request: Request;
    try {
      request = new Request(origin + target, {
        method: req.method,
        headers,
        body: body.present ? body.stream() : undefined,
        signal: controller.signal,
        duplex: "half",
      } as RequestInit);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const response = await app.handle(request);
    const route = routeOf(request) ?? "(unmatched)";
    if (response.body && response.headers.get("content-type")?.startsWith("text/event-stream")) {
      metrics?.http(req.method ?? "GET", route, response.status, (performance.now() - started) / 1000);
      release();
      await stream(res, response);
      return;
    }
    const answer = await toAnswer(response);
    if (draining) answer.headers = { ...answer.headers, connection: "close" };
    await write(res, answer, body);
    metrics?.http(req.method ?? "GET", route, answer.status, (performance.now() - started) / 1000);
  };

  return {
    url,
    port,
    publicUrl,
    app,
    get inFlight() {
      return inFlight;
    },
    stop: (force = false) =>
      new Promise<void>((resolve) => {
        draining = true;
        if (!server.listening) resolve();
        server.close(() => resolve());
        server.closeIdleConnections?.();
        if (force) server.closeAllConnections?.();
      }),
    drain: (timeoutMs) =>
      inFlight === 0
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), timeoutMs);
            drained.push(() => {
              clearTimeout(timer);
              resolve(true);
            });
          }),
  };
}
