/**
 * Evaluates a trigger's `conditions`: all must be true. A condition that throws counts as false and is logged
 * with its flow, trigger and reason (spec §3.0); inside Not/Or a throw propagates to the top-level condition.
 */
import { renderTemplate, renderValue } from "../expr/index.ts";
import type { RenderOptions } from "../expr/types.ts";
import type { ServerLogger } from "../lib/log.ts";
import type { LogLevel } from "../model/execution.ts";
import type { ConditionDef } from "../model/flow.ts";
import { conditionPlugin } from "../plugins/registry.ts";
import { type ConditionContext, type Logger, loggerFrom } from "../plugins/sdk.ts";

export interface ConditionScope {
  variables: Record<string, unknown>;
  renderOptions: RenderOptions;
  now(): Date;
  timeZone: string;
  execution?: ConditionContext["execution"];
  flow: { id: string; namespace: string };
  triggerId: string;
  log: ServerLogger;
}

function pluginLogger(scope: ConditionScope): Logger {
  const at = { flow: `${scope.flow.namespace}/${scope.flow.id}`, trigger: scope.triggerId };
  const log = (level: LogLevel, message: string) => {
    const l = level === "ERROR" ? "error" : level === "WARN" ? "warn" : level === "INFO" ? "info" : "debug";
    scope.log[l]("condition.log", { ...at, message });
  };
  return loggerFrom(log);
}

async function testOne(condition: ConditionDef, ctx: ConditionContext): Promise<boolean> {
  const plugin = conditionPlugin(condition.type);
  if (!plugin) throw new Error(`Unknown condition type ${condition.type}`);
  return await plugin.test(condition as never, ctx);
}

export function conditionContext(scope: ConditionScope): ConditionContext {
  const ctx: ConditionContext = {
    render: (v) => renderValue(v, scope.variables, scope.renderOptions),
    renderString: (t) => renderTemplate(t, scope.variables, scope.renderOptions),
    renderWith: (t, extra) => renderTemplate(t, { ...scope.variables, ...extra }, scope.renderOptions),
    variables: scope.variables,
    now: scope.now,
    logger: pluginLogger(scope),
    execution: scope.execution,
    flow: scope.flow,
    timeZone: scope.timeZone,
    testAll: async (conditions) => {
      const out: boolean[] = [];
      for (const c of conditions) out.push(await testOne(c as ConditionDef, ctx));
      return out;
    },
  };
  return ctx;
}

/** true when every condition passes; a throwing condition is false and logged */
export async function allConditionsPass(
  conditions: ConditionDef[] | undefined,
  scope: ConditionScope,
): Promise<boolean> {
  if (!conditions || conditions.length === 0) return true;
  const ctx = conditionContext(scope);
  for (const condition of conditions) {
    let ok: boolean;
    try {
      ok = await testOne(condition, ctx);
    } catch (e) {
      scope.log.warn("condition.failed", {
        flow: `${scope.flow.namespace}/${scope.flow.id}`,
        trigger: scope.triggerId,
        condition: condition.type,
        reason: e instanceof Error ? e.message : String(e),
      });
      ok = false;
    }
    if (!ok) return false;
  }
  return true;
}
