/**
 * A task run handed to the worker pool: it goes RUNNING with a new attempt, the task runs (task-runner.ts), then
 * the outcome is recorded (a failed attempt may be retried, see retries.ts) and the execution advanced.
 */
import type { RenderOptions } from "../expr/types.ts";
import type { Execution, LogEntry, TaskRun } from "../model/execution.ts";
import type { TaskDef } from "../model/flow.ts";
import { newState, withState } from "../model/state.ts";
import { taskRunFilesDir } from "./files.ts";
import type { Retries } from "./retries.ts";
import type { Active } from "./run-loop.ts";
import { runTask } from "./task-runner.ts";
import { type BaseVariables, executionVariables } from "./variables.ts";
import type { WorkerPool } from "./worker-pool.ts";

export interface DispatchHost {
  pool: WorkerPool;
  /** the entry still drives its execution (not stopped or replaced meanwhile) */
  current(entry: Active): boolean;
  base: BaseVariables;
  renderOptions: RenderOptions;
  filesRoot: string;
  now(): Date;
  log(entry: LogEntry): void;
  retries: Retries;
  onTaskEnd?(execution: Execution, taskRun: TaskRun, task: TaskDef, durationMs: number): void;
  advance(id: string): void;
}

export function dispatchTaskRun(host: DispatchHost, entry: Active, task: TaskDef, tr: TaskRun): void {
  host.pool.submit(async () => {
    if (!host.current(entry)) return;
    if (tr.state.current === "KILLED") return; // killed while it waited for a worker
    const now = host.now();
    tr.state = withState(tr.state, "RUNNING", now);
    tr.attempts.push({ state: newState(now, "RUNNING") });
    const outcome = await runTask({
      task,
      executionId: entry.execution.id,
      taskRunId: tr.id,
      variables: executionVariables(entry.flow, entry.execution, host.base, { task, taskRun: tr }),
      renderOptions: host.renderOptions,
      now: host.now,
      log: (e) => host.log(e),
      signal: entry.kill.signal,
      filesDir: taskRunFilesDir(host.filesRoot, entry.execution.id, tr.id),
    });
    // stopped meanwhile (shutdown): the stored state stays as it was and the next start resumes the task
    if (!host.current(entry)) return;
    const end = host.now();
    const took = end.getTime() - now.getTime();
    const attempt = tr.attempts[tr.attempts.length - 1]!;
    if (outcome.failed && entry.execution.state.current !== "KILLING") {
      attempt.state = withState(attempt.state, "FAILED", end);
      const retry = host.retries.schedule(entry, task, tr, end);
      if (retry) {
        host.onTaskEnd?.(entry.execution, tr, task, took);
        if (retry === "execution") host.advance(entry.execution.id);
        return;
      }
    }
    const state = host.retries.finalState(entry, task, tr, outcome.state);
    tr.state = withState(tr.state, state, end);
    if (attempt.state.current === "RUNNING") {
      attempt.state = withState(attempt.state, outcome.failed ? "FAILED" : state, end);
    }
    if (outcome.outputs && Object.keys(outcome.outputs).length > 0) tr.outputs = outcome.outputs;
    host.onTaskEnd?.(entry.execution, tr, task, took);
    host.advance(entry.execution.id);
  });
}
