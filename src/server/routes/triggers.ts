/**
 * Trigger states: `GET /triggers/{namespace}/{flowId}` and
 * `POST /triggers/{namespace}/{flowId}/{triggerId}/enable|disable` (enabling clears a `stopAfter` disable).
 */
import { Elysia, t } from "elysia";
import { ErrorBody, P, TriggerList, TriggerStateJson } from "../api-schemas.ts";
import { PerchError } from "../../model/errors.ts";
import type { ServerDeps } from "../deps.ts";
import { TENANT } from "../deps.ts";
import { errorResponse } from "../errors.ts";
import { json, pathOf } from "../http.ts";

const toggleDoc = (summary: string) => ({
  parse: "none" as const,
  params: t.Object({ namespace: P.namespace, flowId: P.flowId, triggerId: P.triggerId }),
  response: { 200: TriggerStateJson, 404: ErrorBody },
  detail: { summary, tags: ["Triggers"] },
});

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
    .get(
      "/:namespace/:flowId",
      async ({ params, request }) => {
        const triggers = await engine.listTriggers(TENANT, params.namespace, params.flowId);
        if (!triggers) return errorResponse(new PerchError("FLOW_NOT_FOUND", "Flow not found"), pathOf(request.url));
        return json(triggers);
      },
      {
        params: t.Object({ namespace: P.namespace, flowId: P.flowId }),
        response: { 200: TriggerList, 404: ErrorBody },
        detail: { summary: "Triggers of a flow and their state", tags: ["Triggers"] },
      },
    )
    .post(
      "/:namespace/:flowId/:triggerId/enable",
      toggle(false),
      toggleDoc("Enable a trigger (clears a stopAfter disable)"),
    )
    .post("/:namespace/:flowId/:triggerId/disable", toggle(true), toggleDoc("Disable a trigger"));
}
