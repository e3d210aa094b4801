/** Precedence-climbing parser of Pebble expressions over the tokens of one `{{ }}`, tag or bare expression. */
import type { Arg, Expr } from "./ast.ts";
import { at, ExprError } from "./errors.ts";
import type { Tok } from "./lexer.ts";
import { BINARY, RESERVED, UNARY } from "./precedence.ts";

const LITERALS: Record<string, unknown> = { true: true, false: false, null: null, none: null };

export class ExprParser {
  i = 0;
  private depth = 0;

  constructor(
    readonly toks: Tok[],
    readonly source: string,
    readonly maxDepth: number,
    start = 0,
  ) {
    this.i = start;
  }

  peek(): Tok {
    return this.toks[this.i]!;
  }

  next(): Tok {
    const t = this.toks[this.i]!;
    if (t.t !== "end") this.i++;
    return t;
  }

  is(t: Tok["t"], v?: string): boolean {
    const tok = this.toks[this.i]!;
    return tok.t === t && (v === undefined || tok.v === v);
  }

  accept(t: Tok["t"], v: string): boolean {
    if (!this.is(t, v)) return false;
    this.i++;
    return true;
  }

  fail(tok: Tok, message?: string): ExprError {
    const what = tok.t === "end" ? "end of expression" : `\`${tok.t === "str" ? JSON.stringify(tok.v) : tok.v}\``;
    return new ExprError("SYNTAX", `${message ?? `Unexpected ${what}`}${at(this.source, tok.p)}`, this.source, tok.p);
  }

  private tooDeep(p: number): ExprError {
    return new ExprError(
      "LIMIT",
      `Expression nested deeper than ${this.maxDepth}${at(this.source, p)}`,
      this.source,
      p,
    );
  }

  expect(t: Tok["t"], v: string): Tok {
    const tok = this.peek();
    if (tok.t !== t || tok.v !== v) {
      const what = tok.t === "end" ? "end of expression" : `\`${tok.v}\``;
      throw this.fail(tok, `Expected \`${v}\` but found ${what}`);
    }
    return this.next();
  }

  name(what = "a name"): Tok {
    const tok = this.peek();
    if (tok.t !== "name") throw this.fail(tok, `Expected ${what}`);
    return this.next();
  }

  /** the whole token list must be one expression */
  parseAll(): Expr {
    const e = this.parseExpr();
    if (!this.is("end")) throw this.fail(this.peek());
    return e;
  }

  parseExpr(): Expr {
    if (++this.depth > this.maxDepth) throw this.tooDeep(this.peek().p);
    const cond = this.parseBinary(0);
    let out = cond;
    if (this.is("op", "?")) {
      const q = this.next();
      const yes = this.parseExpr();
      this.expect("op", ":");
      const no = this.parseExpr();
      out = { k: "ternary", cond, yes, no, p: q.p };
    }
    this.depth--;
    return out;
  }

  private binaryAt(tok: Tok): string | undefined {
    if (tok.t === "name" && tok.v === "not") {
      const next = this.toks[this.i + 1];
      return next?.t === "name" && next.v === "in" ? "not in" : undefined;
    }
    if (tok.t === "op" || tok.t === "name") return Object.hasOwn(BINARY, tok.v) ? tok.v : undefined;
    return undefined;
  }

  private parseBinary(min: number): Expr {
    let left: Expr;
    const tok = this.peek();
    const unary = (tok.t === "name" && tok.v === "not") || (tok.t === "op" && (tok.v === "-" || tok.v === "+"));
    if (unary) {
      this.next();
      if (++this.depth > this.maxDepth) throw this.tooDeep(tok.p);
      const arg = this.parseBinary(UNARY[tok.v]!);
      this.depth--;
      left = { k: "unary", op: tok.v, arg, p: tok.p };
    } else {
      left = this.parsePostfix(this.parsePrimary());
    }
    for (let op = this.binaryAt(this.peek()); op !== undefined; op = this.binaryAt(this.peek())) {
      const def = BINARY[op]!;
      if (def.prec < min) break;
      const opTok = this.next();
      if (op === "not in") this.next();
      if (def.kind === "filter") {
        const name = this.name("a filter name");
        left = { k: "filter", input: left, name: name.v, args: this.parseArgsOpt(), p: name.p };
      } else if (def.kind === "test") {
        const neg = this.accept("name", "not");
        const name = this.name("a test name");
        left = { k: "test", input: left, name: name.v, args: this.parseArgsOpt(), neg, p: name.p };
      } else {
        const r = this.parseBinary(def.prec + 1);
        left = { k: "binary", op: op === "equals" ? "==" : op, l: left, r, p: opTok.p };
      }
    }
    return left;
  }

