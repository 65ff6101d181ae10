// The Logs Insights parser: tokens into commands (ast.ts). Commands are separated by `|` or start
// on a new line; an error names the unexpected symbol, its line and position as CloudWatch words
// it ("unexpected symbol found X at line L and position P", P counted from 0 like CloudWatch),
// followed by what would have been accepted there.
import type { Command, Expr, Projection, Query, Span } from './ast';
import { isWordOp, lex, QueryError, type Token } from './lex';
import { COMMANDS_BY_NAME, FUNCTIONS_BY_NAME, LIMITS, TIME_UNITS } from './vocabulary';

export { QueryError } from './lex';

const RUNNABLE = new Set(['fields', 'display', 'filter', 'stats', 'sort', 'limit', 'dedup', 'parse']);
const CMP = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Parses a query; throws a QueryError with the place of the first mistake. */
export function parseQuery(source: string): Query {
  if (source.length > LIMITS.maxQueryLength) {
    throw new QueryError(`The query is ${source.length} characters long; the most CloudWatch accepts is ${LIMITS.maxQueryLength}.`, 1, 1, 0, source.length);
  }
  return new Parser(source).query();
}

class Parser {
  private readonly toks: Token[];
  private i = 0;

  constructor(private readonly src: string) {
    this.toks = lex(src);
  }

  private get t(): Token {
    return this.toks[this.i];
  }

