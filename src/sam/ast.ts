// Templates as a small position-carrying tree. The `yaml` library parses YAML and JSON; CloudFormation
// short-form tags (`!Ref x`, `!GetAtt a.b`, ...) are rewritten into their long form (`{ Ref: x }`)
// so every later stage sees one shape, with ranges pointing at the original text.
import { fastParse } from './fastyaml';
import { parseDocument, isMap, isSeq, isScalar, isAlias, isPair, type Node as YNode, type Document } from 'yaml';

export interface TScalar {
  kind: 'scalar';
  start: number;
  end: number;
  value: string | number | boolean | null;
  /** True when the scalar was quoted in the source: `"1"` is a string, `1` a number. */
  quoted: boolean;
}
export interface TMap {
  kind: 'map';
  start: number;
  end: number;
  pairs: TPair[];
  /** Set when this map was written as a short-form tag, e.g. `!Ref`. */
  shortTag?: string;
}
export interface TSeq {
  kind: 'seq';
  start: number;
  end: number;
  items: TNode[];
}
export type TNode = TScalar | TMap | TSeq;
export interface TPair {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: TNode | null;
}

export interface ParseProblem {
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
}

/** Short-form tags and the long-form key they stand for. */
export const SHORT_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!ImportValue': 'Fn::ImportValue',
  '!GetAZs': 'Fn::GetAZs',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
  '!ForEach': 'Fn::ForEach',
};

const MAX_DEPTH = 200;

export interface ParsedText {
  root: TNode | null;
  problems: ParseProblem[];
}

/** Parses one YAML or JSON text; `base` is added to every offset (for chunks of a larger text). */
export function parseText(text: string, base = 0): ParsedText {
  const fast = fastParse(text, base);
  if (fast !== undefined) return { root: fast, problems: [] };
  return parseWithLibrary(text, base);
}

/** The `yaml` library's parse, for everything the fast path leaves to it (and for reference in tests). */
export function parseWithLibrary(text: string, base = 0): ParsedText {
  const problems: ParseProblem[] = [];
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: true, prettyErrors: false, strict: false });
  } catch (e) {
    problems.push({ start: base, end: base + Math.min(text.length, 1), message: `Could not parse the template: ${(e as Error).message}`, severity: 'error' });
    return { root: null, problems };
  }
  // Positions at the very end of the text (an unclosed flow collection) stay inside it.
  const clamp = (o: number) => base + Math.min(Math.max(o, 0), text.length);
  for (const err of doc.errors) {
    const [s, e] = err.pos;
    problems.push({ start: clamp(s), end: clamp(Math.max(e, s + 1)), message: cleanYamlMessage(err.message), severity: 'error' });
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue; // CloudFormation tags: handled in convert()
    const [s, e] = w.pos;
    problems.push({ start: clamp(s), end: clamp(Math.max(e, s + 1)), message: cleanYamlMessage(w.message), severity: 'warning' });
  }
  let root: TNode | null = null;
  try {
    root = doc.contents ? convert(doc.contents as YNode, doc, base, problems, 0) : null;
  } catch (e) {
    problems.push({ start: base, end: base + Math.min(text.length, 1), message: `Could not read the template: ${(e as Error).message}`, severity: 'error' });
  }
  // One broken bracket can make the library report thousands of follow-on errors: keep the first ones.
  if (problems.length > 100) {
    const dropped = problems.length - 100;
    problems.length = 100;
    problems.push({
      start: problems[99].start,
      end: problems[99].end,
      message: `${dropped} more problems not shown: fix the ones above first.`,
      severity: 'warning',
    });
  }
  return { root, problems };
}

