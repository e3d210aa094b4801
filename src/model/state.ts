/** The 17 execution / task-run states of Kestra, in Kestra's enum order. */
export const STATES = [
  "CREATED",
  "SUBMITTED",
  "RUNNING",
  "PAUSED",
  "RESTARTED",
  "KILLING",
  "SUCCESS",
  "WARNING",
  "FAILED",
  "KILLED",
  "CANCELLED",
  "QUEUED",
  "RETRYING",
  "RETRIED",
  "SKIPPED",
  "BREAKPOINT",
  "RESUBMITTED",
] as const;

export type StateType = (typeof STATES)[number];

const TERMINAL: ReadonlySet<StateType> = new Set<StateType>([
  "SUCCESS",
  "WARNING",
  "FAILED",
  "KILLED",
  "CANCELLED",
  "RETRIED",
  "SKIPPED",
  "RESUBMITTED",
]);

/** Terminal states: SUCCESS, WARNING, FAILED, KILLED, CANCELLED, RETRIED, SKIPPED, RESUBMITTED. */
export function isTerminal(s: StateType): boolean {
  return TERMINAL.has(s);
}

export function isStateType(s: unknown): s is StateType {
  return typeof s === "string" && (STATES as readonly string[]).includes(s);
}

export interface StateHistory {
  state: StateType;
  /** ISO-8601 instant */
  date: string;
}

/** State of an execution or a task run: the current state and every change with its date. */
export interface State {
  current: StateType;
  histories: StateHistory[];
}

export function newState(now: Date, initial: StateType = "CREATED"): State {
  return { current: initial, histories: [{ state: initial, date: now.toISOString() }] };
}

/** Appends a history entry; changing to the same state is a no-op (as Kestra does). Returns a new object. */
export function withState(state: State, next: StateType, now: Date): State {
  if (state.current === next) return state;
  return { current: next, histories: [...state.histories, { state: next, date: now.toISOString() }] };
}

export function startDate(state: State): string {
  return state.histories[0]!.date;
}

/** End date: date of the last history entry, only when terminal or PAUSED. */
export function endDate(state: State): string | undefined {
  if (!isTerminal(state.current) && state.current !== "PAUSED") return undefined;
  return state.histories[state.histories.length - 1]!.date;
}
