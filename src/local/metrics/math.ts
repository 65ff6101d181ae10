// Metric math for GetMetricData expressions: + - * / ^ on query ids and numbers, parentheses, unary
// minus, arrays [m1, m2], and the functions SUM, AVG, MIN, MAX (of an array: one series; of one
// series: a number), FILL(x, value | REPEAT), ABS, CEIL, FLOOR and METRICS(['id part']).
// A syntax or reference error says where (1-based column) and what was expected.

export type Points = Map<number, number>;
export type Value = { kind: 'scalar'; v: number } | { kind: 'series'; pts: Points } | { kind: 'array'; items: Points[] };

export type Node =
  | { type: 'num'; v: number; at: number }
  | { type: 'str'; v: string; at: number }
  | { type: 'id'; name: string; at: number }
  | { type: 'neg'; arg: Node; at: number }
  | { type: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: Node; right: Node; at: number }
  | { type: 'call'; name: string; args: Node[]; at: number }
  | { type: 'array'; items: Node[]; at: number };

export class MathError extends Error {}

interface Token {
  kind: 'num' | 'id' | 'str' | 'op' | 'end';
  text: string;
  at: number; // 1-based column
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i + 1;
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ kind: 'num', text: num[0], at });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ kind: 'id', text: id[0], at });
      i += id[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new MathError(`Unterminated string starting at column ${at}.`);
      out.push({ kind: 'str', text: src.slice(i + 1, end), at });
      i = end + 1;
      continue;
    }
    if ('+-*/^(),[]'.includes(c)) {
      out.push({ kind: 'op', text: c, at });
      i++;
      continue;
    }
    throw new MathError(`Unexpected character '${c}' at column ${at}.`);
  }
  out.push({ kind: 'end', text: '', at: src.length + 1 });
  return out;
}

export function parseExpression(src: string): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Token => toks[p]!;
  const describe = (t: Token): string => (t.kind === 'end' ? 'the end of the expression' : `'${t.text}'`);
  const expect = (text: string): void => {
    const t = peek();
    if (t.kind !== 'op' || t.text !== text) throw new MathError(`Expected '${text}' at column ${t.at} but found ${describe(t)}.`);
    p++;
  };
  const isOp = (text: string): boolean => peek().kind === 'op' && peek().text === text;

  const expr = (): Node => {
    let left = term();
    while (isOp('+') || isOp('-')) {
      const t = toks[p++]!;
      left = { type: 'bin', op: t.text as '+' | '-', left, right: term(), at: t.at };
    }
    return left;
  };
  const term = (): Node => {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const t = toks[p++]!;
      left = { type: 'bin', op: t.text as '*' | '/', left, right: unary(), at: t.at };
    }
    return left;
  };
  const unary = (): Node => {
    if (isOp('-')) {
      const t = toks[p++]!;
      return { type: 'neg', arg: unary(), at: t.at };
    }
    const base = primary();
    if (isOp('^')) {
      const t = toks[p++]!;
      return { type: 'bin', op: '^', left: base, right: unary(), at: t.at };
    }
    return base;
  };
  const primary = (): Node => {
    const t = peek();
    if (t.kind === 'num') {
      p++;
      return { type: 'num', v: Number(t.text), at: t.at };
    }
    if (t.kind === 'str') {
      p++;
      return { type: 'str', v: t.text, at: t.at };
    }
    if (t.kind === 'id') {
      p++;
      if (isOp('(')) {
        p++;
        const args: Node[] = [];
        if (!isOp(')')) {
          args.push(expr());
          while (isOp(',')) {
            p++;
            args.push(expr());
          }
        }
        expect(')');
        return { type: 'call', name: t.text.toUpperCase(), args, at: t.at };
      }
      return { type: 'id', name: t.text, at: t.at };
    }
    if (isOp('(')) {
      p++;
      const inner = expr();
      expect(')');
      return inner;
    }
    if (isOp('[')) {
      p++;
      const items = [expr()];
      while (isOp(',')) {
        p++;
        items.push(expr());
      }
      expect(']');
      return { type: 'array', items, at: t.at };
    }
    throw new MathError(`Expected a number, a metric id, a function or '(' at column ${t.at} but found ${describe(t)}.`);
  };

  const root = expr();
  if (peek().kind !== 'end') throw new MathError(`Unexpected ${describe(peek())} at column ${peek().at}: expected an operator or the end of the expression.`);
  return root;
}

