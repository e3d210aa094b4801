/**
 * Engines for tests: the real engine on a real SQLite file in a fresh temp dir, flows saved (each must be valid),
 * stopped and removed after each test of the file that calls `engines()`.
 *
 * @example
 * const { setup } = engines();
 * test("…", async () => { const engine = await setup(flowYaml); … });
 */
import { afterEach, expect } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type Engine } from "../../src/engine/index.ts";
import { silentLogger } from "../../src/lib/log.ts";
import { openSqliteStore } from "../../src/storage/sqlite/index.ts";
import type { Store } from "../../src/storage/types.ts";

export function engines(options: { now?: () => Date; timeZone?: string } = {}) {
  const open: { engine: Engine; store: Store; dir: string }[] = [];
  afterEach(async () => {
    for (const { engine, store, dir } of open.splice(0)) {
      await engine.stop(1000);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    async setup(...flows: string[]): Promise<Engine> {
      const dir = mkdtempSync(join(tmpdir(), "perch-engine-"));
      const store = await openSqliteStore(join(dir, "perch.db"));
      const engine = await createEngine({
        store,
        logger: silentLogger,
        timeZone: options.timeZone ?? "UTC",
        now: options.now,
      });
      open.push({ engine, store, dir });
      for (const f of flows) expect((await engine.saveFlow(f)).errors).toEqual([]);
      return engine;
    },
  };
}
