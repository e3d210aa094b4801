/**
 * The server's configuration: the resolved shape (TypeBox) and the table of options that says, for each, its flag,
 * environment variable, place in the config file, default and parser. Help texts are generated from the table.
 *
 * Config file (YAML), every key optional:
 * ```yaml
 * server: { host: 127.0.0.1, port: 8080, url: https://perch.example.com, maxBodySize: 10MiB, waitLimit: PT10M,
 *           shutdownTimeout: PT10S, insecureNoAuth: false, auth: { user: admin, password: s3cret, token: t0k3n } }
 * data: /var/lib/perch
 * retention: P30D
 * flows: /etc/perch/flows
 * log: { format: json }
 * timezone: Europe/Paris
 * workers: 8
 * ```
 */
import { type Static, Type } from "@sinclair/typebox";
import { boolean, byteSize, duration, httpUrl, integer, oneOf, port, retention, text, timeZone } from "./values.ts";

export const ServerConfig = Type.Object({
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  /** public base URL; absent → http://host:port */
  url: Type.Optional(Type.String()),
  data: Type.String({ minLength: 1 }),
  flows: Type.Optional(Type.String()),
  logFormat: Type.Union([Type.Literal("text"), Type.Literal("json")]),
  timezone: Type.Optional(Type.String()),
  waitLimitMs: Type.Integer({ minimum: 0 }),
  maxBodySize: Type.Integer({ minimum: 1 }),
  workers: Type.Integer({ minimum: 1 }),
  /** basic auth on the API and UI (both or neither) */
  authUser: Type.Optional(Type.String()),
  authPassword: Type.Optional(Type.String()),
  /** bearer token on the API and UI (alone or beside basic auth) */
  authToken: Type.Optional(Type.String()),
  /** listen on a non-loopback host without auth (behind a proxy that authenticates) */
  insecureNoAuth: Type.Boolean(),
  /** age past which ended executions and their logs are purged; 0 disables */
  retentionMs: Type.Integer({ minimum: 0 }),
  /** longest graceful shutdown before the process exits anyway, ms */
  shutdownTimeoutMs: Type.Integer({ minimum: 0 }),
});
export type ServerConfig = Static<typeof ServerConfig>;

const Num = Type.Union([Type.Integer(), Type.String()]);