/** The ids an expression refers to (for evaluation order and unknown-id errors). */
export function referencedIds(node: Node): { name: string; at: number }[] {
  switch (node.type) {
    case 'id':
      return [{ name: node.name, at: node.at }];
    case 'neg':
      return referencedIds(node.arg);
    case 'bin':
      return [...referencedIds(node.left), ...referencedIds(node.right)];
    case 'call':
    case 'array':
      return (node.type === 'call' ? node.args : node.items).flatMap(referencedIds);
    default:
      return [];
  }
}

export interface EvalContext {
  /** The value of another query by id; throws MathError when unknown. */
  get(id: string, at: number): Value;
  /** Series of the metric queries whose id contains `part` (METRICS()). */
  metrics(part: string): Points[];
  /** Every period start of the request's time range, for FILL. */
  grid: number[];
}

const FUNCTIONS = ['SUM', 'AVG', 'MIN', 'MAX', 'FILL', 'ABS', 'CEIL', 'FLOOR', 'METRICS'];

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      return Math.pow(a, b);
  }
}

function mapPoints(pts: Points, f: (v: number) => number): Points {
  const out: Points = new Map();
  for (const [t, v] of pts) {
    const r = f(v);
    if (Number.isFinite(r)) out.set(t, r);
  }
  return out;
}

function combine(a: Points, b: Points, f: (x: number, y: number) => number): Points {
  const out: Points = new Map();
  for (const [t, x] of a) {
    const y = b.get(t);
    if (y === undefined) continue;
    const r = f(x, y);
    if (Number.isFinite(r)) out.set(t, r);
  }
  return out;
}

function binary(op: string, l: Value, r: Value): Value {
  const f = (x: number, y: number): number => apply(op, x, y);
  if (l.kind === 'scalar' && r.kind === 'scalar') return { kind: 'scalar', v: f(l.v, r.v) };
  if (l.kind === 'array' || r.kind === 'array') {
    if (l.kind === 'array' && r.kind === 'array') throw new MathError(`Cannot apply '${op}' to two arrays of time series.`);
    const arr = (l.kind === 'array' ? l : r) as { kind: 'array'; items: Points[] };
    const other = l.kind === 'array' ? r : l;
    return {
      kind: 'array',
      items: arr.items.map(
        (pts) => (binary(op, l === arr ? { kind: 'series', pts } : other, l === arr ? other : { kind: 'series', pts }) as { pts: Points }).pts,
      ),
    };
  }
  if (l.kind === 'scalar') return { kind: 'series', pts: mapPoints((r as { pts: Points }).pts, (v) => f(l.v, v)) };
  if (r.kind === 'scalar') return { kind: 'series', pts: mapPoints(l.pts, (v) => f(v, r.v)) };
  return { kind: 'series', pts: combine(l.pts, r.pts, f) };
}

function reduce(name: string, values: number[]): number {
  switch (name) {
    case 'SUM':
      return values.reduce((a, b) => a + b, 0);
    case 'AVG':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'MIN':
      return Math.min(...values);
    default:
      return Math.max(...values);
  }
}

function asArray(v: Value, fn: string, at: number): Points[] {
  if (v.kind === 'array') return v.items;
  if (v.kind === 'series') return [v.pts];
  throw new MathError(`${fn} at column ${at} expects a time series or an array of them, not a number.`);
}

