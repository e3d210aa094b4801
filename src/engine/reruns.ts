/**
 * Executions that run again: a restart in place (POST …/restart; Subflow children restarted with their parent)
 * and a new execution for the retry behavior CREATE_NEW_EXECUTION, started once its delay has passed.
 */
import type { ServerLogger } from "../lib/log.ts";
import { PerchError } from "../model/errors.ts";
import type { Execution } from "../model/execution.ts";
import type { Flow } from "../model/flow.ts";
import { isTerminal } from "../model/state.ts";
import type { Store } from "../storage/types.ts";
import { FlowRegistry } from "./flows.ts";
import { restartExecution } from "./restart.ts";
import { type RunLoop, snapshot } from "./run-loop.ts";
import { newExecution } from "./webhook.ts";

export interface RerunHost {
  store: Store;
  flows: FlowRegistry;
  log: ServerLogger;
  now(): Date;
  loop: RunLoop;
  stopping(): boolean;
  launch(flow: Flow, execution: Execution): Promise<Execution>;
  offer(execution: Execution): void;
}

export class Reruns {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly host: RerunHost) {}

  /** restarts a FAILED or KILLED execution in place from its failed tasks, with the flow revision it ran */
  async restart(id: string): Promise<{ execution: Execution } | { error: PerchError }> {
    const { store, loop } = this.host;
    const running = loop.get(id);
    if (running && !isTerminal(running.state.current)) {
      const why = `Execution ${id} cannot be restarted (state ${running.state.current})`;
      return { error: new PerchError("CONFLICT", why) };
    }
    // ended, its final state still being committed: restart from the stored one
    if (running) await loop.waitFor(id, 10_000);
    const execution = await store.getExecution(id);
    if (!execution) return { error: new PerchError("EXECUTION_NOT_FOUND", `Execution ${id} not found`) };
    const { tenantId, namespace, flowId, flowRevision } = execution;
    const stored = await store.getFlow(tenantId, namespace, flowId, flowRevision);
    const flow = stored && FlowRegistry.parse(stored.source, stored.tenantId, stored.revision).flow;
    if (!flow) return { error: new PerchError("FLOW_NOT_FOUND", `Flow revision of execution ${id} not found`) };
    const children = new Map<string, string>();
    const why = restartExecution(flow, execution, this.host.now(), children);
    if (why) return { error: new PerchError("CONFLICT", why) };
    await store.updateExecution(execution);
    loop.adopt(execution, flow);
    this.host.offer(execution);
    const answer = snapshot(execution);
    // Subflow children (restartBehavior RETRY_FAILED) restart too; one that cannot gives way to a new child
    for (const [taskRunId, childId] of children) {
      const r = await this.restart(childId);
      if (!("error" in r)) continue;
      this.host.log.warn("restart.child_not_restarted", { execution: id, child: childId, reason: r.error.message });
      loop.relaunch(id, taskRunId);
    }
    return { execution: answer };
  }

  /**
   * retry behavior CREATE_NEW_EXECUTION: the flow runs again as a new execution (same trigger, inputs and labels,
   * next attempt number, same originalId) once `delayMs` has passed; a stop in between drops it
   */
  runAgain(previous: Execution, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const flow = this.host.flows.get(previous.tenantId, previous.namespace, previous.flowId)?.flow;
      if (this.host.stopping() || !flow) return;
      const execution = newExecution(flow, this.host.now());
      execution.trigger = previous.trigger;
      execution.inputs = previous.inputs;
      execution.labels = previous.labels.filter((l) => l.key !== "system.restarted");
      execution.originalId = previous.originalId;
      execution.metadata = {
        attemptNumber: previous.metadata.attemptNumber + 1,
        originalCreatedDate: previous.metadata.originalCreatedDate,
      };
      this.host.launch(flow, execution).then(
        () => this.host.log.info("execution.retried", { execution: previous.id, retry: execution.id }),
        (e) => this.host.log.error("execution.retry_failed", { execution: previous.id, error: e }),
      );
    }, delayMs);
    this.timers.add(timer);
  }

  /** drops the pending new executions (stop) */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
