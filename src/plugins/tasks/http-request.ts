/**
 * Sends an HTTP request and returns the response: `uri` (after redirects), `code`, `headers` (lower-case name →
 * list of values) and `body` (raw text: parse it with `fromJson()` or `jq`). A status ≥ 400 fails the task unless
 * `options.allowFailed`; `options.allowedResponseCodes` lists exactly the codes that pass. A kill or the task
 * `timeout` aborts the request on the wire. Bodies over 10 MiB fail the task.
 *
 * @example
 * - id: notify
 *   type: io.kestra.plugin.core.http.Request
 *   uri: https://api.example.com/orders
 *   method: POST
 *   body: "{{ trigger.body }}"
 *   options:
 *     timeout: { connectTimeout: PT5S, readIdleTimeout: PT30S }
 *     auth: { type: BEARER, token: "{{ secret('API_TOKEN') }}" }
 */
import { type Static, Type } from "@sinclair/typebox";
import { parseIsoDuration } from "../../lib/duration.ts";
import { decodeBody, headerLists, readBounded, urlForLogs } from "../../lib/http-response.ts";
import { type TaskContext, TaskFailure, type TaskPlugin } from "../sdk.ts";

/** responses larger than this fail the task (outputs are stored with the execution) */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Kestra's default `options.timeout.readIdleTimeout` */
const DEFAULT_READ_IDLE = "PT5M";
/** charsets a request body can be encoded in (name as written, lower case → Buffer encoding) */
const BODY_CHARSETS: Record<string, BufferEncoding> = {
  "utf-8": "utf8",
  utf8: "utf8",
  "iso-8859-1": "latin1",
  latin1: "latin1",
  "us-ascii": "ascii",
  ascii: "ascii",
  "utf-16le": "utf16le",
};

const template = Type.String({ pattern: "\\{\\{", description: "a template rendered at run time" });
const flag = (description: string, def: boolean) =>
  Type.Optional(Type.Union([Type.Boolean(), template], { description, default: def }));
const duration = (description: string) => Type.Optional(Type.String({ format: "duration", description }));
const scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const multi = Type.Union([scalar, Type.Array(scalar)]);

const options = Type.Object(
  {
    timeout: Type.Optional(
      Type.Object(
        {
          connectTimeout: duration("time allowed to connect (ISO-8601); no default"),
          readIdleTimeout: duration("time the connection may stay without data before failing (default PT5M)"),
        },
        { additionalProperties: false, description: "The timeout configuration." },
      ),
    ),
    connectTimeout: duration("deprecated: use timeout.connectTimeout"),
    readTimeout: duration("deprecated: use timeout.readIdleTimeout"),
    followRedirects: flag("Whether redirects are followed; when false a 3xx is returned as is.", true),
    allowFailed: flag("If true, a response code >= 400 does not fail the task.", false),
    allowedResponseCodes: Type.Optional(
      Type.Union([Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), { minItems: 1 }), template], {
        description: "When set, exactly these response codes pass; any other fails the task.",
      }),
    ),
    auth: Type.Optional(
      Type.Object(
        {
          type: Type.Union([Type.Literal("BASIC"), Type.Literal("BEARER")], { description: "BASIC or BEARER" }),
          username: Type.Optional(Type.String({ description: "BASIC: the user name" })),
          password: Type.Optional(Type.String({ description: "BASIC: the password (never logged)" })),
          token: Type.Optional(Type.String({ description: "BEARER: the token (never logged)" })),
        },
        { additionalProperties: false, description: "The authentication to use (sets the Authorization header)." },
      ),
    ),
    defaultCharset: Type.Optional(
      Type.String({ default: "UTF-8", description: "Charset of the request body, and of a response that names none." }),
    ),
  },
  { additionalProperties: false, description: "The HTTP request options." },
);

const schema = Type.Object({
  uri: Type.String({ minLength: 1, description: "The fully-qualified http(s) URI to call." }),
  method: Type.Optional(Type.String({ default: "GET", description: "The HTTP method (GET, POST, PUT, PATCH…)." })),
  body: Type.Optional(
    Type.Unknown({ description: "The full body: a string is sent as is; any other value is sent as JSON." }),
  ),
  formData: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description: "Form fields, URL-encoded unless contentType is multipart/form-data; sent instead of body.",
    }),
  ),
  params: Type.Optional(
    Type.Record(Type.String(), multi, { description: "Query parameters added to the uri; a list repeats one." }),
  ),
  contentType: Type.Optional(
    Type.String({ default: "application/json", description: "The request content type (when a body is sent)." }),
  ),
  headers: Type.Optional(
    Type.Record(Type.String(), multi, { description: "The headers to send; a list sends a header several times." }),
  ),
  options: Type.Optional(options),
  allowFailed: flag("deprecated: use options.allowFailed", false),
});

type Config = Static<typeof schema>;
type Options = Static<typeof options>;