export function evaluate(node: Node, ctx: EvalContext): Value {
  switch (node.type) {
    case 'num':
      return { kind: 'scalar', v: node.v };
    case 'str':
      throw new MathError(`A string is only allowed as the argument of METRICS() or FILL(); found "${node.v}" at column ${node.at}.`);
    case 'id':
      return ctx.get(node.name, node.at);
    case 'neg':
      return binary('*', { kind: 'scalar', v: -1 }, evaluate(node.arg, ctx));
    case 'bin':
      return binary(node.op, evaluate(node.left, ctx), evaluate(node.right, ctx));
    case 'array':
      return { kind: 'array', items: node.items.flatMap((n) => asArray(evaluate(n, ctx), 'An array', n.at)) };
    case 'call':
      return call(node, ctx);
  }
}

function call(node: Extract<Node, { type: 'call' }>, ctx: EvalContext): Value {
  const { name, args, at } = node;
  if (!FUNCTIONS.includes(name)) throw new MathError(`Unknown function ${name} at column ${at}; this service supports ${FUNCTIONS.join(', ')}.`);
  const arity = (min: number, max: number): void => {
    if (args.length < min || args.length > max)
      throw new MathError(`${name} at column ${at} takes ${min === max ? min : `${min} to ${max}`} argument(s), not ${args.length}.`);
  };
  if (name === 'METRICS') {
    arity(0, 1);
    const part = args[0] ? (args[0].type === 'str' ? args[0].v : undefined) : '';
    if (part === undefined) throw new MathError(`METRICS at column ${at} takes a string such as METRICS("errors").`);
    return { kind: 'array', items: ctx.metrics(part) };
  }
  if (name === 'FILL') {
    arity(2, 2);
    const target = evaluate(args[0]!, ctx);
    const how = args[1]!;
    const fill = (pts: Points): Points => {
      const out: Points = new Map();
      let last: number | undefined;
      for (const t of ctx.grid) {
        const v = pts.get(t);
        if (v !== undefined) last = v;
        const filled = v ?? (how.type === 'id' && how.name.toUpperCase() === 'REPEAT' ? last : undefined);
        if (filled !== undefined) out.set(t, filled);
        else if (how.type !== 'id') {
          const value = evaluate(how, ctx);
          if (value.kind !== 'scalar') throw new MathError(`FILL at column ${at}: the fill value must be a number or REPEAT.`);
          out.set(t, value.v);
        }
      }
      return out;
    };
    if (how.type === 'id' && how.name.toUpperCase() !== 'REPEAT')
      throw new MathError(`FILL at column ${how.at}: the fill value must be a number or REPEAT, not ${how.name}.`);
    if (target.kind === 'scalar') throw new MathError(`FILL at column ${at} expects a time series or an array of them, not a number.`);
    return target.kind === 'series' ? { kind: 'series', pts: fill(target.pts) } : { kind: 'array', items: target.items.map(fill) };
  }
  arity(1, 1);
  const v = evaluate(args[0]!, ctx);
  if (name === 'ABS' || name === 'CEIL' || name === 'FLOOR') {
    const f = name === 'ABS' ? Math.abs : name === 'CEIL' ? Math.ceil : Math.floor;
    if (v.kind === 'scalar') return { kind: 'scalar', v: f(v.v) };
    if (v.kind === 'series') return { kind: 'series', pts: mapPoints(v.pts, f) };
    return { kind: 'array', items: v.items.map((p) => mapPoints(p, f)) };
  }
  // SUM / AVG / MIN / MAX
  if (v.kind === 'scalar') return v;
  if (v.kind === 'series') {
    const values = [...v.pts.values()];
    return values.length ? { kind: 'scalar', v: reduce(name, values) } : { kind: 'series', pts: new Map() };
  }
  const byT = new Map<number, number[]>();
  for (const pts of v.items)
    for (const [t, x] of pts) {
      let list = byT.get(t);
      if (!list) byT.set(t, (list = []));
      list.push(x);
    }
  const out: Points = new Map();
  for (const [t, list] of byT) out.set(t, reduce(name, list));
  return { kind: 'series', pts: out };
}
