/** Real plugin contexts for tests: rendering through the expression engine, a logger that records. */
import { renderTemplate, renderValue } from "../../src/expr/index.ts";
import type { LogLevel } from "../../src/model/execution.ts";
import { conditionPlugin } from "../../src/plugins/registry.ts";
import { type ConditionContext, type Logger, loggerFrom, type TaskContext } from "../../src/plugins/sdk.ts";

export interface Recorded {
  level: LogLevel;
  message: string;
}

export function recordingLogger(lines: Recorded[]): Logger {
  return loggerFrom((level, message) => lines.push({ level, message }));
}

export function taskContext(variables: Record<string, unknown> = {}, signal = new AbortController().signal) {
  const lines: Recorded[] = [];
  const ctx: TaskContext = {
    render: (v) => renderValue(v, variables),
    renderString: (t) => renderTemplate(t, variables),
    variables,
    now: () => new Date("2026-01-01T00:00:00Z"),
    logger: recordingLogger(lines),
    signal,
    taskRunId: "tr1",
  };
  return { ctx, lines };
}

/** optional parts of a condition context (all default to the values used before they existed) */
export interface ConditionContextOptions {
  timeZone?: string;
  now?: Date;
  execution?: ConditionContext["execution"];
  flow?: ConditionContext["flow"];
  lines?: Recorded[];
}

export function conditionContext(
  variables: Record<string, unknown> = {},
  options: ConditionContextOptions = {},
): ConditionContext {
  const lines: Recorded[] = options.lines ?? [];
  const now = options.now ?? new Date("2026-01-01T00:00:00Z");
  const renderOptions = { now: () => now, timeZone: options.timeZone ?? "UTC" };
  const ctx: ConditionContext = {
    render: (v) => renderValue(v, variables, renderOptions),
    renderString: (t) => renderTemplate(t, variables, renderOptions),
    renderWith: (t, extra) => renderTemplate(t, { ...variables, ...extra }, renderOptions),
    variables,
    now: () => now,
    logger: recordingLogger(lines),
    execution: options.execution,
    flow: options.flow ?? { id: "f", namespace: "company.team" },
    timeZone: options.timeZone ?? "UTC",
    async testAll(conditions) {
      const out: boolean[] = [];
      for (const c of conditions as { type: string }[]) {
        const plugin = conditionPlugin(c.type);
        if (!plugin) throw new Error(`Unknown condition type ${c.type}`);
        out.push(await plugin.test(c as never, ctx));
      }
      return out;
    },
  };
  return ctx;
}