/** shape of the YAML config file (values are checked one by one afterwards, with the option parsers) */
export const ConfigFile = Type.Object(
  {
    server: Type.Optional(
      Type.Object(
        {
          host: Type.Optional(Type.String()),
          port: Type.Optional(Num),
          url: Type.Optional(Type.String()),
          maxBodySize: Type.Optional(Num),
          waitLimit: Type.Optional(Type.String()),
          shutdownTimeout: Type.Optional(Type.String()),
          insecureNoAuth: Type.Optional(Type.Union([Type.Boolean(), Type.String()])),
          auth: Type.Optional(
            Type.Object(
              {
                user: Type.Optional(Type.String()),
                password: Type.Optional(Type.String()),
                token: Type.Optional(Type.String()),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    data: Type.Optional(Type.String()),
    flows: Type.Optional(Type.String()),
    log: Type.Optional(Type.Object({ format: Type.Optional(Type.String()) }, { additionalProperties: false })),
    timezone: Type.Optional(Type.String()),
    workers: Type.Optional(Num),
    retention: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
  },
  { additionalProperties: false },
);

export interface OptionSpec {
  key: keyof ServerConfig;
  flag: string;
  env: string;
  /** dotted path in the config file */
  file: string;
  /** default as shown in help; undefined: none (or computed) */
  shownDefault?: string;
  default?: unknown;
  /** value placeholder in help */
  arg: string;
  help: string;
  parse: (v: unknown) => unknown;
  /** a path: relative values are resolved against the cwd (flags, env) or the config file's folder */
  path?: boolean;
  /** a flag without value (`--insecure-no-auth`); env and file take true/false */
  boolean?: boolean;
}

export const SERVER_OPTIONS: OptionSpec[] = [
  {
    key: "flows",
    flag: "flows",
    env: "PERCH_FLOWS",
    file: "flows",
    arg: "DIR",
    help: "folder of flow files (*.yml, *.yaml), loaded recursively and watched",
    parse: text,
    path: true,
  },
  {
    key: "data",
    flag: "data",
    env: "PERCH_DATA",
    file: "data",
    arg: "DIR",
    default: ".perch",
    shownDefault: ".perch",
    help: "data folder (SQLite database perch.db)",
    parse: text,
    path: true,
  },
  {
    key: "host",
    flag: "host",
    env: "PERCH_HOST",
    file: "server.host",
    arg: "HOST",
    default: "127.0.0.1",
    shownDefault: "127.0.0.1",
    help: "address to listen on",
    parse: text,
  },
  {
    key: "port",
    flag: "port",
    env: "PERCH_PORT",
    file: "server.port",
    arg: "N",
    default: 8080,
    shownDefault: "8080",
    help: "port to listen on (0 picks a free one)",
    parse: port,
  },
  {
    key: "url",
    flag: "url",
    env: "PERCH_URL",
    file: "server.url",
    arg: "URL",
    shownDefault: "http://HOST:PORT",
    help: "public base URL used in answers (url, logFile, Location)",
    parse: httpUrl,
  },
  {
    key: "logFormat",
    flag: "log-format",
    env: "PERCH_LOG_FORMAT",
    file: "log.format",
    arg: "text|json",
    default: "text",
    shownDefault: "text",
    help: "server log format on stderr",
    parse: oneOf(["text", "json"] as const),
  },
  {
    key: "timezone",
    flag: "timezone",
    env: "PERCH_TIMEZONE",
    file: "timezone",
    arg: "ZONE",
    shownDefault: "the system's",
    help: "IANA time zone for date conditions and filters",
    parse: timeZone,
  },
  {
    key: "waitLimitMs",
    flag: "wait-limit",
    env: "PERCH_WAIT_LIMIT",
    file: "server.waitLimit",
    arg: "DURATION",
    default: 600_000,
    shownDefault: "PT10M",
    help: "longest wait of a `wait: true` webhook before answering 202",
    parse: duration,
  },
  {
    key: "maxBodySize",
    flag: "max-body-size",
    env: "PERCH_MAX_BODY_SIZE",
    file: "server.maxBodySize",
    arg: "BYTES",
    default: 10 * 1024 * 1024,
    shownDefault: "10MiB",
    help: "largest request body (larger: 413)",
    parse: byteSize,
  },
  {
    key: "workers",
    flag: "workers",
    env: "PERCH_WORKERS",
    file: "workers",
    arg: "N",
    default: 8,
    shownDefault: "8",
    help: "tasks run at once",
    parse: integer(1, 1024),
  },
  {
    key: "authUser",
    flag: "auth-user",
    env: "PERCH_AUTH_USER",
    file: "server.auth.user",
    arg: "USER",
    help: "basic auth user for the API and UI (webhooks and /health stay open); needs --auth-password",
    parse: text,
  },
  {
    key: "authPassword",
    flag: "auth-password",
    env: "PERCH_AUTH_PASSWORD",
    file: "server.auth.password",
    arg: "PASSWORD",
    help: "basic auth password (prefer the env variable: flags show in `ps`)",
    parse: text,
  },
  {
    key: "authToken",
    flag: "auth-token",
    env: "PERCH_AUTH_TOKEN",
    file: "server.auth.token",
    arg: "TOKEN",
    help: "bearer token for the API and UI (`Authorization: Bearer TOKEN`); prefer the env variable",
    parse: text,
  },
  {
    key: "insecureNoAuth",
    flag: "insecure-no-auth",
    env: "PERCH_INSECURE_NO_AUTH",
    file: "server.insecureNoAuth",
    arg: "",
    default: false,
    help: "allow a non-loopback --host without auth (only behind a proxy that authenticates)",
    parse: boolean,
    boolean: true,
  },
  {
    key: "retentionMs",
    flag: "retention",
    env: "PERCH_RETENTION",
    file: "retention",
    arg: "DURATION|off",
    default: 30 * 86_400_000,
    shownDefault: "P30D",
    help: "ended executions and their logs older than this are purged in the background (0 or off: never)",
    parse: retention,
  },
  {
    key: "shutdownTimeoutMs",
    flag: "shutdown-timeout",
    env: "PERCH_SHUTDOWN_TIMEOUT",
    file: "server.shutdownTimeout",
    arg: "DURATION",
    default: 10_000,
    shownDefault: "PT10S",
    help: "on SIGTERM/SIGINT, longest wait for in-flight calls and tasks before exiting",
    parse: duration,
  },
];
