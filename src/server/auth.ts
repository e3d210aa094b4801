/**
 * Optional HTTP basic auth on the API and the UI. Webhook URLs stay open (their key is their protection, as in
 * Kestra's default `open-urls`), and so does `/health`. Credentials are compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export interface BasicAuth {
  user: string;
  password: string;
}

const OPEN = /^\/api\/v1\/(?:[^/]+\/)?executions\/webhook\//;
const digest = (s: string) => createHash("sha256").update(s).digest();

export function isOpenPath(path: string): boolean {
  return path === "/health" || OPEN.test(path);
}

/** a guard answering 401 (with a `WWW-Authenticate` challenge) unless the request carries the credentials */
export function basicAuthGuard(auth: BasicAuth): (request: Request, path: string) => Response | undefined {
  const expected = digest(`${auth.user}:${auth.password}`);
  return (request, path) => {
    if (isOpenPath(path)) return undefined;
    const header = request.headers.get("authorization") ?? "";
    if (header.slice(0, 6).toLowerCase() === "basic ") {
      let given = "";
      try {
        given = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
      } catch {
        given = "";
      }
      if (timingSafeEqual(digest(given), expected)) return undefined;
    }
    return new Response(JSON.stringify({ message: "Unauthorized", _links: { self: { href: path } } }), {
      status: 401,
      headers: { "content-type": "application/json", "www-authenticate": 'Basic realm="perch"' },
    });
  };
}
