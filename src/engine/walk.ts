/**
 * The walk of task lists inside the pure executor: finds or creates the task run of each task in a scope (parent
 * task run + loop value), starts runnable tasks (dispatch), and computes the flowable ones (If, Switch, Sequential,
 * Parallel, ForEach, Pause, Subflow) with their local `errors` and `finally`. No I/O: rendering is injected.
 */
import type { Execution, TaskRun } from "../model/execution.ts";
import type { TaskDef } from "../model/flow.ts";
import { isTerminal, type StateType, withState } from "../model/state.ts";
import { isTruthy } from "../expr/index.ts";
import { COMPOSITE, FOR_EACH_ITEM_TYPE, type FlowableType, PAUSE_TYPE, SUBFLOW_TYPE } from "./flowables.ts";
import type { ExecutorDeps, StepResult } from "./executor.ts";

export type ListStatus = "done" | "pending" | "failed" | "cancelled";

/** where a task run lives: under which flowable task run, in which loop iteration */
export interface Scope {
  parent?: TaskRun;
  value?: string;
  iteration?: number;
}

/** Kestra's state precedence over a set of task runs. */
export function aggregateState(states: StateType[]): StateType {
  if (states.includes("KILLED")) return "KILLED";
  if (states.includes("FAILED")) return "FAILED";
  if (states.includes("RETRIED")) return "RETRIED";
  if (states.includes("WARNING")) return "WARNING";
  if (states.includes("PAUSED")) return "PAUSED";
  if (states.includes("CANCELLED")) return "CANCELLED";
  return "SUCCESS";
}

export function activeTasks(list: TaskDef[] | undefined): TaskDef[] {
  return (list ?? []).filter((t) => t.disabled !== true);
}

export function applyAllowances(task: TaskDef, state: StateType): StateType {
  if (state === "FAILED" && task.allowFailure === true) state = "WARNING";
  if (state === "WARNING" && task.allowWarning === true) state = "SUCCESS";
  return state;
}

function statusOf(state: StateType): ListStatus {
  if (state === "FAILED" || state === "KILLED") return "failed";
  // RETRIED (retry behavior CREATE_NEW_EXECUTION): the execution stops here, a new one will run the flow again
  if (state === "CANCELLED" || state === "RETRIED") return "cancelled";
  return isTerminal(state) ? "done" : "pending";
}

const key = (taskId: string, parentId: string | undefined, value: string | undefined) =>
  `${parentId ?? ""}\u0000${value ?? "\u0001"}\u0000${taskId}`;

export class Walker {
  private readonly index = new Map<string, TaskRun>();

  constructor(
    private readonly execution: Execution,
    private readonly deps: ExecutorDeps,
    private readonly result: StepResult,
  ) {
    for (const tr of execution.taskRunList) this.index.set(key(tr.taskId, tr.parentTaskRunId, tr.value), tr);
  }

  find(taskId: string, scope: Scope): TaskRun | undefined {
    return this.index.get(key(taskId, scope.parent?.id, scope.value));
  }

  /** the tasks of `list`, one after the other */
  list(list: TaskDef[] | undefined, scope: Scope): ListStatus {
    for (const task of activeTasks(list)) {
      const s = this.visit(task, scope);
      if (s !== "done") return s;
    }
    return "done";
  }

  /** the tasks of `list` at the same time, at most `limit` running (0: no limit); no new start after a failure */
  parallel(list: TaskDef[] | undefined, scope: Scope, limit: number): ListStatus {
    let running = 0;
    let pending = false;
    let failed = false;
    let cancelled = false;
    for (const task of activeTasks(list)) {
      if (!this.find(task.id, scope) && (failed || cancelled || (limit > 0 && running >= limit))) {
        if (!failed && !cancelled) pending = true;
        continue;
      }
      const s = this.visit(task, scope);
      if (s === "pending") {
        running++;
        pending = true;
      } else if (s === "failed") failed = true;
      else if (s === "cancelled") cancelled = true;
    }
    return pending ? "pending" : failed ? "failed" : cancelled ? "cancelled" : "done";
  }

