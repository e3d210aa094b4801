/**
 * The explicit list of plugins (nothing is discovered on disk, so the binary is complete) and type lookup:
 * exact match on a type name or alias first, then case-insensitive when that is unambiguous.
 *
 * @example
 * lookupPlugin("io.kestra.plugin.core.trigger.webhook", "trigger") // { plugin: webhook, type: "io.kestra.plugin.core.trigger.Webhook" }
 * lookupPlugin("io.kestra.plugin.core.log.Lgo", "task").error
 * // "Unknown task type `io.kestra.plugin.core.log.Lgo`; did you mean `io.kestra.plugin.core.log.Log`?"
 */
import { closest } from "../lib/levenshtein.ts";
import { dateTimeBetween } from "./conditions/date-time-between.ts";
import { dayWeek } from "./conditions/day-week.ts";
import { dayWeekInMonth } from "./conditions/day-week-in-month.ts";
import { expression } from "./conditions/expression.ts";
import { executionFlow } from "./conditions/execution-flow.ts";
import { executionLabels } from "./conditions/execution-labels.ts";
import { executionNamespace } from "./conditions/execution-namespace.ts";
import { executionOutputs } from "./conditions/execution-outputs.ts";
import { executionStatus } from "./conditions/execution-status.ts";
import { flowCondition } from "./conditions/flow-condition.ts";
import { flowNamespaceCondition } from "./conditions/flow-namespace-condition.ts";
import { hasRetryAttempt } from "./conditions/has-retry-attempt.ts";
import { not } from "./conditions/not.ts";
import { or } from "./conditions/or.ts";
import { publicHoliday } from "./conditions/public-holiday.ts";
import { timeBetween } from "./conditions/time-between.ts";
import { weekend } from "./conditions/weekend.ts";
import type { AnyPlugin, ConditionPlugin, FlowablePlugin, TaskPlugin, TriggerPlugin } from "./sdk.ts";
import { fail } from "./tasks/fail.ts";
import { httpRequest } from "./tasks/http-request.ts";
import { log } from "./tasks/log.ts";
import { outputValues } from "./tasks/output-values.ts";
import { returnTask } from "./tasks/return.ts";
import { shellCommands } from "./tasks/shell-commands.ts";
import { shellScript } from "./tasks/shell-script.ts";
import { sleep } from "./tasks/sleep.ts";
import { flowTrigger } from "./triggers/flow.ts";
import { pause } from "./tasks/pause.ts";
import { ifTask } from "./tasks/if.ts";
import { switchTask } from "./tasks/switch.ts";
import { parallel } from "./tasks/parallel.ts";
import { sequential } from "./tasks/sequential.ts";
import { forEach } from "./tasks/for-each.ts";
import { subflow } from "./tasks/subflow.ts";
import { forEachItem } from "./tasks/for-each-item.ts";
import { webhook } from "./triggers/webhook.ts";
import { multipleCondition } from "./conditions/multiple-condition.ts";

export type PluginKind = AnyPlugin["kind"];

const PLUGINS: AnyPlugin[] = [
  log as unknown as TaskPlugin,
  returnTask as unknown as TaskPlugin,
  outputValues as unknown as TaskPlugin,
  fail as unknown as TaskPlugin,
  sleep as unknown as TaskPlugin,
  shellCommands as unknown as TaskPlugin,
  shellScript as unknown as TaskPlugin,
  pause as unknown as FlowablePlugin,
  ifTask as unknown as FlowablePlugin,
  switchTask as unknown as FlowablePlugin,
  parallel as unknown as FlowablePlugin,
  sequential as unknown as FlowablePlugin,
  forEach as unknown as FlowablePlugin,
  subflow as unknown as FlowablePlugin,
  forEachItem as unknown as FlowablePlugin,
  httpRequest as unknown as TaskPlugin,
  webhook as unknown as TriggerPlugin,
  flowTrigger as unknown as TriggerPlugin,
  expression as unknown as ConditionPlugin,
  not as unknown as ConditionPlugin,
  or as unknown as ConditionPlugin,
  dayWeek as unknown as ConditionPlugin,
  weekend as unknown as ConditionPlugin,
  dayWeekInMonth as unknown as ConditionPlugin,
  timeBetween as unknown as ConditionPlugin,
  dateTimeBetween as unknown as ConditionPlugin,
  publicHoliday as unknown as ConditionPlugin,
  executionStatus as unknown as ConditionPlugin,
  executionFlow as unknown as ConditionPlugin,
  executionNamespace as unknown as ConditionPlugin,
  executionLabels as unknown as ConditionPlugin,
  executionOutputs as unknown as ConditionPlugin,
  hasRetryAttempt as unknown as ConditionPlugin,
  flowCondition as unknown as ConditionPlugin,
  flowNamespaceCondition as unknown as ConditionPlugin,
  multipleCondition as unknown as ConditionPlugin,
];

