// Parsing a whole template, incrementally. Block-style YAML templates are cut into top-level sections
// and, inside Resources, one chunk per resource; each chunk is parsed on its own and cached by its
// text, so after a one-character edit only the edited resource is parsed again. Anything the chunker
// cannot cut safely (JSON, flow style, anchors and aliases, directives, several documents) is parsed
// as one piece, which gives the same tree.
import { shiftTree, type TNode, type TPair } from './ast';
import { parseText, type ParseProblem } from './parse';
import { buildTemplate, type Template } from './template';
import { fastParse } from './fastyaml';

interface Chunk {
  /** Where the chunk starts in the text of the version it belongs to, and its length. */
  base: number;
  len: number;
  root: TNode | null;
  problems: ParseProblem[];
  /** Taken by the parse in progress (a chunk is reused at most once). */
  used?: boolean;
}

/**
 * The chunks of the latest version, reused by the next parse when their text is unchanged. A chunk
 * inside the part of the text an edit left alone (the common prefix and suffix of the two versions)
 * is found by its position, with no string hashing; only the chunks the edit touched are looked up
 * by text. Reuse never changes a result: a chunk's tree depends only on its text and position.
 */
export class ChunkCache {
  private chunks: Chunk[] = [];
  private text = '';
  // Set by begin() for the text being parsed.
  private prefix = 0;
  private suffix = 0;
  private delta = 0;
  private byText?: Map<string, Chunk>;

  /** Starts a parse of `text`: how much of it is the latest version's text, at each end. */
  begin(text: string): void {
    const old = this.text;
    const max = Math.min(old.length, text.length);
    this.prefix = commonPrefix(old, text, max);
    this.suffix = commonSuffix(old, text, max - this.prefix);
    this.delta = text.length - old.length;
    this.byText = undefined;
  }

  /** The chunk text[start, end): the latest version's when it had the same text, else parsed now. */
  take(text: string, start: number, end: number): Chunk {
    const len = end - start;
    let hit: Chunk | undefined;
    if (end <= this.prefix) hit = this.at(start);
    else if (start >= text.length - this.suffix) hit = this.at(start - this.delta);
    if (hit && (hit.used || hit.len !== len)) hit = undefined;
    if (!hit) {
      this.byText ??= this.touched();
      hit = this.byText.get(text.slice(start, end));
      if (hit?.used) hit = undefined;
    }
    if (hit) {
      hit.used = true;
      const delta = start - hit.base;
      if (delta) {
        shiftTree(hit.root, delta);
        for (const p of hit.problems) {
          p.start += delta;
          p.end += delta;
        }
        hit.base = start;
      }
      return hit;
    }
    const parsed = parseText(text.slice(start, end), start);
    return { base: start, len, root: parsed.root, problems: parsed.problems, used: true };
  }

  get empty(): boolean {
    return this.chunks.length === 0;
  }

  /** Keeps exactly the chunks of the latest version (what the next edit can reuse), in text order. */
  keep(chunks: Chunk[], text: string): void {
    for (const c of chunks) c.used = false;
    this.chunks = chunks;
    this.text = text;
  }

  /** A parse gave up half-way: the chunks it took (and may have moved) are dropped, the others kept. */
  abort(): void {
    this.chunks = this.chunks.filter((c) => !c.used);
  }

