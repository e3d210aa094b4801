/**
 * Flows in the web UI: the list by namespace (`/ui/main/flows?namespace=`), the flow page
 * (`/ui/main/flows/{namespace}/{id}?revision=N`: highlighted YAML, validation errors with line and column,
 * revisions, triggers with enable/disable, and for each webhook trigger its full URL and a test-request form), and
 * the form posts `.../triggers/{triggerId}/enable|disable` and `.../test` (the request goes through the same
 * webhook path as one from outside, without the network).
 */
import { Elysia } from "elysia";
import { renderWebhookKey } from "../../engine/webhook-key.ts";
import { PerchError } from "../../model/errors.ts";
import type { StoredFlow } from "../../storage/types.ts";
import { curlLine, formatDate, prettyJson } from "../../ui/format.ts";
import { highlightYaml } from "../../ui/yaml-highlight.ts";
import type { ServerDeps } from "../deps.ts";
import { TENANT } from "../deps.ts";
import { queryObject, readInputs, tooLarge } from "../http.ts";
import { webhookCall } from "./webhook.ts";
import { crossSite, messagePage, page, seeOther, seg } from "./ui-page.ts";

const WEBHOOK_TYPE = "io.kestra.plugin.core.trigger.Webhook";
const WEBHOOK_PREFIX = "/api/v1/main/executions/webhook";
type Params = { namespace: string; id: string };
const flowUrl = (p: Params) => `/ui/main/flows/${seg(p.namespace)}/${seg(p.id)}`;

async function listPage(deps: ServerDeps, request: Request): Promise<Response> {
  const wanted = String(queryObject(request.url).namespace ?? "");
  const all = await deps.engine.listFlows(TENANT);
  const namespaces = [...new Set(all.map((f) => f.namespace))];
  const groups = new Map<string, StoredFlow[]>();
  for (const f of all) {
    if (wanted && f.namespace !== wanted) continue;
    groups.set(f.namespace, [...(groups.get(f.namespace) ?? []), f]);
  }
  const data = {
    namespace: wanted,
    namespaces,
    groups: [...groups].map(([namespace, flows], i) => ({
      namespace,
      anchor: i,
      flows: flows.map((f) => {
        const parsed = f.errors?.length ? undefined : deps.engine.validateFlow(f.source).flow;
        return {
          id: f.id,
          href: flowUrl(f),
          revision: f.revision,
          updated: formatDate(f.updated),
          triggers: parsed?.triggers.length ?? "",
          invalid: !parsed,
          disabled: parsed?.disabled === true,
        };
      }),
    })),
  };
  return page("flows", { title: "Flows", nav: "flows" }, data);
}

export interface TestResult {
  triggerId: string;
  form: { method: string; contentType: string; body: string };
  status: number;
  body: string;
  executionHref?: string;
}

interface Extra {
  flash?: { kind: "error" | "ok"; text: string };
  test?: TestResult;
  status?: number;
}

/** the full webhook URL of a trigger, the key rendered as the webhook path renders it */
function webhookUrl(deps: ServerDeps, p: Params, key: string): string {
  return `${deps.publicUrl}${WEBHOOK_PREFIX}/${seg(p.namespace)}/${seg(p.id)}/${seg(key)}`;
}

async function flowPage(deps: ServerDeps, p: Params, revision: number | undefined, extra: Extra = {}) {
  const { engine } = deps;
  const latest = await engine.getFlow(TENANT, p.namespace, p.id);
  const stored = revision === undefined ? latest : await engine.getFlow(TENANT, p.namespace, p.id, revision);
  if (!stored || !latest) {
    return messagePage(404, "Flow not found", "No flow has this namespace and id (or this revision).", {
      href: "/ui/main/flows",
      label: "Back to the flows",
    });
  }
  const checked = engine.validateFlow(stored.source);
  const errorLines = new Set(checked.errors.map((e) => e.line).filter((l) => l !== undefined));
  const isLatest = stored.revision === latest.revision;
  const states = isLatest ? await engine.listTriggers(TENANT, p.namespace, p.id) : undefined;
  const triggers = (checked.flow?.triggers ?? []).map((t) => {
    const state = states?.find((s) => s.triggerId === t.id);
    const apiDisabled = state?.state?.disabled === true;
    const base = `${flowUrl(p)}/triggers/${seg(t.id)}`;
    const key = t.type === WEBHOOK_TYPE && checked.flow ? renderWebhookKey(engine, checked.flow, t.id) : undefined;
    const url = key === undefined ? undefined : webhookUrl(deps, p, key);
    const test = extra.test?.triggerId === t.id ? extra.test : undefined;
    const form = test?.form ?? { method: "POST", contentType: "application/json", body: '{\n  "hello": "world"\n}' };
    return {
      id: t.id,
      type: t.type,
      disabled: state?.disabled === true || t.disabled === true,
      reason: t.disabled === true ? "in the flow source" : state?.state?.reason,
      toggle:
        t.disabled === true
          ? undefined
          : { action: `${base}/${apiDisabled ? "enable" : "disable"}`, label: apiDisabled ? "Enable" : "Disable" },
      webhook: url
        ? {
            url,
            action: `${flowUrl(p)}/test?trigger=${seg(t.id)}`,
            form,
            result: test
              ? { ...test, curl: curlLine(test.form.method, url, test.form.contentType, test.form.body) }
              : undefined,
          }
        : undefined,
    };
  });
  const revisions = (await engine.listRevisions(TENANT, p.namespace, p.id))
    .filter((r) => !r.deleted)
    .reverse()
    .map((r) => ({
      revision: r.revision,
      updated: formatDate(r.updated),
      href: r.revision === latest.revision ? flowUrl(p) : `${flowUrl(p)}?revision=${r.revision}`,
      current: r.revision === stored.revision,
      invalid: (r.errors?.length ?? 0) > 0,
    }));
  const data = {
    f: {
      namespace: p.namespace,
      id: p.id,
      revision: stored.revision,
      latest: isLatest,
      updated: formatDate(stored.updated),
      href: flowUrl(p),
      executionsHref: `/ui/main/executions?namespace=${seg(p.namespace)}&flowId=${seg(p.id)}`,
      description: checked.flow?.description,
    },
    flash: extra.flash,
    errors: checked.errors,
    lines: highlightYaml(stored.source).map((l) => ({ ...l, error: errorLines.has(l.n) })),
    latestTriggers: isLatest && checked.flow !== undefined,
    triggers,
    revisions,
  };
  return page("flow", { title: `${p.namespace}/${p.id}`, nav: "flows" }, data, extra.status);
}

