/**
 * Labels written as a list of `{key, value}` or as a map, normalised to Label[]. Keys start with a lower-case
 * letter, then letters, digits, `.`, `_`, `-`; values are non-empty; `system.*` keys are rejected in flows except
 * `system.readOnly`.
 */
import type { Label } from "../model/flow.ts";
import { child, type ErrorSink } from "./errors.ts";

const KEY = /^[a-z][a-zA-Z0-9._-]*$/;

export function normalizeLabels(value: unknown, path: string, sink: ErrorSink, allowTemplates = false): Label[] {
  const entries: { key: unknown; value: unknown; at: string }[] = [];
  if (Array.isArray(value)) {
    value.forEach((l, i) => {
      const at = child(path, i);
      if (typeof l !== "object" || l === null || Array.isArray(l)) sink.at(at, "must be a map with `key` and `value`");
      else entries.push({ key: (l as Label).key, value: (l as Label).value, at });
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) entries.push({ key: k, value: v, at: child(path, k) });
  } else {
    sink.at(path, "must be a list of `{key, value}` or a map of key to value");
    return [];
  }
  const labels: Label[] = [];
  for (const e of entries) {
    if (typeof e.key !== "string" || e.key === "") {
      sink.at(e.at, "label key is required");
      continue;
    }
    if (!KEY.test(e.key) && !(allowTemplates && e.key.includes("{{"))) {
      sink.atKey(
        e.at,
        `invalid label key \`${e.key}\`: must start with a lower-case letter, then letters, digits, \`.\`, \`_\` or \`-\``,
      );
      continue;
    }
    if (e.key.startsWith("system.") && e.key !== "system.readOnly") {
      sink.atKey(e.at, `label key \`${e.key}\` is reserved: \`system.\` labels cannot be set in a flow`);
      continue;
    }
    if (e.value === null || e.value === undefined || String(e.value) === "") {
      sink.at(e.at, `label \`${e.key}\` must have a non-empty value`);
      continue;
    }
    if (typeof e.value === "object") {
      sink.at(e.at, `label \`${e.key}\` must have a text value`);
      continue;
    }
    labels.push({ key: e.key, value: String(e.value) });
  }
  return labels;
}
