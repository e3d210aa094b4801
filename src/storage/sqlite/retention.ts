/**
 * Retention on SQLite: one batch of ended executions (finished = 1) whose end date is before a cutoff, deleted with
 * their logs in one transaction of the write queue (so it commits between webhook writes, never holding the lock
 * for long). The candidates are read through the start-date index first (an execution ends after it starts).
 */
import type { Database } from "bun:sqlite";
import type { WriteQueue } from "./write-queue.ts";

export function purgeBefore(db: Database, queue: WriteQueue, before: string, limit: number): Promise<number> {
  const n = Math.max(1, Math.min(Math.trunc(limit), 10_000));
  const run = () => {
    const rows = db
      .query(
        `SELECT id FROM executions WHERE start_date < ?1 AND finished = 1 AND COALESCE(end_date, updated) < ?1
         ORDER BY start_date LIMIT ?2`,
      )
      .all(before, n) as { id: string }[];
    if (rows.length === 0) return 0;
    const ids = JSON.stringify(rows.map((r) => r.id));
    db.query("DELETE FROM logs WHERE execution_id IN (SELECT value FROM json_each(?))").run(ids);
    db.query("DELETE FROM executions WHERE id IN (SELECT value FROM json_each(?))").run(ids);
    return rows.length;
  };
  return queue.enqueue(run, { atomic: true });
}
