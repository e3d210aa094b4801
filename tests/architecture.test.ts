/** The import rules of ARCHITECTURE.md, checked by scanning every import under src/. */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = resolve(import.meta.dir, "../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** area of a file: the first folder under src/ (plugins/sdk and plugins/registry are areas of their own) */
function area(file: string): string {
  const rel = relative(SRC, file).replaceAll("\\", "/");
  if (rel === "plugins/sdk.ts") return "plugins/sdk";
  if (rel === "plugins/registry.ts") return "plugins/registry";
  if (rel.startsWith("storage/sqlite/")) return "storage/sqlite";
  if (rel.startsWith("storage/postgres/")) return "storage/postgres";
  if (rel === "storage/types.ts") return "storage/types";
  if (rel.startsWith("plugins/")) return `plugins/${rel.split("/")[1]}`;
  return rel.includes("/") ? rel.split("/")[0]! : rel.replace(/\.ts$/, "");
}

const ALLOWED: Record<string, string[]> = {
  lib: ["lib"],
  model: ["model", "lib"],
  expr: ["expr", "lib"],
  "plugins/sdk": ["model", "lib"],
  "plugins/tasks": ["model", "lib", "plugins/sdk"],
  "plugins/conditions": ["model", "lib", "plugins/sdk"],
  "plugins/triggers": ["model", "lib", "plugins/sdk"],
  "plugins/registry": ["model", "lib", "plugins/sdk", "plugins/tasks", "plugins/conditions", "plugins/triggers"],
  flow: ["flow", "model", "expr", "plugins/registry", "plugins/sdk", "lib"],
  "storage/types": ["storage/types", "model", "lib"],
  "storage/sqlite": ["storage/sqlite", "storage/types", "model", "lib"],
  "storage/postgres": ["storage/postgres", "storage/types", "model", "lib"],
  engine: ["engine", "model", "expr", "flow", "plugins/registry", "plugins/sdk", "storage/types", "lib"],
  server: ["server", "engine", "storage/types", "flow", "model", "lib", "ui"],
  ui: ["ui", "lib", "model"],
  config: ["config", "lib", "model"],
};

const all = files(SRC);
const importRe = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

describe("import rules", () => {
  for (const file of all) {
    const from = area(file);
    const rules = ALLOWED[from];
    if (!rules) continue; // cli/ and main.ts may import everything
    test(relative(SRC, file), () => {
      const text = readFileSync(file, "utf8");
      const bad: string[] = [];
      for (const m of text.matchAll(importRe)) {
        const spec = m[1] ?? m[2]!;
        if (spec === "elysia" || spec.startsWith("@elysiajs/")) {
          if (from !== "server") bad.push(`${spec} (Elysia only under server/)`);
          continue;
        }
        if (spec === "bun:sqlite") {
          if (from !== "storage/sqlite") bad.push(`${spec} (bun:sqlite only under storage/sqlite/)`);
          continue;
        }
        if (!spec.startsWith(".")) continue;
        const target = area(resolve(dirname(file), spec));
        if (!rules.includes(target)) bad.push(`${spec} (${from} -> ${target})`);
      }
      expect(bad).toEqual([]);
    });
  }
});
