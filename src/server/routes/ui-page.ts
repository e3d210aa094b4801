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

/**
 * Form posts of the UI change things (kill, resume, restart, trigger state, test requests): a browser must send
 * them from our own pages, never from another site riding on the operator's basic-auth session. Browsers say
 * where a request comes from (`Sec-Fetch-Site`, or `Origin`); clients that send neither (curl) are let through.
 */
export function crossSite(request: Request): Response | undefined {
  const site = request.headers.get("sec-fetch-site");
  let ok = site === null || site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  if (ok && site === null && origin !== null && origin !== "null") {
    const host = request.headers.get("host") ?? new URL(request.url).host;
    ok = URL.canParse(origin) && new URL(origin).host === host;
  }
  if (ok) return undefined;
  return messagePage(403, "Forbidden", "This form must be sent from perch's own pages.");
}
