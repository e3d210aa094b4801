/**
 * The web UI under `/ui/main`: executions (list, and the page at the webhook answer's `url`), flows, and their
 * static assets. Pages are eta templates (src/ui/) rendered on the server; they read without JavaScript, and
 * src/ui/enhance.client.js adds live updates. Every value is escaped by the templates. Behind basic auth when the
 * server has it (auth.ts guards every path but webhooks and /health).
 */
import { Elysia } from "elysia";
import { ASSETS } from "../../ui/templates.ts";
import type { ServerDeps } from "../deps.ts";
import { uiExecutionRoutes } from "./ui-executions.ts";
import { uiFlowRoutes } from "./ui-flows.ts";
import { seeOther } from "./ui-page.ts";

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

export function uiRoutes(deps: ServerDeps) {
  const home = () => seeOther("/ui/main/executions");
  // `/ui` itself is hidden from the OpenAPI document (which leaves out `/ui/...`): pages, not API
  const hide = { detail: { hide: true } };
  return new Elysia().get("/ui", home, hide).get("/ui/", home, hide).use(pages(deps, home));
}

function pages(deps: ServerDeps, home: () => Response) {
  return new Elysia({ prefix: "/ui/main" })
    .get("", home)
    .get("/", home)
    .get("/assets/:name", ({ params }) => {
      const asset = ASSETS[params.name];
      if (!asset) return new Response("Not found", { status: 404 });
      return new Response(asset.text, {
        headers: { "content-type": asset.type, "cache-control": "no-cache", "x-content-type-options": "nosniff" },
      });
    })
    .use(uiExecutionRoutes(deps))
    .use(uiFlowRoutes(deps));
}
