/** Turns the segments of a template into statements: tags `if`, `for`, `set`, `filter`, `macro`, `block`. */
import type { Expr, FilterCall, Macro, MacroParam, Stmt, TemplateAst } from "./ast.ts";
import { at, ExprError } from "./errors.ts";
import { lexTemplate, type Segment, type Tok } from "./lexer.ts";
import { ExprParser } from "./parser.ts";

const UNSUPPORTED = new Set([
  "autoescape",
  "extends",
  "embed",
  "flush",
  "import",
  "include",
  "parallel",
  "cache",
  "from",
]);

interface Ended {
  body: Stmt[];
  /** the tag that ended the body, with a parser positioned after its name */
  end?: { name: string; parser: ExprParser; p: number };
}

class TemplateParser {
  private i = 0;
  private depth = 0;
  readonly macros = new Map<string, Macro>();

  constructor(
    private readonly segs: Segment[],
    private readonly source: string,
    private readonly maxDepth: number,
  ) {}

  private syntax(p: number, message: string): ExprError {
    return new ExprError("SYNTAX", `${message}${at(this.source, p)}`, this.source, p);
  }

  private parser(toks: Tok[], start = 0): ExprParser {
    return new ExprParser(toks, this.source, this.maxDepth, start);
  }

  /** statements until one of `ends` (or the end of the template when ends is empty) */
  parseBody(ends: string[], opener?: { name: string; p: number }): Ended {
    if (++this.depth > this.maxDepth) {
      throw new ExprError(
        "LIMIT",
        `Tags nested deeper than ${this.maxDepth}${at(this.source, opener?.p ?? 0)}`,
        this.source,
        opener?.p ?? 0,
      );
    }
    const body: Stmt[] = [];
    while (this.i < this.segs.length) {
      const seg = this.segs[this.i++]!;
      if (seg.k === "text") {
        body.push({ k: "text", v: seg.v });
        continue;
      }
      if (seg.k === "out") {
        body.push({ k: "out", e: this.parser(seg.toks).parseAll(), p: seg.toks[0]!.p });
        continue;
      }
      const first = seg.toks[0]!;
      if (first.t !== "name") throw this.syntax(first.p, "Expected a tag name");
      const parser = this.parser(seg.toks, 1);
      if (ends.includes(first.v)) {
        this.depth--;
        return { body, end: { name: first.v, parser, p: first.p } };
      }
      body.push(...this.parseTag(first, parser));
    }
    if (ends.length > 0) {
      const p = opener?.p ?? this.source.length;
      throw this.syntax(p, `Unclosed \`${opener?.name}\` tag, expected \`${ends[ends.length - 1]}\``);
    }
    this.depth--;
    return { body };
  }

  private endOf(parser: ExprParser): void {
    if (!parser.is("end")) throw parser.fail(parser.peek());
  }

  private parseTag(tag: Tok, parser: ExprParser): Stmt[] {
    const opener = { name: tag.v as string, p: tag.p };
    switch (tag.v) {
      case "if": {
        const branches: { cond: Expr; body: Stmt[] }[] = [];
        let cond = parser.parseAll();
        let otherwise: Stmt[] | undefined;
        while (true) {
          const r = this.parseBody(["elseif", "else", "endif"], opener);
          branches.push({ cond, body: r.body });
          const end = r.end!;
          if (end.name === "elseif") {
            cond = end.parser.parseAll();
            continue;
          }
          this.endOf(end.parser);
          if (end.name === "else") {
            const e = this.parseBody(["endif"], opener);
            this.endOf(e.end!.parser);
            otherwise = e.body;
          }
          break;
        }
        return [{ k: "if", branches, otherwise, p: tag.p }];
      }
      case "for": {
        let val = parser.name("a loop variable").v as string;
        let key: string | undefined;
        if (parser.accept("punc", ",")) {
          key = val;
          val = parser.name("a loop variable").v;
        }
        if (!parser.accept("name", "in")) throw parser.fail(parser.peek(), "Expected `in`");
        const iter = parser.parseAll();
        const r = this.parseBody(["else", "endfor"], opener);
        let otherwise: Stmt[] | undefined;
        this.endOf(r.end!.parser);
        if (r.end!.name === "else") {
          const e = this.parseBody(["endfor"], opener);
          this.endOf(e.end!.parser);
          otherwise = e.body;
        }
        return [{ k: "for", key, val, iter, body: r.body, otherwise, p: tag.p }];
      }
      case "set": {
        const name = parser.name("a variable name");
        parser.expect("op", "=");
        return [{ k: "set", name: name.v, e: parser.parseAll(), p: name.p }];
      }
      case "filter": {
        const filters: FilterCall[] = [];
        do {
          const name = parser.name("a filter name");
          filters.push({ name: name.v, args: parser.is("punc", "(") ? parser.parseArgs() : [], p: name.p });
        } while (parser.accept("op", "|"));
        this.endOf(parser);
        const r = this.parseBody(["endfilter"], opener);
        this.endOf(r.end!.parser);
        return [{ k: "filter", filters, body: r.body, p: tag.p }];
      }
      case "block": {
        const name = parser.name("a block name");
        this.endOf(parser);
        const r = this.parseBody(["endblock"], opener);
        return [{ k: "block", name: name.v, body: r.body, p: tag.p }];
      }
      case "macro": {
        const name = parser.name("a macro name");
        const params: MacroParam[] = parser.parseArgs().map((a) => {
          if (a.name !== undefined) return { name: a.name, def: a.value };
          if (a.value.k !== "var") throw this.syntax(a.value.p, "Macro parameters must be names");
          return { name: a.value.name };
        });
        this.endOf(parser);
        const r = this.parseBody(["endmacro"], opener);
        if (this.macros.has(name.v)) throw this.syntax(name.p, `Macro \`${name.v}\` is defined twice`);
        this.macros.set(name.v, { name: name.v, params, body: r.body, p: name.p });
        return [];
      }
      default:
        if (UNSUPPORTED.has(tag.v)) throw this.syntax(tag.p, `Tag \`${tag.v}\` is not supported`);
        if (/^(end|else)/.test(tag.v)) throw this.syntax(tag.p, `Unexpected \`${tag.v}\``);
        throw this.syntax(tag.p, `Unknown tag \`${tag.v}\``);
    }
  }
}

/** parses a whole template into statements and macros; throws ExprError SYNTAX or LIMIT */
export function parseTemplateAst(source: string, maxDepth: number): TemplateAst {
  const p = new TemplateParser(lexTemplate(source), source, maxDepth);
  const { body } = p.parseBody([]);
  return { body, macros: p.macros };
}