function cleanYamlMessage(m: string): string {
  return m.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function convert(node: YNode, doc: Document.Parsed, base: number, problems: ParseProblem[], depth: number): TNode | null {
  if (depth > MAX_DEPTH) {
    const [s, e] = node.range ?? [0, 0];
    problems.push({ start: base + s, end: base + e, message: 'Template nested too deeply (more than 200 levels).', severity: 'error' });
    return null;
  }
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) return null;
    const inner = convert(target as YNode, doc, base, problems, depth + 1);
    // The alias stands where it is written: diagnostics point at `*name`, not at the anchor.
    if (inner && node.range) return retarget(inner, base + node.range[0], base + node.range[1]);
    return inner;
  }
  const range = node.range ?? [0, 0, 0];
  const start = base + range[0];
  const end = base + range[1];
  let out: TNode | null;
  if (isMap(node)) {
    const pairs: TPair[] = [];
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const k = p.key as YNode | null;
      let key = '';
      let ks = start;
      let ke = start;
      if (k && isScalar(k)) {
        key = k.value === null || k.value === undefined ? '' : String(k.value);
        ks = base + (k.range?.[0] ?? 0);
        ke = base + (k.range?.[1] ?? 0);
      } else if (k && k.range) {
        key = '';
        ks = base + k.range[0];
        ke = base + k.range[1];
        problems.push({ start: ks, end: ke, message: 'Keys must be plain strings in a template.', severity: 'error' });
      }
      const v = p.value ? convert(p.value as YNode, doc, base, problems, depth + 1) : null;
      pairs.push({ key, keyStart: ks, keyEnd: ke, value: v });
    }
    out = { kind: 'map', start, end, pairs };
  } else if (isSeq(node)) {
    const items: TNode[] = [];
    for (const it of node.items) {
      const c = it ? convert(it as YNode, doc, base, problems, depth + 1) : null;
      items.push(c ?? { kind: 'scalar', start, end: start, value: null, quoted: false });
    }
    out = { kind: 'seq', start, end, items };
  } else if (isScalar(node)) {
    let v = node.value as unknown;
    if (typeof v === 'bigint') v = Number(v);
    if (v instanceof Date) v = node.source ?? v.toISOString();
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') v = String(v);
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    out = { kind: 'scalar', start, end, value: v as TScalar['value'], quoted };
  } else {
    return null;
  }
  const tag = (node as { tag?: string }).tag;
  if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
    const long = SHORT_TAGS[tag];
    if (!long) {
      problems.push({
        start,
        end: Math.min(end, start + tag.length) || start + 1,
        message: `Unknown tag ${tag}: CloudFormation understands ${Object.keys(SHORT_TAGS).slice(0, 20).join(', ')}.`,
        severity: 'error',
      });
      return out;
    }
    // A tag with an empty value (`!Ref`) still stands for the function, with an empty argument.
    return { kind: 'map', start, end, pairs: [{ key: long, keyStart: start, keyEnd: start, value: out }], shortTag: tag };
  }
  return out;
}

/** A copy of a subtree placed at another range (aliases). */
function retarget(n: TNode, start: number, end: number): TNode {
  switch (n.kind) {
    case 'scalar':
      return { ...n, start, end };
    case 'seq':
      return { kind: 'seq', start, end, items: n.items.map((i) => retarget(i, start, end)) };
    case 'map':
      return {
        ...n,
        start,
        end,
        pairs: n.pairs.map((p) => ({ key: p.key, keyStart: start, keyEnd: end, value: p.value ? retarget(p.value, start, end) : null })),
      };
  }
}

/** Moves every offset of a tree by `delta` (reuse of a cached chunk at a new place). */
export function shiftTree(n: TNode | null, delta: number): void {
  if (!n || delta === 0) return;
  n.start += delta;
  n.end += delta;
  if (n.kind === 'map') {
    for (const p of n.pairs) {
      p.keyStart += delta;
      p.keyEnd += delta;
      shiftTree(p.value, delta);
    }
  } else if (n.kind === 'seq') for (const i of n.items) shiftTree(i, delta);
}

export function getPair(n: TNode | null | undefined, key: string): TPair | undefined {
  if (!n || n.kind !== 'map') return undefined;
  for (const p of n.pairs) if (p.key === key) return p;
  return undefined;
}

export function getValue(n: TNode | null | undefined, key: string): TNode | null | undefined {
  return getPair(n, key)?.value;
}

export function scalarString(n: TNode | null | undefined): string | undefined {
  if (!n || n.kind !== 'scalar' || n.value === null) return undefined;
  return String(n.value);
}

/** `{ Ref: x }`, `{ 'Fn::...': x }` or `{ Condition: x }` with exactly one key. */
export function intrinsicName(n: TNode | null | undefined): string | undefined {
  if (!n || n.kind !== 'map' || n.pairs.length !== 1) return undefined;
  const k = n.pairs[0].key;
  return k === 'Ref' || k.startsWith('Fn::') || k === 'Condition' ? k : undefined;
}

/** The name a `{ Ref: name }` (or `!Ref name`) points at; undefined for anything else. */
export function refName(n: TNode | null | undefined): string | undefined {
  return intrinsicName(n) === 'Ref' ? scalarString((n as TMap).pairs[0].value) : undefined;
}

/** Converts to a plain JS value (for snapshot and comparison); intrinsics stay as their long form. */
export function toPlain(n: TNode | null | undefined): unknown {
  if (!n) return null;
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(toPlain);
  const o: Record<string, unknown> = {};
  for (const p of n.pairs) o[p.key] = toPlain(p.value);
  return o;
}

/** Offsets to LSP line/character positions. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }
  offset(pos: { line: number; character: number }): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const lineEnd = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] - 1 : this.text.length;
    return Math.min(this.starts[pos.line] + Math.max(0, pos.character), lineEnd);
  }
  range(start: number, end: number) {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }
}