function revisionOf(request: Request): number | undefined {
  const r = Number(queryObject(request.url).revision);
  return Number.isInteger(r) && r > 0 ? r : undefined;
}

/** sends the test request through the webhook path, as if it came from outside */
async function testRequest(deps: ServerDeps, p: Params, request: Request): Promise<Response> {
  const triggerId = String(queryObject(request.url).trigger ?? "");
  const inputs = await readInputs(request, deps.maxBodySize + 4096);
  if (inputs instanceof PerchError)
    return flowPage(deps, p, undefined, { flash: { kind: "error", text: inputs.message } });
  const method = ["GET", "POST", "PUT"].includes(String(inputs.method)) ? String(inputs.method) : "POST";
  const contentType = String(inputs.contentType ?? "").trim();
  const body = method === "GET" ? "" : String(inputs.body ?? "").replace(/\r\n/g, "\n");
  const stored = await deps.engine.getFlow(TENANT, p.namespace, p.id);
  const flow = stored ? deps.engine.validateFlow(stored.source).flow : undefined;
  const key = flow ? renderWebhookKey(deps.engine, flow, triggerId) : undefined;
  if (key === undefined) {
    const text = `Trigger '${triggerId}' is not a webhook of this flow, or its key does not render.`;
    return flowPage(deps, p, undefined, { flash: { kind: "error", text }, status: 404 });
  }
  const headers: [string, string][] = [["user-agent", "perch-ui-test"]];
  if (body !== "" && contentType !== "") headers.push(["content-type", contentType]);
  const answer = await webhookCall(
    deps,
    {
      method,
      rest: `${seg(p.namespace)}/${seg(p.id)}/${seg(key)}`,
      query: "",
      headers,
      body: async (limit) => (body === "" ? undefined : Buffer.byteLength(body) > limit ? tooLarge(limit) : body),
      signal: request.signal,
    },
    WEBHOOK_PREFIX,
  );
  let shown = answer.body ?? "";
  let executionHref: string | undefined;
  try {
    const value = JSON.parse(shown);
    shown = prettyJson(value);
    if (value && typeof value.id === "string" && value.namespace === p.namespace && value.flowId === p.id) {
      executionHref = `/ui/main/executions/${seg(p.namespace)}/${seg(p.id)}/${seg(value.id)}`;
    }
  } catch {
    // not JSON: shown as it is
  }
  const test = { triggerId, form: { method, contentType, body }, status: answer.status, body: shown, executionHref };
  return flowPage(deps, p, undefined, { test });
}

export function uiFlowRoutes(deps: ServerDeps) {
  const toggle =
    (disabled: boolean) =>
    async ({ params, request }: { params: Params & { triggerId: string }; request: Request }) => {
      const refused = crossSite(request);
      if (refused) return refused;
      const state = await deps.engine.setTriggerDisabled(
        TENANT,
        params.namespace,
        params.id,
        params.triggerId,
        disabled,
      );
      if (!state) {
        const text = `Trigger '${params.triggerId}' not found in this flow.`;
        return flowPage(deps, params, undefined, { flash: { kind: "error", text }, status: 404 });
      }
      return seeOther(`${flowUrl(params)}#trigger-${seg(params.triggerId)}`);
    };
  return new Elysia({ prefix: "/flows" })
    .get("", ({ request }) => listPage(deps, request))
    .get("/:namespace/:id", ({ params, request }) => flowPage(deps, params, revisionOf(request)))
    .post("/:namespace/:id/triggers/:triggerId/enable", toggle(false), { parse: "none" })
    .post("/:namespace/:id/triggers/:triggerId/disable", toggle(true), { parse: "none" })
    .post("/:namespace/:id/test", ({ params, request }) => crossSite(request) ?? testRequest(deps, params, request), {
      parse: "none",
    });
}
