/**
 * The safety rule of `perch server`: listening on an address other people can reach (not loopback) without any
 * authentication exposes every execution, log and flow. It is refused unless auth is configured or the operator
 * says `--insecure-no-auth` (e.g. behind a reverse proxy that authenticates).
 *
 * @example
 * const why = exposureError(config);
 * if (why) { console.error(why); process.exit(2); }
 */
import type { ServerConfig } from "./schema.ts";

/** true for 127.0.0.0/8, ::1 (also bracketed or IPv4-mapped) and `localhost` */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** the refusal message, or undefined when the configuration may start */
export function exposureError(
  config: Pick<ServerConfig, "host" | "authUser" | "authToken" | "insecureNoAuth">,
): string | undefined {
  if (isLoopback(config.host) || config.insecureNoAuth) return undefined;
  if (config.authUser !== undefined || config.authToken !== undefined) return undefined;
  return (
    `refusing to listen on ${config.host} without authentication: anyone who reaches this address could read ` +
    "executions and logs and change flows. Configure auth (--auth-token or PERCH_AUTH_TOKEN, or --auth-user and " +
    "--auth-password / PERCH_AUTH_USER and PERCH_AUTH_PASSWORD), or listen on 127.0.0.1, or pass " +
    "--insecure-no-auth (PERCH_INSECURE_NO_AUTH=true) when a proxy in front authenticates"
  );
}
