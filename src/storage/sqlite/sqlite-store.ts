/**
 * `Store` on one SQLite file (bun:sqlite, WAL). Writes go through a group-commit queue (write-queue.ts): one
 * transaction per event-loop turn, each promise settled after COMMIT. Reads go straight to the database and see
 * every write whose promise has resolved (not the ones still queued).
 */
import type { Database, Statement } from "bun:sqlite";
import { PerchError } from "../../model/errors.ts";
import type { Execution, LogEntry, LogLevel } from "../../model/execution.ts";
import type { StateType } from "../../model/state.ts";
import type { ExecutionFilter, Store, TriggerState, TriggerWindow, TriggerWindowKey } from "../types.ts";
import { runMigrations } from "./migrations.ts";
import {
  type ExecutionValues,
  executionValues,
  LEVEL_NUM,
  type LogRow,
  type TriggerRow,
  toLog,
  toTrigger,
} from "./rows.ts";
import { FlowOps } from "./flows.ts";
import { purgeBefore } from "./retention.ts";
import { WindowOps } from "./windows.ts";
import { WriteQueue } from "./write-queue.ts";

const EXEC_COLS = "id, tenant, namespace, flow_id, state, finished, start_date, end_date, doc, updated";

/** Default page size of searchExecutions, and its maximum. */
export const PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

export class SqliteStore implements Store {
  private readonly queue: WriteQueue;
  private readonly windows: WindowOps;
  private readonly flows: FlowOps;
  private readonly insertExec: Statement;
  private readonly updateExec: Statement;
  private readonly insertLog: Statement;
  private closed = false;

