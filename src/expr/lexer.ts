/** Splits a template into text, `{{ }}` and `{% %}` segments, and expressions into tokens. */
import { at, ExprError } from "./errors.ts";

export type TokKind = "num" | "str" | "name" | "op" | "punc" | "end";

export interface Tok {
  t: TokKind;
  /** number, string text, name, operator or punctuation */
  v: any;
  /** offset in the source */
  p: number;
  /** decimal literal (`1.0`) */
  dec?: boolean;
  /** interpolated double-quoted string: text parts and token lists of `#{…}` */
  parts?: (string | Tok[])[];
}

export type Segment =
  | { k: "text"; v: string; p: number }
  | { k: "out"; toks: Tok[]; p: number }
  | { k: "tag"; toks: Tok[]; p: number };

const OPS = ["???", "??", "..", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "~", "|", "?", ":", "="];
const PUNC = "()[]{},.";
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "\\": "\\", "'": "'", '"': '"' };

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}
function isNameStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}
function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function syntax(source: string, offset: number, message: string): ExprError {
  return new ExprError("SYNTAX", `${message}${at(source, offset)}`, source, offset);
}

/**
 * Tokenizes an expression from `pos` until `closer` at bracket depth 0 (`}}`, `%}`, `}` for `#{…}`, or the
 * end of the source when closer is empty). Returns the tokens (ending with an "end" token), the offset after
 * the closer, and whether the closer carried a `-` (trim what follows).
 */
export function lexExpr(source: string, pos: number, closer: string): { toks: Tok[]; end: number; trim: boolean } {
  const toks: Tok[] = [];
  const stack: string[] = [];
  let depth = 0;
  const n = source.length;
  while (true) {
    while (pos < n && isSpace(source[pos]!)) pos++;
    if (pos >= n) {
      if (closer === "") {
        toks.push({ t: "end", v: "", p: pos });
        return { toks, end: pos, trim: false };
      }
      throw syntax(source, pos, `Unexpected end of template, expected \`${closer}\``);
    }
    const c = source[pos]!;
    if (depth === 0 && closer !== "") {
      if (closer !== "}" && c === "-" && source.startsWith(closer, pos + 1)) {
        toks.push({ t: "end", v: "", p: pos });
        return { toks, end: pos + 1 + closer.length, trim: true };
      }
      if (source.startsWith(closer, pos)) {
        toks.push({ t: "end", v: "", p: pos });
        return { toks, end: pos + closer.length, trim: false };
      }
    }
    const start = pos;
    if (isDigit(c)) {
      while (pos < n && isDigit(source[pos]!)) pos++;
      let dec = false;
      if (source[pos] === "." && isDigit(source[pos + 1] ?? "")) {
        dec = true;
        pos++;
        while (pos < n && isDigit(source[pos]!)) pos++;
      }
      toks.push({ t: "num", v: Number(source.slice(start, pos)), p: start, dec });
      continue;
    }
    if (isNameStart(c)) {
      while (pos < n && (isNameStart(source[pos]!) || isDigit(source[pos]!))) pos++;
      toks.push({ t: "name", v: source.slice(start, pos), p: start });
      continue;
    }
    if (c === "'" || c === '"') {
      const r = lexString(source, pos, c);
      toks.push(r.tok);
      pos = r.end;
      continue;
    }
    if (PUNC.includes(c) && !(c === "." && source[pos + 1] === ".")) {
      if (c === "(" || c === "[" || c === "{") {
        stack.push(c === "(" ? ")" : c === "[" ? "]" : "}");
        depth++;
      } else if (c === ")" || c === "]" || c === "}") {
        const want = stack.pop();
        if (want === undefined) throw syntax(source, pos, `Unexpected \`${c}\``);
        if (want !== c) throw syntax(source, pos, `Expected \`${want}\` but found \`${c}\``);
        depth--;
      }
      toks.push({ t: "punc", v: c, p: pos++ });
      continue;
    }
    const op = OPS.find((o) => source.startsWith(o, pos));
    if (op) {
      toks.push({ t: "op", v: op, p: pos });
      pos += op.length;
      continue;
    }
    throw syntax(source, pos, `Unexpected character \`${c}\``);
  }
}

