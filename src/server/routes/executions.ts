/**
 * Executions API: `GET /executions/search`, `GET /executions/{id}`, `GET /executions/{id}/flow`,
 * `POST /executions/{namespace}/{flowId}` (inputs as JSON, form or multipart; `?wait=true`; `?labels=key:value`),
 * `POST /executions/{id}/resume` (a PAUSED execution; the Pause task's `onResume` inputs as JSON or form),
 * `DELETE /executions/{id}/kill` (202 with the execution, now KILLING; it ends KILLED),
 * `POST /executions/{id}/restart` (a FAILED or KILLED execution runs again from its failed tasks).
 */
import { Elysia, t } from "elysia";
import { ErrorBody, ExecutionJson, ExecutionPage, FlowJson, P } from "../api-schemas.ts";
import { PerchError } from "../../model/errors.ts";
import { isStateType, type StateType } from "../../model/state.ts";
import type { ExecutionFilter } from "../../storage/types.ts";
import type { ServerDeps } from "../deps.ts";
import { TENANT } from "../deps.ts";
import { errorResponse } from "../errors.ts";
import { json, pathOf, queryObject, readInputs } from "../http.ts";
import { executionJson } from "../webhook-response.ts";
import { flowJson } from "./flows.ts";

/** an optional query parameter, for the OpenAPI document */
const queryParam = (name: string, type: "string" | "integer" | "boolean", description?: string) => ({
  name,
  in: "query" as const,
  required: false,
  schema: { type },
  ...(description ? { description } : {}),
});

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
    .get(
      "/search",
      async ({ request }) => {
        const filter = searchFilter(queryObject(request.url));
        if (filter instanceof PerchError) return errorResponse(filter, pathOf(request.url));
        const { results, total } = await engine.searchExecutions(filter);
        return json({ results: results.map((e) => executionJson(e, publicUrl)), total });
      },
      {
        response: { 200: ExecutionPage, 400: ErrorBody },
        detail: {
          summary: "Search executions",
          description: "Newest first. `state` may repeat or be comma-separated; `namespace` matches its children too.",
          tags: ["Executions"],
          parameters: [
            ...["namespace", "flowId", "state", "startDate", "endDate"].map((name) => queryParam(name, "string")),
            queryParam("page", "integer"),
            queryParam("size", "integer", "1 to 1000, default 25"),
          ],
        },
      },
    )
    .get(
      "/:id",
      async ({ params, request }) => {
        const execution = await engine.getExecution(params.id);
        if (!execution) return notFound(params.id, request);
        return json(executionJson(execution, publicUrl));
      },
      {
        params: t.Object({ id: P.id }),
        response: { 200: ExecutionJson, 404: ErrorBody },
        detail: { summary: "Get an execution", tags: ["Executions"] },
      },
    )
    .get(
      "/:id/flow",
      async ({ params, request }) => {
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
      },
      {
        params: t.Object({ id: P.id }),
        response: { 200: FlowJson, 404: ErrorBody },
        detail: { summary: "Get the flow revision an execution ran", tags: ["Executions"] },
      },
    )
    .delete(
      "/:namespace/kill",
      async ({ params, request }) => {
        // `namespace` is the execution id (one parameter name per position for the router)
        const r = await engine.killExecution(params.namespace);
        if ("error" in r) return errorResponse(r.error, pathOf(request.url));
        return json(executionJson(r.execution, publicUrl), 202);
      },
      {
        params: t.Object({ namespace: P.id }),
        response: { 202: ExecutionJson, 404: ErrorBody, 409: ErrorBody },
        detail: {
          summary: "Kill an execution",
          description:
            "Running, queued or paused executions go KILLING (running tasks aborted), then KILLED; ended ones answer 409.",
          tags: ["Executions"],
        },
      },
    )
    .post(
      // `namespace` is the execution id (one parameter name per position for the router)
      "/:namespace/restart",
      async ({ params, request }) => {
        const r = await engine.restartExecution(params.namespace);
        if ("error" in r) return errorResponse(r.error, pathOf(request.url));
        return json(executionJson(r.execution, publicUrl));
      },
      {
        params: t.Object({ namespace: P.id }),
        response: { 200: ExecutionJson, 404: ErrorBody, 409: ErrorBody },
        detail: {
          summary: "Restart a failed execution",
          description:
            "A FAILED or KILLED execution runs again from its failed tasks (new attempt number, state RESTARTED then RUNNING); others answer 409.",
          tags: ["Executions"],
        },
      },
    )
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
      {
        parse: "none",
        params: t.Object({ namespace: P.id }),
        response: { 200: ExecutionJson, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
        detail: {
          summary: "Resume a paused execution",
          description: "The body holds the Pause task's `onResume` inputs (JSON object or form).",
          tags: ["Executions"],
          requestBody: {
            required: false,
            content: { "application/json": { schema: { type: "object", additionalProperties: true } } },
          },
        },
      },
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
      {
        parse: "none",
        params: t.Object({ namespace: P.namespace, flowId: P.flowId }),
        response: {
          200: ExecutionJson,
          202: ExecutionJson,
          400: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: ErrorBody,
        },
        detail: {
          summary: "Start an execution",
          description:
            "Inputs as a JSON object, form or multipart body. `?wait=true` answers once the execution ends (202 with `Location` past the wait limit); `?labels=key:value` adds labels.",
          tags: ["Executions"],
          parameters: [
            queryParam("wait", "boolean"),
            queryParam("labels", "string", "key:value, comma-separated or repeated"),
          ],
          requestBody: {
            required: false,
            content: {
              "application/json": { schema: { type: "object", additionalProperties: true } },
              "multipart/form-data": { schema: { type: "object", additionalProperties: true } },
            },
          },
        },
      },
    );
}

function notFound(id: string, request: Request): Response {
  return errorResponse(new PerchError("EXECUTION_NOT_FOUND", `Execution ${id} not found`), pathOf(request.url));
}
