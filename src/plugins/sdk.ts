/**
 * The contracts between perch and its plugins. A plugin is one file exporting one object; it sees only the
 * narrow context given here: never the HTTP request, the database or the engine.
 *
 * @example
 * export const log: TaskPlugin<typeof schema> = {
 *   kind: "task", type: "io.kestra.plugin.core.log.Log", aliases: ["io.kestra.core.tasks.log.Log"],
 *   title: "Log", description: "Logs a message", schema, examples: [],
 *   async run(config, ctx) { ctx.logger.info(ctx.render(config.message) as string); return {}; },
 * };
 */
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import type { LogLevel } from "../model/execution.ts";

export interface Logger {
  log(level: LogLevel, message: string): void;
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A Logger whose every level goes through one function. */
export function loggerFrom(log: (level: LogLevel, message: string) => void): Logger {
  return {
    log,
    trace: (m) => log("TRACE", m),
    debug: (m) => log("DEBUG", m),
    info: (m) => log("INFO", m),
    warn: (m) => log("WARN", m),
    error: (m) => log("ERROR", m),
  };
}

/** What every plugin receives to turn its properties into values. */
export interface RenderContext {
  /** renders every string inside maps and lists, keeps non-string literals typed */
  render(value: unknown): unknown;
  /** renders a template to text */
  renderString(template: string): string;
  /** the variables an expression can see (flow, execution, trigger, inputs, outputs, vars, labels…) */
  variables: Record<string, unknown>;
  /** injected clock */
  now(): Date;
}

export interface TaskContext extends RenderContext {
  logger: Logger;
  /** aborted when the task is killed or times out */
  signal: AbortSignal;
  taskRunId: string;
  /**
   * a folder for files that outlive the task run (perch's stand-in for Kestra's internal storage), by default
   * `<data>/files/<executionId>/<taskRunId>`; not created until a task writes there; removed with the execution by
   * retention
   */
  filesDir?: string;
}

export interface ConditionContext extends RenderContext {
  logger: Logger;
  /** the execution the condition looks at (webhook: the new one; Flow trigger: the upstream one) */
  execution?: {
    id: string;
    namespace: string;
    flowId: string;
    state: string;
    labels: { key: string; value: string }[];
    outputs?: Record<string, unknown>;
    taskRunList?: { attempts: { state: { current: string } }[] }[];
  };
  /** the flow that owns the trigger */
  flow: { id: string; namespace: string };
  /**
   * renders a template with `extra` variables laid over `variables` (ExecutionOutputs replaces `trigger`);
   * optional: a context without it cannot evaluate such conditions
   * @example ctx.renderWith?.("{{ trigger.outputs.ok }}", { trigger: { outputs } })
   */
  renderWith?(template: string, extra: Record<string, unknown>): string;
  /** evaluates nested conditions (for Not/Or); throws when a child throws */
  testAll(conditions: unknown[]): Promise<boolean[]>;
  /** server default time zone (IANA) */
  timeZone: string;
}

/** The result of a task: its outputs, and optionally a final state other than SUCCESS. */
export interface TaskResult {
  outputs?: Record<string, unknown>;
  /** WARNING lets a task succeed with a warning */
  state?: "SUCCESS" | "WARNING";
}

interface PluginBase<S extends TSchema> {
  /** canonical Kestra type name */
  type: string;
  /** older names still accepted in flows */
  aliases: string[];
  title: string;
  description: string;
  /** TypeBox schema of the properties (without `id`/`type` and the common ones) */
  schema: S;
  outputSchema?: TSchema;
  examples: { title: string; code: string }[];
}

/** A runnable task: does its I/O in the worker pool. Throws (a TaskFailure or any Error) to fail. */
export interface TaskPlugin<S extends TSchema = TSchema> extends PluginBase<S> {
  kind: "task";
  flowable?: undefined;
  run(config: Static<S>, ctx: TaskContext): Promise<TaskResult>;
}

/**
 * A flowable task (If, Switch, Parallel, ForEach, Pause, Subflow…): only its schema lives in the plugin; the pure
 * executor computes what it does (which child task runs to create), so no worker ever runs it.
 */
export interface FlowablePlugin<S extends TSchema = TSchema> extends PluginBase<S> {
  kind: "task";
  flowable: true;
  /** properties holding task lists (`cases` holds a map of lists) */
  taskLists: string[];
}

export interface ConditionPlugin<S extends TSchema = TSchema> extends PluginBase<S> {
  kind: "condition";
  /** which triggers it is meant for; informative */
  appliesTo?: ("webhook" | "flow" | "schedule")[];
  test(config: Static<S>, ctx: ConditionContext): boolean | Promise<boolean>;
}

export interface TriggerPlugin<S extends TSchema = TSchema> extends PluginBase<S> {
  kind: "trigger";
  /** extra validation beyond the schema; returns messages */
  validate?(config: Static<S>): string[];
}

export type AnyPlugin = TaskPlugin | FlowablePlugin | ConditionPlugin | TriggerPlugin;

/** Thrown by a task to fail with a message (and no stack in the logs). */
export class TaskFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaskFailure";
  }
}

/** Schema of a task list inside a flowable task (each task is validated on its own by the flow validator). */
export function taskListSchema(description: string, minItems = 0) {
  return Type.Array(Type.Record(Type.String(), Type.Unknown()), { description, minItems });
}

/** `errors` and `finally` of a flowable task, run after its children like a flow's */
export const localHandlersSchema = {
  errors: Type.Optional(taskListSchema("tasks run when a child task fails (the flowable still ends FAILED)")),
  finally: Type.Optional(taskListSchema("tasks run after the children (and errors), whatever the outcome")),
};
