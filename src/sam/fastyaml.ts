// A fast path for the YAML templates are usually written in: block maps and sequences, plain and
// single-line quoted scalars, literal/folded block scalars, single-line flow collections and the
// CloudFormation short-form tags (inline values are read in fastflow.ts). It builds the same tree as parse.ts's convert() from the `yaml`
// library, about an order of magnitude faster, and gives up (returns undefined) on anything else --
// anchors, multi-line plain or flow scalars, unusual indentation, tabs, duplicate keys, anything the
// library would report as an error -- so the library parses those and reports exactly as before.
import { SHORT_TAGS, type TNode, type TPair } from './ast';
import { bail, findQuoteEnd, FlowParser, NULLS, plainScalar, tagged, unquote } from './fastflow';

interface Line {
  start: number; // offset of the first character of the line
  indent: number; // columns of leading spaces
  end: number; // offset of the end of the content (comments and trailing spaces removed)
}

export function fastParse(text: string, base = 0): TNode | null | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const p = new FastParser(text, base);
    return p.document();
  } catch {
    // Bail, or a pathological input (stack depth): the library decides.
    return undefined;
  }
}

class FastParser {
  private readonly lines: Line[] = [];
  private i = 0; // current line index
  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {
    let s = 0;
    const n = text.length;
    while (s <= n) {
      let e = text.indexOf('\n', s);
      if (e < 0) e = n;
      let k = s;
      while (k < e && text.charCodeAt(k) === 32) k++;
      if (k < e && text.charCodeAt(k) !== 35 /* # */) {
        this.lines.push({ start: s, indent: k - s, end: contentEnd(text, k, e) });
      }
      if (e === n) break;
      s = e + 1;
    }
  }

  document(): TNode | null {
    if (this.lines.length === 0) return null;
    const first = this.lines[0];
    const c = this.text[first.start + first.indent];
    if (c === '%' || this.text.startsWith('---', first.start) || this.text.startsWith('...', first.start)) bail();
    const node = this.block(first.indent, first.start + first.indent);
    if (this.i < this.lines.length) bail(); // content left over: something the library should judge
    return node;
  }

  private depth = 0;

  /** A block node whose first character is at `pos` on line this.i, indented at least `minIndent`. */
  private block(minIndent: number, pos: number): TNode | null {
    if (++this.depth > 150) bail();
    try {
      return this.blockAt(minIndent, pos);
    } finally {
      this.depth--;
    }
  }

  private blockAt(minIndent: number, pos: number): TNode | null {
    const line = this.lines[this.i];
    const col = pos - line.start;
    if (col < minIndent) bail();
    const ch = this.text[pos];
    if (ch === '-' && (pos + 1 === line.end || this.text[pos + 1] === ' ')) return this.seq(col, pos);
    if (this.keyAt(pos, line.end)) return this.map(col, pos);
    // A lone scalar or flow collection on its own line.
    const v = this.inlineValue(pos, line.end, col - 1);
    return v;
  }

  private map(col: number, firstPos: number): TNode {
    const pairs: TPair[] = [];
    // Duplicate keys: a linear scan while the map is small (most are), a set beyond that; no
    // allocation per map on the common path, which keeps the collector quiet on big templates.
    let seen: Set<string> | undefined;
    let pos = firstPos;
    for (;;) {
      const line = this.lines[this.i];
      if (!this.keyAt(pos, line.end)) bail();
      const { key, keyStart, keyEnd, valueStart, colonEnd } = this;
      if (seen) {
        if (seen.has(key)) bail();
        seen.add(key);
      } else {
        for (let j = 0; j < pairs.length; j++) if (pairs[j].key === key) bail();
        if (pairs.length >= 16) seen = new Set(pairs.map((x) => x.key)).add(key);
      }
      this.i++;
      let value: TNode | null;
      if (valueStart >= line.end) {
        // Nothing below either: the library gives an empty (null) scalar right after the colon.
        value = this.nestedBlock(col, true) ?? { kind: 'scalar', start: this.base + colonEnd, end: this.base + colonEnd, value: null, quoted: false };
      } else value = this.inlineValue(valueStart, line.end, col);
      pairs.push({ key, keyStart: this.base + keyStart, keyEnd: this.base + keyEnd, value });
      const next = this.lines[this.i];
      if (!next || next.indent < col) break;
      if (next.indent > col) bail();
      pos = next.start + next.indent;
      if (this.text[pos] === '-' && (pos + 1 === next.end || this.text[pos + 1] === ' ')) bail();
    }
    return { kind: 'map', start: pairs[0].keyStart, end: this.base + this.consumedEnd(), pairs };
  }

  /** The value of a key (or item) with nothing after it on its line: the deeper lines, or null. */
  private nestedBlock(parentCol: number, allowSameIndentSeq: boolean): TNode | null {
    const next = this.lines[this.i];
    if (!next) return null;
    const pos = next.start + next.indent;
    if (next.indent > parentCol) return this.block(parentCol + 1, pos);
    // YAML lets a map value's sequence sit at the key's own indentation.
    if (allowSameIndentSeq && next.indent === parentCol && this.text[pos] === '-' && (pos + 1 === next.end || this.text[pos + 1] === ' '))
      return this.seq(parentCol, pos);
    return null;
  }

