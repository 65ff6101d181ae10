// The parsed form of a Logs Insights query: a list of commands, each with its expressions. Every
// node keeps its source span so the editor and the errors can point at it.

export interface Span {
  offset: number;
  end: number;
}

export type Expr =
  | ({ type: 'field'; name: string } & Span)
  | ({ type: 'string'; value: string } & Span)
  | ({ type: 'number'; value: number } & Span)
  | ({ type: 'duration'; ms: number; text: string } & Span)
  | ({ type: 'regex'; source: string; flags: string } & Span)
  | ({ type: 'bool'; value: boolean } & Span)
  | ({ type: 'star' } & Span)
  | ({ type: 'list'; items: Expr[] } & Span)
  | ({ type: 'call'; name: string; args: Expr[] } & Span)
  | ({ type: 'unary'; op: '-' | 'not'; arg: Expr } & Span)
  | ({ type: 'binary'; op: BinaryOp; left: Expr; right: Expr } & Span)
  | ({ type: 'like'; negated: boolean; arg: Expr; pattern: Expr } & Span)
  | ({ type: 'in'; negated: boolean; arg: Expr; list: Expr } & Span);

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export interface Projection {
  expr: Expr;
  /** The output name: the alias, or the expression's text as written. */
  name: string;
  alias: boolean;
}

export type Command =
  | ({ cmd: 'fields'; items: Projection[] } & Span)
  | ({ cmd: 'display'; items: Projection[] } & Span)
  | ({ cmd: 'filter'; expr: Expr } & Span)
  | ({ cmd: 'stats'; items: Projection[]; by: Projection[] } & Span)
  | ({ cmd: 'sort'; keys: { expr: Expr; name: string; desc: boolean }[] } & Span)
  | ({ cmd: 'limit'; n: number } & Span)
  | ({ cmd: 'dedup'; fields: string[] } & Span)
  | ({ cmd: 'parse'; source: Expr; glob?: string; regex?: { source: string; flags: string }; names: string[] } & Span);

export interface Query {
  commands: Command[];
  source: string;
}
