import type { FunctionDef } from "../types.ts";
import { fromJson } from "./from-json.ts";
import { id } from "./id.ts";
import { ksuid } from "./ksuid.ts";
import { max } from "./max.ts";
import { min } from "./min.ts";
import { nanoId } from "./nano-id.ts";
import { now } from "./now.ts";
import { printContext } from "./print-context.ts";
import { randomInt } from "./random-int.ts";
import { range } from "./range.ts";
import { render } from "./render.ts";
import { renderOnce } from "./render-once.ts";
import { secret } from "./secret.ts";
import { uuid } from "./uuid.ts";
import { yaml } from "./yaml.ts";

/** Every function, one file each; the expression core looks functions up here by name. */
export const functions: FunctionDef[] = [
  fromJson,
  id,
  ksuid,
  max,
  min,
  nanoId,
  now,
  printContext,
  randomInt,
  range,
  render,
  renderOnce,
  secret,
  uuid,
  yaml,
];