  private seq(col: number, firstPos: number): TNode {
    const items: TNode[] = [];
    let pos = firstPos;
    for (;;) {
      const line = this.lines[this.i];
      // after "- "
      let p = pos + 1;
      while (p < line.end && this.text.charCodeAt(p) === 32) p++;
      let item: TNode | null;
      if (p >= line.end) {
        this.i++;
        item = this.nestedBlock(col, false);
        if (!item) bail(); // empty item: let the library decide what it is
      } else {
        const c = this.text[p];
        if (c === '-' && (p + 1 === line.end || this.text[p + 1] === ' ')) bail();
        if (this.keyAt(p, line.end)) {
          // A compact map inside the item: its keys line up with the first one.
          item = this.map(p - line.start, p);
        } else {
          item = this.inlineValue(p, line.end, col);
          if (this.i < this.lines.length && this.lines[this.i] === line) this.i++;
        }
      }
      items.push(item!);
      const next = this.lines[this.i];
      if (!next || next.indent < col) break;
      if (next.indent > col) bail();
      pos = next.start + next.indent;
      if (!(this.text[pos] === '-' && (pos + 1 === next.end || this.text[pos + 1] === ' '))) break;
    }
    return { kind: 'seq', start: this.base + firstPos, end: this.base + this.consumedEnd(), items };
  }

  // The last key keyAt() found (fields rather than a returned object: one fewer allocation per key).
  private key = '';
  private keyStart = 0;
  private keyEnd = 0;
  private valueStart = 0;
  private colonEnd = 0;

  private setKey(key: string, keyStart: number, keyEnd: number, valueStart: number, colonEnd: number): true {
    this.key = key;
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
    this.valueStart = valueStart;
    this.colonEnd = colonEnd;
    return true;
  }

