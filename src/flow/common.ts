/**
 * Properties every task / trigger accepts besides its plugin's own (Kestra's common ones), and the id rules.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import { STATES } from "../model/state.ts";

const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"].map((l) => Type.Literal(l));
const duration = Type.String({ format: "duration" });

export const RETRY = Type.Object({
  type: Type.Union([Type.Literal("constant"), Type.Literal("exponential"), Type.Literal("random")]),
  interval: Type.Optional(duration),
  maxInterval: Type.Optional(duration),
  minInterval: Type.Optional(duration),
  delayFactor: Type.Optional(Type.Number()),
  maxAttempts: Type.Optional(Type.Integer({ minimum: 1 })),
  maxDuration: Type.Optional(duration),
  warningOnRetry: Type.Optional(Type.Boolean()),
  behavior: Type.Optional(Type.Union([Type.Literal("RETRY_FAILED_TASK"), Type.Literal("CREATE_NEW_EXECUTION")])),
});

const workerGroup = Type.Object({
  key: Type.Optional(Type.String()),
  fallback: Type.Optional(Type.Union(["FAIL", "WAIT", "CANCEL"].map((v) => Type.Literal(v)))),
});

/** Common task properties (without id/type, checked apart). */
export const TASK_COMMON: Record<string, TSchema> = {
  description: Type.String(),
  disabled: Type.Boolean(),
  runIf: Type.Union([Type.String(), Type.Boolean()]),
  allowFailure: Type.Boolean(),
  allowWarning: Type.Boolean(),
  timeout: duration,
  retry: RETRY,
  logLevel: Type.Union(LEVELS),
  logToFile: Type.Boolean(),
  workerGroup,
  taskCache: Type.Object({ enabled: Type.Optional(Type.Boolean()), ttl: Type.Optional(duration) }),
  version: Type.String(),
};

/** Common trigger properties (without id/type; `conditions` and `labels` are checked in depth apart). */
export const TRIGGER_COMMON: Record<string, TSchema> = {
  description: Type.String(),
  disabled: Type.Boolean(),
  conditions: Type.Array(Type.Unknown()),
  stopAfter: Type.Array(Type.Union(STATES.map((s) => Type.Literal(s)))),
  labels: Type.Unknown(),
  inputs: Type.Record(Type.String(), Type.Unknown()),
  allowConcurrent: Type.Boolean(),
  logToFile: Type.Boolean(),
  failOnTriggerError: Type.Boolean(),
  workerGroup,
  logLevel: Type.Union(LEVELS),
  version: Type.String(),
};

/** Properties of a task that hold lists of tasks (flowable tasks); `cases` is a map of lists. */
export const TASK_LISTS = ["tasks", "then", "else", "errors", "finally", "afterExecution", "defaults"];
export const TASK_LIST_MAPS = ["cases"];

/** task and trigger ids: letter or digit first, then letters, digits, `_`, `-` */
export const ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;
export const ID_RULE = "must start with a letter or digit, then only letters, digits, `_` or `-`";
/** input and output ids (dots allowed: nested maps) */
export const IO_ID_PATTERN = /^[a-zA-Z0-9][.a-zA-Z0-9_-]*$/;
export const IO_ID_RULE = "must start with a letter or digit, then only letters, digits, `.`, `_` or `-`";