  /** one task in a scope: creates its run when missing, advances a running flowable, reports its status */
  visit(task: TaskDef, scope: Scope): ListStatus {
    let tr = this.find(task.id, scope);
    if (!tr) {
      tr = this.create(task, scope);
      let run: boolean;
      try {
        run = task.runIf === undefined ? true : this.deps.runIf(task, this.execution, tr);
      } catch (e) {
        this.fail(tr, task, `runIf of task ${task.id} failed: ${(e as Error).message}`);
        return statusOf(tr.state.current);
      }
      if (!run) {
        tr.state = withState(tr.state, "SKIPPED", this.deps.now());
        return "done";
      }
      return this.start(task, tr, scope);
    }
    if (tr.state.current === "RESTARTED") return this.start(task, tr, scope);
    // resubmitted after a restart, waiting for a worker: terminal for Kestra, but it has not run yet
    if (tr.state.current === "RESUBMITTED") return "pending";
    if (isTerminal(tr.state.current)) return statusOf(tr.state.current);
    if (COMPOSITE.has(task.type) && tr.state.current === "RUNNING") return this.advance(task, tr, scope);
    return "pending";
  }

  private create(task: TaskDef, scope: Scope): TaskRun {
    const tr: TaskRun = {
      id: this.deps.newId(),
      executionId: this.execution.id,
      namespace: this.execution.namespace,
      flowId: this.execution.flowId,
      taskId: task.id,
      attempts: [],
      state: { current: "CREATED", histories: [{ state: "CREATED", date: this.deps.now().toISOString() }] },
    };
    if (scope.parent) tr.parentTaskRunId = scope.parent.id;
    if (scope.value !== undefined) tr.value = scope.value;
    if (scope.iteration !== undefined) tr.iteration = scope.iteration;
    this.execution.taskRunList.push(tr);
    this.index.set(key(tr.taskId, tr.parentTaskRunId, tr.value), tr);
    this.result.changed = true;
    return tr;
  }

  private fail(tr: TaskRun, task: TaskDef, message: string): void {
    tr.state = withState(tr.state, applyAllowances(task, "FAILED"), this.deps.now());
    this.result.changed = true;
    this.result.logs.push({ level: "ERROR", message, taskRunId: tr.id, taskId: task.id });
  }

  /** starts a new (or restarted) task run */
  private start(task: TaskDef, tr: TaskRun, scope: Scope): ListStatus {
    const now = this.deps.now();
    this.result.changed = true;
    if (task.type === PAUSE_TYPE) {
      tr.state = withState(withState(tr.state, "RUNNING", now), "PAUSED", now);
      this.execution.state = withState(this.execution.state, "PAUSED", now);
      this.result.paused = { task, taskRun: tr };
      return "pending";
    }
    if (task.type === SUBFLOW_TYPE || task.type === FOR_EACH_ITEM_TYPE) {
      tr.state = withState(tr.state, "RUNNING", now);
      this.result.subflows.push({ task, taskRun: tr });
      return "pending";
    }
    if (!COMPOSITE.has(task.type)) {
      if (tr.state.current === "RESTARTED") tr.state = withState(tr.state, "CREATED", now);
      this.result.dispatch.push({ task, taskRun: tr });
      return "pending";
    }
    tr.state = withState(tr.state, "RUNNING", now);
    try {
      this.init(task, tr);
    } catch (e) {
      this.fail(tr, task, `${task.id}: ${(e as Error).message}`);
      return statusOf(tr.state.current);
    }
    return this.advance(task, tr, scope);
  }

  /** what a flowable decides once, when it starts: the branch of If/Switch, the values of ForEach */
  private init(task: TaskDef, tr: TaskRun): void {
    const render = (v: unknown) => this.deps.render(v, this.execution, { task, taskRun: tr });
    switch (task.type as FlowableType) {
      case "io.kestra.plugin.core.flow.If": {
        const c = task.condition;
        const result = typeof c === "boolean" ? c : isTruthy(render(String(c)) as string);
        tr.outputs = { evaluationResult: result };
        break;
      }
      case "io.kestra.plugin.core.flow.Switch": {
        const value = String(render(typeof task.value === "string" ? task.value : String(task.value)) ?? "");
        const cases = (task.cases ?? {}) as Record<string, TaskDef[]>;
        tr.outputs = { value, defaults: !Object.hasOwn(cases, value) };
        break;
      }
      case "io.kestra.plugin.core.flow.ForEach":
        tr.items = forEachValues(task.values, render);
        break;
      default:
    }
  }

