/**
 * Executions in the web UI: the list (`/ui/main/executions?namespace=&flowId=&state=&range=&page=`), the execution
 * page (`/ui/main/executions/{namespace}/{flowId}/{id}`, the webhook answer's `url`), its live logs
 * (`.../logs/stream`, server-sent events) and its actions as plain form posts that redirect back: `.../kill`,
 * `.../resume` (the Pause task's `onResume` inputs) and `.../restart` (a FAILED one).
 */
import { Elysia } from "elysia";
import { findTask } from "../../engine/find-task.ts";
import { PerchError } from "../../model/errors.ts";
import type { Execution } from "../../model/execution.ts";
import type { InputDef } from "../../model/flow.ts";
import { isTerminal, STATES } from "../../model/state.ts";
import { executionView } from "../../ui/execution-view.ts";
import { formatDate, formatDuration } from "../../ui/format.ts";
import type { ServerDeps } from "../deps.ts";
import { TENANT } from "../deps.ts";
import { queryObject, readInputs } from "../http.ts";
import { logStream } from "./ui-stream.ts";
import { crossSite, messagePage, page, seeOther, seg } from "./ui-page.ts";

const SIZE = 25;
const RANGES = [
  { value: "", label: "any time", ms: 0 },
  { value: "PT15M", label: "last 15 minutes", ms: 15 * 60_000 },
  { value: "PT1H", label: "last hour", ms: 3_600_000 },
  { value: "PT24H", label: "last 24 hours", ms: 86_400_000 },
  { value: "P7D", label: "last 7 days", ms: 7 * 86_400_000 },
  { value: "P30D", label: "last 30 days", ms: 30 * 86_400_000 },
];

type Params = { namespace: string; flowId: string; id: string };
const pageUrl = (p: Params) => `/ui/main/executions/${seg(p.namespace)}/${seg(p.flowId)}/${seg(p.id)}`;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? "";

async function listPage(deps: ServerDeps, request: Request): Promise<Response> {
  const q = queryObject(request.url);
  const filter = { namespace: one(q.namespace), flowId: one(q.flowId), state: one(q.state), range: one(q.range) };
  const range = RANGES.find((r) => r.value === filter.range) ?? RANGES[0]!;
  const pageNo = Math.max(1, Math.min(100_000, Number.parseInt(one(q.page), 10) || 1));
  const state = (STATES as readonly string[]).includes(filter.state) ? filter.state : "";
  const { results, total } = await deps.engine.searchExecutions({
    tenantId: TENANT,
    namespace: filter.namespace || undefined,
    flowId: filter.flowId || undefined,
    state: state ? [state as (typeof STATES)[number]] : undefined,
    from: range.ms ? new Date(Date.now() - range.ms).toISOString() : undefined,
    page: pageNo,
    size: SIZE,
  });
  const now = Date.now();
  const rows = results.map((e) => {
    const h = e.state.histories;
    const end = isTerminal(e.state.current) ? Date.parse(h[h.length - 1]!.date) : now;
    return {
      id: e.id,
      href: pageUrl({ namespace: e.namespace, flowId: e.flowId, id: e.id }),
      namespace: e.namespace,
      flowId: e.flowId,
      flowHref: `/ui/main/flows/${seg(e.namespace)}/${seg(e.flowId)}`,
      state: e.state.current,
      start: formatDate(h[0]!.date),
      duration: formatDuration(end - Date.parse(h[0]!.date)),
    };
  });
  const pages = Math.max(1, Math.ceil(total / SIZE));
  const link = (n: number) => {
    const params = new URLSearchParams({ ...filter, page: String(n) });
    for (const [k, v] of [...params]) if (v === "") params.delete(k);
    return `/ui/main/executions?${params}`;
  };
  const data = {
    filter: { ...filter, state, range: range.value },
    states: STATES,
    ranges: RANGES,
    rows,
    total,
    page: pageNo,
    pages,
    prev: pageNo > 1 ? link(pageNo - 1) : undefined,
    next: pageNo < pages ? link(pageNo + 1) : undefined,
    error: state !== filter.state ? `Unknown state '${filter.state}': showing every state.` : undefined,
  };
  return page("executions", { title: "Executions", nav: "executions" }, data);
}

