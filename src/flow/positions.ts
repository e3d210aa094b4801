/**
 * YAML text to a plain value plus a map path -> position, using the `yaml` library's nodes and a LineCounter.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, stringify } from "yaml";
import { child, type FlowError, type Pos, type Positions } from "./errors.ts";

export interface YamlResult {
  value: unknown;
  positions: Positions;
  errors: FlowError[];
}

export function parseYaml(source: string): YamlResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, {
    lineCounter,
    keepSourceTokens: true,
    uniqueKeys: true,
    prettyErrors: false,
    logLevel: "error",
  });
  const positions: Positions = new Map();
  const errors: FlowError[] = doc.errors.map((e) => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    const message = e.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").trim();
    return { message: `YAML syntax error: ${message}`, path: "", line, column: col, text: lineText(source, line) };
  });
  if (errors.length > 0) return { value: undefined, positions, errors };
  const posOf = (node: Node | null | undefined): Pos => {
    const start = node?.range?.[0] ?? 0;
    const end = node?.range?.[1] ?? start;
    const { line, col } = lineCounter.linePos(start);
    return { line, column: col, text: snippet(source.slice(start, end)) };
  };
  const walk = (node: unknown, path: string, key?: Pos) => {
    const pos = posOf(node as Node);
    positions.set(path, key ? { ...pos, key } : pos);
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : stringify(pair.key, { collectionStyle: "flow" }).trim();
        const keyPos = posOf(pair.key as Node);
        // `key:` with no value: point at the key
        if (pair.value === null || pair.value === undefined) positions.set(child(path, k), { ...keyPos, key: keyPos });
        else walk(pair.value, child(path, k), keyPos);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        walk(item, child(path, i));
      });
    }
  };
  walk(doc.contents, "");
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    errors.push({
      message: `YAML error: ${(e as Error).message}`,
      path: "",
      line: 1,
      column: 1,
      text: lineText(source, 1),
    });
  }
  return { value, positions, errors };
}

function snippet(text: string): string {
  const first = text.split("\n")[0]!.trim();
  return first.length > 120 ? `${first.slice(0, 117)}...` : first;
}

function lineText(source: string, line: number): string {
  return snippet(source.split("\n")[line - 1] ?? "");
}
