/** `GET /health`: 200 `{"status":"UP"}` when the store accepts writes, else 503 `{"status":"DOWN"}`. */
import { Elysia } from "elysia";
import type { ServerDeps } from "../deps.ts";
import { json } from "../http.ts";

export function healthRoutes(deps: ServerDeps) {
  return new Elysia().get("/health", async () => {
    let up = false;
    try {
      up = await deps.engine.health();
    } catch (e) {
      deps.log.warn("health.failed", { error: e as Error });
    }
    return up ? json({ status: "UP" }) : json({ status: "DOWN" }, 503);
  });
}
