/**
 * The background purge of old executions: every `intervalMs` (default: a tenth of the retention age, between 1 s
 * and 1 h), ended executions whose end is older than `retentionMs` are deleted with their logs, `batch` rows per
 * transaction (default 500), yielding to the event loop between batches so that webhooks are never held up.
 * Logs one line per run that deleted something. With `filesRoot`, the file folders of executions (outputFiles,
 * ForEachItem batches: `<filesRoot>/<executionId>/`) go too once older than the retention and their execution is
 * gone or ended.
 *
 * @example
 * const purger = startRetention({ store, retentionMs: 30 * 86_400_000, log });
 * await purger.stop();
 */
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ServerLogger } from "../lib/log.ts";
import { isTerminal } from "../model/state.ts";
import type { Store } from "../storage/types.ts";

export interface RetentionOptions {
  store: Pick<Store, "purgeBefore"> & Partial<Pick<Store, "getExecution">>;
  /** root of the executions' file folders (engine `filesDir`) to clean up as well */
  filesRoot?: string;
  /** age past which ended executions go; 0 disables */
  retentionMs: number;
  log: ServerLogger;
  /** injected clock */
  now?: () => Date;
  batch?: number;
  intervalMs?: number;
  /** first run after this delay (default 1 s, away from the start-up work) */
  firstRunMs?: number;
}

export interface Retention {
  /** one full purge (every batch) now; resolves with the number deleted */
  runOnce(): Promise<number>;
  /** stops the timer and waits for a run in progress to end its current batch */
  stop(): Promise<void>;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** execution folders under `filesRoot` last changed before `cutoff`, whose execution is gone or ended */
async function removeOldFolders(o: RetentionOptions, cutoff: string): Promise<number> {
  const root = o.filesRoot!;
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return 0; // no folder yet
  }
  const limit = Date.parse(cutoff);
  let removed = 0;
  for (const name of names) {
    const dir = join(root, name);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory() || info.mtimeMs >= limit) continue;
    const execution = await o.store.getExecution?.(name);
    if (execution && !isTerminal(execution.state.current)) continue;
    await rm(dir, { recursive: true, force: true });
    removed++;
    await yieldToLoop();
  }
  return removed;
}

export function startRetention(o: RetentionOptions): Retention {
  const now = o.now ?? (() => new Date());
  const batch = o.batch ?? 500;
  const interval = o.intervalMs ?? Math.min(Math.max(Math.round(o.retentionMs / 10), 1000), 3_600_000);
  let stopped = false;
  let running: Promise<number> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const purge = async (): Promise<number> => {
    const cutoff = new Date(now().getTime() - o.retentionMs).toISOString();
    let total = 0;
    for (;;) {
      const n = await o.store.purgeBefore(cutoff, batch);
      total += n;
      if (n < batch || stopped) break;
      await yieldToLoop();
    }
    const folders = o.filesRoot ? await removeOldFolders(o, cutoff) : 0;
    if (total > 0 || folders > 0) {
      o.log.info("retention.purged", { executions: total, ...(o.filesRoot ? { folders } : {}), before: cutoff });
    }
    return total;
  };

  const runOnce = (): Promise<number> => {
    running ??= purge()
      .catch((e) => {
        o.log.warn("retention.failed", { error: e as Error });
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const schedule = (ms: number) => {
    if (stopped || o.retentionMs <= 0) return;
    timer = setTimeout(() => void runOnce().then(() => schedule(interval)), ms);
    timer.unref?.();
  };
  schedule(o.firstRunMs ?? 1000);

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
