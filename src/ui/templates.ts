/**
 * The eta templates and static assets of the web pages, embedded as text at build time (so `dist/perch` needs no
 * file beside it) and compiled once.
 *
 * Eta compiles a template to a function with `new Function`. That is acceptable here because the template TEXT is
 * ours: fixed files of this folder, never a request body, never user data. User data only ever arrives as `it.*`
 * values, printed with `<%= %>`, which escapes. `<%~ %>` (raw) is used only for HTML that our own code produced
 * (a rendered partial, the highlighter's escaped spans).
 *
 * @example
 * const html = renderPage("executions", { title: "Executions", nav: "executions" }, { rows: [] });
 */
import { Eta } from "eta/core";
import base from "./base.css" with { type: "text" };
import components from "./components.css" with { type: "text" };
import script from "./enhance.client.js" with { type: "text" };
import execution from "./execution.eta" with { type: "text" };
import executionLive from "./execution-live.eta" with { type: "text" };
import executions from "./executions.eta" with { type: "text" };
import flow from "./flow.eta" with { type: "text" };
import flowTriggers from "./flow-triggers.eta" with { type: "text" };
import flows from "./flows.eta" with { type: "text" };
import layout from "./layout.eta" with { type: "text" };
import message from "./message.eta" with { type: "text" };
import pages from "./pages.css" with { type: "text" };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const SOURCES = { execution, executions, flow, flows, message };

export type PageName = keyof typeof SOURCES;

/** compiled on the first page served: a server that only answers webhooks never pays for the UI */
let compiled:
  | { eta: Eta; pages: Record<PageName, ReturnType<Eta["compile"]>>; layout: ReturnType<Eta["compile"]> }
  | undefined;

function templates() {
  if (compiled) return compiled;
  const eta = new Eta({
    autoEscape: true,
    useWith: false,
    escapeFunction: (v: unknown) =>
      v === undefined || v === null ? "" : String(v).replace(/[&<>"']/g, (c) => ESCAPES[c]!),
  });
  eta.loadTemplate("@execution-live", executionLive);
  eta.loadTemplate("@flow-triggers", flowTriggers);
  const pages = Object.fromEntries(
    Object.entries(SOURCES).map(([name, source]) => [name, eta.compile(source)]),
  ) as Record<PageName, ReturnType<Eta["compile"]>>;
  compiled = { eta, pages, layout: eta.compile(layout) };
  return compiled;
}

export interface PageHead {
  title: string;
  /** the header link marked as current */
  nav?: "executions" | "flows";
}

/** a whole HTML document: the page template inside the layout */
export function renderPage(name: PageName, head: PageHead, data: object): string {
  const { eta, pages, layout: frame } = templates();
  const body = eta.render(pages[name], data);
  return eta.render(frame, { ...head, body });
}

export const ASSETS: Record<string, { type: string; text: string }> = {
  // one stylesheet, kept in three files
  "style.css": { type: "text/css; charset=utf-8", text: `${base}\n${components}\n${pages}` },
  "enhance.js": { type: "text/javascript; charset=utf-8", text: script },
};
