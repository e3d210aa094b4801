/** Name lookup in the registries of filters, functions and tests (rebuilt when a registry array changes size). */
import { filters } from "./filters/index.ts";
import { functions } from "./functions/index.ts";
import { tests } from "./tests/index.ts";
import type { FilterDef, FunctionDef, TestDef } from "./types.ts";

function indexer<T extends { name: string }>(list: T[]): (name: string) => T | undefined {
  let size = -1;
  let byName = new Map<string, T>();
  return (name) => {
    if (list.length !== size) {
      byName = new Map(list.map((d) => [d.name, d]));
      size = list.length;
    }
    return byName.get(name);
  };
}

export const findFilter: (name: string) => FilterDef | undefined = indexer(filters);
export const findFunction: (name: string) => FunctionDef | undefined = indexer(functions);
export const findTest: (name: string) => TestDef | undefined = indexer(tests);
