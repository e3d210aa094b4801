/**
 * Flow revisions (table flows). A new revision is stored only when the source differs from the latest one; a delete
 * marks every revision deleted, and a later save creates revision latest+1, not deleted (the flow is back).
 */
import type { Database } from "bun:sqlite";
import type { StoredFlow } from "../types.ts";
import { type FlowRow, toFlow } from "./rows.ts";
import type { WriteQueue } from "./write-queue.ts";

const KEY = "tenant = ? AND namespace = ? AND id = ?";

export class FlowOps {
  constructor(
    private readonly db: Database,
    private readonly queue: WriteQueue,
  ) {}

  /** read and insert run inside the batch transaction, so concurrent saves get distinct revisions */
  save(
    flow: { tenantId: string; namespace: string; id: string; source: string; errors?: unknown[] },
    now: string,
  ): Promise<StoredFlow> {
    const errors = flow.errors === undefined ? null : JSON.stringify(flow.errors);
    const key = [flow.tenantId, flow.namespace, flow.id];
    return this.queue.enqueue((): StoredFlow => {
      const latest = this.db
        .query(`SELECT * FROM flows WHERE ${KEY} ORDER BY revision DESC LIMIT 1`)
        .get(...key) as FlowRow | null;
      if (latest && latest.deleted === 0 && latest.source === flow.source) return toFlow(latest);
      const row = this.db
        .query(
          "INSERT INTO flows (tenant, namespace, id, revision, source, errors, deleted, updated) VALUES (?, ?, ?, ?, ?, ?, 0, ?) RETURNING *",
        )
        .get(...key, (latest?.revision ?? 0) + 1, flow.source, errors, now) as FlowRow;
      return toFlow(row);
    });
  }

  /** without `revision`: the latest revision unless deleted; with it: that revision, even deleted */
  async get(tenantId: string, namespace: string, id: string, revision?: number): Promise<StoredFlow | undefined> {
    const row =
      revision === undefined
        ? this.db
            .query(`SELECT * FROM flows WHERE ${KEY} AND deleted = 0 ORDER BY revision DESC LIMIT 1`)
            .get(tenantId, namespace, id)
        : this.db.query(`SELECT * FROM flows WHERE ${KEY} AND revision = ?`).get(tenantId, namespace, id, revision);
    return row ? toFlow(row as FlowRow) : undefined;
  }

  /** latest non-deleted revision of each flow of the tenant; `namespace` is an exact match here */
  async list(tenantId: string, namespace?: string): Promise<StoredFlow[]> {
    const rows = this.db
      .query(
        `SELECT * FROM flows f WHERE tenant = ?1 AND (?2 IS NULL OR namespace = ?2) AND deleted = 0
         AND revision = (SELECT MAX(revision) FROM flows g WHERE g.tenant = f.tenant AND g.namespace = f.namespace AND g.id = f.id)
         ORDER BY namespace, id`,
      )
      .all(tenantId, namespace ?? null) as FlowRow[];
    return rows.map(toFlow);
  }

  /** every revision, deleted ones included, oldest first */
  async revisions(tenantId: string, namespace: string, id: string): Promise<StoredFlow[]> {
    const rows = this.db
      .query(`SELECT * FROM flows WHERE ${KEY} ORDER BY revision`)
      .all(tenantId, namespace, id) as FlowRow[];
    return rows.map(toFlow);
  }

  /** false when there was no live flow */
  delete(tenantId: string, namespace: string, id: string): Promise<boolean> {
    return this.queue.enqueue(
      () =>
        this.db.query(`UPDATE flows SET deleted = 1 WHERE ${KEY} AND deleted = 0`).run(tenantId, namespace, id)
          .changes > 0,
    );
  }
}
