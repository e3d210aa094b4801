import type { Label } from "./flow.ts";
import type { State } from "./state.ts";

/** The trigger that created an execution (`trigger.*` in expressions is `variables`). */
export interface ExecutionTrigger {
  id: string;
  type: string;
  variables: Record<string, unknown>;
  logFile?: string;
}

export interface TaskRunAttempt {
  state: State;
}

export interface TaskRun {
  id: string;
  executionId: string;
  namespace: string;
  flowId: string;
  taskId: string;
  parentTaskRunId?: string;
  /** value of the enclosing loop iteration (ForEach), as text */
  value?: string;
  iteration?: number;
  /** ForEach: the values it loops over, computed once when it starts */
  items?: string[];
  attempts: TaskRunAttempt[];
  outputs?: Record<string, unknown>;
  state: State;
}

export interface Execution {
  id: string;
  tenantId: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  state: State;
  trigger?: ExecutionTrigger;
  labels: Label[];
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  taskRunList: TaskRun[];
  parentId?: string;
  originalId: string;
  metadata: { attemptNumber: number; originalCreatedDate: string };
}

export type LogLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR";

export interface LogEntry {
  executionId: string;
  taskRunId?: string;
  taskId?: string;
  level: LogLevel;
  /** ISO-8601 instant */
  timestamp: string;
  message: string;
}