  /** moves a running flowable forward; when its children are done, sets its state */
  private advance(task: TaskDef, tr: TaskRun, scope: Scope): ListStatus {
    const inner: Scope = { parent: tr, value: scope.value, iteration: scope.iteration };
    const type = task.type as FlowableType;
    let main: ListStatus;
    let mainLists: TaskDef[][];
    if (type === "io.kestra.plugin.core.flow.ForEach") {
      mainLists = [task.tasks as TaskDef[]];
      main = this.loop(task, tr);
    } else if (type === "io.kestra.plugin.core.flow.Parallel") {
      mainLists = [task.tasks as TaskDef[]];
      main = this.parallel(mainLists[0], inner, (task.concurrent as number | undefined) ?? 0);
    } else {
      mainLists = [branchOf(task, tr)];
      main = this.list(mainLists[0], inner);
    }
    if (main === "pending") return "pending";
    if (main === "failed" && activeTasks(task.errors as TaskDef[]).length > 0) {
      if (this.list(task.errors as TaskDef[], inner) === "pending") return "pending";
    }
    if (this.list(task.finally as TaskDef[], inner) === "pending") return "pending";
    const ids = new Set(mainLists.flatMap((l) => activeTasks(l).map((t) => t.id)));
    const states = this.execution.taskRunList
      .filter((r) => r.parentTaskRunId === tr.id && ids.has(r.taskId))
      .map((r) => r.state.current);
    const state = applyAllowances(task, aggregateState(states));
    tr.state = withState(tr.state, state, this.deps.now());
    this.result.changed = true;
    return statusOf(state);
  }

  /** ForEach: the iterations, `concurrencyLimit` at a time; no new iteration after a failure */
  private loop(task: TaskDef, tr: TaskRun): ListStatus {
    const tasks = activeTasks(task.tasks as TaskDef[]);
    const limit = (task.concurrencyLimit as number | undefined) ?? 1;
    let running = 0;
    let pending = false;
    let failed = false;
    let cancelled = false;
    const items = tr.items ?? [];
    for (let i = 0; i < items.length && tasks.length > 0; i++) {
      const scope: Scope = { parent: tr, value: items[i], iteration: i };
      if (!this.find(tasks[0]!.id, scope) && (failed || cancelled || (limit > 0 && running >= limit))) {
        if (!failed && !cancelled) pending = true;
        continue;
      }
      const s = this.list(tasks, scope);
      if (s === "pending") {
        running++;
        pending = true;
      } else if (s === "failed") failed = true;
      else if (s === "cancelled") cancelled = true;
    }
    return pending ? "pending" : failed ? "failed" : cancelled ? "cancelled" : "done";
  }
}

/** the branch an If or Switch chose when it started (Sequential: its tasks) */
function branchOf(task: TaskDef, tr: TaskRun): TaskDef[] {
  if (task.type === "io.kestra.plugin.core.flow.If")
    return ((tr.outputs?.evaluationResult ? task.then : task.else) as TaskDef[] | undefined) ?? [];
  if (task.type === "io.kestra.plugin.core.flow.Switch") {
    if (tr.outputs?.defaults) return (task.defaults as TaskDef[] | undefined) ?? [];
    return ((task.cases as Record<string, TaskDef[]>)[String(tr.outputs?.value)] ?? []) as TaskDef[];
  }
  return (task.tasks as TaskDef[] | undefined) ?? [];
}

/**
 * ForEach `values` as text values: a list (strings rendered, integers as text, maps rendered then JSON) or a
 * template / JSON text rendering to a JSON array; de-duplicated, in order.
 */
export function forEachValues(values: unknown, render: (v: unknown) => unknown): string[] {
  let list: unknown[];
  if (typeof values === "string") {
    const text = String(render(values)).trim();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`values must render to a JSON array, got \`${text.slice(0, 80)}\``);
    }
    if (!Array.isArray(parsed)) throw new Error(`values must render to a JSON array, got \`${text.slice(0, 80)}\``);
    list = parsed;
  } else if (Array.isArray(values)) {
    list = values.map((v) => (typeof v === "string" || (typeof v === "object" && v !== null) ? render(v) : v));
  } else throw new Error("values must be a list or a JSON array text");
  const out: string[] = [];
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (v === null || v === undefined) throw new Error(`values[${i}] is null`);
    let text: string;
    if (typeof v === "string") text = v;
    else if (typeof v === "number" && Number.isInteger(v)) text = String(v);
    else if (typeof v === "object") text = JSON.stringify(v);
    else if (typeof values === "string") text = JSON.stringify(v);
    else throw new Error(`values[${i}] must be a string, an integer or a map, got ${JSON.stringify(v)}`);
    if (seen.has(text)) return;
    seen.add(text);
    out.push(text);
  });
  return out;
}