function renderFlag(value: unknown, where: string, def: boolean, ctx: TaskContext): boolean {
  if (value === undefined || value === null) return def;
  if (typeof value === "boolean") return value;
  const text = ctx.renderString(String(value)).trim();
  if (text === "true" || text === "false") return text === "true";
  throw new TaskFailure(`${where} must render to true or false, got '${text}'`);
}

function renderCodes(value: Options["allowedResponseCodes"], ctx: TaskContext): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  const text = ctx.renderString(value).trim();
  let codes: number[] = [];
  try {
    codes = (text.startsWith("[") ? (JSON.parse(text) as unknown[]) : text.split(",")).map((p) => Number(String(p)));
  } catch {
    codes = [];
  }
  if (codes.length === 0 || codes.some((c) => !Number.isInteger(c) || c < 100 || c > 599))
    throw new TaskFailure(`options.allowedResponseCodes must be a list of status codes, got '${text}'`);
  return codes;
}

/** a rendered ISO duration: its text and milliseconds */
function renderDuration(value: string | undefined, where: string, ctx: TaskContext) {
  if (value === undefined || value === null) return undefined;
  const text = ctx.renderString(value).trim();
  const ms = parseIsoDuration(text);
  if (ms === undefined || ms <= 0) throw new TaskFailure(`${where}: invalid duration '${text}' (expected e.g. PT30S)`);
  return { text, ms };
}

/** appends rendered values (a list repeats the name) to headers or query parameters */
function addAll(target: { append(k: string, v: string): void }, map: unknown, where: string) {
  if (map === undefined || map === null) return;
  for (const [k, v] of Object.entries(map as Record<string, unknown>)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one === undefined || one === null) continue;
      try {
        target.append(k, typeof one === "string" ? one : JSON.stringify(one));
      } catch (e) {
        throw new TaskFailure(`${where}.${k}: ${(e as Error).message}`);
      }
    }
  }
}

function authorization(o: Options | undefined, ctx: TaskContext): string | undefined {
  const auth = o?.auth;
  if (!auth) return undefined;
  if (auth.type === "BEARER") {
    if (!auth.token) throw new TaskFailure("options.auth: type BEARER needs a `token`");
    return `Bearer ${ctx.renderString(auth.token)}`;
  }
  if (!auth.username) throw new TaskFailure("options.auth: type BASIC needs a `username`");
  const pair = `${ctx.renderString(auth.username)}:${ctx.renderString(auth.password ?? "")}`;
  return `Basic ${Buffer.from(pair, "utf8").toString("base64")}`;
}

interface Built {
  url: URL;
  init: RequestInit;
  formData?: Record<string, unknown>;
}

function build(config: Config, ctx: TaskContext): Built {
  const text = ctx.renderString(config.uri).trim().replaceAll(" ", "%20");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TaskFailure(`uri: invalid URI '${text}' (expected e.g. https://example.com/path)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new TaskFailure(`uri: only http and https are supported, got '${url.protocol}'`);
  addAll(url.searchParams, ctx.render(config.params), "params");
  const method = ctx
    .renderString(config.method ?? "GET")
    .trim()
    .toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new TaskFailure(`method: invalid HTTP method '${method}'`);
  const charset = ctx.renderString(config.options?.defaultCharset ?? "UTF-8").trim();
  const encoding = BODY_CHARSETS[charset.toLowerCase()];
  if (!encoding)
    throw new TaskFailure(
      `options.defaultCharset: unsupported charset '${charset}' (UTF-8, ISO-8859-1, US-ASCII, UTF-16LE)`,
    );
  const headers = new Headers();
  addAll(headers, ctx.render(config.headers), "headers"); // a Content-Type given here wins
  const contentType = config.contentType === undefined ? undefined : ctx.renderString(config.contentType).trim();
  let body: RequestInit["body"];
  let formData: Record<string, unknown> | undefined;
  if (config.formData !== undefined && config.formData !== null && Object.keys(config.formData).length > 0) {
    if (config.body !== undefined) ctx.logger.warn("Both `body` and `formData` are set: `formData` is sent");
    formData = ctx.render(config.formData) as Record<string, unknown>;
    const multipart = contentType?.toLowerCase().startsWith("multipart/form-data") === true;
    const form = multipart ? new FormData() : new URLSearchParams();
    for (const [k, v] of Object.entries(formData)) {
      for (const one of multipart || !Array.isArray(v) ? [v] : v)
        form.append(k, typeof one === "string" ? one : JSON.stringify(one));
    }
    body = form; // fetch sets the content type (with the multipart boundary)
  } else if (config.body !== undefined && config.body !== null) {
    const rendered = ctx.render(config.body);
    const textBody = typeof rendered === "string" ? rendered : JSON.stringify(rendered);
    body = encoding === "utf8" ? textBody : Buffer.from(textBody, encoding);
    const type = contentType ?? "application/json";
    if (!headers.has("content-type"))
      headers.set("content-type", /charset=/i.test(type) ? type : `${type}; charset=${charset}`);
  } else if (contentType !== undefined && !headers.has("content-type")) headers.set("content-type", contentType);
  if (body !== undefined && (method === "GET" || method === "HEAD"))
    throw new TaskFailure(`method: a ${method} request cannot carry a body or formData; set \`method: POST\``);
  const auth = authorization(config.options, ctx);
  if (auth !== undefined) headers.set("authorization", auth);
  const follow = renderFlag(config.options?.followRedirects, "options.followRedirects", true, ctx);
  return { url, formData, init: { method, headers, body, redirect: follow ? "follow" : "manual" } };
}

