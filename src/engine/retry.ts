/**
 * Task retry policies (task `retry`, else the enclosing flowable's, else the flow's): whether a failed attempt is
 * tried again, and when. Pure: the run loop arms the timer.
 *
 * - `maxAttempts` counts the first attempt too; `maxDuration` bounds first start → next start.
 * - constant: `interval`; random: uniform in [`minInterval`, `maxInterval`); exponential: truly exponential,
 *   `interval × delayFactor^(n−1)` for the n-th retry (factor 2 by default), capped at `maxInterval`.
 *
 * @example nextRetry({ type: "constant", interval: "PT1S", maxAttempts: 3 }, attempts, now) // { delayMs: 1000 }
 */
import { parseIsoDuration } from "../lib/duration.ts";
import type { Execution, TaskRun, TaskRunAttempt } from "../model/execution.ts";
import type { Flow, TaskDef } from "../model/flow.ts";
import { findTask } from "./find-task.ts";

export interface RetryPolicy {
  type: "constant" | "exponential" | "random";
  interval?: string;
  maxInterval?: string;
  minInterval?: string;
  delayFactor?: number;
  maxAttempts?: number;
  maxDuration?: string;
  warningOnRetry?: boolean;
  behavior?: "RETRY_FAILED_TASK" | "CREATE_NEW_EXECUTION";
}

const ms = (d: string | undefined): number | undefined => (d === undefined ? undefined : parseIsoDuration(d));

/** the delay before the next attempt, or undefined when the policy says stop */
export function nextRetry(
  policy: RetryPolicy,
  attempts: TaskRunAttempt[],
  now: Date,
  random: () => number = Math.random,
): { delayMs: number } | undefined {
  const made = attempts.length;
  const maxAttempts = policy.maxAttempts;
  const maxDuration = ms(policy.maxDuration);
  // without any bound a failing task would retry for ever: one bound is required, else a single retry
  if (maxAttempts === undefined && maxDuration === undefined && made >= 2) return undefined;
  if (maxAttempts !== undefined && made >= maxAttempts) return undefined;
  let delay: number;
  if (policy.type === "constant") delay = ms(policy.interval) ?? 0;
  else if (policy.type === "random") {
    const min = ms(policy.minInterval) ?? 0;
    const max = ms(policy.maxInterval) ?? min;
    delay = min + Math.floor(random() * Math.max(0, max - min));
  } else {
    const factor = policy.delayFactor ?? 2;
    delay = (ms(policy.interval) ?? 1000) * factor ** (made - 1);
    const cap = ms(policy.maxInterval);
    if (cap !== undefined) delay = Math.min(delay, cap);
  }
  if (maxDuration !== undefined) {
    const first = attempts[0]?.state.histories[0]?.date;
    const start = first ? Date.parse(first) : now.getTime();
    if (now.getTime() + delay - start > maxDuration) return undefined;
  }
  return { delayMs: Math.max(0, Math.round(delay)) };
}

/** the policy that applies to a task run: its task's, else the closest enclosing flowable's, else the flow's */
export function retryPolicyOf(
  flow: Flow,
  execution: Execution,
  taskRun: TaskRun,
  task: TaskDef,
): RetryPolicy | undefined {
  if (task.retry) return task.retry as unknown as RetryPolicy;
  let parentId = taskRun.parentTaskRunId;
  while (parentId) {
    const parent = execution.taskRunList.find((r) => r.id === parentId);
    if (!parent) break;
    const def = findTask(flow, parent.taskId);
    if (def?.retry) return def.retry as unknown as RetryPolicy;
    parentId = parent.parentTaskRunId;
  }
  return flow.retry as RetryPolicy | undefined;
}
