/**
 * Callers waiting for executions to end (`wait: true` webhooks, `perch run`, restarts): woken with the execution
 * once its final state is committed, or when their bound or signal ends the wait.
 */
import type { Execution } from "../model/execution.ts";

export class Waiters {
  private readonly byId = new Map<string, Set<(e: Execution) => void>>();

  /** resolves with the execution when `wake(id)` comes, or undefined when `timeoutMs` passes or `signal` aborts */
  wait(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Execution | undefined> {
    return new Promise((resolve) => {
      let set = this.byId.get(id);
      if (!set) this.byId.set(id, (set = new Set()));
      const done = (e: Execution | undefined) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        set!.delete(waiter);
        resolve(e);
      };
      const waiter = (e: Execution) => done(e);
      const onAbort = () => done(undefined);
      const timer = setTimeout(() => done(undefined), timeoutMs);
      set.add(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** wakes the callers waiting for this execution */
  wake(id: string, execution: Execution): void {
    const set = this.byId.get(id);
    this.byId.delete(id);
    if (set) for (const w of set) w(execution);
  }

  /** wakes every caller with its execution as `current` gives it now (shutdown); those without one keep waiting */
  wakeAll(current: (id: string) => Execution | undefined): void {
    for (const id of [...this.byId.keys()]) {
      const e = current(id);
      if (e) this.wake(id, e);
    }
  }
}
