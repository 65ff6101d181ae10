// The Logs Insights lexer: a query string into tokens that know where they are (offset, line,
// column), so every error can say where it happened. `/` is a regular expression where an operand
// is expected and division after one; `#` starts a comment outside strings and regexes.

export type TokenKind = 'ident' | 'string' | 'regex' | 'number' | 'duration' | 'op' | 'pipe' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The text as written (for strings and regexes, the decoded content is in `value`). */
  text: string;
  /** Decoded string content, regex source, identifier name (backquotes removed), or operator. */
  value: string;
  /** Regex flags ('i' for a leading (?i)); duration unit. */
  extra?: string;
  num?: number;
  offset: number;
  end: number;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** A newline (or a comment line) separates this token from the previous one. */
  newlineBefore: boolean;
}

/** A query error with its place, in CloudWatch's words. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly offset: number,
    readonly end: number,
    /** What the parser would have accepted there (for editors). */
    readonly expected: string[] = [],
  ) {
    super(message);
    this.name = 'MalformedQueryException';
  }
}

const OPS = ['=~', '!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '^', '%', '(', ')', '[', ']', ',', '{', '}', ':'];
const IDENT_START = /[A-Za-z_@$]/;
const IDENT_PART = /[A-Za-z0-9_@$.]/;

export function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let newline = false;
  const operandEnds = (): boolean => {
    const p = out[out.length - 1];
    if (!p) return false;
    // `parse @message /regex/`: the field after parse is followed by the pattern, not a division.
    const pp = out[out.length - 2];
    if (
      p.kind === 'ident' &&
      pp?.kind === 'ident' &&
      pp.value.toLowerCase() === 'parse' &&
      (out.length === 2 || out[out.length - 3].kind === 'pipe' || pp.newlineBefore)
    )
      return false;
    if (p.kind === 'ident' && p.value.toLowerCase() === 'parse' && p.extra !== 'quoted') return false;
    if (p.kind === 'ident' || p.kind === 'string' || p.kind === 'number' || p.kind === 'duration' || p.kind === 'regex') return !isWordOp(p);
    return p.kind === 'op' && (p.value === ')' || p.value === ']');
  };
  const push = (kind: TokenKind, start: number, value: string, more: Partial<Token> = {}): void => {
    const startLine = line;
    const startCol = start - lineStart + 1;
    out.push({ kind, text: src.slice(start, i), value, offset: start, end: i, line: startLine, column: startCol, newlineBefore: newline, ...more });
    newline = false;
  };
  const fail = (msg: string, at: number): never => {
    throw new QueryError(msg, line, at - lineStart + 1, at, Math.min(src.length, at + 1));
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      newline = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (c === '|') {
      i++;
      push('pipe', start, '|');
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      let v = '';
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && i + 1 < src.length) {
          const n = src[i + 1];
          v += n === 'n' ? '\n' : n === 't' ? '\t' : n === c || n === '\\' ? n : '\\' + n;
          i += 2;
          continue;
        }
        if (src[i] === '\n') fail(`unterminated string at line ${line} and position ${start - lineStart}: close it with ${c}`, start);
        v += src[i++];
      }
      if (i >= src.length) fail(`unterminated string at line ${line} and position ${start - lineStart}: close it with ${c}`, start);
      i++;
      push('string', start, v);
      continue;
    }
    if (c === '`') {
      i++;
      while (i < src.length && src[i] !== '`' && src[i] !== '\n') i++;
      if (src[i] !== '`') fail(`unterminated field name at line ${line} and position ${start - lineStart}: close it with \``, start);
      i++;
      push('ident', start, src.slice(start + 1, i - 1), { extra: 'quoted' });
      continue;
    }
    if (c === '/' && !operandEnds()) {
      i++;
      let v = '';
      let inClass = false;
      while (i < src.length && (src[i] !== '/' || inClass)) {
        if (src[i] === '\n') fail(`unterminated regular expression at line ${line} and position ${start - lineStart}: close it with /`, start);
        if (src[i] === '\\' && i + 1 < src.length) {
          v += src[i] + src[i + 1];
          i += 2;
          continue;
        }
        if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        v += src[i++];
      }
      if (i >= src.length) fail(`unterminated regular expression at line ${line} and position ${start - lineStart}: close it with /`, start);
      i++;
      let flags = '';
      while (i < src.length && /[a-z]/.test(src[i])) flags += src[i++];
      push('regex', start, v, { extra: flags });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      while (i < src.length && /[0-9]/.test(src[i])) i++;
      if (src[i] === '.' && /[0-9]/.test(src[i + 1] ?? '')) {
        i++;
        while (i < src.length && /[0-9]/.test(src[i])) i++;
      }
      if (
        (src[i] === 'e' || src[i] === 'E') &&
        /[0-9+-]/.test(src[i + 1] ?? '') &&
        /[0-9]/.test(src[i + 1] === '+' || src[i + 1] === '-' ? (src[i + 2] ?? '') : src[i + 1])
      ) {
        i += 2;
        while (i < src.length && /[0-9]/.test(src[i])) i++;
      }
      const numEnd = i;
      if (/[A-Za-z]/.test(src[i] ?? '')) {
        while (i < src.length && /[A-Za-z]/.test(src[i])) i++;
        push('duration', start, src.slice(start, i), { num: Number(src.slice(start, numEnd)), extra: src.slice(numEnd, i) });
        continue;
      }
      push('number', start, src.slice(start, i), { num: Number(src.slice(start, i)) });
      continue;
    }
    if (IDENT_START.test(c)) {
      i++;
      // Other characters (a dash, a space) need the name in backquotes, as CloudWatch documents.
      while (i < src.length && IDENT_PART.test(src[i])) i++;
      // A trailing dot is not part of the name.
      while (src[i - 1] === '.' && i - 1 > start) i--;
      push('ident', start, src.slice(start, i));
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      i += op.length;
      push('op', start, op);
      continue;
    }
    fail(`unexpected symbol found ${c} at line ${line} and position ${start - lineStart}`, start);
  }
  const eofLine = line;
  out.push({
    kind: 'eof',
    text: '',
    value: '',
    offset: src.length,
    end: src.length,
    line: eofLine,
    column: src.length - lineStart + 1,
    newlineBefore: newline,
  });
  return out;
}

const WORD_OPS = new Set(['and', 'or', 'not', 'like', 'in', 'as', 'by']);

/** `and`, `or`, `not`, `like`, `in`: identifiers that act as operators (a `/` after them starts a regex). */
export function isWordOp(t: Token): boolean {
  return t.kind === 'ident' && t.extra !== 'quoted' && WORD_OPS.has(t.value.toLowerCase());
}
