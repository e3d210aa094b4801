/**
 * `GET /api/v1/schemas/flow.json`: the JSON Schema of a flow document (every task, trigger and condition of this
 * server), for editors. Open, like /health: it holds no data, and editors fetch it without credentials.
 */
import { Elysia } from "elysia";
import { flowJsonSchema } from "../../flow/index.ts";

export const FLOW_SCHEMA_PATH = "/api/v1/schemas/flow.json";

export function schemaRoutes() {
  let text: string | undefined;
  return new Elysia().get(
    FLOW_SCHEMA_PATH,
    () => {
      text ??= JSON.stringify(flowJsonSchema(), null, 2);
      return new Response(text, { headers: { "content-type": "application/schema+json" } });
    },
    {
      detail: {
        summary: "JSON Schema of a flow document",
        description: "Draft-07 JSON Schema of perch flows (the output of `perch schema`); no auth needed.",
        tags: ["Flows"],
        security: [],
        responses: { 200: { description: "JSON Schema", content: { "application/schema+json": {} } } },
      },
    },
  );
}
