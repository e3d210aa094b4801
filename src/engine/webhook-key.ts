/**
 * The key of a webhook trigger rendered as the webhook path renders it (`{{ flow.id }}`, `{{ secret('KEY') }}`...),
 * for pages that show a flow's full webhook URL to an operator. Read only: nothing is cached or changed.
 *
 * @example
 * const key = renderWebhookKey(engine, flow, "webhook"); // "4wjtkzwVGBM9yKnjm3yv8r", or undefined
 */
import { renderTemplate } from "../expr/index.ts";
import type { Flow } from "../model/flow.ts";
import { Engine } from "./engine.ts";
import type { EngineApi } from "./types.ts";
import { keyVariables } from "./variables.ts";

/** the rendered, trimmed key; undefined when the trigger does not exist or its key fails to render */
export function renderWebhookKey(engine: EngineApi, flow: Flow, triggerId: string): string | undefined {
  const trigger = flow.triggers.find((t) => t.id === triggerId);
  if (!trigger || !(engine instanceof Engine)) return undefined;
  try {
    const vars = keyVariables(flow, { id: trigger.id, type: trigger.type }, engine.base);
    return renderTemplate(String(trigger.key ?? ""), vars, engine.renderOptions).trim();
  } catch {
    return undefined;
  }
}