  /** The latest version's chunk starting at `base` (chunks are in text order). */
  private at(base: number): Chunk | undefined {
    const cs = this.chunks;
    let lo = 0;
    let hi = cs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = cs[mid].base;
      if (b === base) return cs[mid];
      if (b < base) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** The latest version's chunks the edit touched, by text (a moved or pasted chunk is still reused). */
  private touched(): Map<string, Chunk> {
    const m = new Map<string, Chunk>();
    const from = this.prefix;
    const to = this.text.length - this.suffix;
    for (const c of this.chunks) if (!c.used && c.base <= to && c.base + c.len >= from) m.set(this.text.slice(c.base, c.base + c.len), c);
    return m;
  }
}

const BLOCK = 2048;
/** Length of the common prefix of a and b, at most max (whole blocks compared natively first). */
function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + BLOCK <= max && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
/** Length of the common suffix of a and b, at most max. */
function commonSuffix(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  let n = 0;
  while (n + BLOCK <= max && a.slice(la - n - BLOCK, la - n) === b.slice(lb - n - BLOCK, lb - n)) n += BLOCK;
  while (n < max && a.charCodeAt(la - 1 - n) === b.charCodeAt(lb - 1 - n)) n++;
  return n;
}

const TOP_KEY = /^([A-Za-z_][A-Za-z0-9_]*)\s*:(\s|$)/;

/** Can this text be cut at top-level keys safely? */
function chunkable(text: string): boolean {
  const first = /^\s*(?:#.*\n\s*)*(\S)/.exec(text);
  if (!first || first[1] === '{' || first[1] === '[') return false;
  if (atLineStart(text, '---') || atLineStart(text, '...') || atLineStart(text, '%')) return false;
  if (anchorOrAlias(text, '&') || anchorOrAlias(text, '*')) return false;
  if (text.includes('\t')) return false;
  return true;
}

/** Does a line start with `s`? What /(^|\n)s/ tests, found by indexOf of `s`, rarer than a line break. */
function atLineStart(text: string, s: string): boolean {
  for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) if (i === 0 || text.charCodeAt(i - 1) === 10) return true;
  return false;
}

const ANCHOR_BEFORE = /[\s\-:,[{]/;
const SPACE = /\s/;
/** An anchor or alias mark anywhere: what /(^|[\s\-:,[{])[&*][^\s]/ tests, visiting only the marks. */
function anchorOrAlias(text: string, mark: '&' | '*'): boolean {
  for (let i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + 1)) {
    if (i + 1 >= text.length || SPACE.test(text[i + 1])) continue;
    if (i === 0 || ANCHOR_BEFORE.test(text[i - 1])) return true;
  }
  return false;
}

export function parseTemplate(text: string, cache?: ChunkCache): Template {
  if (!cache || !chunkable(text)) {
    const p = parseText(text);
    return buildTemplate(text, p.root, p.problems);
  }
  const chunks = cutChunks(text);
  if (!chunks) {
    const p = parseText(text);
    return buildTemplate(text, p.root, p.problems);
  }
  if (cache.empty) {
    const seeded = seedFromWholeParse(text, chunks, cache);
    if (seeded) return buildTemplate(text, seeded, []);
  }
  cache.begin(text);
  const used: Chunk[] = [];
  const pairs: TPair[] = [];
  const problems: ParseProblem[] = [];
  for (const c of chunks) {
    if (c.kind === 'section') {
      const ch = cache.take(text, c.start, c.end);
      used.push(ch);
      problems.push(...ch.problems);
      if (ch.root?.kind === 'map') pairs.push(...ch.root.pairs);
      else if (ch.root) return wholeParse(text, cache);
    } else {
      // Resources: a header line, then one chunk per resource.
      const resPairs: TPair[] = [];
      for (const r of c.children) {
        const ch = cache.take(text, r.start, r.end);
        used.push(ch);
        problems.push(...ch.problems);
        if (ch.root?.kind === 'map') resPairs.push(...ch.root.pairs);
        else if (ch.root) return wholeParse(text, cache);
      }
      const valueStart = c.children.length ? c.children[0].start : c.keyEnd;
      const valueEnd = c.children.length ? lastContentEnd(text, c.children[c.children.length - 1].end) : c.keyEnd;
      const value: TNode | null = resPairs.length ? { kind: 'map', start: firstContent(text, valueStart), end: valueEnd, pairs: resPairs } : null;
      pairs.push({ key: 'Resources', keyStart: c.start, keyEnd: c.start + 'Resources'.length, value });
    }
  }
  cache.keep(used, text);
  const root: TNode | null = pairs.length ? { kind: 'map', start: pairs[0].keyStart, end: lastContentEnd(text, text.length), pairs } : null;
  // Duplicate top-level keys are what one parse would report; the chunks cannot see it.
  const seen = new Set<string>();
  for (const p of pairs) {
    if (seen.has(p.key)) problems.push({ start: p.keyStart, end: p.keyEnd, message: 'Map keys must be unique', severity: 'error' });
    seen.add(p.key);
  }
  if (root === null && text.trim() && !/^\s*(#.*)?$/s.test(text)) return wholeParse(text);
  return buildTemplate(text, root, problems);
}

/**
 * A first parse (a document just opened) reads the text in one pass, which costs much less than one
 * parser per chunk, and files the tree's pairs under their chunks' texts so the next edit reuses
 * them exactly as if they had been parsed chunk by chunk. Returns undefined (and files nothing)
 * unless the fast path read everything and every pair falls inside a chunk.
 */
function seedFromWholeParse(text: string, cuts: Cut[], cache: ChunkCache): TNode | null | undefined {
  const root = fastParse(text);
  if (!root || root.kind !== 'map') return undefined;
  const used: Chunk[] = [];
  let i = 0;
  const take = (start: number, end: number, list: TPair[], from: number): number | undefined => {
    const pairs: TPair[] = [];
    let k = from;
    while (k < list.length && list[k].keyStart >= start && list[k].keyStart < end) pairs.push(list[k++]);
    if (!pairs.length) return undefined;
    const last = pairs[pairs.length - 1];
    const chunkRoot: TNode = { kind: 'map', start: pairs[0].keyStart, end: last.value ? Math.max(last.value.end, last.keyEnd) : last.keyEnd, pairs };
    used.push({ base: start, len: end - start, root: chunkRoot, problems: [], used: false });
    return k;
  };
  for (const c of cuts) {
    const pair = root.pairs[i];
    if (!pair || pair.keyStart < c.start || pair.keyStart >= c.end) return undefined;
    if (c.kind === 'section') {
      const next = take(c.start, c.end, root.pairs, i);
      if (next === undefined) return undefined;
      i = next;
      continue;
    }
    if (pair.key !== 'Resources') return undefined;
    const res = pair.value;
    const list = res?.kind === 'map' ? res.pairs : [];
    if (list.length === 0 && c.children.length > 0) return undefined;
    let k = 0;
    for (const r of c.children) {
      const next = take(r.start, r.end, list, k);
      if (next === undefined) return undefined;
      k = next;
    }
    if (k !== list.length) return undefined;
    i++;
  }
  if (i !== root.pairs.length) return undefined;
  cache.keep(used, text);
  return root;
}

function wholeParse(text: string, cache?: ChunkCache): Template {
  cache?.abort();
  const p = parseText(text);
  return buildTemplate(text, p.root, p.problems);
}

function firstContent(text: string, from: number): number {
  const m = /\S/.exec(text.slice(from, from + 10000));
  return m ? from + m.index : from;
}

function lastContentEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}

type Cut =
  | { kind: 'section'; start: number; end: number }
  | { kind: 'resources'; start: number; keyEnd: number; end: number; children: { start: number; end: number }[] };

/**
 * Cuts the text into top-level sections; returns undefined when the layout is not the plain one.
 * Runs on every edit over the whole text, in one pass from line break to line break (indexOf), and
 * under Resources counts a line's leading spaces only up to the resources' indentation.
 */
function cutChunks(text: string): Cut[] | undefined {
  const tops: { start: number; key: string }[] = [];
  for (let s = 0; ;) {
    const c = text.charCodeAt(s);
    // Content in column 0 (not a space, a blank line, a comment or the end).
    if (s < text.length && c !== 32 && c !== 10 && c !== 13 && c !== 35) {
      const m = TOP_KEY.exec(text.slice(s, s + 200));
      if (!m) return undefined; // something unusual at column 0: let the full parser judge it
      tops.push({ start: s, key: m[1] });
    }
    const nl = text.indexOf('\n', s);
    if (nl < 0) break;
    s = nl + 1;
  }
  const cuts: Cut[] = [];
  for (let i = 0; i < tops.length; i++) {
    const start = i === 0 ? 0 : tops[i].start;
    const end = i + 1 < tops.length ? tops[i + 1].start : text.length;
    if (tops[i].key !== 'Resources') {
      cuts.push({ kind: 'section', start, end });
      continue;
    }
    const keyLineStart = tops[i].start;
    const headerEnd = text.indexOf('\n', keyLineStart);
    const header = text.slice(keyLineStart, headerEnd < 0 ? end : headerEnd);
    if (!/^Resources\s*:\s*(#.*)?\r?$/.test(header)) {
      cuts.push({ kind: 'section', start, end });
      continue;
    }
    // Children: lines at the indentation of the first content line under Resources.
    const children: { start: number; end: number }[] = [];
    let cur = -1;
    let indent = -1;
    for (let nl = headerEnd; nl >= 0 && nl + 1 < end; nl = text.indexOf('\n', nl + 1)) {
      const s = nl + 1;
      // Leading spaces, counted only up to one past the indentation (deeper lines are not cut at).
      const max = indent < 0 ? text.length : s + indent;
      let k = s;
      while (k <= max && text.charCodeAt(k) === 32) k++;
      if (k > max) continue;
      const c = text.charCodeAt(k);
      if (k >= text.length || c === 10 || c === 35 /* # */ || c === 13) continue;
      const ind = k - s;
      if (indent < 0) indent = ind;
      if (ind < indent) return undefined;
      if (c === 45 /* - */ || c === 63 /* ? */) return undefined;
      if (cur >= 0) children.push({ start: cur, end: s });
      cur = s;
    }
    if (cur >= 0) children.push({ start: cur, end });
    if (i === 0 && keyLineStart > 0) cuts.push({ kind: 'section', start: 0, end: keyLineStart });
    cuts.push({ kind: 'resources', start: keyLineStart, keyEnd: keyLineStart + header.length, end, children });
  }
  return cuts;
}
