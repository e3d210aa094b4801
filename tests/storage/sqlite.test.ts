/** The storage contract on a real SQLite file, plus what only SQLite has: WAL, durability across SIGKILL, migrations. */
import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LATEST_VERSION, openSqliteStore } from "../../src/storage/sqlite/index.ts";
import { makeExecution, runStoreContract } from "./contract.ts";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "perch-sqlite-"));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

runStoreContract("sqlite", async () => {
  const dir = tempDir();
  const store = await openSqliteStore(join(dir, "perch.db"));
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

runStoreContract("sqlite, one transaction per write, synchronous=NORMAL", async () => {
  const dir = tempDir();
  const store = await openSqliteStore(join(dir, "perch.db"), { groupCommit: false, synchronous: "NORMAL" });
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("sqlite specifics", () => {
  test("pragmas: WAL, synchronous FULL by default, foreign keys, busy timeout", async () => {
    const store = await openSqliteStore(join(tempDir(), "perch.db"));
    const pragma = (name: string) => Object.values(store.db.query(`PRAGMA ${name}`).get() as object)[0];
    expect(pragma("journal_mode")).toBe("wal");
    expect(pragma("synchronous")).toBe(2);
    expect(pragma("foreign_keys")).toBe(1);
    expect(pragma("busy_timeout")).toBe(5000);
    await store.close();
  });

  test("migrations are idempotent on reopen and data stays", async () => {
    const file = join(tempDir(), "perch.db");
    const e = makeExecution();
    let store = await openSqliteStore(file);
    await store.createExecution(e);
    await store.close();
    store = await openSqliteStore(file);
    await store.migrate();
    expect(await store.getExecution(e.id)).toEqual(e);
    const versions = store.db.query("SELECT version FROM schema_migrations").all();
    expect(versions).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => ({ version: i + 1 })));
    await store.close();
  });

  test("a database with a newer schema version is refused, naming the path", async () => {
    const file = join(tempDir(), "perch.db");
    await (await openSqliteStore(file)).close();
    const db = new Database(file);
    db.run("INSERT INTO schema_migrations (version, name, applied) VALUES (?, 'future', '')", [LATEST_VERSION + 1]);
    db.close();
    const err = await openSqliteStore(file).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain(`schema version ${LATEST_VERSION + 1}, newer`);
  });

  test("a file that is not a database, or a path that cannot be written, gives an error naming the path", async () => {
    const dir = tempDir();
    const garbage = join(dir, "garbage.db");
    writeFileSync(garbage, "this is not a database, it is plain text. ".repeat(50));
    await expect(openSqliteStore(garbage)).rejects.toThrow(garbage);
    await expect(openSqliteStore(garbage)).rejects.toThrow(/not a database/);
    const underFile = join(garbage, "sub", "perch.db");
    await expect(openSqliteStore(underFile)).rejects.toThrow(underFile);
    const asDir = join(dir, "a-directory");
    mkdirSync(asDir);
    await expect(openSqliteStore(asDir)).rejects.toThrow(asDir);
  });

  test("a failing batch rejects every write in it and writes nothing", async () => {
    const store = await openSqliteStore(join(tempDir(), "perch.db"));
    const a = makeExecution();
    const b = makeExecution();
    // a real SQLITE_FULL: the file may not grow past its current size, and the log line needs new pages
    const pages = (store.db.query("PRAGMA page_count").get() as { page_count: number }).page_count;
    store.db.exec(`PRAGMA max_page_count = ${pages}`);
    const big = "x".repeat(1 << 20);
    const results = await Promise.allSettled([
      store.createExecution(a),
      store.appendLogs([{ executionId: a.id, level: "INFO", message: big, timestamp: "2026-01-01T00:00:00Z" }]),
      store.createExecution(b),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/full/i);
    expect(await store.getExecution(a.id)).toBeUndefined();
    expect(await store.getExecution(b.id)).toBeUndefined();
    store.db.exec("PRAGMA max_page_count = 1073741823");
    await store.createExecution(a);
    expect(await store.getExecution(a.id)).toEqual(a);
    await store.close();
  });

  test("writes after close reject", async () => {
    const store = await openSqliteStore(join(tempDir(), "perch.db"));
    await store.close();
    await expect(store.createExecution(makeExecution())).rejects.toThrow(/closed/);
  });

  test("durability: every execution whose promise resolved survives SIGKILL", async () => {
    const file = join(tempDir(), "perch.db");
    const script = join(import.meta.dir, "fixtures", "write-until-killed.ts");
    const child = Bun.spawn([join(process.cwd(), "node_modules/.bin/bun"), script, file, "100000"], {
      stdout: "pipe",
      stderr: "inherit",
    });
    const ids: string[] = [];
    let buffered = "";
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      buffered += decoder.decode(chunk);
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      ids.push(...lines.filter(Boolean));
      if (ids.length >= 3000) {
        child.kill("SIGKILL");
        break;
      }
    }
    await child.exited;
    expect(child.signalCode).toBe("SIGKILL");
    expect(ids.length).toBeGreaterThanOrEqual(3000);
    const store = await openSqliteStore(file);
    const placeholders = ids.map(() => "?").join(",");
    const found = store.db.query(`SELECT COUNT(*) AS n FROM executions WHERE id IN (${placeholders})`).get(...ids) as {
      n: number;
    };
    expect(found.n).toBe(ids.length);
    await store.close();
  });
});
