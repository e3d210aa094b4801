/**
 * One output line of a shell task: a `::{...}::` marker line (Kestra's convention) sets outputs, metrics or log
 * lines and is not logged itself; any other line is logged, stdout at INFO, stderr at ERROR (as Kestra ≥ 0.21 does).
 *
 * @example
 * // echo '::{"outputs":{"sum":3}}::'   → vars.sum = 3 (outputs.<taskId>.vars.sum)
 * // echo '::{"metrics":[{"name":"n","type":"counter","value":1}]}::'  → accepted, ignored (DEBUG log)
 * // echo '::{"logs":[{"level":"WARN","message":"careful"}]}::'        → a WARN log line "careful"
 */
export type ShellLogLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR";

/** where the lines go (a plugin's Logger fits) */
export interface ShellLogger {
  log(level: ShellLogLevel, message: string): void;
}

const MARKER = /^::(\{.*\})::$/;
const LEVELS = new Set<ShellLogLevel>(["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]);

/** merges marker outputs into `vars` (later lines win, key by key at the top level, like Kestra's putAll) */
export function handleLine(
  stream: "stdout" | "stderr",
  line: string,
  vars: Record<string, unknown>,
  logger: ShellLogger,
) {
  const m = MARKER.exec(line.trim());
  if (!m) {
    logger.log(stream === "stderr" ? "ERROR" : "INFO", line);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(m[1]!);
  } catch (e) {
    logger.log("WARN", `Invalid outputs '${e instanceof Error ? e.message : String(e)}' in line: ${line}`);
    return;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return;
  const { outputs, metrics, logs } = parsed as { outputs?: unknown; metrics?: unknown; logs?: unknown };
  if (outputs !== null && typeof outputs === "object" && !Array.isArray(outputs)) Object.assign(vars, outputs);
  else if (outputs !== undefined) logger.log("WARN", `Invalid outputs: \`outputs\` must be a map, in line: ${line}`);
  if (Array.isArray(metrics)) logger.log("DEBUG", `${metrics.length} metric(s) ignored: perch does not store metrics`);
  if (Array.isArray(logs)) {
    for (const entry of logs as { level?: unknown; message?: unknown }[]) {
      const level = String(entry?.level ?? "INFO").toUpperCase() as ShellLogLevel;
      logger.log(LEVELS.has(level) ? level : "INFO", String(entry?.message ?? ""));
    }
  }
}
