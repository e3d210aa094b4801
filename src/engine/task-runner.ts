/**
 * Runs one runnable task: builds the plugin's narrow context (render, logger, signal), applies `timeout`,
 * and turns the outcome into a task-run state (allowFailure / allowWarning applied).
 */
import { renderTemplate, renderValue } from "../expr/index.ts";
import type { RenderOptions } from "../expr/types.ts";
import { parseIsoDuration } from "../lib/duration.ts";
import type { LogEntry, LogLevel } from "../model/execution.ts";
import type { TaskDef } from "../model/flow.ts";
import type { StateType } from "../model/state.ts";
import { taskPlugin } from "../plugins/registry.ts";
import { applyAllowances } from "./walk.ts";
import { type Logger, loggerFrom, type TaskContext } from "../plugins/sdk.ts";

export interface TaskOutcome {
  state: StateType;
  /** the attempt failed (before allowFailure): a retry policy may try again */
  failed?: boolean;
  outputs?: Record<string, unknown>;
  error?: string;
}

export interface RunTaskInput {
  task: TaskDef;
  executionId: string;
  taskRunId: string;
  variables: Record<string, unknown>;
  renderOptions: RenderOptions;
  now(): Date;
  log(entry: LogEntry): void;
  /** aborted on kill / shutdown */
  signal: AbortSignal;
  /** the task run's folder for files that outlive it (TaskContext.filesDir) */
  filesDir?: string;
}

const LEVELS: LogLevel[] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

export function makeTaskLogger(input: Omit<RunTaskInput, "renderOptions" | "signal" | "variables">): Logger {
  const min = LEVELS.indexOf(((input.task.logLevel as LogLevel | undefined) ?? "TRACE") as LogLevel);
  const log = (level: LogLevel, message: string) => {
    if (LEVELS.indexOf(level) < min) return;
    input.log({
      executionId: input.executionId,
      taskRunId: input.taskRunId,
      taskId: input.task.id,
      level,
      timestamp: input.now().toISOString(),
      message,
    });
  };
  return loggerFrom(log);
}

export async function runTask(input: RunTaskInput): Promise<TaskOutcome> {
  const { task } = input;
  const logger = makeTaskLogger(input);
  const plugin = taskPlugin(task.type);
  if (!plugin || plugin.flowable) {
    const message = plugin ? `${task.type} is flowable: the executor runs it` : `Unknown task type ${task.type}`;
    logger.error(message);
    return { state: applyAllowances(task, "FAILED"), error: message, failed: true };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeoutMs = typeof task.timeout === "string" ? parseIsoDuration(task.timeout) : undefined;
  // a signal of its own only when a timeout can abort the task (kill and shutdown come through input.signal)
  const controller = timeoutMs === undefined ? undefined : new AbortController();
  const signal = controller ? AbortSignal.any([input.signal, controller.signal]) : input.signal;
  const ctx: TaskContext = {
    render: (v) => renderValue(v, input.variables, input.renderOptions),
    renderString: (t) => renderTemplate(t, input.variables, input.renderOptions),
    variables: input.variables,
    now: input.now,
    logger,
    signal,
    taskRunId: input.taskRunId,
    filesDir: input.filesDir,
  };
  try {
    const run = plugin.run(task as never, ctx);
    const result =
      timeoutMs === undefined
        ? await run
        : await Promise.race([
            run,
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => {
                const err = new Error(`Timeout after ${task.timeout}`);
                controller!.abort(err);
                reject(err);
              }, timeoutMs);
            }),
          ]);
    return { state: applyAllowances(task, result.state ?? "SUCCESS"), outputs: result.outputs };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const killed = input.signal.aborted;
    logger.error(killed ? `Task killed: ${message}` : message);
    return { state: killed ? "KILLED" : applyAllowances(task, "FAILED"), error: message, failed: !killed };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