/** the Pause task an execution waits on, with its `onResume` input definitions */
async function pausedTask(deps: ServerDeps, e: Execution): Promise<{ taskId: string; inputs: InputDef[] } | undefined> {
  if (e.state.current !== "PAUSED") return undefined;
  const run = [...e.taskRunList].reverse().find((t) => t.state.current === "PAUSED");
  if (!run) return undefined;
  const stored = await deps.engine.getFlow(e.tenantId, e.namespace, e.flowId, e.flowRevision);
  const flow = stored ? deps.engine.validateFlow(stored.source).flow : undefined;
  const task = flow ? findTask(flow, run.taskId) : undefined;
  return { taskId: run.taskId, inputs: (task?.onResume as InputDef[] | undefined) ?? [] };
}

interface Extra {
  flash?: { kind: "error" | "ok"; text: string };
  resumeValues?: Record<string, string>;
  status?: number;
}

async function executionPage(deps: ServerDeps, e: Execution, request: Request, extra: Extra = {}) {
  const p = { namespace: e.namespace, flowId: e.flowId, id: e.id };
  const view = executionView(e, await deps.engine.getLogs(e.id), {
    pageUrl: pageUrl(p),
    flowUrl: `/ui/main/flows/${seg(e.namespace)}/${seg(e.flowId)}?revision=${e.flowRevision}`,
    streamUrl: `${pageUrl(p)}/logs/stream`,
    downloadUrl: `/api/v1/main/logs/${seg(e.id)}/download`,
    now: new Date(),
    level: one(queryObject(request.url).level).toUpperCase(),
    paused: await pausedTask(deps, e),
    flash: extra.flash,
    resumeValues: extra.resumeValues,
  });
  return page("execution", { title: `${e.flowId} ${e.state.current}`, nav: "executions" }, view, extra.status);
}

/** the execution of the URL, or undefined when it does not exist under that namespace and flow */
async function find(deps: ServerDeps, p: Params): Promise<Execution | undefined> {
  const e = await deps.engine.getExecution(p.id);
  return e && e.namespace === p.namespace && e.flowId === p.flowId ? e : undefined;
}

const notFound = () =>
  messagePage(404, "Execution not found", "No execution has this id in this flow.", {
    href: "/ui/main/executions",
    label: "Back to the executions",
  });

/** answers a failed action with the page and the error, else goes back to the page */
async function after(deps: ServerDeps, p: Params, request: Request, error?: PerchError, extra: Extra = {}) {
  if (!error) return seeOther(pageUrl(p));
  const e = await find(deps, p);
  if (!e) return notFound();
  const status = error.code === "EXECUTION_NOT_FOUND" ? 404 : error.code === "INVALID_INPUTS" ? 422 : 409;
  return executionPage(deps, e, request, { ...extra, flash: { kind: "error", text: error.message }, status });
}

export function uiExecutionRoutes(deps: ServerDeps) {
  const { engine } = deps;
  return new Elysia({ prefix: "/executions" })
    .get("", ({ request }) => listPage(deps, request))
    .get("/:namespace/:flowId/:id", async ({ params, request }) => {
      const e = await find(deps, params);
      return e ? executionPage(deps, e, request) : notFound();
    })
    .get("/:namespace/:flowId/:id/logs/stream", async ({ params, request }) => {
      if (!(await find(deps, params))) return notFound();
      return logStream(deps, params.id, request);
    })
    .post(
      "/:namespace/:flowId/:id/kill",
      async ({ params, request }) => {
        const refused = crossSite(request);
        if (refused) return refused;
        if (!(await find(deps, params))) return notFound();
        const r = await engine.killExecution(params.id);
        return after(deps, params, request, "error" in r ? r.error : undefined);
      },
      { parse: "none" },
    )
    .post(
      "/:namespace/:flowId/:id/resume",
      async ({ params, request }) => {
        const refused = crossSite(request);
        if (refused) return refused;
        if (!(await find(deps, params))) return notFound();
        const inputs = await readInputs(request, deps.maxBodySize);
        if (inputs instanceof PerchError) return after(deps, params, request, inputs);
        const typed = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, String(v)]));
        // an empty field is an input not given (its default applies, or it is reported as required)
        const given = Object.fromEntries(Object.entries(typed).filter(([, v]) => v !== ""));
        const r = await engine.resumeExecution(params.id, given);
        return after(deps, params, request, "error" in r ? r.error : undefined, { resumeValues: typed });
      },
      { parse: "none" },
    )
    .post(
      "/:namespace/:flowId/:id/restart",
      async ({ params, request }) => {
        const refused = crossSite(request);
        if (refused) return refused;
        if (!(await find(deps, params))) return notFound();
        const r = await engine.restartExecution(params.id);
        if ("error" in r) return after(deps, params, request, r.error);
        return seeOther(pageUrl({ namespace: r.execution.namespace, flowId: r.execution.flowId, id: r.execution.id }));
      },
      { parse: "none" },
    );
}
