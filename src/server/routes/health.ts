/** `GET /health`: 200 `{"status":"UP"}` when the store accepts writes, else 503 `{"status":"DOWN"}`. */
import { Elysia } from "elysia";
import { Health } from "../api-schemas.ts";
import type { ServerDeps } from "../deps.ts";
import { json } from "../http.ts";

export function healthRoutes(deps: ServerDeps) {
  return new Elysia().get(
    "/health",
    async () => {
      let up = false;
      try {
        up = await deps.engine.health();
      } catch (e) {
        deps.log.warn("health.failed", { error: e as Error });
      }
      return up ? json({ status: "UP" }) : json({ status: "DOWN" }, 503);
    },
    {
      response: { 200: Health, 503: Health },
      detail: {
        summary: "Liveness and readiness",
        description: "200 UP when the process answers and the database accepts a write; 503 DOWN otherwise. No auth.",
        tags: ["Operations"],
        security: [],
      },
    },
  );
}
