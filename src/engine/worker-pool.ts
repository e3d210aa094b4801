/**
 * A bounded pool for runnable tasks: at most `size` jobs run at once, the rest wait in FIFO order.
 * Jobs are async functions; the pool never lets a rejection escape (the job reports its own failure).
 */
export class WorkerPool {
  private running = 0;
  private readonly queue: (() => Promise<void>)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`worker pool size must be a positive integer, got ${size}`);
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  submit(job: () => Promise<void>): void {
    if (this.running < this.size) this.start(job);
    else this.queue.push(job);
  }

  private start(job: () => Promise<void>): void {
    this.running++;
    job()
      .catch(() => {})
      .finally(() => {
        this.running--;
        const next = this.queue.shift();
        if (next) this.start(next);
        else if (this.running === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const w of waiters) w();
        }
      });
  }

  /** resolves when nothing runs nor waits, or after `timeoutMs` (false then) */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
