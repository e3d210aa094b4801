/** `GET /metrics`: Prometheus text format (see ../metrics.ts); behind auth when auth is configured. */
import { Elysia } from "elysia";
import type { PerchMetrics } from "../metrics.ts";

export function metricsRoutes(metrics: PerchMetrics | undefined) {
  const app = new Elysia();
  if (!metrics) return app;
  return app.get(
    "/metrics",
    async () => new Response(await metrics.text(), { headers: { "content-type": metrics.contentType } }),
    {
      detail: {
        summary: "Prometheus metrics",
        description:
          "Webhook calls by flow and status, executions by state, task-run durations, worker queue depth, wait calls, HTTP latency by route template, event-loop lag, RSS.",
        tags: ["Operations"],
        responses: { 200: { description: "Prometheus text format 0.0.4", content: { "text/plain": {} } } },
      },
    },
  );
}
