/**
 * Trigger states: `GET /triggers/{namespace}/{flowId}` and
 * `POST /triggers/{namespace}/{flowId}/{triggerId}/enable|disable` (enabling clears a `stopAfter` disable).
 */
import { Elysia } from "elysia";
import { PerchError } from "../../model/errors.ts";
import type { ServerDeps } from "../deps.ts";
import { TENANT } from "../deps.ts";
import { errorResponse } from "../errors.ts";
import { json, pathOf } from "../http.ts";

export function triggerRoutes(deps: ServerDeps, base: string) {
  const { engine } = deps;
  const toggle =
    (disabled: boolean) =>
    async ({ params, request }: { params: Record<string, string>; request: Request }) => {
      const state = await engine.setTriggerDisabled(
        TENANT,
        params.namespace!,
        params.flowId!,
        params.triggerId!,
        disabled,
      );
      if (!state) {
        return errorResponse(
          new PerchError("TRIGGER_NOT_FOUND", `Trigger ${params.triggerId} not found`),
          pathOf(request.url),
        );
      }
      return json(state);
    };
  return new Elysia({ prefix: `${base}/triggers` })
    .get("/:namespace/:flowId", async ({ params, request }) => {
      const triggers = await engine.listTriggers(TENANT, params.namespace, params.flowId);
      if (!triggers) return errorResponse(new PerchError("FLOW_NOT_FOUND", "Flow not found"), pathOf(request.url));
      return json(triggers);
    })
    .post("/:namespace/:flowId/:triggerId/enable", toggle(false), { parse: "none" })
    .post("/:namespace/:flowId/:triggerId/disable", toggle(true), { parse: "none" });
}
