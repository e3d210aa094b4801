/**
 * Group commit: writes are queued and run together in ONE transaction per event-loop turn (flush scheduled with
 * setImmediate, so every caller resumed in the current turn joins the batch). Each caller's promise settles only
 * after COMMIT returned (with `synchronous=FULL`, after the WAL was fsynced).
 *
 * Failures: an op that fails on its own (a constraint, or an error it throws before writing) rejects alone; its
 * statement was undone by SQLite and the rest of the batch commits. Any other error (SQLITE_FULL, I/O, a failing
 * COMMIT) rolls the whole transaction back and rejects every promise of the batch: nothing is half-written.
 */
import type { Database } from "bun:sqlite";
import { PerchError } from "../../model/errors.ts";

interface Op {
  run: () => unknown;
  /** what a keyed op will write; `join` may replace it until the batch flushes */
  data: unknown;
  /** wrap in a SAVEPOINT so that a failure undoes the op's earlier statements */
  atomic: boolean;
  promise: Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** An op rejects alone when it throws a PerchError (before writing) or hits a constraint (its statement undone). */
function isolatable(e: unknown): boolean {
  if (e instanceof PerchError) return true;
  const code = (e as { code?: unknown })?.code;
  return typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT");
}

export class WriteQueue {
  private ops: Op[] = [];
  private keyed = new Map<string, Op>();
  private scheduled = false;
  private closedError: Error | undefined;

  /** `group: false` commits each write in its own transaction at once (the baseline of bench/storage.ts) */
  constructor(
    private readonly db: Database,
    private readonly group = true,
  ) {}

  /** Queues `run` (executed inside the batch transaction); resolves with its result after COMMIT. */
  enqueue<T>(run: () => T, options: { atomic?: boolean; key?: string; data?: unknown } = {}): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const op: Op = { run, data: options.data, atomic: options.atomic ?? false, promise, resolve, reject };
    this.ops.push(op);
    if (options.key !== undefined) this.keyed.set(options.key, op);
    this.schedule();
    return promise as Promise<T>;
  }

  /**
   * Coalescing: when an op queued under `key` is still waiting for this batch, `update` changes its `data` (what it
   * will write) and the caller shares its promise (settled after the same COMMIT). Returns undefined when there is none.
   */
  join<D>(key: string, update: (data: D) => void): Promise<void> | undefined {
    const op = this.keyed.get(key);
    if (!op) return undefined;
    update(op.data as D);
    return op.promise as Promise<void>;
  }

  /** resolves once every write queued so far is committed (or failed) */
  async drain(): Promise<void> {
    const last = this.ops[this.ops.length - 1];
    if (last) await last.promise.catch(() => undefined);
  }

  /** flushes what is queued, then rejects later writes with `error` */
  close(error: Error): void {
    this.flush();
    this.closedError = error;
  }

  private schedule(): void {
    if (!this.group) {
      this.flush();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** runs the queued ops in one transaction; synchronous (bun:sqlite is) */
  flush(): void {
    this.scheduled = false;
    const ops = this.ops;
    if (ops.length === 0) return;
    this.ops = [];
    this.keyed.clear();
    const results: { ok: boolean; value: unknown }[] = new Array(ops.length);
    const db = this.db;
    try {
      db.exec("BEGIN IMMEDIATE");
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i]!;
        if (op.atomic) db.exec("SAVEPOINT op");
        try {
          results[i] = { ok: true, value: op.run() };
          if (op.atomic) db.exec("RELEASE op");
        } catch (e) {
          if (!isolatable(e) || !db.inTransaction) throw e;
          if (op.atomic) db.exec("ROLLBACK TO op; RELEASE op");
          results[i] = { ok: false, value: e };
        }
      }
      db.exec("COMMIT");
    } catch (e) {
      if (db.inTransaction) {
        try {
          db.exec("ROLLBACK");
        } catch {
          // the transaction may already be gone
        }
      }
      for (const op of ops) op.reject(e);
      return;
    }
    for (let i = 0; i < ops.length; i++) {
      const r = results[i]!;
      if (r.ok) ops[i]!.resolve(r.value);
      else ops[i]!.reject(r.value);
    }
  }
}
