/**
 * Optional authentication of the management API, `/metrics`, the API docs and the UI: HTTP basic auth
 * (`user` + `password`), a bearer token (`Authorization: Bearer <token>`), or both (either one is accepted).
 * Webhook URLs stay open (their key is their protection, as in Kestra's default `open-urls`), and so do `/health`
 * and the flow JSON Schema (`/api/v1/schemas/flow.json`, so editors can fetch it). Credentials are compared in
 * constant time (SHA-256 digests of the same length through `timingSafeEqual`) and never logged.
 *
 * @example
 * const guard = authGuard({ token: process.env.PERCH_AUTH_TOKEN });
 * guard(request, "/api/v1/main/executions/search"); // a 401 Response, or undefined to go on
 */
import { createHash, timingSafeEqual } from "node:crypto";

export interface AuthConfig {
  /** basic auth user (with `password`) */
  user?: string;
  password?: string;
  /** bearer token */
  token?: string;
}

/** the former name of AuthConfig (basic auth only), still used by ServerDeps */
export type BasicAuth = AuthConfig;

const OPEN = /^\/api\/v1\/(?:[^/]+\/)?executions\/webhook\//;
const OPEN_EXACT = new Set(["/health", "/api/v1/schemas/flow.json"]);
const digest = (s: string) => createHash("sha256").update(s).digest();

export function isOpenPath(path: string): boolean {
  return OPEN_EXACT.has(path) || OPEN.test(path);
}

/** true when `auth` asks for any credentials */
export function authEnabled(auth: AuthConfig | undefined): auth is AuthConfig {
  return auth !== undefined && (auth.user !== undefined || auth.token !== undefined);
}

/** a guard answering 401 (with `WWW-Authenticate` challenges) unless the request carries valid credentials */
export function authGuard(auth: AuthConfig): (request: Request, path: string) => Response | undefined {
  const basic = auth.user !== undefined ? digest(`${auth.user}:${auth.password ?? ""}`) : undefined;
  const bearer = auth.token !== undefined ? digest(auth.token) : undefined;
  const challenge = [basic && 'Basic realm="perch"', bearer && 'Bearer realm="perch"'].filter(Boolean).join(", ");
  return (request, path) => {
    if (isOpenPath(path)) return undefined;
    const header = request.headers.get("authorization") ?? "";
    const scheme = header.slice(0, 7).toLowerCase();
    if (basic && scheme.startsWith("basic ")) {
      let given = "";
      try {
        given = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
      } catch {
        given = "";
      }
      if (timingSafeEqual(digest(given), basic)) return undefined;
    }
    if (bearer && scheme === "bearer ") {
      if (timingSafeEqual(digest(header.slice(7).trim()), bearer)) return undefined;
    }
    return new Response(JSON.stringify({ message: "Unauthorized", _links: { self: { href: path } } }), {
      status: 401,
      headers: { "content-type": "application/json", "www-authenticate": challenge },
    });
  };
}
