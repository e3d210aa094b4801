/** Answers of the web UI routes: HTML pages with safe headers, message pages, redirects after a form post. */
import { type PageHead, type PageName, renderPage } from "../../ui/templates.ts";

/** pages may load our own script, style and requests only (inline `style` attributes size the Gantt bars) */
const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "cache-control": "no-store",
};

/** an HTML page answer */
export function page(name: PageName, head: PageHead, data: object, status = 200): Response {
  return new Response(renderPage(name, head, data), { status, headers: HEADERS });
}

/** a page saying what went wrong (404 of an unknown execution or flow, a failed action...) */
export function messagePage(status: number, heading: string, text: string, back?: { href: string; label: string }) {
  return page("message", { title: heading }, { heading, text, kind: status >= 400 ? "error" : "ok", back }, status);
}

/** after a successful form post: back to a page with GET (303) */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}

/** `/a/b` path segment, encoded */
export const seg = (s: string) => encodeURIComponent(s);