  /** Is there a `key:` at pos (plain or quoted key)? If so, its parts are in key, keyStart, ... */
  private keyAt(pos: number, end: number): boolean {
    const t = this.text;
    const c = t[pos];
    if (c === '"' || c === "'") {
      const close = findQuoteEnd(t, pos, end);
      if (close < 0) return false;
      let p = close + 1;
      while (p < end && t.charCodeAt(p) === 32) p++;
      if (t[p] !== ':' || !(p + 1 >= end || t[p + 1] === ' ')) return false;
      const key = unquote(t.slice(pos, close + 1));
      let v = p + 1;
      while (v < end && t.charCodeAt(v) === 32) v++;
      return this.setKey(key, pos, close + 1, v, p + 1);
    }
    if (c === '[' || c === '{' || c === '!' || c === '&' || c === '*' || c === '?' || c === '|' || c === '>' || c === '@' || c === '`' || c === '%')
      return false;
    // Plain key: up to the first ': ' (or ':' at the end).
    // indexOf finds each ':' far faster than a character loop on long lines.
    let p = t.indexOf(':', pos);
    while (p >= 0 && p < end && !(p + 1 >= end || t.charCodeAt(p + 1) === 32)) p = t.indexOf(':', p + 1);
    if (p < 0 || p >= end) return false;
    let ke = p;
    while (ke > pos && t.charCodeAt(ke - 1) === 32) ke--;
    if (ke === pos) return false;
    const key = t.slice(pos, ke);
    if (/[#{}[\],"']/.test(key) || NULLS.has(key)) bail();
    let v = p + 1;
    while (v < end && t.charCodeAt(v) === 32) v++;
    return this.setKey(key, pos, ke, v, p + 1);
  }

  /** A value starting on the current line at pos (this.i still points at that line or past it). */
  private inlineValue(pos: number, end: number, parentCol: number): TNode | null {
    const t = this.text;
    const c = t[pos];
    if (c === '&' || c === '*' || c === '%' || c === '@' || c === '`' || c === '?') bail();
    if (c === '!') {
      let p = pos + 1;
      while (p < end && t.charCodeAt(p) !== 32) p++;
      const tag = t.slice(pos, p);
      const long = SHORT_TAGS[tag];
      if (!long) bail();
      while (p < end && t.charCodeAt(p) === 32) p++;
      let inner: TNode | null;
      if (p >= end) {
        // `!Sub` alone: the value is the block below (or empty).
        this.advancePast(pos);
        inner = this.nestedBlock(parentCol, false);
        if (!inner) bail();
      } else {
        inner = this.inlineValue(p, end, parentCol);
      }
      return tagged(tag, long!, inner!);
    }
    if (c === '|' || c === '>') return this.blockScalar(pos, end, parentCol);
    this.advancePast(pos);
    if (c === '[' || c === '{') {
      const f = new FlowParser(t, pos, end, this.base);
      const node = f.value();
      f.skipSpaces();
      if (f.pos !== end) bail();
      this.noContinuation(parentCol);
      return node;
    }
    if (c === '"' || c === "'") {
      const close = findQuoteEnd(t, pos, end);
      if (close < 0 || close + 1 !== end) bail();
      this.noContinuation(parentCol);
      return { kind: 'scalar', start: this.base + pos, end: this.base + close + 1, value: unquote(t.slice(pos, close + 1)), quoted: true };
    }
    const raw = t.slice(pos, end);
    if (/: |:$| #/.test(raw)) bail();
    this.noContinuation(parentCol);
    return plainScalar(raw, this.base + pos);
  }

  /** Like the library, a block collection ends after the line break of its last line. */
  private consumedEnd(): number {
    const last = this.lines[this.i - 1];
    const nl = this.text.indexOf('\n', last.end);
    return nl < 0 ? this.text.length : nl + 1;
  }

  private lineOf(pos: number): number {
    const l = this.lines[this.i];
    return l && pos >= l.start && pos <= l.end ? this.i : -1;
  }

  /** Moves past the line holding pos, when it is the current one. */
  private advancePast(pos: number): void {
    if (this.lineOf(pos) === this.i) this.i++;
  }

  /** A deeper line right after a single-line value would continue it (multi-line scalar): bail. */
  private noContinuation(parentCol: number): void {
    const next = this.lines[this.i];
    if (next && next.indent > parentCol) bail();
  }

  private blockScalar(pos: number, end: number, parentCol: number): TNode {
    const t = this.text;
    const header = t.slice(pos, end);
    const m = /^([|>])([-+]?)$/.exec(header);
    if (!m) bail();
    const folded = m![1] === '>';
    const chomp = m![2];
    // The raw lines that belong to it: everything after the header line indented more than the parent
    // (blank lines included), read from the text directly since comments inside are content.
    const headerLineEnd = t.indexOf('\n', pos);
    if (headerLineEnd < 0) {
      this.advancePast(pos);
      return { kind: 'scalar', start: this.base + pos, end: this.base + end, value: '', quoted: true };
    }
    let s = headerLineEnd + 1;
    const raw: string[] = [];
    let blockIndent = -1;
    let lastContentEnd = headerLineEnd;
    while (s <= t.length) {
      let e = t.indexOf('\n', s);
      if (e < 0) e = t.length;
      const line = t.slice(s, e);
      const ind = line.length - line.trimStart().length;
      if (line.trim() === '') {
        raw.push('');
      } else {
        if (ind <= parentCol) break;
        if (blockIndent < 0) blockIndent = ind;
        if (ind < blockIndent) bail();
        raw.push(line.slice(blockIndent));
        lastContentEnd = e;
      }
      if (e === t.length) {
        s = e + 1;
        break;
      }
      s = e + 1;
    }
    if (blockIndent < 0) bail();
    // Skip the parsed lines in the line table.
    while (this.i < this.lines.length && this.lines[this.i].start <= lastContentEnd) this.i++;
    // Trailing blank lines are not part of the content (chomping decides what remains of them).
    while (raw.length && raw[raw.length - 1] === '') raw.pop();
    let value: string;
    if (folded) {
      if (raw.some((l) => l.startsWith(' '))) bail(); // more-indented lines fold differently
      value = '';
      for (let k = 0; k < raw.length; k++) {
        const l = raw[k];
        if (k === 0) value = l;
        else if (l === '') value += '\n';
        else value += raw[k - 1] === '' ? l : ` ${l}`;
      }
    } else value = raw.join('\n');
    if (chomp === '+') bail();
    if (chomp === '' && raw.length) value += '\n';
    // The library's range of a block scalar includes its last line break.
    const scalarEnd = lastContentEnd < t.length ? lastContentEnd + 1 : lastContentEnd;
    return { kind: 'scalar', start: this.base + pos, end: this.base + scalarEnd, value, quoted: true };
  }
}

/** Where a line's content ends: before a comment (`#` after a space) and trailing spaces. */
function contentEnd(t: string, from: number, lineEnd: number): number {
  let q = 0; // 0 none, 1 single, 2 double
  let e = lineEnd;
  for (let k = from; k < lineEnd; k++) {
    const c = t.charCodeAt(k);
    if (q === 0) {
      if (c === 35 /* # */ && (k === from || t.charCodeAt(k - 1) === 32)) {
        e = k;
        break;
      }
      // Quotes only open a quoted scalar at a value start; inside plain scalars they are text.
      if ((c === 34 || c === 39) && (k === from || /[\s:[{,-]/.test(t[k - 1]))) q = c === 34 ? 2 : 1;
    } else if (q === 2) {
      if (c === 92 /* \ */) k++;
      else if (c === 34) q = 0;
    } else if (c === 39) {
      if (t.charCodeAt(k + 1) === 39) k++;
      else q = 0;
    }
  }
  while (e > from && t.charCodeAt(e - 1) === 32) e--;
  return e;
}