interface Index {
  exact: Map<string, AnyPlugin>;
  lower: Map<string, AnyPlugin[]>;
}

const indexes = new Map<PluginKind, Index>();

function indexOf(kind: PluginKind): Index {
  let idx = indexes.get(kind);
  if (idx) return idx;
  idx = { exact: new Map(), lower: new Map() };
  for (const p of PLUGINS) {
    if (p.kind !== kind) continue;
    for (const name of [p.type, ...p.aliases]) {
      idx.exact.set(name, p);
      const list = idx.lower.get(name.toLowerCase()) ?? [];
      if (!list.includes(p)) list.push(p);
      idx.lower.set(name.toLowerCase(), list);
    }
  }
  indexes.set(kind, idx);
  return idx;
}

export type Lookup<P extends AnyPlugin = AnyPlugin> =
  | { plugin: P; type: string; error?: undefined }
  | { plugin?: undefined; type?: undefined; error: string; suggestions: string[] };

/** Finds the plugin of `kind` for a type name as written; `type` is the canonical name. */
export function lookupPlugin(typeAsWritten: string, kind: PluginKind): Lookup {
  const idx = indexOf(kind);
  const hit = idx.exact.get(typeAsWritten) ?? uniqueOf(idx.lower.get(typeAsWritten.toLowerCase()));
  if (hit) return { plugin: hit, type: hit.type };
  const ambiguous = idx.lower.get(typeAsWritten.toLowerCase());
  if (ambiguous && ambiguous.length > 1) {
    const names = ambiguous.map((p) => `\`${p.type}\``).join(" or ");
    return { error: `Ambiguous ${kind} type \`${typeAsWritten}\`: write ${names} exactly`, suggestions: [] };
  }
  const suggestions = closest(typeAsWritten, knownTypes(kind));
  const hint = suggestions.length ? `; did you mean ${suggestions.map((s) => `\`${s}\``).join(" or ")}?` : "";
  return { error: `Unknown ${kind} type \`${typeAsWritten}\`${hint}`, suggestions };
}

function uniqueOf(list: AnyPlugin[] | undefined): AnyPlugin | undefined {
  return list && list.length === 1 ? list[0] : undefined;
}

/** Canonical names and aliases of a kind. */
export function knownTypes(kind: PluginKind): string[] {
  return [...indexOf(kind).exact.keys()];
}

export function allPlugins(): readonly AnyPlugin[] {
  return PLUGINS;
}

/** the runnable or flowable task plugin of a type name (check `flowable` before calling `run`) */
export function taskPlugin(type: string): TaskPlugin | FlowablePlugin | undefined {
  return lookupPlugin(type, "task").plugin as TaskPlugin | FlowablePlugin | undefined;
}

export function conditionPlugin(type: string): ConditionPlugin | undefined {
  return lookupPlugin(type, "condition").plugin as ConditionPlugin | undefined;
}

export function triggerPlugin(type: string): TriggerPlugin | undefined {
  return lookupPlugin(type, "trigger").plugin as TriggerPlugin | undefined;
}
