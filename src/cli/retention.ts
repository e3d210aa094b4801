/**
 * The background purge of old executions: every `intervalMs` (default: a tenth of the retention age, between 1 s
 * and 1 h), ended executions whose end is older than `retentionMs` are deleted with their logs, `batch` rows per
 * transaction (default 500), yielding to the event loop between batches so that webhooks are never held up.
 * Logs one line per run that deleted something.
 *
 * @example
 * const purger = startRetention({ store, retentionMs: 30 * 86_400_000, log });
 * await purger.stop();
 */
import type { ServerLogger } from "../lib/log.ts";
import type { Store } from "../storage/types.ts";

export interface RetentionOptions {
  store: Pick<Store, "purgeBefore">;
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
    if (total > 0) o.log.info("retention.purged", { executions: total, before: cutoff });
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