  private parseArgsOpt(): Arg[] {
    return this.is("punc", "(") ? this.parseArgs() : [];
  }

  /** `(a, b, name=c)` */
  parseArgs(): Arg[] {
    this.expect("punc", "(");
    const args: Arg[] = [];
    while (!this.is("punc", ")")) {
      const tok = this.peek();
      const nextTok = this.toks[this.i + 1];
      if (tok.t === "name" && nextTok?.t === "op" && nextTok.v === "=") {
        this.i += 2;
        args.push({ name: tok.v, value: this.parseExpr() });
      } else {
        if (args.some((a) => a.name !== undefined)) throw this.fail(tok, "Positional argument after a named argument");
        args.push({ value: this.parseExpr() });
      }
      if (!this.accept("punc", ",")) break;
    }
    this.expect("punc", ")");
    return args;
  }

  private parsePrimary(): Expr {
    const tok = this.next();
    switch (tok.t) {
      case "num":
        return { k: "lit", v: tok.v, dec: tok.dec, p: tok.p };
      case "str":
        if (!tok.parts) return { k: "lit", v: tok.v, p: tok.p };
        return {
          k: "interp",
          parts: tok.parts.map((part) =>
            typeof part === "string" ? part : new ExprParser(part, this.source, this.maxDepth - this.depth).parseAll(),
          ),
          p: tok.p,
        };
      case "name":
        if (Object.hasOwn(LITERALS, tok.v)) return { k: "lit", v: LITERALS[tok.v], p: tok.p };
        if (RESERVED.has(tok.v)) throw this.fail(tok);
        if (this.is("punc", "(")) return { k: "call", name: tok.v, args: this.parseArgs(), p: tok.p };
        return { k: "var", name: tok.v, p: tok.p };
      case "punc":
        if (tok.v === "(") {
          const e = this.parseExpr();
          this.expect("punc", ")");
          return e;
        }
        if (tok.v === "[") return this.parseList(tok);
        if (tok.v === "{") return this.parseMap(tok);
        throw this.fail(tok);
      default:
        throw this.fail(tok);
    }
  }

  private parseList(open: Tok): Expr {
    const items: Expr[] = [];
    while (!this.is("punc", "]")) {
      items.push(this.parseExpr());
      if (!this.accept("punc", ",")) break;
    }
    this.expect("punc", "]");
    return { k: "list", items, p: open.p };
  }

  private parseMap(open: Tok): Expr {
    const entries: [Expr, Expr][] = [];
    while (!this.is("punc", "}")) {
      const key = this.next();
      if ((key.t !== "str" || key.parts) && key.t !== "num") {
        throw this.fail(key, "Map keys must be quoted strings or numbers");
      }
      this.expect("op", ":");
      entries.push([{ k: "lit", v: String(key.v), p: key.p }, this.parseExpr()]);
      if (!this.accept("punc", ",")) break;
    }
    this.expect("punc", "}");
    return { k: "map", entries, p: open.p };
  }

  private parsePostfix(e: Expr): Expr {
    while (true) {
      const tok = this.peek();
      if (tok.t !== "punc") return e;
      if (tok.v === ".") {
        this.next();
        const key = this.next();
        if (key.t !== "name" && key.t !== "num") throw this.fail(key, "Expected an attribute name after `.`");
        if (key.t === "num" && (key.dec || !Number.isInteger(key.v)))
          throw this.fail(key, "Expected an attribute name");
        if (this.is("punc", "(")) throw this.fail(this.peek(), "Method calls are not supported");
        e = { k: "get", obj: e, key: { k: "lit", v: key.t === "num" ? key.v : key.v, p: key.p }, p: key.p };
      } else if (tok.v === "[") {
        this.next();
        const key = this.parseExpr();
        this.expect("punc", "]");
        e = { k: "get", obj: e, key, p: tok.p };
      } else if (tok.v === "(") {
        throw this.fail(tok, "Only named functions and macros can be called");
      } else return e;
    }
  }
}
