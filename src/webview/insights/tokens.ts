// The query editor's colouring: a small lexer over a Logs Insights query that names each piece
// (command, function, keyword, field, string, regex, number, comment, operator, pipe). The words come
// from src/insights/vocabulary.ts, the one table the parser and the TextMate grammar read too. It
// never fails: what it does not know is plain text, and an unknown word where a command belongs is
// marked so the user sees it before running the query. Pure (no DOM).
import { COMMANDS_BY_NAME, FUNCTIONS_BY_NAME, KEYWORDS, OPERATORS, TIME_UNITS } from '../../insights/vocabulary';

export type TokenKind =
  'command' | 'function' | 'keyword' | 'field' | 'ident' | 'string' | 'regex' | 'number' | 'comment' | 'operator' | 'pipe' | 'punct' | 'invalid';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

const KEYWORD_SET = new Set(KEYWORDS.map((k) => k.toLowerCase()));
const UNIT_RE = new RegExp(
  `^(?:${Object.keys(TIME_UNITS)
    .sort((a, b) => b.length - a.length)
    .join('|')})(?![\\w])`,
);
const IDENT_START = /[A-Za-z_@$]/;
const IDENT_PART = /[\w@$.]/;

/** The tokens of a query, in order; whitespace is not a token. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  /** True where the next word starts a command (start of the query, after a pipe). */
  let commandPosition = true;
  /** A line break since the last token: a known command word there starts a command (as the parser reads it). */
  let newline = false;
  const push = (kind: TokenKind, start: number, end: number) => {
    out.push({ kind, start, end });
    if (kind !== 'comment') commandPosition = kind === 'pipe';
    newline = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      if (c === '\n') newline = true;
      i++;
      continue;
    }
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      push('comment', i, end);
      i = end;
      continue;
    }
    if (c === '|') {
      push('pipe', i, ++i);
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const end = quoted(text, i, c);
      push(c === '`' ? 'field' : 'string', i, end);
      i = end;
      continue;
    }
    if (c === '/' && regexMayStart(out, text)) {
      const end = regexEnd(text, i);
      if (end > 0) {
        push('regex', i, end);
        i = end;
        continue;
      }
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i;
      while (j < text.length && /[0-9.]/.test(text[j])) j++;
      if (/[eE]/.test(text[j] ?? '') && /[-+0-9]/.test(text[j + 1] ?? '')) {
        j += 2;
        while (j < text.length && /[0-9]/.test(text[j])) j++;
      }
      const unit = UNIT_RE.exec(text.slice(j, j + 10));
      if (unit) j += unit[0].length;
      push('number', i, j);
      i = j;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j])) j++;
      const word = text.slice(i, j);
      const startsLine = newline && out.length > 0 && COMMANDS_BY_NAME.has(word.toLowerCase()) && !/^\s*\(/.test(text.slice(j, j + 20));
      push(wordKind(word, commandPosition || startsLine, text, j), i, j);
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      push('operator', i, i + op.length);
      i += op.length;
      continue;
    }
    push('punct', i, ++i);
  }
  return out;
}

function wordKind(word: string, commandPosition: boolean, text: string, after: number): TokenKind {
  const lower = word.toLowerCase();
  if (commandPosition) return COMMANDS_BY_NAME.has(lower) ? 'command' : 'invalid';
  if (word.startsWith('@')) return 'field';
  if (/^\s*\(/.test(text.slice(after, after + 20)) && FUNCTIONS_BY_NAME.has(lower)) return 'function';
  if (KEYWORD_SET.has(lower)) return 'keyword';
  return 'ident';
}

/** The end of a quoted string or field from its opening quote (backslash escapes; unterminated runs to the line's end). */
function quoted(text: string, start: number, q: string): number {
  let j = start + 1;
  while (j < text.length && text[j] !== q && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
  return j < text.length && text[j] === q ? j + 1 : Math.min(j, text.length);
}

/** A slash starts a regex where a value is expected: after an operator, a keyword, `(`, `,`, a command or at the start. */
function regexMayStart(out: Token[], text: string): boolean {
  const prev = out[out.length - 1];
  if (!prev) return true;
  if (prev.kind === 'operator' || prev.kind === 'keyword' || prev.kind === 'command' || prev.kind === 'pipe') return true;
  if (prev.kind === 'punct') return /[(,]/.test(text.slice(prev.start, prev.end));
  // `parse @message /re/`: a field right after the parse command.
  const before = out[out.length - 2];
  return prev.kind === 'field' || prev.kind === 'ident' ? before?.kind === 'command' && /^parse$/i.test(text.slice(before.start, before.end)) : false;
}

/** The end of a /regex/flags from its opening slash, or -1 when it is not closed on this line. */
function regexEnd(text: string, start: number): number {
  let j = start + 1;
  while (j < text.length && text[j] !== '/' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
  if (j >= text.length || text[j] !== '/') return -1;
  j++;
  while (j < text.length && /[a-z]/i.test(text[j])) j++;
  return j;
}