  private peek(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)];
  }

  private next(): Token {
    const t = this.toks[this.i];
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }

  private fail(expected: string[], at: Token = this.t): never {
    const found = at.kind === 'eof' ? 'end of query' : at.text;
    const exp = expected.length ? `. Expected ${expected.length > 1 ? 'one of ' : ''}${expected.join(', ')}` : '';
    throw new QueryError(
      `unexpected symbol found ${found} at line ${at.line} and position ${at.column - 1}${exp}.`,
      at.line,
      at.column,
      at.offset,
      Math.max(at.end, at.offset + 1),
      expected,
    );
  }

  private isWord(w: string, t: Token = this.t): boolean {
    return t.kind === 'ident' && t.extra !== 'quoted' && t.value.toLowerCase() === w;
  }

  private isOp(op: string, t: Token = this.t): boolean {
    return t.kind === 'op' && t.value === op;
  }

  private expectOp(op: string): Token {
    if (!this.isOp(op)) this.fail([`'${op}'`]);
    return this.next();
  }

  private span(start: Token): Span {
    return { offset: start.offset, end: this.toks[Math.max(0, this.i - 1)].end };
  }

  private text(s: Span): string {
    return this.src.slice(s.offset, s.end);
  }

  /** The current command ends here: `|`, the end, or a new line that starts with a command. */
  private atCommandEnd(): boolean {
    const t = this.t;
    return (
      t.kind === 'eof' ||
      t.kind === 'pipe' ||
      (t.newlineBefore && t.kind === 'ident' && COMMANDS_BY_NAME.has(t.value.toLowerCase()) && !this.isOp('(', this.peek()))
    );
  }

  query(): Query {
    const commands: Command[] = [];
    while (this.t.kind === 'pipe') this.next();
    if (this.t.kind === 'eof') this.fail(['a command (fields, filter, stats, sort, limit, parse, display, dedup)']);
    for (;;) {
      commands.push(this.command());
      const after = this.t.kind as Token['kind'];
      if (after === 'eof') break;
      if (after === 'pipe') {
        this.next();
        if ((this.t.kind as Token['kind']) === 'eof') this.fail(['a command after |']);
        continue;
      }
      if (!this.atCommandEnd()) this.fail(["'|'", "','", 'an operator']);
    }
    return { commands, source: this.src };
  }

  private command(): Command {
    const start = this.t;
    if (start.kind !== 'ident') this.fail(['a command (fields, filter, stats, sort, limit, parse, display, dedup)']);
    const name = start.value.toLowerCase();
    const known = COMMANDS_BY_NAME.get(name);
    if (!known) this.fail(['a command (fields, filter, stats, sort, limit, parse, display, dedup)']);
    if (!RUNNABLE.has(name)) {
      throw new QueryError(
        `The ${known.name} command is not supported by the local CloudWatch Logs service (at line ${start.line} and position ${start.column - 1}); run this query against AWS.`,
        start.line,
        start.column,
        start.offset,
        start.end,
      );
    }
    this.next();
    switch (name) {
      case 'fields':
      case 'display':
        return { cmd: name, items: this.projections(name === 'display'), ...this.span(start) };
      case 'filter':
        return { cmd: 'filter', expr: this.expr(), ...this.span(start) };
      case 'stats':
        return this.stats(start);
      case 'sort':
        return this.sort(start);
      case 'limit': {
        const n = this.t;
        if (n.kind !== 'number' || !Number.isInteger(n.num) || n.num! < 1) this.fail(['a whole number of results (1 to 10000)']);
        if (n.num! > LIMITS.maxRows) {
          throw new QueryError(
            `limit ${n.num} is above the maximum of ${LIMITS.maxRows} (at line ${n.line} and position ${n.column - 1}).`,
            n.line,
            n.column,
            n.offset,
            n.end,
            ['a number up to 10000'],
          );
        }
        this.next();
        return { cmd: 'limit', n: n.num!, ...this.span(start) };
      }
      case 'dedup': {
        const fields = [this.fieldName()];
        while (this.isOp(',')) {
          this.next();
          fields.push(this.fieldName());
        }
        return { cmd: 'dedup', fields, ...this.span(start) };
      }
      default:
        return this.parse(start);
    }
  }

  private fieldName(): string {
    const t = this.t;
    if (t.kind !== 'ident' || (isWordOp(t) && t.extra !== 'quoted')) this.fail(['a field name']);
    this.next();
    return t.value;
  }

  private projections(fieldsOnly: boolean): Projection[] {
    const items: Projection[] = [];
    do {
      if (items.length) this.next();
      const start = this.t;
      const expr = fieldsOnly ? this.fieldExpr() : this.expr();
      const sp = this.span(start);
      items.push(this.alias(expr, sp));
    } while (this.isOp(','));
    return items;
  }

  private fieldExpr(): Expr {
    const t = this.t;
    const name = this.fieldName();
    return { type: 'field', name, offset: t.offset, end: t.end };
  }

  private alias(expr: Expr, sp: Span): Projection {
    if (this.isWord('as')) {
      this.next();
      return { expr, name: this.fieldName(), alias: true };
    }
    return { expr, name: expr.type === 'field' ? expr.name : this.text(sp), alias: false };
  }

  private stats(start: Token): Command {
    const items = this.projections(false);
    let by: Projection[] = [];
    if (this.isWord('by')) {
      this.next();
      by = this.projections(false);
    }
    return { cmd: 'stats', items, by, ...this.span(start) };
  }

  private sort(start: Token): Command {
    if (this.isWord('by') && this.peek().kind === 'ident') this.next();
    const keys: { expr: Expr; name: string; desc: boolean }[] = [];
    do {
      if (keys.length) this.next();
      const t = this.t;
      const expr = this.additive();
      const name = expr.type === 'field' ? expr.name : this.text(this.span(t));
      let desc = true;
      if (this.isWord('asc')) {
        desc = false;
        this.next();
      } else if (this.isWord('desc')) this.next();
      keys.push({ expr, name, desc });
    } while (this.isOp(','));
    return { cmd: 'sort', keys, ...this.span(start) };
  }

  private parse(start: Token): Command {
    let source: Expr = { type: 'field', name: '@message', offset: start.end, end: start.end };
    if (this.t.kind === 'ident') source = this.fieldExpr();
    const p = this.t;
    if (p.kind === 'string') {
      this.next();
      const stars = p.value.split('*').length - 1;
      if (stars === 0) this.fail(['a pattern with at least one * (each * becomes a field)'], p);
      if (!this.isWord('as')) this.fail(["'as' and one field name per *"]);
      this.next();
      const names = [this.fieldName()];
      while (this.isOp(',')) {
        this.next();
        names.push(this.fieldName());
      }
      if (names.length !== stars) {
        throw new QueryError(
          `The parse pattern has ${stars} * but ${names.length} field name${names.length === 1 ? '' : 's'} follow as (at line ${p.line} and position ${p.column - 1}); give one name per *.`,
          p.line,
          p.column,
          p.offset,
          this.span(start).end,
        );
      }
      return { cmd: 'parse', source, glob: p.value, names, ...this.span(start) };
    }
    if (p.kind === 'regex') {
      this.next();
      const { source: rs, flags } = regexOf(p);
      const names = [...rs.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]);
      if (names.length === 0) this.fail(['a regular expression with named groups, e.g. /(?<name>\\w+)/'], p);
      return { cmd: 'parse', source, regex: { source: rs, flags }, names, ...this.span(start) };
    }
    return this.fail(['a glob pattern in quotes', 'a /regular expression/']);
  }

  // ----- expressions (lowest precedence first) ----------------------------------------------

  expr(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      const right = this.and();
      left = { type: 'binary', op: 'or', left, right, offset: left.offset, end: right.end };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isWord('and')) {
      this.next();
      const right = this.not();
      left = { type: 'binary', op: 'and', left, right, offset: left.offset, end: right.end };
    }
    return left;
  }

  private not(): Expr {
    if (this.isWord('not') && !this.isWord('in', this.peek()) && !this.isWord('like', this.peek())) {
      const t = this.next();
      const arg = this.not();
      return { type: 'unary', op: 'not', arg, offset: t.offset, end: arg.end };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const t = this.t;
    if (t.kind === 'op' && CMP.has(t.value)) {
      this.next();
      const right = this.additive();
      return { type: 'binary', op: t.value as '=', left, right, offset: left.offset, end: right.end };
    }
    let negated = false;
    if (this.isWord('not') && (this.isWord('like', this.peek()) || this.isWord('in', this.peek()))) {
      negated = true;
      this.next();
    }
    if (this.isWord('like') || this.isOp('=~')) {
      const op = this.next();
      const p = this.t;
      if (p.kind !== 'string' && p.kind !== 'regex')
        this.fail(op.value === '=~' ? ['a /regular expression/'] : ['a string in quotes', 'a /regular expression/']);
      if (op.value === '=~' && p.kind !== 'regex') this.fail(['a /regular expression/']);
      this.next();
      const pattern: Expr =
        p.kind === 'string' ? { type: 'string', value: p.value, offset: p.offset, end: p.end } : { type: 'regex', ...regexOf(p), offset: p.offset, end: p.end };
      return { type: 'like', negated, arg: left, pattern, offset: left.offset, end: p.end };
    }
    if (this.isWord('in')) {
      this.next();
      if (!this.isOp('[')) this.fail(["'[' and a list of values"]);
      const list = this.primary();
      return { type: 'in', negated, arg: left, list, offset: left.offset, end: list.end };
    }
    if (negated) this.fail(["'like'", "'in'"]);
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().value as '+';
      const right = this.multiplicative();
      left = { type: 'binary', op, left, right, offset: left.offset, end: right.end };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.power();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.next().value as '*';
      const right = this.power();
      left = { type: 'binary', op, left, right, offset: left.offset, end: right.end };
    }
    return left;
  }

  private power(): Expr {
    const left = this.unary();
    if (this.isOp('^')) {
      this.next();
      const right = this.power();
      return { type: 'binary', op: '^', left, right, offset: left.offset, end: right.end };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      const t = this.next();
      const arg = this.unary();
      if (arg.type === 'number') return { ...arg, value: -arg.value, offset: t.offset };
      return { type: 'unary', op: '-', arg, offset: t.offset, end: arg.end };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.t;
    switch (t.kind) {
      case 'number':
        this.next();
        return { type: 'number', value: t.num!, offset: t.offset, end: t.end };
      case 'string':
        this.next();
        return { type: 'string', value: t.value, offset: t.offset, end: t.end };
      case 'regex':
        this.next();
        return { type: 'regex', ...regexOf(t), offset: t.offset, end: t.end };
      case 'duration': {
        const unit = TIME_UNITS[t.extra!];
        if (unit === undefined) this.fail(['a time unit (ms, s, m, h, d, w, mo, q, y)'], t);
        this.next();
        return { type: 'duration', ms: t.num! * unit, text: t.text, offset: t.offset, end: t.end };
      }
      case 'op':
        if (t.value === '(') {
          this.next();
          const e = this.expr();
          this.expectOp(')');
          return e;
        }
        if (t.value === '[') {
          this.next();
          const items: Expr[] = [];
          if (!this.isOp(']')) {
            items.push(this.expr());
            while (this.isOp(',')) {
              this.next();
              items.push(this.expr());
            }
          }
          this.expectOp(']');
          return { type: 'list', items, ...this.span(t) };
        }
        return this.fail(['a field', 'a value', 'a function', "'('"]);
      case 'ident': {
        if (isWordOp(t)) this.fail(['a field', 'a value', 'a function']);
        const lower = t.value.toLowerCase();
        if (t.extra !== 'quoted' && this.isOp('(', this.peek())) return this.call(t);
        this.next();
        if (t.extra !== 'quoted' && (lower === 'true' || lower === 'false')) return { type: 'bool', value: lower === 'true', offset: t.offset, end: t.end };
        return { type: 'field', name: t.value, offset: t.offset, end: t.end };
      }
      default:
        return this.fail(['a field', 'a value', 'a function']);
    }
  }

  private call(t: Token): Expr {
    const fn = FUNCTIONS_BY_NAME.get(t.value.toLowerCase());
    if (!fn) {
      throw new QueryError(`Unknown function ${t.value} at line ${t.line} and position ${t.column - 1}.`, t.line, t.column, t.offset, t.end, [
        'a function name',
      ]);
    }
    this.next();
    this.next(); // (
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      do {
        if (args.length) this.next();
        if (this.isOp('*') && fn.name === 'count') {
          const s = this.next();
          args.push({ type: 'star', offset: s.offset, end: s.end });
        } else args.push(this.expr());
      } while (this.isOp(','));
    }
    const close = this.t;
    this.expectOp(')');
    if (args.length < fn.minArgs || (fn.maxArgs >= 0 && args.length > fn.maxArgs)) {
      const want = fn.maxArgs < 0 ? `at least ${fn.minArgs}` : fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      throw new QueryError(
        `${fn.name} takes ${want} argument${want === '1' ? '' : 's'} but got ${args.length} (at line ${t.line} and position ${t.column - 1}): ${fn.signature}`,
        t.line,
        t.column,
        t.offset,
        close.end,
        [fn.signature],
      );
    }
    return { type: 'call', name: fn.name, args, offset: t.offset, end: close.end };
  }
}

/** A regex token's source and flags: a leading (?i) becomes the i flag (JavaScript has no inline flags). */
function regexOf(t: Token): { source: string; flags: string } {
  let source = t.value;
  let flags = t.extra ?? '';
  const m = /^\(\?([imsx]+)\)/.exec(source);
  if (m) {
    source = source.slice(m[0].length);
    for (const f of m[1]) if (f !== 'x' && !flags.includes(f)) flags += f;
  }
  flags = [...new Set(flags.split('').filter((f) => 'ims'.includes(f)))].join('');
  try {
    new RegExp(source, flags);
  } catch (err) {
    throw new QueryError(
      `Invalid regular expression at line ${t.line} and position ${t.column - 1}: ${(err as Error).message}`,
      t.line,
      t.column,
      t.offset,
      t.end,
    );
  }
  return { source, flags };
}
