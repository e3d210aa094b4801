/** The factory of the SQLite store: opens (creating) the file, sets the pragmas, runs the migrations. */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { runMigrations } from "./migrations.ts";
import { SqliteStore } from "./sqlite-store.ts";

export interface SqliteStoreOptions {
  /** `FULL` (default): a resolved write survives power loss. `NORMAL`: survives a crash of the process only. */
  synchronous?: "FULL" | "NORMAL";
  /** how long a write waits for a lock held by another connection (default 5000 ms) */
  busyTimeoutMs?: number;
  /** one transaction per event-loop turn (default true); false commits each write alone (benchmark baseline) */
  groupCommit?: boolean;
  /** injected clock for `updated` columns */
  now?: () => Date;
}

/**
 * Opens the SQLite store in the file `path` (conventionally `<dataDir>/perch.db`), creating the file and its folder.
 * Errors name the path: a file that is not a database, a folder that cannot be written, a newer schema.
 *
 * @example
 * const store = await openSqliteStore(join(dataDir, "perch.db"));
 * await store.createExecution(execution); // committed (fsynced) when this resolves
 * await store.close();
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  let db: Database | undefined;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { create: true, readwrite: true, strict: true });
    db.exec("PRAGMA journal_mode = WAL");
    const mode = (db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode;
    if (mode !== "wal" && path !== ":memory:") throw new Error(`journal_mode is ${mode}, WAL could not be enabled`);
    db.exec(`PRAGMA synchronous = ${options.synchronous === "NORMAL" ? "NORMAL" : "FULL"}`);
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.exec("PRAGMA foreign_keys = ON");
    runMigrations(db, path);
    return new SqliteStore(db, path, { groupCommit: options.groupCommit, now: options.now });
  } catch (e) {
    db?.close();
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes(path)) throw e;
    throw new Error(`cannot open SQLite database ${path}: ${message}`, { cause: e });
  }
}
