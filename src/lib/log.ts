/**
 * The server's own log (not execution logs): one line per event on stderr, readable by default,
 * JSON lines with `format: "json"`.
 *
 * @example
 * const log = createLogger({ format: "text" });
 * log.info("webhook.accepted", { flow: "company.team/webhook_flow", execution: "4VtQ9n1lH5kS1cTj0Ybq3A" });
 * // 2026-11-27T07:30:00.000Z INFO webhook.accepted flow=company.team/webhook_flow execution=4VtQ9n1lH5kS1cTj0Ybq3A
 */
export type LogFields = Record<string, unknown>;
export type ServerLogLevel = "debug" | "info" | "warn" | "error";

export interface ServerLogger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const ORDER: Record<ServerLogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function textValue(v: unknown): string {
  const s = typeof v === "string" ? v : v instanceof Error ? v.message : JSON.stringify(v);
  return /[\s"=]/.test(s ?? "") ? JSON.stringify(s) : String(s);
}

export function createLogger(options: {
  format?: "text" | "json";
  level?: ServerLogLevel;
  write?: (line: string) => void;
  now?: () => Date;
}): ServerLogger {
  const format = options.format ?? "text";
  const min = ORDER[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const emit = (level: ServerLogLevel, event: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const ts = now().toISOString();
    if (format === "json") {
      const f: LogFields = {};
      for (const [k, v] of Object.entries(fields ?? {})) f[k] = v instanceof Error ? v.message : v;
      write(JSON.stringify({ ts, level, event, ...f }));
      return;
    }
    let line = `${ts} ${level.toUpperCase()} ${event}`;
    for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined) line += ` ${k}=${textValue(v)}`;
    write(line);
  };
  return {
    debug: (e, f) => emit("debug", e, f),
    info: (e, f) => emit("info", e, f),
    warn: (e, f) => emit("warn", e, f),
    error: (e, f) => emit("error", e, f),
  };
}

/** A logger that drops everything (tests that do not look at the server log). */
export const silentLogger: ServerLogger = { debug() {}, info() {}, warn() {}, error() {} };