  constructor(
    readonly db: Database,
    /** the database file, named in errors */
    readonly path: string,
    options: { groupCommit?: boolean; now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.queue = new WriteQueue(db, options.groupCommit ?? true);
    this.windows = new WindowOps(db, this.queue);
    this.flows = new FlowOps(db, this.queue);
    const names = EXEC_COLS.split(", ");
    this.insertExec = db.prepare(
      `INSERT INTO executions (${EXEC_COLS}) VALUES (${names.map((n) => `$${n}`).join(", ")})`,
    );
    this.updateExec = db.prepare(
      `UPDATE executions SET ${names
        .slice(1)
        .map((n) => `${n} = $${n}`)
        .join(", ")} WHERE id = $id`,
    );
    this.insertLog = db.prepare(
      "INSERT INTO logs (execution_id, task_run_id, task_id, level, ts, message) VALUES (?, ?, ?, ?, ?, ?)",
    );
  }

  private readonly now: () => Date;

  private iso(): string {
    return this.now().toISOString();
  }

  async migrate(): Promise<void> {
    await this.queue.drain();
    runMigrations(this.db, this.path);
  }

  async flush(): Promise<void> {
    await this.queue.drain();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.close(new Error(`SQLite store ${this.path} is closed`));
    this.db.close();
  }

  async healthy(): Promise<boolean> {
    if (this.closed) return false;
    try {
      // takes the write lock: fails when the file is read-only or locked past busy_timeout
      this.db.exec("BEGIN IMMEDIATE");
      this.db.exec("ROLLBACK");
      return true;
    } catch {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      return false;
    }
  }

  // flows (flows.ts)

  saveFlow(flow: { tenantId: string; namespace: string; id: string; source: string; errors?: unknown[] }) {
    return this.flows.save(flow, this.iso());
  }
  getFlow(tenantId: string, namespace: string, id: string, revision?: number) {
    return this.flows.get(tenantId, namespace, id, revision);
  }
  listFlows(tenantId: string, namespace?: string) {
    return this.flows.list(tenantId, namespace);
  }
  listRevisions(tenantId: string, namespace: string, id: string) {
    return this.flows.revisions(tenantId, namespace, id);
  }
  deleteFlow(tenantId: string, namespace: string, id: string) {
    return this.flows.delete(tenantId, namespace, id);
  }

  // executions

  /** rejects (alone) with a CONFLICT PerchError when the id exists */
  createExecution(execution: Execution): Promise<void> {
    const data = { values: executionValues(execution, this.iso()) };
    const run = () => {
      try {
        this.insertExec.run(data.values as never);
      } catch (e) {
        if ((e as { code?: string }).code !== "SQLITE_CONSTRAINT_PRIMARYKEY") throw e;
        throw new PerchError("CONFLICT", `execution ${data.values.id} already exists`);
      }
    };
    return this.queue.enqueue(run, { key: `x:${execution.id}`, data });
  }

  /**
   * Replaces the document. Successive writes of one execution within a batch are coalesced (last document wins,
   * every promise settles after the same COMMIT). Rejects with EXECUTION_NOT_FOUND when there is no such execution.
   */
  updateExecution(execution: Execution): Promise<void> {
    const values = executionValues(execution, this.iso());
    const key = `x:${execution.id}`;
    const joined = this.queue.join<{ values: ExecutionValues }>(key, (d) => {
      d.values = values;
    });
    if (joined) return joined;
    const data = { values };
    const run = () => {
      if (this.updateExec.run(data.values as never).changes === 0) {
        throw new PerchError("EXECUTION_NOT_FOUND", `execution ${data.values.id} not found`);
      }
    };
    return this.queue.enqueue(run, { key, data });
  }

  async getExecution(id: string): Promise<Execution | undefined> {
    const row = this.db.query("SELECT doc FROM executions WHERE id = ?").get(id) as { doc: string } | null;
    return row ? (JSON.parse(row.doc) as Execution) : undefined;
  }

  /**
   * `namespace` matches that namespace and its children (`company` matches `company` and `company.team`, not
   * `companyx`), as Kestra does; an empty `state` list filters nothing; `from`/`to` are inclusive bounds on the start date
   * (a value that is not an instant rejects with BAD_REQUEST); `size` is clamped to 1..1000. Newest start first.
   */
  async searchExecutions(filter: ExecutionFilter): Promise<{ results: Execution[]; total: number }> {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    const add = (sql: string, values: Record<string, string | number>) => {
      where.push(sql);
      Object.assign(params, values);
    };
    if (filter.tenantId !== undefined) add("tenant = $tenant", { tenant: filter.tenantId });
    if (filter.namespace !== undefined) {
      const ns = filter.namespace;
      add("(namespace = $ns OR (namespace >= $nsLo AND namespace < $nsHi))", { ns, nsLo: `${ns}.`, nsHi: `${ns}/` });
    }
    if (filter.flowId !== undefined) add("flow_id = $flow", { flow: filter.flowId });
    if (filter.state !== undefined && filter.state.length > 0) {
      add("state IN (SELECT value FROM json_each($states))", { states: JSON.stringify(filter.state) });
    }
    if (filter.from !== undefined) add("start_date >= $from", { from: isoInstant(filter.from, "from") });
    if (filter.to !== undefined) add("start_date <= $to", { to: isoInstant(filter.to, "to") });
    const size = Math.min(Math.max(Math.trunc(filter.size ?? PAGE_SIZE), 1), MAX_PAGE_SIZE);
    const page = Math.max(Math.trunc(filter.page ?? 1), 1);
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = (this.db.query(`SELECT COUNT(*) AS n FROM executions ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .query(`SELECT doc FROM executions ${clause} ORDER BY start_date DESC, id DESC LIMIT $limit OFFSET $offset`)
      .all({ ...params, limit: size, offset: (page - 1) * size }) as { doc: string }[];
    return { results: rows.map((r) => JSON.parse(r.doc) as Execution), total };
  }

  async listUnfinishedExecutions(): Promise<Execution[]> {
    const rows = this.db.query("SELECT doc FROM executions WHERE finished = 0 ORDER BY start_date, id").all() as {
      doc: string;
    }[];
    return rows.map((r) => JSON.parse(r.doc) as Execution);
  }

  async countExecutionsInState(tenantId: string, namespace: string, flowId: string, states: StateType[]) {
    const row = this.db
      .query(
        "SELECT COUNT(*) AS n FROM executions WHERE tenant = ? AND namespace = ? AND flow_id = ? AND state IN (SELECT value FROM json_each(?))",
      )
      .get(tenantId, namespace, flowId, JSON.stringify(states)) as { n: number };
    return row.n;
  }

  async purgeBefore(before: string, limit = 500): Promise<number> {
    return purgeBefore(this.db, this.queue, isoInstant(before, "before"), limit);
  }

  // logs

  appendLogs(entries: LogEntry[]): Promise<void> {
    const bad = entries.find((l) => LEVEL_NUM[l.level] === undefined);
    if (bad) return Promise.reject(new PerchError("BAD_REQUEST", `unknown log level ${bad.level}`));
    const rows = entries.map((l) => {
      const level = LEVEL_NUM[l.level];
      return [l.executionId, l.taskRunId ?? null, l.taskId ?? null, level, l.timestamp, String(l.message)] as const;
    });
    if (rows.length === 0) return Promise.resolve();
    const run = () => {
      for (const r of rows) this.insertLog.run(...r);
    };
    return this.queue.enqueue(run, { atomic: rows.length > 1 });
  }

  /** in insertion order; `minLevel` keeps that level and above (TRACE < DEBUG < INFO < WARN < ERROR) */
  async getLogs(executionId: string, options: { minLevel?: LogLevel; taskRunId?: string } = {}) {
    const rows = this.db
      .query(
        "SELECT * FROM logs WHERE execution_id = ?1 AND level >= ?2 AND (?3 IS NULL OR task_run_id = ?3) ORDER BY seq",
      )
      .all(executionId, LEVEL_NUM[options.minLevel ?? "TRACE"] ?? 0, options.taskRunId ?? null) as LogRow[];
    return rows.map(toLog);
  }

  // trigger state

  async getTriggerState(tenantId: string, namespace: string, flowId: string, triggerId: string) {
    const row = this.db
      .query("SELECT * FROM trigger_states WHERE tenant = ? AND namespace = ? AND flow_id = ? AND trigger_id = ?")
      .get(tenantId, namespace, flowId, triggerId) as TriggerRow | null;
    return row ? toTrigger(row) : undefined;
  }

  async listTriggerStates(tenantId: string, namespace: string, flowId: string) {
    const rows = this.db
      .query("SELECT * FROM trigger_states WHERE tenant = ? AND namespace = ? AND flow_id = ? ORDER BY trigger_id")
      .all(tenantId, namespace, flowId) as TriggerRow[];
    return rows.map(toTrigger);
  }

  /** `reason` is kept only while disabled */
  setTriggerDisabled(
    key: { tenantId: string; namespace: string; flowId: string; triggerId: string },
    disabled: boolean,
    reason?: string,
  ): Promise<TriggerState> {
    const args = [key.tenantId, key.namespace, key.flowId, key.triggerId, disabled ? 1 : 0];
    const values = [...args, disabled ? (reason ?? null) : null, this.iso()];
    const run = () =>
      toTrigger(
        this.db
          .query(
            `INSERT INTO trigger_states (tenant, namespace, flow_id, trigger_id, disabled, reason, updated)
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, namespace, flow_id, trigger_id)
             DO UPDATE SET disabled = excluded.disabled, reason = excluded.reason, updated = excluded.updated RETURNING *`,
          )
          .get(...values) as TriggerRow,
      );
    return this.queue.enqueue(run);
  }

  // Flow-trigger windows (windows.ts)

  getTriggerWindow(key: TriggerWindowKey, windowStart: string) {
    return this.windows.get(key, windowStart);
  }
  listTriggerWindows(key: TriggerWindowKey) {
    return this.windows.list(key);
  }
  mergeTriggerWindow(window: TriggerWindow) {
    return this.windows.merge(window);
  }
  deleteTriggerWindow(key: TriggerWindowKey, windowStart: string) {
    return this.windows.delete(key, windowStart);
  }
  deleteExpiredTriggerWindows(now: string) {
    return this.windows.deleteExpired(now);
  }
}

function isoInstant(value: string, name: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new PerchError("BAD_REQUEST", `${name}: not an ISO instant: ${value}`);
  return new Date(t).toISOString();
}
