/**
 * Executions API: `GET /executions/search`, `GET /executions/{id}`, `GET /executions/{id}/flow`,
 * `POST /executions/{namespace}/{flowId}` (inputs as JSON, form or multipart; `?wait=true`; `?labels=key:value`),
 * `POST /executions/{id}/resume` (a PAUSED execution; the Pause task's `onResume` inputs as JSON or form),
 * `DELETE /executions/{id}/kill` (202 with the execution, now KILLING; it ends KILLED).
 */
import { Elysia } from "elysia";
import { PerchError } from "../../model/errors.ts";
import { isStateType, type StateType } from "../../model/state.ts";
import type { ExecutionFilter } from "../../storage/types.ts";
import type { ServerDeps } from "../deps.ts";
import { TENANT } from "../deps.ts";
import { errorResponse } from "../errors.ts";
import { json, pathOf, queryObject, readInputs } from "../http.ts";
import { executionJson } from "../webhook-response.ts";
import { flowJson } from "./flows.ts";

type Query = Record<string, string | string[] | undefined>;

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).filter((s) => s !== "");

function positiveInt(name: string, v: string | string[] | undefined, max: number): number | undefined | PerchError {
  if (v === undefined) return undefined;
  const s = Array.isArray(v) ? v[0]! : v;
  const n = Number(s);
  if (!/^\d+$/.test(s) || n < 1 || n > max) {
    return new PerchError("BAD_REQUEST", `${name} must be an integer from 1 to ${max}, got '${s}'`);
  }
  return n;
}

/** the search filter of `?namespace=&flowId=&state=&page=&size=` or an error naming the bad parameter */
export function searchFilter(q: Query): ExecutionFilter | PerchError {
  const states = list(q.state);
  const bad = states.filter((s) => !isStateType(s));
  if (bad.length > 0) return new PerchError("BAD_REQUEST", `Unknown state: ${bad.join(", ")}`);
  const page = positiveInt("page", q.page, 1_000_000);
  if (page instanceof PerchError) return page;
  const size = positiveInt("size", q.size, 1000);
  if (size instanceof PerchError) return size;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  return {
    tenantId: TENANT,
    namespace: one(q.namespace),
    flowId: one(q.flowId),
    state: states.length > 0 ? (states as StateType[]) : undefined,
    from: one(q.startDate) ?? one(q.from),
    to: one(q.endDate) ?? one(q.to),
    page: page ?? 1,
    size: size ?? 25,
  };
}

function labelsOf(q: Query): { key: string; value: string }[] | PerchError {
  const out: { key: string; value: string }[] = [];
  for (const item of list(q.labels)) {
    const at = item.indexOf(":");
    if (at <= 0) return new PerchError("BAD_REQUEST", `labels must be key:value, got '${item}'`);
    out.push({ key: item.slice(0, at), value: item.slice(at + 1) });
  }
  return out;
}

export function executionRoutes(deps: ServerDeps, base: string) {
  const { engine, publicUrl } = deps;
  return new Elysia({ prefix: `${base}/executions` })
    .get("/search", async ({ request }) => {
      const filter = searchFilter(queryObject(request.url));
      if (filter instanceof PerchError) return errorResponse(filter, pathOf(request.url));
      const { results, total } = await engine.searchExecutions(filter);
      return json({ results: results.map((e) => executionJson(e, publicUrl)), total });
    })
    .get("/:id", async ({ params, request }) => {
      const execution = await engine.getExecution(params.id);
      if (!execution) return notFound(params.id, request);
      return json(executionJson(execution, publicUrl));
    })
    .get("/:id/flow", async ({ params, request }) => {
      const execution = await engine.getExecution(params.id);
      if (!execution) return notFound(params.id, request);
      const stored = await engine.getFlow(
        execution.tenantId,
        execution.namespace,
        execution.flowId,
        execution.flowRevision,
      );
      if (!stored) return errorResponse(new PerchError("FLOW_NOT_FOUND", "Flow not found"), pathOf(request.url));
      return json(flowJson(deps, stored));
    })
    .delete("/:namespace/kill", async ({ params, request }) => {
      // `namespace` is the execution id (one parameter name per position for the router)
      const r = await engine.killExecution(params.namespace);
      if ("error" in r) return errorResponse(r.error, pathOf(request.url));
      return json(executionJson(r.execution, publicUrl), 202);
    })
    .post(
      // the router needs one parameter name per position: `namespace` here is the execution id
      "/:namespace/resume",
      async ({ params, request }) => {
        const href = pathOf(request.url);
        const inputs = await readInputs(request, deps.maxBodySize);
        if (inputs instanceof PerchError) return errorResponse(inputs, href);
        const r = await engine.resumeExecution(params.namespace, inputs);
        if ("error" in r) return errorResponse(r.error, href);
        return json(executionJson(r.execution, publicUrl));
      },
      { parse: "none" },
    )
    .post(
      "/:namespace/:flowId",
      async ({ params, request }) => {
        const href = pathOf(request.url);
        const q = queryObject(request.url);
        const labels = labelsOf(q);
        if (labels instanceof PerchError) return errorResponse(labels, href);
        const inputs = await readInputs(request, deps.maxBodySize);
        if (inputs instanceof PerchError) return errorResponse(inputs, href);
        const wait = q.wait === "true";
        const r = await engine.createExecution(TENANT, params.namespace, params.flowId, inputs, { wait, labels });
        if ("error" in r) return errorResponse(r.error, href);
        const body = executionJson(r.execution, publicUrl);
        if (!r.timedOut) return json(body);
        return json(body, 202, { location: `${publicUrl}/api/v1/main/executions/${r.execution.id}` });
      },
      { parse: "none" },
    );
}

function notFound(id: string, request: Request): Response {
  return errorResponse(new PerchError("EXECUTION_NOT_FOUND", `Execution ${id} not found`), pathOf(request.url));
}
