// CloudWatch Logs filter pattern syntax, compiled once into a predicate over a message.
// Three forms, chosen by the first character, as CloudWatch does:
//   text      ERROR "two words" ?WARN -DEBUG %regex%
//   JSON      { ($.level = "ERROR" || $.latency > 100) && $.user.id NOT EXISTS }
//   delimited [ip, user, ..., status = 4*, bytes > 1000]
// Matching is case sensitive, like CloudWatch.
import { RE2JS } from 're2js';
import { ServiceError } from '../seams';

export type Matcher = (message: string) => boolean;

const MATCH_ALL: Matcher = () => true;

class PatternError extends ServiceError {
  constructor(detail: string) {
    super(400, 'InvalidParameterException', `Invalid filter pattern: ${detail}. See the CloudWatch Logs filter pattern syntax.`);
  }
}

/** A compiled regular expression or wildcard: RE2 semantics, linear in the length of the message. */
interface Test {
  test(s: string): boolean;
}

/** CloudWatch allows at most two regular expressions in one filter pattern. */
const MAX_REGEXES = 2;
let regexesInPattern = 0;

export function compilePattern(pattern: string | undefined): Matcher {
  regexesInPattern = 0;
  const src = (pattern ?? '').trim();
  if (src === '' || src === '""') return MATCH_ALL;
  if (src.startsWith('{')) return compileJson(src);
  if (src.startsWith('[')) return compileDelimited(src);
  return compileText(src);
}

// ---------------------------------------------------------------------------------------------
// Text patterns

interface TextTerm {
  kind: 'must' | 'any' | 'not';
  test: Matcher;
}

function compileText(src: string): Matcher {
  const terms: TextTerm[] = [];
  let i = 0;
  while (i < src.length) {
    if (/\s/.test(src[i])) {
      i++;
      continue;
    }
    let kind: TextTerm['kind'] = 'must';
    if (src[i] === '?') {
      kind = 'any';
      i++;
    } else if (src[i] === '-' && i + 1 < src.length && !/\s/.test(src[i + 1])) {
      kind = 'not';
      i++;
    }
    const [test, next] = readTextTerm(src, i);
    terms.push({ kind, test });
    i = next;
  }
  const must = terms.filter((t) => t.kind === 'must').map((t) => t.test);
  const any = terms.filter((t) => t.kind === 'any').map((t) => t.test);
  const not = terms.filter((t) => t.kind === 'not').map((t) => t.test);
  return (m) => {
    for (const t of must) if (!t(m)) return false;
    for (const t of not) if (t(m)) return false;
    if (any.length === 0) return true;
    for (const t of any) if (t(m)) return true;
    return false;
  };
}

function readTextTerm(src: string, i: number): [Matcher, number] {
  if (src[i] === '"') {
    const [value, next] = readQuoted(src, i);
    return [(m) => m.includes(value), next];
  }
  if (src[i] === '%') {
    const end = src.indexOf('%', i + 1);
    if (end < 0) throw new PatternError(`regular expression starting at ${i + 1} has no closing %`);
    const re = makeRegex(src.slice(i + 1, end));
    return [(m) => re.test(m), end + 1];
  }
  let j = i;
  while (j < src.length && !/\s/.test(src[j])) j++;
  const word = src.slice(i, j);
  if (word.includes('"')) throw new PatternError(`unbalanced quote in term ${word}`);
  return [(m) => m.includes(word), j];
}

function readQuoted(src: string, i: number): [string, number] {
  let out = '';
  let j = i + 1;
  while (j < src.length && src[j] !== '"') {
    if (src[j] === '\\' && j + 1 < src.length) {
      out += src[j + 1];
      j += 2;
      continue;
    }
    out += src[j++];
  }
  if (j >= src.length) throw new PatternError(`quoted term starting at ${i + 1} has no closing quote`);
  return [out, j + 1];
}

/**
 * What CloudWatch's regex subset allows unescaped: letters, digits, its symbols and its operators (no
 * groups). A space is allowed too: the documented list leaves it out, but refusing `%ERROR 5%` would
 * refuse what users write most; an escaped character is always a literal.
 */
