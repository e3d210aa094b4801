/**
 * Log lines of running tasks, handed to the store in one write per microtask turn (the store group-commits them).
 */
import type { ServerLogger } from "../lib/log.ts";
import type { LogEntry } from "../model/execution.ts";
import type { Store } from "../storage/types.ts";

export class LogBatch {
  private pending: LogEntry[] = [];
  private scheduled = false;

  constructor(
    private readonly store: Store,
    private readonly log: ServerLogger,
    private readonly onLog?: (entry: LogEntry) => void,
  ) {}

  push(entry: LogEntry): void {
    this.pending.push(entry);
    this.onLog?.(entry);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => void this.flush());
  }

  /** hands the pending lines to the store; resolves once they are committed */
  flush(): Promise<void> {
    this.scheduled = false;
    if (this.pending.length === 0) return Promise.resolve();
    const batch = this.pending;
    this.pending = [];
    return this.store.appendLogs(batch).catch((e) => this.log.error("logs.write_failed", { error: e }));
  }
}
