import type { FilterDef } from "../types.ts";
import { abbreviate } from "./abbreviate.ts";
import { abs } from "./abs.ts";
import { base64decode } from "./base64decode.ts";
import { base64encode } from "./base64encode.ts";
import { capitalize } from "./capitalize.ts";
import { chunk } from "./chunk.ts";
import { className } from "./class-name.ts";
import { dateAdd } from "./date-add.ts";
import { date } from "./date.ts";
import { defaultFilter } from "./default.ts";
import { distinct } from "./distinct.ts";
import { endsWith } from "./ends-with.ts";
import { escapeChar } from "./escape-char.ts";
import { first } from "./first.ts";
import { flatten } from "./flatten.ts";
import { indent } from "./indent.ts";
import { join } from "./join.ts";
import { jq } from "./jq.ts";
import { json } from "./json.ts";
import { keys } from "./keys.ts";
import { last } from "./last.ts";
import { length } from "./length.ts";
import { lower } from "./lower.ts";
import { md5 } from "./md5.ts";
import { merge } from "./merge.ts";
import { nindent } from "./nindent.ts";
import { numberFormat } from "./number-format.ts";
import { number } from "./number.ts";
import { replace } from "./replace.ts";
import { reverse } from "./reverse.ts";
import { rsort } from "./rsort.ts";
import { sha1 } from "./sha1.ts";
import { sha256 } from "./sha256.ts";
import { sha512 } from "./sha512.ts";
import { slice } from "./slice.ts";
import { slugify } from "./slugify.ts";
import { sort } from "./sort.ts";
import { split } from "./split.ts";
import { startsWith } from "./starts-with.ts";
import { string } from "./string.ts";
import { substringAfterLast } from "./substring-after-last.ts";
import { substringAfter } from "./substring-after.ts";
import { substringBeforeLast } from "./substring-before-last.ts";
import { substringBefore } from "./substring-before.ts";
import { timestampMicro } from "./timestamp-micro.ts";
import { timestampMilli } from "./timestamp-milli.ts";
import { timestampNano } from "./timestamp-nano.ts";
import { timestamp } from "./timestamp.ts";
import { title } from "./title.ts";
import { toJson } from "./to-json.ts";
import { trim } from "./trim.ts";
import { upper } from "./upper.ts";
import { urldecode } from "./urldecode.ts";
import { urlencode } from "./urlencode.ts";
import { values } from "./values.ts";
import { yaml } from "./yaml.ts";

/** Every filter, one file each; the expression core looks filters up here by name. */
export const filters: FilterDef[] = [
  abbreviate,
  abs,
  base64decode,
  base64encode,
  capitalize,
  chunk,
  className,
  dateAdd,
  date,
  defaultFilter,
  distinct,
  endsWith,
  escapeChar,
  first,
  flatten,
  indent,
  join,
  jq,
  json,
  keys,
  last,
  length,
  lower,
  md5,
  merge,
  nindent,
  numberFormat,
  number,
  replace,
  reverse,
  rsort,
  sha1,
  sha256,
  sha512,
  slice,
  slugify,
  sort,
  split,
  startsWith,
  string,
  substringAfterLast,
  substringAfter,
  substringBeforeLast,
  substringBefore,
  timestampMicro,
  timestampMilli,
  timestampNano,
  timestamp,
  title,
  toJson,
  trim,
  upper,
  urldecode,
  urlencode,
  values,
  yaml,
];