const REGEX_ALLOWED = /^[A-Za-z0-9 :_#=@/;,\-^$?[\]{}|*+.]$/;

/**
 * A `%regex%` term in CloudWatch's subset (letters, digits, `: _ # = @ / ; , -`, the operators
 * `^ $ ? [ ] { } | \ * + .`; no `()` groups, no multi-byte characters; two per pattern), run by
 * RE2 (re2js): matching time is linear in the message, so no pattern can stall the service.
 */
function makeRegex(body: string): Test {
  if (++regexesInPattern > MAX_REGEXES) throw new PatternError(`a filter pattern can contain at most ${MAX_REGEXES} regular expressions`);
  if (body === '') throw new PatternError('empty regular expression %%');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c.charCodeAt(0) > 0x7e || c.charCodeAt(0) < 0x20)
      throw new PatternError(
        `regular expression %${body}% contains a multi-byte or control character, which CloudWatch Logs regular expressions do not support`,
      );
    if (c === '\\') {
      i++; // an escaped character is a literal (or a class such as \d)
      if (i >= body.length) throw new PatternError(`regular expression %${body}% ends with a lone backslash`);
      continue;
    }
    if (!REGEX_ALLOWED.test(c)) {
      const why = c === '(' || c === ')' ? 'the () operator is not supported (no subpatterns)' : `'${c}' is not a supported character`;
      throw new PatternError(`regular expression %${body}%: ${why}; use letters, digits, spaces, : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \\ * + .`);
    }
  }
  try {
    const re = RE2JS.compile(body);
    return { test: (s) => re.matcher(s).find() };
  } catch (err) {
    throw new PatternError(`bad regular expression %${body}% (${(err as Error).message})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared expression machinery for JSON and delimited patterns

type Value =
  | { kind: 'string'; glob: Test | null; text: string }
  | { kind: 'number'; n: number }
  | { kind: 'regex'; re: Test }
  | { kind: 'bool'; b: boolean }
  | { kind: 'null' };

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';

type Expr =
  { t: 'and' | 'or'; a: Expr; b: Expr } | { t: 'cmp'; sel: string; op: Op; v: Value } | { t: 'is'; sel: string; what: 'null' | 'true' | 'false' | 'notexists' };

class Lexer {
  pos = 0;
  constructor(readonly src: string) {}
  ws(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }
  peek(s: string): boolean {
    this.ws();
    return this.src.startsWith(s, this.pos);
  }
  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }
  expect(s: string): void {
    if (!this.eat(s)) throw new PatternError(`expected "${s}" at position ${this.pos + 1}`);
  }
  word(): string {
    this.ws();
    const m = /^[^\s()=!<>&|,\]"%]+/.exec(this.src.slice(this.pos));
    if (!m) throw new PatternError(`expected a name or value at position ${this.pos + 1}`);
    this.pos += m[0].length;
    return m[0];
  }
  keyword(k: string): boolean {
    this.ws();
    const rest = this.src.slice(this.pos, this.pos + k.length + 1);
    if (rest.toUpperCase().startsWith(k) && (rest.length === k.length || /[\s)}\],]/.test(rest[k.length]))) {
      this.pos += k.length;
      return true;
    }
    return false;
  }
}

function parseOr(lx: Lexer, selector: (lx: Lexer) => string): Expr {
  let left = parseAnd(lx, selector);
  while (lx.eat('||')) left = { t: 'or', a: left, b: parseAnd(lx, selector) };
  return left;
}

function parseAnd(lx: Lexer, selector: (lx: Lexer) => string): Expr {
  let left = parseAtom(lx, selector);
  while (lx.eat('&&')) left = { t: 'and', a: left, b: parseAtom(lx, selector) };
  return left;
}

function parseAtom(lx: Lexer, selector: (lx: Lexer) => string): Expr {
  if (lx.eat('(')) {
    const e = parseOr(lx, selector);
    lx.expect(')');
    return e;
  }
  const sel = selector(lx);
  if (lx.keyword('IS')) {
    if (lx.keyword('NULL')) return { t: 'is', sel, what: 'null' };
    if (lx.keyword('TRUE')) return { t: 'is', sel, what: 'true' };
    if (lx.keyword('FALSE')) return { t: 'is', sel, what: 'false' };
    throw new PatternError(`expected NULL, TRUE or FALSE after IS at position ${lx.pos + 1}`);
  }
  if (lx.keyword('NOT')) {
    if (lx.keyword('EXISTS')) return { t: 'is', sel, what: 'notexists' };
    throw new PatternError(`expected EXISTS after NOT at position ${lx.pos + 1}`);
  }
  const op = (['!=', '<=', '>=', '=', '<', '>'] as Op[]).find((o) => lx.eat(o));
  if (!op) throw new PatternError(`expected a comparison (=, !=, <, <=, >, >=, IS, NOT EXISTS) after ${sel}`);
  return { t: 'cmp', sel, op, v: parseValue(lx) };
}

function parseValue(lx: Lexer): Value {
  lx.ws();
  const c = lx.src[lx.pos];
  if (c === '"') {
    const [text, next] = readQuoted(lx.src, lx.pos);
    lx.pos = next;
    return stringValue(text);
  }
  if (c === '%') {
    const end = lx.src.indexOf('%', lx.pos + 1);
    if (end < 0) throw new PatternError(`regular expression at position ${lx.pos + 1} has no closing %`);
    const re = makeRegex(lx.src.slice(lx.pos + 1, end));
    lx.pos = end + 1;
    return { kind: 'regex', re };
  }
  const w = lx.word();
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(w)) return { kind: 'number', n: Number(w) };
  if (w === 'true' || w === 'false') return { kind: 'bool', b: w === 'true' };
  if (w === 'null') return { kind: 'null' };
  return stringValue(w);
}

function stringValue(text: string): Value {
  if (!text.includes('*')) return { kind: 'string', glob: null, text };
  const body = text
    .split('*')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = RE2JS.compile(`^${body}$`, RE2JS.DOTALL);
  return { kind: 'string', glob: { test: (s) => re.matcher(s).matches() }, text };
}

function compare(actual: unknown, op: Op, v: Value): boolean {
  if (actual === undefined) return false;
  if (v.kind === 'number') {
    if (typeof actual === 'object' || typeof actual === 'boolean') return false;
    const n = typeof actual === 'number' ? actual : Number(actual);
    if (typeof actual === 'string' && (actual.trim() === '' || Number.isNaN(n))) return false;
    switch (op) {
      case '=':
        return n === v.n;
      case '!=':
        return n !== v.n;
      case '<':
        return n < v.n;
      case '<=':
        return n <= v.n;
      case '>':
        return n > v.n;
      case '>=':
        return n >= v.n;
    }
  }
  if (op !== '=' && op !== '!=') return false;
  let eq: boolean;
  switch (v.kind) {
    case 'string': {
      if (actual === null || typeof actual === 'object') return false;
      const s = String(actual);
      eq = v.glob ? v.glob.test(s) : s === v.text;
      break;
    }
    case 'regex':
      if (actual === null || typeof actual === 'object') return false;
      eq = v.re.test(String(actual));
      break;
    case 'bool':
      eq = actual === v.b;
      break;
    case 'null':
      eq = actual === null;
      break;
  }
  return op === '=' ? eq : !eq;
}

function evaluate(e: Expr, get: (sel: string) => unknown): boolean {
  switch (e.t) {
    case 'and':
      return evaluate(e.a, get) && evaluate(e.b, get);
    case 'or':
      return evaluate(e.a, get) || evaluate(e.b, get);
    case 'cmp':
      return compare(get(e.sel), e.op, e.v);
    case 'is': {
      const v = get(e.sel);
      if (e.what === 'notexists') return v === undefined;
      if (e.what === 'null') return v === null;
      return v === (e.what === 'true');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// JSON patterns: selectors are $.a.b[0].c; only messages that are a JSON object or array match.

type PathStep = string | number;

function readJsonSelector(lx: Lexer): string {
  lx.ws();
  const m = /^\$(\.[A-Za-z0-9_@\-$]+|\.\*|\[\d+\])*/.exec(lx.src.slice(lx.pos));
  if (!m || m[0] === '$') throw new PatternError(`expected a selector such as $.level at position ${lx.pos + 1}`);
  lx.pos += m[0].length;
  return m[0];
}

function parsePath(sel: string): PathStep[] {
  const steps: PathStep[] = [];
  const re = /\.([^.[]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sel.slice(1)))) steps.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return steps;
}

function walk(doc: unknown, steps: PathStep[]): unknown {
  let cur: unknown = doc;
  for (const s of steps) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof s === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[s];
    } else {
      if (Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
      cur = (cur as Record<string, unknown>)[s];
    }
  }
  return cur;
}

function compileJson(src: string): Matcher {
  const lx = new Lexer(src);
  lx.expect('{');
  const expr = parseOr(lx, readJsonSelector);
  lx.expect('}');
  lx.ws();
  if (lx.pos !== src.length) throw new PatternError(`unexpected text after the closing } at position ${lx.pos + 1}`);
  const paths = new Map<string, PathStep[]>();
  const pathOf = (sel: string): PathStep[] => {
    let p = paths.get(sel);
    if (!p) paths.set(sel, (p = parsePath(sel)));
    return p;
  };
  const literals = requiredLiterals(expr);
  return (message) => {
    // Cheap substring check before JSON.parse: a value that an AND-ed "=" needs must be in the text.
    for (const l of literals) if (!message.includes(l)) return false;
    const first = firstNonSpace(message);
    if (first !== '{' && first !== '[') return false;
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return evaluate(expr, (sel) => walk(doc, pathOf(sel)));
  };
}

/**
 * Plain values that every match must contain verbatim. Only values of characters no JSON encoder
 * escapes qualify, and only under AND, so the shortcut never drops a real match.
 */
function requiredLiterals(e: Expr): string[] {
  if (e.t === 'and') return [...requiredLiterals(e.a), ...requiredLiterals(e.b)];
  if (e.t === 'cmp' && e.op === '=' && e.v.kind === 'string' && !e.v.glob && /^[A-Za-z0-9 _.:-]+$/.test(e.v.text)) return [e.v.text];
  return [];
}

function firstNonSpace(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 32) return s[i];
  return '';
}

// ---------------------------------------------------------------------------------------------
// Space-delimited patterns: [a, b = 404, ..., c > 10]. A log line splits on spaces; "quoted" and
// [bracketed] parts are one field. `...` matches any number of fields.

interface DelimField {
  name: string | null; // null for "..."
  cond: Expr | null;
}

function compileDelimited(src: string): Matcher {
  const lx = new Lexer(src);
  lx.expect('[');
  const fields: DelimField[] = [];
  if (!lx.peek(']')) {
    for (;;) {
      fields.push(readDelimField(lx));
      if (lx.eat(',')) continue;
      lx.expect(']');
      break;
    }
  } else lx.expect(']');
  lx.ws();
  if (lx.pos !== src.length) throw new PatternError(`unexpected text after the closing ] at position ${lx.pos + 1}`);
  const minFields = fields.filter((f) => f.name !== null).length;
  const hasEllipsis = fields.some((f) => f.name === null);
  return (message) => {
    const parts = splitFields(message);
    if (hasEllipsis ? parts.length < minFields : parts.length !== fields.length) return false;
    return alignFields(fields, 0, parts, 0, new Map());
  };
}

function readDelimField(lx: Lexer): DelimField {
  if (lx.eat('...')) return { name: null, cond: null };
  const save = lx.pos;
  const name = lx.word();
  lx.ws();
  if (lx.peek(',') || lx.peek(']')) return { name, cond: null };
  lx.pos = save;
  const cond = parseOr(lx, (l) => l.word());
  return { name, cond };
}

function alignFields(fields: DelimField[], fi: number, parts: string[], pi: number, bound: Map<string, string>): boolean {
  if (fi === fields.length) return pi === parts.length && checkConds(fields, bound);
  const f = fields[fi];
  if (f.name === null) {
    for (let k = pi; k <= parts.length; k++) if (alignFields(fields, fi + 1, parts, k, bound)) return true;
    return false;
  }
  if (pi >= parts.length) return false;
  bound.set(f.name, parts[pi]);
  const ok = alignFields(fields, fi + 1, parts, pi + 1, bound);
  if (!ok) bound.delete(f.name);
  return ok;
}

function checkConds(fields: DelimField[], bound: Map<string, string>): boolean {
  for (const f of fields) if (f.cond && !evaluate(f.cond, (sel) => bound.get(sel))) return false;
  return true;
}

function splitFields(message: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = message.length;
  while (i < n) {
    const c = message[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || c === '[') {
      const close = c === '"' ? '"' : ']';
      const end = message.indexOf(close, i + 1);
      if (end >= 0) {
        out.push(message.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let j = i;
    while (j < n && !/\s/.test(message[j])) j++;
    out.push(message.slice(i, j));
    i = j;
  }
  return out;
}
