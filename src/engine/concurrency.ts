/**
 * Flow `concurrency` (`limit`, `behavior` QUEUE | CANCEL | FAIL): at most `limit` executions of a flow run at once.
 * The gate counts the admitted executions of each flow synchronously on the one JS thread, so a burst of webhook
 * calls cannot slip past the limit; queued executions start in arrival order when a running one ends.
 */
import type { Execution } from "../model/execution.ts";
import type { Flow } from "../model/flow.ts";

const keyOf = (flow: Flow) => `${flow.tenantId}\u0000${flow.namespace}\u0000${flow.id}`;

export class ConcurrencyGate {
  private readonly running = new Map<string, Set<string>>();
  private readonly waiting = new Map<string, string[]>();

  private runningOf(flow: Flow): Set<string> {
    const key = keyOf(flow);
    let set = this.running.get(key);
    if (!set) this.running.set(key, (set = new Set()));
    return set;
  }

  /** the verdict for an execution about to start; QUEUE puts it in line */
  admit(flow: Flow, execution: Execution): "RUN" | "QUEUE" | "CANCEL" | "FAIL" {
    const c = flow.concurrency;
    if (!c) return "RUN";
    const running = this.runningOf(flow);
    if (running.size < c.limit) {
      running.add(execution.id);
      return "RUN";
    }
    if (c.behavior === "CANCEL" || c.behavior === "FAIL") return c.behavior;
    this.enqueue(flow, execution.id);
    return "QUEUE";
  }

  /** after a restart: an execution that was already running counts against the limit */
  markRunning(flow: Flow, id: string): void {
    if (flow.concurrency) this.runningOf(flow).add(id);
  }

  enqueue(flow: Flow, id: string): void {
    const key = keyOf(flow);
    const list = this.waiting.get(key);
    if (list) list.push(id);
    else this.waiting.set(key, [id]);
  }

  /** an execution ended (or left the queue): frees its place; returns the queued ids that may start now */
  release(flow: Flow, id: string): string[] {
    if (!flow.concurrency) return [];
    const key = keyOf(flow);
    this.running.get(key)?.delete(id);
    const list = this.waiting.get(key);
    if (list) {
      const i = list.indexOf(id);
      if (i >= 0) list.splice(i, 1);
    }
    return this.startable(flow);
  }

  /** queued ids that fit under the limit now, admitted in arrival order */
  startable(flow: Flow): string[] {
    const c = flow.concurrency;
    if (!c) return [];
    const key = keyOf(flow);
    const running = this.runningOf(flow);
    const list = this.waiting.get(key) ?? [];
    const out: string[] = [];
    while (running.size < c.limit && list.length > 0) {
      const id = list.shift()!;
      running.add(id);
      out.push(id);
    }
    return out;
  }
}
