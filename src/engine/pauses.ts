/**
 * The pauses of the Pause task: a PAUSED execution waits for a resume (API) or for `pauseDuration`, after which its
 * task ends as `behavior` says (RESUME → SUCCESS, WARN → WARNING, CANCEL → CANCELLED, FAIL → FAILED). Timers are
 * re-armed from the stored pause date after a restart.
 */
import { parseIsoDuration } from "../lib/duration.ts";
import type { Execution, TaskRun } from "../model/execution.ts";
import type { Flow, TaskDef } from "../model/flow.ts";
import { type StateType, withState } from "../model/state.ts";
import { findTask } from "./find-task.ts";
import type { Active } from "./run-loop.ts";

export interface PauseHost {
  active(id: string): Active | undefined;
  now(): Date;
  /** the execution runs again: persist it, offer the state change, advance it */
  resumed(execution: Execution): void;
}

export class Pauses {
  /** pauseDuration timers by execution id */
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly host: PauseHost) {}

  /** the paused task run of a PAUSED execution driven here, with its task and flow */
  paused(id: string): { flow: Flow; task: TaskDef; taskRun: TaskRun } | undefined {
    const entry = this.host.active(id);
    if (entry?.execution.state.current !== "PAUSED") return undefined;
    const taskRun = entry.execution.taskRunList.find((t) => t.state.current === "PAUSED");
    const task = taskRun && findTask(entry.flow, taskRun.taskId);
    return task && taskRun ? { flow: entry.flow, task, taskRun } : undefined;
  }

  /** a paused task with a `pauseDuration` ends by itself when it has passed (also after a restart) */
  arm(entry: Active, task: TaskDef, tr: TaskRun): void {
    const text = (task.pauseDuration ?? task.delay) as string | undefined;
    const ms = text === undefined ? undefined : parseIsoDuration(text);
    if (ms === undefined) return;
    const pausedAt = Date.parse(tr.state.histories[tr.state.histories.length - 1]!.date);
    const wait = Math.max(0, pausedAt + ms - this.host.now().getTime());
    const behavior = (task.behavior as string | undefined) ?? "RESUME";
    const id = entry.execution.id;
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => this.end(id, { taskRunId: tr.id, behavior }), wait),
    );
  }

  /**
   * ends the pause of a PAUSED execution: by hand (`outputs`: the onResume inputs; the task succeeds, the execution
   * goes RESTARTED then RUNNING) or when pauseDuration passed (the task ends as `behavior` says). False when the
   * execution is not paused here.
   */
  end(id: string, how: { taskRunId?: string; behavior?: string; outputs?: Record<string, unknown> }): boolean {
    const entry = this.host.active(id);
    if (entry?.execution.state.current !== "PAUSED") return false;
    const execution = entry.execution;
    const tr = execution.taskRunList.find(
      (t) => t.state.current === "PAUSED" && (how.taskRunId === undefined || t.id === how.taskRunId),
    );
    if (!tr) return false;
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    const now = this.host.now();
    const manual = how.behavior === undefined;
    const ends: Record<string, StateType> = { RESUME: "SUCCESS", WARN: "WARNING", CANCEL: "CANCELLED", FAIL: "FAILED" };
    tr.state = withState(tr.state, manual ? "SUCCESS" : (ends[how.behavior!] ?? "SUCCESS"), now);
    if (how.outputs) tr.outputs = { onResume: how.outputs };
    if (manual) execution.state = withState(execution.state, "RESTARTED", now);
    execution.state = withState(execution.state, "RUNNING", now);
    this.host.resumed(execution);
    return true;
  }

  /** forgets the timer of an execution (killed) */
  cancel(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
