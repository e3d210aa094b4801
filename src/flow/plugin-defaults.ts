/**
 * `pluginDefaults` (formerly `taskDefaults`): default property values per plugin type, applied before validation
 * so a property given by a default counts as present. A default's `type` matches a plugin by name or alias (any
 * spelling the registry accepts) or as a prefix of the canonical name (`io.kestra.plugin.core.log`). Values of the
 * task win, except for `forced` defaults; maps are merged deeply, other values replaced.
 *
 * @example
 * pluginDefaults:
 *   - type: io.kestra.plugin.core.log.Log
 *     values: { level: WARN }
 */
import { lookupPlugin, type PluginKind } from "../plugins/registry.ts";

export interface PluginDefault {
  type: string;
  forced?: boolean;
  values: Record<string, unknown>;
}

type Raw = Record<string, unknown>;

const isMap = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

function merge(base: Raw, over: Raw): Raw {
  const out: Raw = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isMap(out[k]) && isMap(v) ? merge(out[k] as Raw, v) : v;
  return out;
}

function matches(d: PluginDefault, canonical: string, kind: PluginKind): boolean {
  const hit = lookupPlugin(d.type, kind);
  if (hit.type !== undefined) return hit.type === canonical;
  return canonical.startsWith(`${d.type}.`);
}

/** `raw` with the matching defaults applied (unchanged when its type is unknown or nothing matches). */
export function withDefaults(raw: Raw, kind: PluginKind, defaults: PluginDefault[]): Raw {
  if (defaults.length === 0 || typeof raw.type !== "string") return raw;
  const found = lookupPlugin(raw.type, kind);
  if (found.type === undefined) return raw;
  let out = raw;
  for (const d of defaults) {
    if (!isMap(d) || !isMap(d.values) || typeof d.type !== "string" || !matches(d, found.type, kind)) continue;
    const { id: _id, type: _type, ...values } = d.values;
    out = d.forced ? merge(out, values) : merge(values, out);
  }
  return out;
}
