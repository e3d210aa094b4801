/**
 * TypeBox schemas of what the API answers, given to the routes as `response`/`params` so that the OpenAPI document
 * (openapi.ts) is generated from them. The handlers return ready `Response` objects, which Elysia does not
 * re-validate: these schemas document, they do not change answers.
 */
import { t } from "elysia";

const loose = { additionalProperties: true };

export const ErrorBody = t.Object(
  {
    message: t.String({ description: "`<reason>: <message>`, e.g. `Not Found: Flow not found`" }),
    _links: t.Object({ self: t.Object({ href: t.String() }) }),
    _embedded: t.Optional(
      t.Object({ errors: t.Array(t.Object({ message: t.String(), path: t.Optional(t.String()) }, loose)) }),
    ),
  },
  { description: "An error", ...loose },
);

const Label = t.Object({ key: t.String(), value: t.String() });

export const StateJson = t.Object(
  {
    current: t.String({
      description: "CREATED, QUEUED, RUNNING, PAUSED, SUCCESS, WARNING, FAILED, KILLING, KILLED...",
    }),
    type: t.String({ description: "same as current" }),
    histories: t.Array(t.Object({ state: t.String(), date: t.String({ format: "date-time" }) })),
    startDate: t.Optional(t.String({ format: "date-time" })),
    endDate: t.Optional(t.String({ format: "date-time" })),
    duration: t.Optional(t.String({ description: "ISO-8601 duration" })),
  },
  loose,
);

const TriggerJson = t.Object(
  {
    id: t.String(),
    type: t.String(),
    variables: t.Optional(t.Record(t.String(), t.Unknown())),
    logFile: t.Optional(t.String({ format: "uri" })),
  },
  loose,
);

/** Kestra's WebhookResponse */
export const WebhookResponse = t.Object(
  {
    tenantId: t.String(),
    id: t.String(),
    namespace: t.String(),
    flowId: t.String(),
    flowRevision: t.Integer(),
    trigger: t.Optional(TriggerJson),
    outputs: t.Optional(t.Record(t.String(), t.Unknown())),
    labels: t.Array(Label),
    state: StateJson,
    url: t.String({ format: "uri", description: "the execution page" }),
  },
  { description: "The execution (Kestra's WebhookResponse)", ...loose },
);

export const ExecutionJson = t.Object(
  {
    tenantId: t.String(),
    id: t.String(),
    namespace: t.String(),
    flowId: t.String(),
    flowRevision: t.Integer(),
    inputs: t.Optional(t.Record(t.String(), t.Unknown())),
    outputs: t.Optional(t.Record(t.String(), t.Unknown())),
    labels: t.Array(Label),
    state: StateJson,
    taskRunList: t.Array(t.Object({ id: t.String(), taskId: t.String(), state: StateJson }, loose)),
    trigger: t.Optional(TriggerJson),
    url: t.String({ format: "uri" }),
  },
  { description: "An execution", ...loose },
);

export const ExecutionPage = t.Object({ results: t.Array(ExecutionJson), total: t.Integer() });

export const FlowJson = t.Object(
  {
    tenantId: t.String(),
    namespace: t.String(),
    id: t.String(),
    revision: t.Integer(),
    updated: t.String({ format: "date-time" }),
    deleted: t.Optional(t.Boolean()),
    source: t.Optional(t.String({ description: "present when the flow is invalid" })),
    errors: t.Optional(t.Array(t.Unknown())),
  },
  { description: "A flow: the parsed document, or its source and errors when invalid", ...loose },
);

export const FlowSummary = t.Object(
  {
    tenantId: t.String(),
    namespace: t.String(),
    id: t.String(),
    revision: t.Integer(),
    updated: t.String({ format: "date-time" }),
    errors: t.Optional(t.Array(t.Unknown())),
  },
  loose,
);

export const FlowErrors = t.Array(
  t.Object(
    {
      message: t.String(),
      path: t.Optional(t.String()),
      line: t.Optional(t.Integer()),
      column: t.Optional(t.Integer()),
    },
    loose,
  ),
);

export const LogEntryJson = t.Object(
  {
    executionId: t.String(),
    taskRunId: t.Optional(t.String()),
    taskId: t.Optional(t.String()),
    level: t.String({ description: "TRACE, DEBUG, INFO, WARN, ERROR" }),
    timestamp: t.String({ format: "date-time" }),
    message: t.String(),
  },
  loose,
);

export const TriggerStateJson = t.Object(
  {
    tenantId: t.String(),
    namespace: t.String(),
    flowId: t.String(),
    triggerId: t.String(),
    disabled: t.Boolean(),
    reason: t.Optional(t.String()),
    updated: t.String({ format: "date-time" }),
  },
  loose,
);

export const TriggerList = t.Array(
  t.Object({ triggerId: t.String(), type: t.String(), disabled: t.Boolean(), state: t.Optional(TriggerStateJson) }),
);

export const Health = t.Object({ status: t.Union([t.Literal("UP"), t.Literal("DOWN")]) });

/** path parameters, documented */
export const P = {
  namespace: t.String({ description: "namespace of the flow, e.g. company.team" }),
  flowId: t.String({ description: "id of the flow" }),
  id: t.String({ description: "id of the execution" }),
  executionId: t.String({ description: "id of the execution" }),
  triggerId: t.String({ description: "id of the trigger in the flow" }),
};
