/**
 * Flows API: `POST /flows` (YAML; 409 when it exists, 422 with line/column errors when invalid),
 * `POST /flows/validate` (errors as a list, always 200), `GET /flows/{namespace}`, `GET|PUT|DELETE /flows/{namespace}/{id}`
 * (`Accept: application/x-yaml` on GET answers the YAML source; `?revision=N` picks a revision).
 */
import { Elysia, t } from "elysia";
import { ErrorBody, FlowErrors, FlowJson, FlowSummary, P } from "../api-schemas.ts";

const YAML_BODY = { required: true, content: { "application/x-yaml": { schema: { type: "string" as const } } } };
import type { FlowSaveResult } from "../../engine/types.ts";
import { PerchError } from "../../model/errors.ts";
import type { StoredFlow } from "../../storage/types.ts";
import type { ServerDeps } from "../deps.ts";
import { TENANT } from "../deps.ts";
import { errorResponse } from "../errors.ts";
import { empty, json, pathOf, readBody } from "../http.ts";

/** JSON of a stored flow: the parsed flow with its revision, or its source and errors when it does not validate */
export function flowJson(deps: ServerDeps, stored: StoredFlow): Record<string, unknown> {
  const head = { tenantId: stored.tenantId, namespace: stored.namespace, id: stored.id, revision: stored.revision };
  const flow = stored.errors?.length ? undefined : deps.engine.validateFlow(stored.source).flow;
  if (!flow)
    return {
      ...head,
      updated: stored.updated,
      deleted: stored.deleted,
      source: stored.source,
      errors: stored.errors ?? [],
    };
  const { source: _source, ...rest } = flow;
  return { ...rest, ...head, updated: stored.updated, deleted: stored.deleted };
}

function summary(stored: StoredFlow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    tenantId: stored.tenantId,
    namespace: stored.namespace,
    id: stored.id,
    revision: stored.revision,
    updated: stored.updated,
  };
  if (stored.errors?.length) out.errors = stored.errors;
  return out;
}

function invalid(result: FlowSaveResult, href: string): Response {
  const what = result.errors.map((e) =>
    e.line ? `${e.path ?? ""} (line ${e.line}, column ${e.column}): ${e.message}` : e.message,
  );
  return errorResponse(new PerchError("INVALID_INPUTS", `Invalid flow: ${what.join("; ")}`, result.errors), href);
}

async function source(request: Request, deps: ServerDeps): Promise<string | PerchError> {
  const text = await readBody(request, deps.maxBodySize);
  if (text === undefined) return new PerchError("BAD_REQUEST", "The body must be the YAML source of a flow");
  return text;
}

export function flowRoutes(deps: ServerDeps, base: string) {
  const { engine } = deps;
  return new Elysia({ prefix: `${base}/flows` })
    .post(
      "",
      async ({ request }) => {
        const href = pathOf(request.url);
        const text = await source(request, deps);
        if (text instanceof PerchError) return errorResponse(text, href);
        const r = await engine.saveFlow(text, { create: true });
        // the engine answers an existing flow with its stored revision and an error
        if (r.stored && r.errors.length > 0 && !r.flow) {
          return errorResponse(new PerchError("CONFLICT", r.errors.map((e) => e.message).join("; ")), href);
        }
        if (!r.stored) return invalid(r, href);
        return json(flowJson(deps, r.stored));
      },
      {
        parse: "none",
        response: { 200: FlowJson, 400: ErrorBody, 409: ErrorBody, 422: ErrorBody },
        detail: {
          summary: "Create a flow",
          description: "The body is the YAML source. 409 when it exists; 422 with line/column errors when invalid.",
          tags: ["Flows"],
          requestBody: YAML_BODY,
        },
      },
    )
    .post(
      "/validate",
      async ({ request }) => {
        const text = await readBody(request, deps.maxBodySize);
        if (text instanceof PerchError) return errorResponse(text, pathOf(request.url));
        return json(engine.validateFlow(text ?? "").errors);
      },
      {
        parse: "none",
        response: { 200: FlowErrors, 413: ErrorBody },
        detail: {
          summary: "Validate a flow",
          description: "Always 200: the list of errors (empty when valid), each with path, line and column.",
          tags: ["Flows"],
          requestBody: YAML_BODY,
        },
      },
    )
    .get("/:namespace", async ({ params }) => json((await engine.listFlows(TENANT, params.namespace)).map(summary)), {
      params: t.Object({ namespace: P.namespace }),
      response: { 200: t.Array(FlowSummary) },
      detail: { summary: "List the flows of a namespace", tags: ["Flows"] },
    })
    .get(
      "/:namespace/:id",
      async ({ params, request, query }) => {
        const href = pathOf(request.url);
        let revision: number | undefined;
        if (query.revision !== undefined) {
          revision = Number(query.revision);
          if (!Number.isInteger(revision) || revision < 1) {
            return errorResponse(
              new PerchError("BAD_REQUEST", `revision must be a positive integer, got '${query.revision}'`),
              href,
            );
          }
        }
        const stored = await engine.getFlow(TENANT, params.namespace, params.id, revision);
        if (!stored || (stored.deleted && revision === undefined)) {
          return errorResponse(new PerchError("FLOW_NOT_FOUND", "Flow not found"), href);
        }
        if ((request.headers.get("accept") ?? "").includes("yaml")) {
          return new Response(stored.source, { headers: { "content-type": "application/x-yaml" } });
        }
        return json(flowJson(deps, stored));
      },
      {
        params: t.Object({ namespace: P.namespace, id: P.flowId }),
        response: { 200: FlowJson, 400: ErrorBody, 404: ErrorBody },
        detail: {
          summary: "Get a flow",
          description: "`Accept: application/x-yaml` answers the YAML source; `?revision=N` picks a revision.",
          tags: ["Flows"],
          parameters: [{ name: "revision", in: "query", required: false, schema: { type: "integer", minimum: 1 } }],
        },
      },
    )
    .put(
      "/:namespace/:id",
      async ({ params, request }) => {
        const href = pathOf(request.url);
        const text = await source(request, deps);
        if (text instanceof PerchError) return errorResponse(text, href);
        const r = await engine.saveFlow(text, { expect: { namespace: params.namespace, id: params.id } });
        if (!r.stored) return invalid(r, href);
        return json(flowJson(deps, r.stored));
      },
      {
        parse: "none",
        params: t.Object({ namespace: P.namespace, id: P.flowId }),
        response: { 200: FlowJson, 400: ErrorBody, 422: ErrorBody },
        detail: { summary: "Update (or create) a flow", tags: ["Flows"], requestBody: YAML_BODY },
      },
    )
    .delete(
      "/:namespace/:id",
      async ({ params, request }) => {
        const ok = await engine.deleteFlow(TENANT, params.namespace, params.id);
        if (!ok) return errorResponse(new PerchError("FLOW_NOT_FOUND", "Flow not found"), pathOf(request.url));
        return empty(204);
      },
      {
        params: t.Object({ namespace: P.namespace, id: P.flowId }),
        response: { 404: ErrorBody },
        detail: { summary: "Delete a flow", tags: ["Flows"], responses: { 204: { description: "deleted" } } },
      },
    );
}