export const httpRequest: TaskPlugin<typeof schema> = {
  kind: "task",
  type: "io.kestra.plugin.core.http.Request",
  aliases: ["io.kestra.plugin.fs.http.Request"],
  title: "HTTP Request",
  description:
    "Sends an HTTP request; outputs uri, code, headers (name → list) and body (raw text). A code ≥ 400 fails the task unless options.allowFailed.",
  schema,
  outputSchema: Type.Object({
    uri: Type.String({ description: "The URI of the response (after redirects)" }),
    code: Type.Integer({ description: "The status code of the response" }),
    headers: Type.Record(Type.String(), Type.Array(Type.String()), { description: "lower-case name → values" }),
    body: Type.Union([Type.String(), Type.Null()], { description: "The raw body text (null when none)" }),
    formData: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "The form data sent" })),
  }),
  examples: [
    {
      title: "Post the webhook body as JSON, with a bearer token",
      code: 'id: notify\ntype: io.kestra.plugin.core.http.Request\nuri: https://api.example.com/orders\nmethod: POST\nbody: "{{ trigger.body }}"\noptions:\n  auth:\n    type: BEARER\n    token: "{{ secret(\'API_TOKEN\') }}"',
    },
  ],
  async run(config, ctx) {
    const { url, init, formData } = build(config, ctx);
    const o = config.options;
    const allowFailed =
      renderFlag(o?.allowFailed, "options.allowFailed", false, ctx) ||
      renderFlag(config.allowFailed, "allowFailed", false, ctx);
    const allowed = renderCodes(o?.allowedResponseCodes, ctx);
    const idle = renderDuration(
      o?.timeout?.readIdleTimeout ?? o?.readTimeout ?? DEFAULT_READ_IDLE,
      "options.timeout.readIdleTimeout",
      ctx,
    )!;
    const connect = renderDuration(
      o?.timeout?.connectTimeout ?? o?.connectTimeout,
      "options.timeout.connectTimeout",
      ctx,
    );
    const charset = ctx.renderString(o?.defaultCharset ?? "UTF-8");
    const where = `${init.method} ${urlForLogs(url)}`;
    // a signal of our own for the idle timer, combined with the task's (kill, task timeout)
    const local = new AbortController();
    const signal = AbortSignal.any([ctx.signal, local.signal]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms: number, message: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => local.abort(new TaskFailure(message)), ms);
    };
    const fail = (e: unknown): Error => {
      if (ctx.signal.aborted) return ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error("Aborted");
      if (local.signal.aborted) return local.signal.reason as Error;
      if (e instanceof TaskFailure) return e;
      return new TaskFailure(`Request ${where} failed: ${e instanceof Error ? e.message : String(e)}`);
    };
    ctx.logger.debug(`Sending ${where}`);
    try {
      // fetch does not show the connect phase apart: until the headers arrive, both limits add up
      const limits = connect ? `${connect.text} + ${idle.text}` : idle.text;
      arm((connect?.ms ?? 0) + idle.ms, `No response from ${where} within ${limits} (readIdleTimeout)`);
      const res = await fetch(url, { ...init, signal });
      const idleMessage = `No data from ${where} for ${idle.text} (readIdleTimeout)`;
      arm(idle.ms, idleMessage);
      const tooLarge = `Response body of ${where} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB: use a download task instead`;
      const bytes = await readBounded(res, MAX_BODY_BYTES, () => arm(idle.ms, idleMessage));
      if (bytes === "too-large") throw new TaskFailure(tooLarge);
      const body = bytes && decodeBody(bytes, res.headers.get("content-type"), charset);
      const code = res.status;
      ctx.logger.debug(`${where} answered ${code} (${bytes === null ? "no body" : `${bytes.byteLength} bytes`})`);
      if (!(allowed ? allowed.includes(code) : allowFailed || code < 400)) {
        if (body) ctx.logger.debug(`Response body: ${body.length > 2000 ? `${body.slice(0, 2000)}…` : body}`);
        throw new TaskFailure(`Failed http request with response code '${code}'`);
      }
      const outputs: Record<string, unknown> = {
        uri: res.url || url.href,
        code,
        headers: headerLists(res.headers),
        body,
      };
      if (formData !== undefined) outputs.formData = formData;
      return { outputs };
    } catch (e) {
      throw fail(e);
    } finally {
      clearTimeout(timer);
      // closes the connection when we stopped early (too large, failed status not read to the end…)
      if (!local.signal.aborted) local.abort(new Error("request finished"));
    }
  },
};
