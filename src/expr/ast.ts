/** Syntax tree of expressions and template statements; `p` is the offset in the source. */

export interface Arg {
  name?: string;
  value: Expr;
}

export type Expr =
  | { k: "lit"; v: unknown; dec?: boolean; p: number }
  | { k: "interp"; parts: (string | Expr)[]; p: number }
  | { k: "var"; name: string; p: number }
  | { k: "get"; obj: Expr; key: Expr; p: number }
  | { k: "list"; items: Expr[]; p: number }
  | { k: "map"; entries: [Expr, Expr][]; p: number }
  | { k: "unary"; op: string; arg: Expr; p: number }
  | { k: "binary"; op: string; l: Expr; r: Expr; p: number }
  | { k: "ternary"; cond: Expr; yes: Expr; no: Expr; p: number }
  | { k: "filter"; input: Expr; name: string; args: Arg[]; p: number }
  | { k: "test"; input: Expr; name: string; args: Arg[]; neg: boolean; p: number }
  | { k: "call"; name: string; args: Arg[]; p: number };

export interface FilterCall {
  name: string;
  args: Arg[];
  p: number;
}

export interface MacroParam {
  name: string;
  def?: Expr;
}

export type Stmt =
  | { k: "text"; v: string }
  | { k: "out"; e: Expr; p: number }
  | { k: "if"; branches: { cond: Expr; body: Stmt[] }[]; otherwise?: Stmt[]; p: number }
  | { k: "for"; key?: string; val: string; iter: Expr; body: Stmt[]; otherwise?: Stmt[]; p: number }
  | { k: "set"; name: string; e: Expr; p: number }
  | { k: "filter"; filters: FilterCall[]; body: Stmt[]; p: number }
  | { k: "block"; name: string; body: Stmt[]; p: number };

export interface Macro {
  name: string;
  params: MacroParam[];
  body: Stmt[];
  p: number;
}

/** a parsed template: its statements and the macros it defines */
export interface TemplateAst {
  body: Stmt[];
  macros: Map<string, Macro>;
}
