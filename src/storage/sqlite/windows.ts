/** Flow-trigger precondition windows (table flow_trigger_windows), for issue 4. Writes go through the queue. */
import type { Database } from "bun:sqlite";
import type { TriggerWindow, TriggerWindowKey } from "../types.ts";
import { toWindow, type WindowRow } from "./rows.ts";
import type { WriteQueue } from "./write-queue.ts";

const KEY = "tenant = ? AND namespace = ? AND flow_id = ? AND trigger_id = ? AND condition_id = ?";

function keyArgs(k: TriggerWindowKey): string[] {
  return [k.tenantId, k.namespace, k.flowId, k.triggerId, k.conditionId];
}

export class WindowOps {
  constructor(
    private readonly db: Database,
    private readonly queue: WriteQueue,
  ) {}

  private read(key: TriggerWindowKey, windowStart: string): TriggerWindow | undefined {
    const row = this.db
      .query(`SELECT * FROM flow_trigger_windows WHERE ${KEY} AND window_start = ?`)
      .get(...keyArgs(key), windowStart) as WindowRow | null;
    return row ? toWindow(row) : undefined;
  }

  async get(key: TriggerWindowKey, windowStart: string): Promise<TriggerWindow | undefined> {
    return this.read(key, windowStart);
  }

  async list(key: TriggerWindowKey): Promise<TriggerWindow[]> {
    const rows = this.db
      .query(`SELECT * FROM flow_trigger_windows WHERE ${KEY} ORDER BY window_start`)
      .all(...keyArgs(key)) as WindowRow[];
    return rows.map(toWindow);
  }

  /** read-modify-write inside the batch transaction: atomic with respect to every other write */
  merge(w: TriggerWindow): Promise<TriggerWindow> {
    const results = { ...w.results };
    const outputs = { ...w.outputs };
    return this.queue.enqueue(() => {
      const old = this.read(w, w.windowStart);
      const merged: TriggerWindow = {
        tenantId: w.tenantId,
        namespace: w.namespace,
        flowId: w.flowId,
        triggerId: w.triggerId,
        conditionId: w.conditionId,
        windowStart: w.windowStart,
        windowEnd: w.windowEnd,
        results: { ...old?.results, ...results },
        outputs: { ...old?.outputs, ...outputs },
      };
      const satisfiedAt = { ...old?.satisfiedAt, ...w.satisfiedAt };
      const firedAt = w.firedAt ?? old?.firedAt;
      if (Object.keys(satisfiedAt).length > 0) merged.satisfiedAt = satisfiedAt;
      if (firedAt !== undefined) merged.firedAt = firedAt;
      this.db
        .query(
          `INSERT INTO flow_trigger_windows (tenant, namespace, flow_id, trigger_id, condition_id, window_start, window_end,
           results, outputs, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (tenant, namespace, flow_id, trigger_id, condition_id, window_start)
           DO UPDATE SET window_end = excluded.window_end, results = excluded.results, outputs = excluded.outputs,
           meta = excluded.meta`,
        )
        .run(
          ...keyArgs(w),
          w.windowStart,
          w.windowEnd,
          JSON.stringify(merged.results),
          JSON.stringify(merged.outputs),
          JSON.stringify({ satisfiedAt: merged.satisfiedAt, firedAt: merged.firedAt }),
        );
      return merged;
    });
  }

  delete(key: TriggerWindowKey, windowStart: string): Promise<boolean> {
    const args = [...keyArgs(key), windowStart];
    return this.queue.enqueue(
      () =>
        this.db.query(`DELETE FROM flow_trigger_windows WHERE ${KEY} AND window_start = ?`).run(...args).changes > 0,
    );
  }

  deleteExpired(now: string): Promise<number> {
    return this.queue.enqueue(
      () => this.db.query("DELETE FROM flow_trigger_windows WHERE window_end <= ?").run(now).changes,
    );
  }
}
