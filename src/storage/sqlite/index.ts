/** The SQLite backend of `Store` (the only place that imports bun:sqlite). */
export { LATEST_VERSION, MIGRATIONS, type Migration, runMigrations } from "./migrations.ts";
export { openSqliteStore, type SqliteStoreOptions } from "./open.ts";
export { MAX_PAGE_SIZE, PAGE_SIZE, SqliteStore } from "./sqlite-store.ts";
