import type { TestDef } from "../types.ts";
import { defined } from "./defined.ts";
import { empty } from "./empty.ts";
import { even } from "./even.ts";
import { iterable } from "./iterable.ts";
import { json } from "./json.ts";
import { map } from "./map.ts";
import { nullTest } from "./null.ts";
import { odd } from "./odd.ts";

/** Every test (`x is name`), one file each; the expression core looks tests up here by name. */
export const tests: TestDef[] = [defined, nullTest, empty, even, odd, iterable, map, json];
