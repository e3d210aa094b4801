/**
 * The flows the engine serves: the latest revision of each flow, parsed once, kept in memory and in the store.
 * A flow whose source fails validation is stored with its errors but not served (webhook → 409 with the reason).
 */
import { parse as parseYaml } from "yaml";
import { parseFlow } from "../flow/index.ts";
import type { Flow } from "../model/flow.ts";
import type { StoredFlow, Store } from "../storage/types.ts";

export interface FlowError {
  message: string;
  path?: string;
  line?: number;
  column?: number;
  text?: string;
}

export interface FlowEntry {
  stored: StoredFlow;
  flow?: Flow;
  errors: FlowError[];
  /** rendered webhook keys by trigger id (computed on first use; a key whose rendering fails is absent) */
  keys?: Map<string, string | null>;
}

const keyOf = (tenantId: string, namespace: string, id: string) => `${tenantId}\u0000${namespace}\u0000${id}`;

/** namespace and id of a source that may not validate, to store it under its name */
export function identify(source: string): { namespace?: string; id?: string } {
  try {
    const doc = parseYaml(source, { maxAliasCount: 100 }) as Record<string, unknown> | null;
    if (!doc || typeof doc !== "object") return {};
    return {
      namespace: typeof doc.namespace === "string" ? doc.namespace : undefined,
      id: typeof doc.id === "string" ? doc.id : undefined,
    };
  } catch {
    return {};
  }
}

export class FlowRegistry {
  private readonly entries = new Map<string, FlowEntry>();
  /** served flows that have a trigger of the given type, computed on demand and dropped on every change */
  private byTriggerType = new Map<string, Flow[]>();

  constructor(private readonly store: Store) {}

  static parse(source: string, tenantId: string, revision: number): { flow?: Flow; errors: FlowError[] } {
    const r = parseFlow(source, { tenantId });
    if (r.flow) r.flow.revision = revision;
    return { flow: r.errors.length === 0 ? r.flow : undefined, errors: r.errors };
  }

  async load(tenantId: string): Promise<void> {
    for (const stored of await this.store.listFlows(tenantId)) this.put(stored);
  }

  put(stored: StoredFlow): FlowEntry {
    const { flow, errors } = FlowRegistry.parse(stored.source, stored.tenantId, stored.revision);
    const entry: FlowEntry = { stored, flow, errors: stored.errors?.length ? (stored.errors as FlowError[]) : errors };
    if (entry.errors.length > 0) entry.flow = undefined;
    this.entries.set(keyOf(stored.tenantId, stored.namespace, stored.id), entry);
    this.byTriggerType.clear();
    return entry;
  }

  get(tenantId: string, namespace: string, id: string): FlowEntry | undefined {
    return this.entries.get(keyOf(tenantId, namespace, id));
  }

  remove(tenantId: string, namespace: string, id: string): void {
    this.entries.delete(keyOf(tenantId, namespace, id));
    this.byTriggerType.clear();
  }

  /** served, enabled flows with at least one trigger of `type` (canonical name) */
  withTrigger(type: string): Flow[] {
    let list = this.byTriggerType.get(type);
    if (!list) {
      list = [];
      for (const e of this.entries.values()) {
        if (e.flow && !e.flow.disabled && !e.stored.deleted && e.flow.triggers.some((t) => t.type === type))
          list.push(e.flow);
      }
      this.byTriggerType.set(type, list);
    }
    return list;
  }

  all(): FlowEntry[] {
    return [...this.entries.values()];
  }

  /** stores a new revision of a flow from its YAML (an invalid one only with `allowInvalid`) and serves it */
  async save(
    source: string,
    tenantId: string,
    options: { create?: boolean; expect?: { namespace: string; id: string }; allowInvalid?: boolean } = {},
  ): Promise<{ flow?: Flow; stored?: StoredFlow; errors: FlowError[] }> {
    const { flow, errors } = FlowRegistry.parse(source, tenantId, 1);
    const name = flow ?? identify(source);
    if (!name.namespace || !name.id) return { errors };
    if (options.expect && (options.expect.namespace !== name.namespace || options.expect.id !== name.id)) {
      return {
        errors: [
          {
            message: `flow ${name.namespace}.${name.id} does not match the URL (${options.expect.namespace}.${options.expect.id})`,
          },
        ],
      };
    }
    if (errors.length > 0 && !options.allowInvalid) return { errors };
    const existing = this.get(tenantId, name.namespace, name.id);
    if (options.create && existing && !existing.stored.deleted) {
      return { errors: [{ message: `Flow ${name.namespace}.${name.id} already exists` }], stored: existing.stored };
    }
    const stored = await this.store.saveFlow({
      tenantId,
      namespace: name.namespace,
      id: name.id,
      source,
      errors: errors.length ? errors : undefined,
    });
    const entry = this.put(stored);
    return { flow: entry.flow, stored, errors };
  }
}
