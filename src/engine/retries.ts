/**
 * The retries of failed task attempts in the run loop: the policy (retry.ts) says whether and when; the task run is
 * RETRYING until its timer hands it back to a worker. Timers are dropped on kill and shutdown.
 */
import type { Execution, LogEntry, TaskRun } from "../model/execution.ts";
import type { TaskDef } from "../model/flow.ts";
import { type StateType, withState } from "../model/state.ts";
import { nextRetry, retryPolicyOf } from "./retry.ts";
import type { Active } from "./run-loop.ts";

export interface RetryHost {
  active(id: string): Active | undefined;
  now(): Date;
  log(entry: LogEntry): void;
  persist(execution: Execution): void;
  dispatch(entry: Active, task: TaskDef, taskRun: TaskRun): void;
  random?(): number;
}

export class Retries {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** executions that end RETRIED: the delay before their new execution (retry behavior CREATE_NEW_EXECUTION) */
  private readonly newExecutions = new Map<string, number>();

  constructor(private readonly host: RetryHost) {}

  /**
   * after a failed attempt: schedules the next attempt when the policy allows ("attempt"); with behavior
   * CREATE_NEW_EXECUTION the task run ends RETRIED and the execution will be run again as a new one ("execution")
   */
  schedule(entry: Active, task: TaskDef, tr: TaskRun, end: Date): "attempt" | "execution" | false {
    const policy = retryPolicyOf(entry.flow, entry.execution, tr, task);
    if (policy?.behavior === "CREATE_NEW_EXECUTION") {
      // the attempts are the executions of the flow: this one is attempt `attemptNumber`
      const { attemptNumber, originalCreatedDate } = entry.execution.metadata;
      const runs = Array.from({ length: attemptNumber }, () => ({
        state: { current: "FAILED" as const, histories: [{ state: "CREATED" as const, date: originalCreatedDate }] },
      }));
      const again = nextRetry(policy, runs, end, this.host.random);
      if (!again) return false;
      tr.state = withState(tr.state, "RETRIED", end);
      this.newExecutions.set(entry.execution.id, again.delayMs);
      this.host.log({
        executionId: entry.execution.id,
        taskRunId: tr.id,
        taskId: task.id,
        level: "WARN",
        timestamp: end.toISOString(),
        message: `Attempt failed; the flow runs again as a new execution in ${again.delayMs} ms`,
      });
      return "execution";
    }
    const next = policy && nextRetry(policy, tr.attempts, end, this.host.random);
    if (!next) return false;
    tr.state = withState(tr.state, "RETRYING", end);
    this.host.log({
      executionId: entry.execution.id,
      taskRunId: tr.id,
      taskId: task.id,
      level: "WARN",
      timestamp: end.toISOString(),
      message: `Attempt ${tr.attempts.length} failed; retrying in ${next.delayMs} ms`,
    });
    this.host.persist(entry.execution);
    this.timers.set(
      tr.id,
      setTimeout(() => {
        this.timers.delete(tr.id);
        if (this.host.active(entry.execution.id) !== entry || tr.state.current !== "RETRYING") return;
        this.host.dispatch(entry, task, tr);
      }, next.delayMs),
    );
    return "attempt";
  }

  /** the delay before the new execution of an execution that ended RETRIED (once) */
  takeNewExecution(executionId: string): number | undefined {
    const ms = this.newExecutions.get(executionId);
    this.newExecutions.delete(executionId);
    return ms;
  }

  /** a success after retries is a WARNING with `warningOnRetry` */
  finalState(entry: Active, task: TaskDef, tr: TaskRun, state: StateType): StateType {
    if (state !== "SUCCESS" || tr.attempts.length < 2) return state;
    return retryPolicyOf(entry.flow, entry.execution, tr, task)?.warningOnRetry ? "WARNING" : state;
  }

  cancel(taskRunId: string): void {
    clearTimeout(this.timers.get(taskRunId));
    this.timers.delete(taskRunId);
  }

  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.newExecutions.clear();
  }
}
