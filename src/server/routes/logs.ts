/** Execution logs: `GET /logs/{executionId}` (JSON list) and `GET /logs/{executionId}/download` (text, one line each). */
import { Elysia, t } from "elysia";
import { LogEntryJson, P } from "../api-schemas.ts";
import type { LogEntry } from "../../model/execution.ts";
import type { ServerDeps } from "../deps.ts";
import { json } from "../http.ts";

/** `timestamp LEVEL [taskId] message` */
export function logLine(l: LogEntry): string {
  return l.taskId ? `${l.timestamp} ${l.level} [${l.taskId}] ${l.message}` : `${l.timestamp} ${l.level} ${l.message}`;
}

export function logRoutes(deps: ServerDeps, base: string) {
  const { engine } = deps;
  return new Elysia({ prefix: `${base}/logs` })
    .get("/:executionId", async ({ params }) => json(await engine.getLogs(params.executionId)), {
      params: t.Object({ executionId: P.executionId }),
      response: { 200: t.Array(LogEntryJson) },
      detail: { summary: "Logs of an execution (JSON)", tags: ["Logs"] },
    })
    .get(
      "/:executionId/download",
      async ({ params }) => {
        const logs = await engine.getLogs(params.executionId);
        const text = logs.map((l) => `${logLine(l)}\n`).join("");
        return new Response(text, {
          headers: {
            "content-type": "text/plain; charset=utf-8",
            "content-disposition": `inline; filename="${params.executionId.replace(/[^\w.-]/g, "_")}.log"`,
          },
        });
      },
      {
        params: t.Object({ executionId: P.executionId }),
        detail: {
          summary: "Logs of an execution (text)",
          description: "One line each: `timestamp LEVEL [taskId] message`.",
          tags: ["Logs"],
          responses: { 200: { description: "text", content: { "text/plain": { schema: { type: "string" } } } } },
        },
      },
    );
}
