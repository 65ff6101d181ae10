// Expressions into closures, once per query: the scan calls a ready function per event instead of
// walking the tree. Where a field comes from (the event, a computed field, a stats row) is the
// environment's business, so the same compiler serves the scan and the rows after `stats`.
import type { Expr } from './ast';
import { QueryError } from './lex';
import { SCALAR, TIME_FUNCTIONS } from './functions';
import { compare, equals, toNum, toStr, truthy, type Value } from './values';
import { FUNCTIONS_BY_NAME } from './vocabulary';

export type Getter<C> = (c: C) => Value;

export interface Env<C> {
  source: string;
  field(name: string): Getter<C>;
  /** The event's time, for bin(). */
  timestamp: Getter<C>;
  now: number;
  /** Inside stats: an aggregate call's value for the current group. */
  aggregate?(call: Extract<Expr, { type: 'call' }>): Getter<C>;
}

/** Line (1-based) and column (1-based) of an offset. */
export function locate(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

export function errorAt(source: string, e: { offset: number; end: number }, message: (where: string) => string): QueryError {
  const { line, column } = locate(source, e.offset);
  return new QueryError(message(`at line ${line} and position ${column - 1}`), line, column, e.offset, e.end);
}

export function isAggregate(e: Expr): boolean {
  if (e.type !== 'call') return false;
  const k = FUNCTIONS_BY_NAME.get(e.name.toLowerCase())?.kind;
  return k === 'stats' || k === 'nonstats';
}

/** True when the expression's value is a timestamp (printed as a date). */
export function isTimeExpr(e: Expr, timeFields: ReadonlySet<string>): boolean {
  if (e.type === 'field') return timeFields.has(e.name);
  if (e.type !== 'call') return false;
  if (TIME_FUNCTIONS.has(e.name)) return true;
  if (['min', 'max', 'earliest', 'latest', 'sortsFirst', 'sortsLast', 'coalesce'].includes(e.name))
    return e.args.length > 0 && isTimeExpr(e.args[0], timeFields);
  return false;
}

export function compileExpr<C>(e: Expr, env: Env<C>): Getter<C> {
  switch (e.type) {
    case 'field':
      return env.field(e.name);
    case 'string': {
      const v = e.value;
      return () => v;
    }
    case 'number': {
      const v = e.value;
      return () => v;
    }
    case 'duration': {
      const v = e.ms;
      return () => v;
    }
    case 'bool': {
      const v = e.value;
      return () => v;
    }
    case 'regex':
      throw errorAt(env.source, e, (w) => `A regular expression can only follow like or =~ (${w}).`);
    case 'star':
      throw errorAt(env.source, e, (w) => `* can only be the argument of count(*) (${w}).`);
    case 'list':
      throw errorAt(env.source, e, (w) => `A list can only follow in (${w}).`);
    case 'unary': {
      const a = compileExpr(e.arg, env);
      if (e.op === 'not') return (c) => !truthy(a(c));
      return (c) => {
        const x = toNum(a(c));
        return x === undefined ? undefined : -x;
      };
    }
    case 'binary':
      return compileBinary(e, env);
    case 'like': {
      const a = compileExpr(e.arg, env);
      const neg = e.negated;
      if (e.pattern.type === 'string') {
        const needle = e.pattern.value;
        return (c) => {
          const s = toStr(a(c));
          return s === undefined ? false : s.includes(needle) !== neg;
        };
      }
      const re = new RegExp((e.pattern as { source: string }).source, (e.pattern as { flags: string }).flags);
      return (c) => {
        const s = toStr(a(c));
        return s === undefined ? false : re.test(s) !== neg;
      };
    }
    case 'in': {
      const a = compileExpr(e.arg, env);
      if (e.list.type !== 'list') throw errorAt(env.source, e.list, (w) => `in needs a list in [brackets] (${w}).`);
      const items = e.list.items.map((x) => compileExpr(x, env));
      const neg = e.negated;
      return (c) => {
        const v = a(c);
        if (v === undefined) return false;
        let found = false;
        for (const it of items) if (equals(v, it(c))) found = true;
        return found !== neg;
      };
    }
    case 'call':
      return compileCall(e, env);
  }
}

function compileBinary<C>(e: Extract<Expr, { type: 'binary' }>, env: Env<C>): Getter<C> {
  const l = compileExpr(e.left, env);
  const r = compileExpr(e.right, env);
  switch (e.op) {
    case 'and':
      return (c) => truthy(l(c)) && truthy(r(c));
    case 'or':
      return (c) => truthy(l(c)) || truthy(r(c));
    case '=':
      return (c) => equals(l(c), r(c));
    case '!=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return a !== undefined && b !== undefined && !equals(a, b);
      };
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const op = e.op;
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (a === undefined || b === undefined) return false;
        const d = compare(a, b);
        return op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : d >= 0;
      };
    }
    default: {
      const op = e.op;
      return (c) => {
        const a = toNum(l(c));
        const b = toNum(r(c));
        if (a === undefined || b === undefined) return undefined;
        switch (op) {
          case '+':
            return a + b;
          case '-':
            return a - b;
          case '*':
            return a * b;
          case '/':
            return b === 0 ? undefined : a / b;
          case '%':
            return b === 0 ? undefined : a % b;
          default:
            return a ** b;
        }
      };
    }
  }
}

function compileCall<C>(e: Extract<Expr, { type: 'call' }>, env: Env<C>): Getter<C> {
  if (isAggregate(e)) {
    if (!env.aggregate) throw errorAt(env.source, e, (w) => `${e.name} is a stats function: use it in a stats command (${w}).`);
    return env.aggregate(e);
  }
  if (e.name === 'bin') {
    const per = e.args[0];
    if (per.type !== 'duration' && per.type !== 'number') throw errorAt(env.source, per, (w) => `bin needs a time period such as 5m or 1h (${w}).`);
    const ms = per.type === 'duration' ? per.ms : per.value * 1000;
    if (!(ms > 0)) throw errorAt(env.source, per, (w) => `bin needs a period above zero (${w}).`);
    const ts = env.timestamp;
    return (c) => {
      const t = toNum(ts(c));
      return t === undefined ? undefined : Math.floor(t / ms) * ms;
    };
  }
  const fn = SCALAR[e.name];
  if (!fn) throw errorAt(env.source, e, (w) => `The function ${e.name} is not supported by the local service (${w}).`);
  const args = e.args.map((a) => compileExpr(a, env));
  const now = env.now;
  if (args.length === 1) {
    const a0 = args[0];
    const buf: Value[] = [undefined];
    return (c) => {
      buf[0] = a0(c);
      return fn(buf, now);
    };
  }
  return (c) =>
    fn(
      args.map((a) => a(c)),
      now,
    );
}
