/**
 * The HTTP app: one Elysia instance per area (routes/<area>.ts), mounted under `/api/v1/main` and again under the
 * tenant-less alias `/api/v1` (Kestra's TenantAliasingRooter), plus `/health` and the UI page. Any other tenant
 * segment before an API area answers 400. Handlers are thin: they take what they need from the request, call one
 * engine function and map the result (codes through errors.ts).
 *
 * @example
 * const app = createApp(engine, { publicUrl: "http://127.0.0.1:8080" });
 * const res = await app.handle(new Request("http://127.0.0.1:8080/api/v1/main/executions/webhook/ns/flow/key", { method: "POST", body: "{}" }));
 */
import { Elysia } from "elysia";
import type { EngineApi } from "../engine/types.ts";
import { silentLogger } from "../lib/log.ts";
import { PerchError } from "../model/errors.ts";
import { authEnabled, authGuard } from "./auth.ts";
import { DEFAULT_MAX_BODY_SIZE, type ServerDeps, type ServerOptions, TENANT } from "./deps.ts";
import { errorResponse, httpErrorResponse } from "./errors.ts";
import { empty, pathOf } from "./http.ts";
import type { PerchMetrics } from "./metrics.ts";
import { openApiPlugin } from "./openapi.ts";
import { executionRoutes } from "./routes/executions.ts";
import { flowRoutes } from "./routes/flows.ts";
import { healthRoutes } from "./routes/health.ts";
import { logRoutes } from "./routes/logs.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { schemaRoutes } from "./routes/schemas.ts";
import { triggerRoutes } from "./routes/triggers.ts";
import { uiRoutes } from "./routes/ui.ts";
import { webhookRoutes } from "./routes/webhook.ts";

export type { ServerOptions } from "./deps.ts";

const AREAS = new Set(["executions", "flows", "logs", "triggers"]);
const WEBHOOK_PATH = /^(.*\/executions\/webhook\/[^/]*\/[^/]*\/)[^/]*/;

/** the path as it may appear in answers and logs: a webhook key is a secret and becomes `***` */
export function redactPath(path: string): string {
  return path.replace(WEBHOOK_PATH, "$1***");
}

function api(deps: ServerDeps, base: string) {
  return new Elysia()
    .use(webhookRoutes(deps, base))
    .use(executionRoutes(deps, base))
    .use(flowRoutes(deps, base))
    .use(logRoutes(deps, base))
    .use(triggerRoutes(deps, base));
}

export function createServerDeps(engine: EngineApi, options: ServerOptions): ServerDeps {
  return {
    engine,
    publicUrl: options.publicUrl.replace(/\/+$/, ""),
    maxBodySize: options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE,
    log: options.logger ?? silentLogger,
    auth: options.auth,
  };
}

/** What the app serves beyond the API: `/metrics` when `metrics` is given. */
export interface AppExtras {
  metrics?: PerchMetrics;
  /** perch's version, for the OpenAPI document */
  version?: string;
}

export function createApp(engine: EngineApi, options: ServerOptions & AppExtras) {
  return appOf(createServerDeps(engine, options), { metrics: options.metrics, version: options.version });
}

const matched = new WeakMap<Request, string>();

/** the route template (`/api/v1/main/executions/:id`) a request was routed to; undefined when none matched */
export function routeOf(request: Request): string | undefined {
  return matched.get(request);
}

/** the app on already built dependencies (startServer shares them with its direct webhook path) */
export function appOf(deps: ServerDeps, extras: AppExtras = {}) {
  const guard = authEnabled(deps.auth) ? authGuard(deps.auth) : undefined;
  const docs = openApiPlugin({ version: extras.version, auth: authEnabled(deps.auth) ? deps.auth : undefined });
  const app = new Elysia({ strictPath: true })
    .onRequest(({ request }) => guard?.(request, pathOf(request.url)))
    .onBeforeHandle({ as: "global" }, ({ request, route }) => {
      matched.set(request, route);
    })
    .onError(({ code, error, request }) => {
      const path = redactPath(pathOf(request.url));
      if (code === "NOT_FOUND") {
        if (path.includes("/executions/webhook/")) return empty(404);
        return httpErrorResponse(404, "Not Found: Page Not Found", path);
      }
      if (code === "PARSE" || code === "VALIDATION" || code === "INVALID_COOKIE_SIGNATURE") {
        return errorResponse(new PerchError("BAD_REQUEST", (error as Error).message), path);
      }
      deps.log.error("http.failed", { method: request.method, path, code: String(code), error: error as Error });
      return errorResponse(new PerchError("INTERNAL", "Internal error"), path);
    })
    .use(docs)
    .use(healthRoutes(deps))
    .use(metricsRoutes(extras.metrics))
    .use(schemaRoutes())
    .use(uiRoutes(deps))
    .use(api(deps, `/api/v1/${TENANT}`))
    .use(api(deps, "/api/v1"))
    .all("/api/v1/:tenant/*", ({ params, request }) => {
      const path = redactPath(pathOf(request.url));
      const area = (params["*"] as string).split("/")[0]!;
      if (params.tenant !== TENANT && !AREAS.has(params.tenant) && AREAS.has(area)) {
        return errorResponse(new PerchError("INVALID_TENANT", `Tenant must be '${TENANT}'`), path);
      }
      return httpErrorResponse(404, "Not Found: Page Not Found", path);
    });
  docs.attach(app);
  return app;
}

export type App = ReturnType<typeof appOf>;
