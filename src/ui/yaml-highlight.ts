/**
 * A small server-side YAML highlighter for flow sources: keys, strings, comments, `{{ }}`/`{% %}` expressions and
 * block scalars. It is line based and forgiving (a broken flow is highlighted too). Every piece of the source goes
 * through `escapeText` before it is wrapped in a span: the result is safe HTML made of escaped text and our spans.
 *
 * @example
 * highlightYaml("key: '{{ a }}' # c")[0].html
 * // <span class="k">key</span>: <span class="s">'<span class="x">{{ a }}</span>'</span> <span class="c"># c</span>
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const span = (cls: string, inner: string) => `<span class="${cls}">${inner}</span>`;

/** escaped text with its `{{ }}` and `{% %}` expressions wrapped */
function withExpressions(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const open = text.slice(i).search(/\{\{|\{%/);
    if (open < 0) break;
    const start = i + open;
    const close = text.indexOf(text[start + 1] === "{" ? "}}" : "%}", start + 2);
    const end = close < 0 ? text.length : close + 2;
    out += escapeText(text.slice(i, start)) + span("x", escapeText(text.slice(start, end)));
    i = end;
  }
  return out + escapeText(text.slice(i));
}

/** end index (exclusive) of a quoted string starting at `i`, or the line's end */
function quoteEnd(line: string, i: number): number {
  const q = line[i]!;
  for (let j = i + 1; j < line.length; j++) {
    if (q === '"' && line[j] === "\\") j++;
    else if (line[j] === q) {
      if (q === "'" && line[j + 1] === "'") j++;
      else return j + 1;
    }
  }
  return line.length;
}

/** a value (after `key:` or `- `): strings, expressions, a trailing comment */
function value(text: string): string {
  let out = "";
  let plain = "";
  const flush = () => {
    out += withExpressions(plain);
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) {
      flush();
      const end = quoteEnd(text, i);
      out += span("s", withExpressions(text.slice(i, end)));
      i = end;
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      flush();
      out += span("c", escapeText(text.slice(i)));
      i = text.length;
    } else {
      plain += c;
      i++;
    }
  }
  flush();
  return out;
}

const KEY = /^((?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\],:-][^#]*?|-[^\s#][^#]*?))(\s*):(?=\s|$)/;
const BLOCK = /(?:^|\s)[|>][+-]?\d*\s*(?:#.*)?$/;

export interface HighlightedLine {
  /** 1-based */
  n: number;
  /** safe HTML (escaped source text and highlighter spans) */
  html: string;
}

/** the lines of a YAML source, highlighted */
export function highlightYaml(source: string): HighlightedLine[] {
  const lines = source.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
  let blockIndent = -1;
  return lines.map((line, index) => {
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0) {
      if (line.trim() === "" || indent > blockIndent) return { n: index + 1, html: span("s", withExpressions(line)) };
      blockIndent = -1;
    }
    let html = escapeText(line.slice(0, indent));
    let rest = line.slice(indent);
    let markerIndent = indent;
    for (let m = /^-(\s+|$)/.exec(rest); m; m = /^-(\s+|$)/.exec(rest)) {
      html += span("p", "-") + m[1];
      markerIndent += m[0].length;
      rest = rest.slice(m[0].length);
    }
    if (rest.startsWith("#")) return { n: index + 1, html: html + span("c", escapeText(rest)) };
    const key = KEY.exec(rest);
    if (key) {
      html += `${span("k", escapeText(key[1]!))}${escapeText(key[2]!)}:`;
      rest = rest.slice(key[0].length);
    }
    if (BLOCK.test(rest)) blockIndent = key ? markerIndent : indent;
    return { n: index + 1, html: html + value(rest) };
  });
}
