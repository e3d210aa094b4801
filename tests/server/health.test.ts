/** GET /health is readiness too: 503 DOWN while the database cannot take a write (locked by another writer), 200 after. */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { createEngine, type Engine } from "../../src/engine/index.ts";
import { silentLogger } from "../../src/lib/log.ts";
import { type App, createApp } from "../../src/server/app.ts";
import { openSqliteStore, type SqliteStore } from "../../src/storage/sqlite/index.ts";
import { tempDir } from "../helpers/server.ts";

let dir: string;
let store: SqliteStore;
let engine: Engine;
let app: App;

beforeAll(async () => {
  dir = tempDir("health");
  store = await openSqliteStore(join(dir, "perch.db"), { busyTimeoutMs: 20 });
  engine = await createEngine({ store, logger: silentLogger });
  app = createApp(engine, { publicUrl: "http://perch.test:8080", auth: { token: "t" } });
});
afterAll(async () => {
  await engine.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const health = async () => {
  const res = await app.handle(new Request("http://perch.test:8080/health"));
  return { status: res.status, body: await res.json() };
};

test("UP, then DOWN while another connection holds the write lock, then UP again (no auth needed)", async () => {
  expect(await health()).toEqual({ status: 200, body: { status: "UP" } });
  const other = new Database(join(dir, "perch.db"));
  try {
    other.exec("BEGIN IMMEDIATE");
    expect(await health()).toEqual({ status: 503, body: { status: "DOWN" } });
    other.exec("ROLLBACK");
    expect(await health()).toEqual({ status: 200, body: { status: "UP" } });
  } finally {
    other.close();
  }
});
