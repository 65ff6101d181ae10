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
  text: string;
  base: number;
  root: TNode | null;
  problems: ParseProblem[];
}

export class ChunkCache {
  private map = new Map<string, Chunk>();
  take(text: string, base: number): Chunk {
    const hit = this.map.get(text);
    if (hit) {
      this.map.delete(text);
      const delta = base - hit.base;
      if (delta) {
        shiftTree(hit.root, delta);
        for (const p of hit.problems) {
          p.start += delta;
          p.end += delta;
        }
        hit.base = base;
      }
      return hit;
    }
    const parsed = parseText(text, base);
    return { text, base, root: parsed.root, problems: parsed.problems };
  }
  get empty(): boolean {
    return this.map.size === 0;
  }
  /** Keeps exactly the chunks of the latest version (what the next edit can reuse). */
  keep(chunks: Chunk[]): void {
    this.map = new Map(chunks.map((c) => [c.text, c]));
  }
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

/** Does a line start with `s`? (What /(^|\n)s/ tests, by indexOf: the text is scanned once per edit.) */
function atLineStart(text: string, s: string): boolean {
  return text.startsWith(s) || text.includes(`\n${s}`);
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
  const used: Chunk[] = [];
  const pairs: TPair[] = [];
  const problems: ParseProblem[] = [];
  for (const c of chunks) {
    if (c.kind === 'section') {
      const ch = cache.take(text.slice(c.start, c.end), c.start);
      used.push(ch);
      problems.push(...ch.problems);
      if (ch.root?.kind === 'map') pairs.push(...ch.root.pairs);
      else if (ch.root) return wholeParse(text);
    } else {
      // Resources: a header line, then one chunk per resource.
      const resPairs: TPair[] = [];
      for (const r of c.children) {
        const ch = cache.take(text.slice(r.start, r.end), r.start);
        used.push(ch);
        problems.push(...ch.problems);
        if (ch.root?.kind === 'map') resPairs.push(...ch.root.pairs);
        else if (ch.root) return wholeParse(text);
      }
      const valueStart = c.children.length ? c.children[0].start : c.keyEnd;
      const valueEnd = c.children.length ? lastContentEnd(text, c.children[c.children.length - 1].end) : c.keyEnd;
      const value: TNode | null = resPairs.length ? { kind: 'map', start: firstContent(text, valueStart), end: valueEnd, pairs: resPairs } : null;
      pairs.push({ key: 'Resources', keyStart: c.start, keyEnd: c.start + 'Resources'.length, value });
    }
  }
  cache.keep(used);
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
    used.push({ text: text.slice(start, end), base: start, root: chunkRoot, problems: [] });
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
  cache.keep(used);
  return root;
}

function wholeParse(text: string): Template {
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

/** A line that starts in column 0 with content (not a space, a comment or a blank line). */
const COLUMN0 = /\n[^ \n\r#]/g;
/** A content line (not blank, not a comment) and its indentation. */
const CONTENT_LINE = /\n( *)(?=[^ \r\n#])/g;
/** Content lines indented by at most n spaces, one regex per n (only those lines matter to the cut). */
const shallowLines = new Map<number, RegExp>();
function shallowLine(n: number): RegExp {
  let re = shallowLines.get(n);
  if (!re) shallowLines.set(n, (re = new RegExp(`\\n( {0,${n}})(?=[^ \\r\\n#])`, 'g')));
  return re;
}

/**
 * Cuts the text into top-level sections; returns undefined when the layout is not the plain one.
 * Runs on every edit over the whole text: lines are found by regular expressions that stop only at
 * the lines that matter (column 0, and under Resources the lines at or left of a resource's indent).
 */
function cutChunks(text: string): Cut[] | undefined {
  const tops: { start: number; key: string }[] = [];
  const top = (s: number): boolean => {
    const m = TOP_KEY.exec(text.slice(s, s + 200));
    if (!m) return false; // something unusual at column 0: let the full parser judge it
    tops.push({ start: s, key: m[1] });
    return true;
  };
  const c0 = text[0];
  if (c0 !== undefined && c0 !== ' ' && c0 !== '\n' && c0 !== '\r' && c0 !== '#' && !top(0)) return undefined;
  COLUMN0.lastIndex = 0;
  for (let m = COLUMN0.exec(text); m; m = COLUMN0.exec(text)) {
    if (!top(m.index + 1)) return undefined;
    COLUMN0.lastIndex = m.index + 1;
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
    if (headerEnd >= 0) {
      CONTENT_LINE.lastIndex = headerEnd;
      const first = CONTENT_LINE.exec(text);
      if (first && first.index + 1 < end) {
        const indent = first[1].length;
        const re = shallowLine(indent);
        re.lastIndex = first.index;
        for (let m = re.exec(text); m && m.index + 1 < end; m = re.exec(text)) {
          const s = m.index + 1;
          if (m[1].length < indent) return undefined;
          const c = text[s + indent];
          if (c === '-' || c === '?') return undefined;
          if (cur >= 0) children.push({ start: cur, end: s });
          cur = s;
          re.lastIndex = s;
        }
      }
    }
    if (cur >= 0) children.push({ start: cur, end });
    if (i === 0 && keyLineStart > 0) cuts.push({ kind: 'section', start: 0, end: keyLineStart });
    cuts.push({ kind: 'resources', start: keyLineStart, keyEnd: keyLineStart + header.length, end, children });
  }
  return cuts;
}
