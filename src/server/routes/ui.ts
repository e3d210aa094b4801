/**
 * A plain server-rendered execution page at `/ui/main/executions/{namespace}/{flowId}/{id}`: state and histories,
 * task runs, outputs, trigger variables and logs. Every value goes through `html`, which escapes it.
 */
import { Elysia } from "elysia";
import type { Execution, LogEntry } from "../../model/execution.ts";
import type { ServerDeps } from "../deps.ts";
import { logLine } from "./logs.ts";

class Safe {
  constructor(readonly text: string) {}
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: unknown): string {
  const s = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value, null, 2);
  return (s ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** tagged template: interpolations are escaped, except `html` results and arrays of them */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Safe {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const parts = Array.isArray(v) ? v : [v];
    for (const p of parts) out += p instanceof Safe ? p.text : escapeHtml(p);
    out += strings[i + 1]!;
  });
  return new Safe(out);
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:.6rem;overflow:auto}
.SUCCESS{color:#197a31}.FAILED,.KILLED{color:#b3261e}.WARNING{color:#a15c00}.RUNNING,.CREATED{color:#1a5fb4}`;

function page(title: string, body: Safe): Response {
  const doc = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>${new Safe(STYLE)}</style></head><body>${body}</body></html>`;
  return new Response(doc.text, { headers: { "content-type": "text/html; charset=utf-8" } });
}

export function executionPage(e: Execution, logs: LogEntry[]): Response {
  const histories = e.state.histories.map(
    (h) => html`<tr><td class="${h.state}">${h.state}</td><td>${h.date}</td></tr>`,
  );
  const taskRuns = e.taskRunList.map(
    (t) => html`<tr><td>${t.taskId}</td><td>${t.value ?? ""}</td><td class="${t.state.current}">${t.state.current}</td>
<td>${t.state.histories[0]?.date ?? ""}</td><td><pre>${t.outputs ?? {}}</pre></td></tr>`,
  );
  const body = html`<h1>${e.namespace} / ${e.flowId}</h1>
<p>Execution <code>${e.id}</code>, revision ${String(e.flowRevision)}: <strong class="${e.state.current}">${e.state.current}</strong></p>
<h2>State history</h2><table><tr><th>state</th><th>date</th></tr>${histories}</table>
<h2>Labels</h2><table>${e.labels.map((l) => html`<tr><td>${l.key}</td><td>${l.value}</td></tr>`)}</table>
<h2>Inputs</h2><pre>${e.inputs ?? {}}</pre>
<h2>Task runs</h2><table><tr><th>task</th><th>value</th><th>state</th><th>started</th><th>outputs</th></tr>${taskRuns}</table>
<h2>Outputs</h2><pre>${e.outputs ?? {}}</pre>
<h2>Trigger</h2><p>${e.trigger ? `${e.trigger.id} (${e.trigger.type})` : "none"}</p><pre>${e.trigger?.variables ?? {}}</pre>
<h2>Logs</h2><pre>${logs.map(logLine).join("\n")}</pre>`;
  return page(`${e.flowId} ${e.id}`, body);
}

function notFound(): Response {
  const r = page("Not found", html`<h1>Execution not found</h1>`);
  return new Response(r.body, { status: 404, headers: r.headers });
}

export function uiRoutes(deps: ServerDeps) {
  return new Elysia({ prefix: "/ui/main" }).get("/executions/:namespace/:flowId/:id", async ({ params }) => {
    const e = await deps.engine.getExecution(params.id);
    if (!e || e.namespace !== params.namespace || e.flowId !== params.flowId) return notFound();
    return executionPage(e, await deps.engine.getLogs(e.id));
  });
}