function lexString(source: string, pos: number, quote: string): { tok: Tok; end: number } {
  const start = pos++;
  const parts: (string | Tok[])[] = [];
  let text = "";
  while (true) {
    if (pos >= source.length) throw syntax(source, start, "Unclosed string literal");
    const c = source[pos]!;
    if (c === quote) break;
    if (c === "\\") {
      const e = source[pos + 1] ?? "";
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(source.slice(pos + 2, pos + 6))) {
        text += String.fromCharCode(Number.parseInt(source.slice(pos + 2, pos + 6), 16));
        pos += 6;
      } else if (ESCAPES[e] !== undefined) {
        text += ESCAPES[e];
        pos += 2;
      } else if (e === "#") {
        text += "#";
        pos += 2;
      } else {
        text += c;
        pos++;
      }
      continue;
    }
    if (quote === '"' && c === "#" && source[pos + 1] === "{") {
      if (text) parts.push(text);
      text = "";
      const r = lexExpr(source, pos + 2, "}");
      parts.push(r.toks);
      pos = r.end;
      continue;
    }
    text += c;
    pos++;
  }
  if (parts.length === 0) return { tok: { t: "str", v: text, p: start }, end: pos + 1 };
  if (text) parts.push(text);
  return { tok: { t: "str", v: "", p: start, parts }, end: pos + 1 };
}

const RAW_END: Record<string, RegExp> = {
  raw: /\{%-?\s*endraw\s*-?%\}/g,
  verbatim: /\{%-?\s*endverbatim\s*-?%\}/g,
};

function trimEnd(segs: Segment[]): void {
  const last = segs[segs.length - 1];
  if (last?.k === "text") last.v = last.v.replace(/\s+$/, "");
}

/** Splits a template into segments; `{# #}` comments are dropped, raw/verbatim bodies become text. */
export function lexTemplate(source: string): Segment[] {
  const segs: Segment[] = [];
  let pos = 0;
  let trimNext = false;
  const n = source.length;
  const pushText = (v: string, p: number) => {
    if (trimNext) v = v.replace(/^\s+/, "");
    trimNext = false;
    if (v) segs.push({ k: "text", v, p });
  };
  while (pos < n) {
    let open = source.indexOf("{", pos);
    while (open !== -1 && !"{%#".includes(source[open + 1] ?? "x")) open = source.indexOf("{", open + 1);
    if (open === -1) {
      pushText(source.slice(pos), pos);
      break;
    }
    pushText(source.slice(pos, open), pos);
    const kind = source[open + 1]!;
    let inner = open + 2;
    if (source[inner] === "-") {
      trimEnd(segs);
      inner++;
    }
    if (kind === "#") {
      const close = source.indexOf("#}", inner);
      if (close === -1) throw syntax(source, open, "Unclosed comment `{#`");
      trimNext = source[close - 1] === "-" && close - 1 >= inner;
      pos = close + 2;
      continue;
    }
    const r = lexExpr(source, inner, kind === "{" ? "}}" : "%}");
    pos = r.end;
    trimNext = r.trim;
    if (kind === "{") {
      segs.push({ k: "out", toks: r.toks, p: open });
      continue;
    }
    const first = r.toks[0];
    if (first?.t === "name" && (first.v === "raw" || first.v === "verbatim") && r.toks.length === 2) {
      const re = RAW_END[first.v]!;
      re.lastIndex = pos;
      const m = re.exec(source);
      if (!m) throw syntax(source, open, `Unclosed \`${first.v}\` block, expected \`end${first.v}\``);
      const body = source.slice(pos, m.index);
      trimNext = false;
      if (body) segs.push({ k: "text", v: body, p: pos });
      pos = m.index + m[0].length;
      trimNext = m[0].endsWith("-%}");
      continue;
    }
    segs.push({ k: "tag", toks: r.toks, p: open });
  }
  return segs;
}
