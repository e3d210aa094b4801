/**
 * Line/column of an offset in a text, and a one-line code frame with a caret under the column.
 *
 * @example
 * const { line, column } = lineColumn("a\nbc", 3); // { line: 2, column: 2 }
 * codeFrame("a\nbc", line, column); // "2 | bc\n       ^"
 */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.max(0, Math.min(offset, source.length));
  for (let i = source.indexOf("\n"); i !== -1 && i < end; i = source.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: end - start + 1 };
}

/** the source line `line` (1-based), prefixed by its number, and a caret under `column` (1-based) */
export function codeFrame(source: string, line: number, column: number, maxWidth = 120): string {
  const lines = source.split("\n");
  let text = (lines[line - 1] ?? "").replace(/\r$/, "");
  let col = column;
  if (text.length > maxWidth) {
    const from = Math.max(0, Math.min(col - 1 - Math.floor(maxWidth / 2), text.length - maxWidth));
    text = text.slice(from, from + maxWidth);
    col -= from;
  }
  const prefix = `${line} | `;
  return `${prefix}${text.replace(/\t/g, " ")}\n${" ".repeat(prefix.length + Math.max(0, col - 1))}^`;
}
