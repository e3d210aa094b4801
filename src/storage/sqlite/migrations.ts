/**
 * Schema of the SQLite store as numbered migrations, embedded as text so that the compiled binary carries them.
 * `schema_migrations` records what ran; pending migrations run in one IMMEDIATE transaction; a database whose
 * version is newer than the code knows is refused (an older perch must not write a newer schema).
 */
import type { Database } from "bun:sqlite";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema",
    sql: `
CREATE TABLE flows (
  tenant    TEXT    NOT NULL,
  namespace TEXT    NOT NULL,
  id        TEXT    NOT NULL,
  revision  INTEGER NOT NULL,
  source    TEXT    NOT NULL,
  errors    TEXT,
  deleted   INTEGER NOT NULL DEFAULT 0,
  updated   TEXT    NOT NULL,
  PRIMARY KEY (tenant, namespace, id, revision)
) WITHOUT ROWID;
CREATE INDEX flows_live ON flows (tenant, namespace, id, revision DESC) WHERE deleted = 0;

CREATE TABLE executions (
  id         TEXT    NOT NULL PRIMARY KEY,
  tenant     TEXT    NOT NULL,
  namespace  TEXT    NOT NULL,
  flow_id    TEXT    NOT NULL,
  state      TEXT    NOT NULL,
  finished   INTEGER NOT NULL,
  start_date TEXT    NOT NULL,
  end_date   TEXT,
  doc        TEXT    NOT NULL,
  updated    TEXT    NOT NULL
);
CREATE INDEX executions_flow ON executions (tenant, namespace, flow_id, start_date);
CREATE INDEX executions_start ON executions (tenant, start_date);
CREATE INDEX executions_flow_state ON executions (tenant, namespace, flow_id, state);
CREATE INDEX executions_unfinished ON executions (start_date) WHERE finished = 0;

CREATE TABLE logs (
  seq          INTEGER PRIMARY KEY,
  execution_id TEXT    NOT NULL,
  task_run_id  TEXT,
  task_id      TEXT,
  level        INTEGER NOT NULL,
  ts           TEXT    NOT NULL,
  message      TEXT    NOT NULL
);
CREATE INDEX logs_execution ON logs (execution_id, seq);

CREATE TABLE trigger_states (
  tenant     TEXT    NOT NULL,
  namespace  TEXT    NOT NULL,
  flow_id    TEXT    NOT NULL,
  trigger_id TEXT    NOT NULL,
  disabled   INTEGER NOT NULL,
  reason     TEXT,
  updated    TEXT    NOT NULL,
  PRIMARY KEY (tenant, namespace, flow_id, trigger_id)
) WITHOUT ROWID;

CREATE TABLE flow_trigger_windows (
  tenant       TEXT NOT NULL,
  namespace    TEXT NOT NULL,
  flow_id      TEXT NOT NULL,
  trigger_id   TEXT NOT NULL,
  condition_id TEXT NOT NULL,
  window_start TEXT NOT NULL,
  window_end   TEXT NOT NULL,
  results      TEXT NOT NULL,
  outputs      TEXT NOT NULL,
  PRIMARY KEY (tenant, namespace, flow_id, trigger_id, condition_id, window_start)
) WITHOUT ROWID;
CREATE INDEX flow_trigger_windows_end ON flow_trigger_windows (window_end);
`,
  },
  {
    version: 2,
    name: "flow trigger windows: when each condition was met and when the trigger last fired",
    sql: `ALTER TABLE flow_trigger_windows ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';`,
  },
];

/** Highest schema version this code knows. */
export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

function currentVersion(db: Database): number {
  const row = db.query("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null } | null;
  return row?.v ?? 0;
}

/**
 * Runs the pending migrations of `migrations` in one transaction; a no-op when the database is up to date.
 * Throws, naming `path`, when the database has a newer version than the code knows. Returns the version.
 */
export function runMigrations(db: Database, path: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)",
  );
  const check = (v: number) => {
    if (v > known) {
      throw new Error(
        `SQLite database ${path} has schema version ${v}, newer than this perch knows (${known}); use a newer perch or another data directory`,
      );
    }
  };
  check(currentVersion(db));
  db.exec("BEGIN IMMEDIATE");
  try {
    // another process may have migrated between the check and the lock
    const from = currentVersion(db);
    check(from);
    const record = db.query("INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)");
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= from) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
    db.exec("COMMIT");
  } catch (e) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw e;
  }
  return currentVersion(db);
}
