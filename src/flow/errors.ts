/**
 * Flow validation errors: what is wrong, where (YAML path like `tasks[1].type`, 1-based line and column) and the
 * offending source text.
 */
export interface FlowError {
  message: string;
  /** YAML path, e.g. `tasks[1].type`; "" for the document itself */
  path: string;
  line: number;
  column: number;
  /** offending source text (first line, trimmed to 120 characters) */
  text: string;
}

/** Where a node of the document is: its value, and the key that introduces it when it is a map entry. */
export interface Pos {
  line: number;
  column: number;
  text: string;
  key?: { line: number; column: number; text: string };
}

export type Positions = Map<string, Pos>;

/** `tasks[0].message: required property missing (line 3, column 5)` */
export function formatFlowError(e: FlowError): string {
  const where = e.line > 0 ? ` (line ${e.line}, column ${e.column})` : "";
  return `${e.path ? `${e.path}: ` : ""}${e.message}${where}`;
}

/** Joins a path and a key: `a.b`, `a[0]`, `a["odd key"]`. */
export function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Collects errors against a position map. */
export class ErrorSink {
  readonly errors: FlowError[] = [];
  constructor(private readonly positions: Positions) {}

  /** an error on the value at `path` (or its closest known ancestor) */
  at(path: string, message: string): void {
    const pos = this.find(path);
    this.errors.push({ message, path, line: pos?.line ?? 0, column: pos?.column ?? 0, text: pos?.text ?? "" });
  }

  /** an error on the key of the entry at `path` (unknown properties, duplicates) */
  atKey(path: string, message: string): void {
    const pos = this.positions.get(path);
    const k = pos?.key ?? pos;
    if (!k) {
      this.at(path, message);
      return;
    }
    this.errors.push({ message, path, line: k.line, column: k.column, text: k.text });
  }

  /** `owner.prop: required property missing`, pointing at the owner (the map that lacks it) */
  missing(owner: string, prop: string, message = "required property missing"): void {
    const pos = this.find(owner);
    this.errors.push({
      message,
      path: child(owner, prop),
      line: pos?.line ?? 0,
      column: pos?.column ?? 0,
      text: pos?.text ?? "",
    });
  }

  pos(path: string): Pos | undefined {
    return this.positions.get(path);
  }

  private find(path: string): Pos | undefined {
    let p = path;
    for (;;) {
      const hit = this.positions.get(p);
      if (hit) return hit;
      if (p === "") return undefined;
      p = parent(p);
    }
  }
}

export function parent(path: string): string {
  const m = /^(.*?)(\.[^.[\]]+|\[[^\]]*\])$/.exec(path);
  return m ? m[1]! : "";
}
