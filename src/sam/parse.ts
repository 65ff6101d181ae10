// Parses a template's text into the tree of ast.ts. The fast path (fastyaml.ts) takes the YAML templates
// are usually written in; the `yaml` library parses everything else, YAML and JSON, and reports the
// problems. Short-form tags are rewritten into their long form here, so later stages see one shape.
import { parseDocument, isMap, isSeq, isScalar, isAlias, isPair, type Node as YNode, type Document } from 'yaml';
import { aliasTable, MAX_ALIAS_EXPANSION, type AliasTable } from './aliases';
import { SHORT_TAGS, type TNode, type TPair, type TScalar } from './ast';
import { fastParse } from './fastyaml';
import { repairFlowIndent } from './flowindent';

export interface ParseProblem {
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
}

const MAX_DEPTH = 200;
interface ParsedText {
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
  const first = libraryParse(text, base);
  if (!first.flowIndent) return first;
  // A flow collection indented as PyYAML accepts but YAML 1.2 does not: retry with it re-indented.
  const repaired = repairFlowIndent(text);
  if (!repaired) return first;
  const second = libraryParse(repaired.text, 0);
  if (second.problems.filter((p) => p.severity === 'error').length >= first.problems.filter((p) => p.severity === 'error').length) return first;
  const map = (o: number) => base + repaired.toOld(o);
  remapTree(second.root, map);
  for (const p of second.problems) {
    p.start = map(p.start);
    p.end = Math.max(map(p.end), p.start);
  }
  return second;
}

function libraryParse(text: string, base: number): ParsedText & { flowIndent: boolean } {
  const problems: ParseProblem[] = [];
  let doc: Document.Parsed;
  try {
    // Duplicate keys are found in convert(), as warnings (see there).
    // merge: PyYAML (YAML 1.1) merges `<<: *anchor` keys, and SAM CLI reads templates with it.
    doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false, prettyErrors: false, strict: false, merge: true });
  } catch (e) {
    problems.push({ start: base, end: base + Math.min(text.length, 1), message: `Could not parse the template: ${(e as Error).message}`, severity: 'error' });
    return { root: null, problems, flowIndent: false };
  }
  const flowIndent = doc.errors.some((e) => e.code === 'BAD_INDENT' && /^Flow (map|sequence)/.test(e.message));
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
    const aliases = aliasTable(doc);
    if (!aliases.expand) {
      problems.push({
        start: base,
        end: base + Math.min(text.length, 1),
        message: `The template's YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?): aliases are not expanded, and the template is checked without them.`,
        severity: 'error',
      });
    }
    root = doc.contents ? convert(doc.contents as YNode, aliases, base, problems, 0) : null;
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
  return { root, problems, flowIndent };
}

function cleanYamlMessage(m: string): string {
  return m.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function convert(node: YNode, aliases: AliasTable, base: number, problems: ParseProblem[], depth: number): TNode | null {
  if (depth > MAX_DEPTH) {
    const [s, e] = node.range ?? [0, 0];
    problems.push({ start: base + s, end: base + e, message: 'Template nested too deeply (more than 200 levels).', severity: 'error' });
    return null;
  }
  if (isAlias(node)) {
    const target = aliases.expand ? aliases.target(node) : undefined;
    if (!target) return null;
    const inner = convert(target, aliases, base, problems, depth + 1);
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
    const merged: TPair[] = [];
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const k = p.key as YNode | null;
      if (k && isScalar(k) && typeof k.value === 'symbol') {
        merged.push(...mergeKey(p.value as YNode | null, k, aliases, base, problems, depth));
        continue;
      }
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
      const v = p.value ? convert(p.value as YNode, aliases, base, problems, depth + 1) : null;
      // CloudFormation accepts a template with a repeated key, with undefined behaviour (its user
      // guide, "Template format"), and PyYAML keeps the last value: a warning, not an error.
      if (k && pairs.some((q) => q.key === key))
        problems.push({
          start: ks,
          end: ke,
          message: `Duplicate key '${key}': CloudFormation may take either value (its behaviour is undefined); remove one.`,
          severity: 'warning',
        });
      pairs.push({ key, keyStart: ks, keyEnd: ke, value: v });
    }
    // Merged keys come after the map's own, which win over them, as in YAML 1.1.
    for (const m of merged) if (!pairs.some((q) => q.key === m.key)) pairs.push(m);
    out = { kind: 'map', start, end, pairs };
  } else if (isSeq(node)) {
    const items: TNode[] = [];
    for (const it of node.items) {
      const c = it ? convert(it as YNode, aliases, base, problems, depth + 1) : null;
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

/** Moves every offset of a tree through `map` (a parse of re-indented text back to the original). */
function remapTree(n: TNode | null, map: (o: number) => number): void {
  if (!n) return;
  n.start = map(n.start);
  n.end = Math.max(map(n.end), n.start);
  if (n.kind === 'map')
    for (const p of n.pairs) {
      p.keyStart = map(p.keyStart);
      p.keyEnd = Math.max(map(p.keyEnd), p.keyStart);
      remapTree(p.value, map);
    }
  else if (n.kind === 'seq') for (const i of n.items) remapTree(i, map);
}

/** The pairs a `<<` key brings in (an alias of a map, or a list of them), placed at the `<<` key. */
function mergeKey(value: YNode | null, key: YNode, aliases: AliasTable, base: number, problems: ParseProblem[], depth: number): TPair[] {
  const ks = base + (key.range?.[0] ?? 0);
  const ke = base + (key.range?.[1] ?? 0);
  const sources = value && isSeq(value) ? (value.items as YNode[]) : value ? [value] : [];
  const out: TPair[] = [];
  for (const src of sources) {
    const n = src ? convert(src, aliases, base, problems, depth + 1) : null;
    if (!n || n.kind !== 'map') {
      problems.push({ start: ks, end: ke, message: "A merge key '<<' takes a map or a list of maps.", severity: 'error' });
      continue;
    }
    for (const p of n.pairs) if (!out.some((q) => q.key === p.key)) out.push({ ...p, keyStart: ks, keyEnd: ke });
  }
  return out;
}
