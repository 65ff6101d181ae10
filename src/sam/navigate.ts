// Where logical ids, parameters and conditions are defined and used: the index behind go to
// definition, references, rename and Ref hover. Every occurrence carries the exact range of the name.
import { getValue, intrinsicName, scalarString, type TNode, type TMap } from './ast';
import type { Template } from './template';

type OccurrenceKind = 'definition' | 'ref' | 'getatt' | 'sub' | 'dependson' | 'condition';
export interface Occurrence {
  name: string;
  start: number;
  end: number;
  kind: OccurrenceKind;
}

/** The offset range of a scalar's text without its quotes. */
function scalarSpan(text: string, n: TNode): { start: number; end: number } {
  const c = text[n.start];
  if ((c === '"' || c === "'") && n.end - n.start >= 2) return { start: n.start + 1, end: n.end - 1 };
  return { start: n.start, end: n.end };
}

export function collectOccurrences(t: Template): Occurrence[] {
  const out: Occurrence[] = [];
  const text = t.text;
  const def = (name: string, start: number, end: number) => out.push({ name, start, end, kind: 'definition' });
  for (const r of t.resources) def(r.logicalId, r.pair.keyStart, r.pair.keyEnd);
  for (const [k, p] of t.parameters) def(k, p.keyStart, p.keyEnd);
  for (const [k, p] of t.conditions) def(k, p.keyStart, p.keyEnd);
  for (const [k, p] of t.mappings) def(k, p.keyStart, p.keyEnd);
  const nameAt = (n: TNode, kind: OccurrenceKind, name?: string) => {
    const s = scalarSpan(text, n);
    const v = name ?? scalarString(n);
    if (v !== undefined) out.push({ name: v, start: s.start, end: s.start + v.length, kind });
  };
  const walk = (n: TNode | null | undefined, depth: number) => {
    if (!n || depth > 100) return;
    if (n.kind === 'seq') return n.items.forEach((i) => walk(i, depth + 1));
    if (n.kind !== 'map') return;
    const fn = intrinsicName(n);
    const arg = fn ? (n as TMap).pairs[0].value : null;
    if (fn === 'Ref' && arg?.kind === 'scalar') nameAt(arg, 'ref');
    else if (fn === 'Condition' && arg?.kind === 'scalar') nameAt(arg, 'condition');
    else if (fn === 'Fn::GetAtt' && arg) {
      if (arg.kind === 'scalar' && typeof arg.value === 'string') nameAt(arg, 'getatt', arg.value.split('.')[0]);
      else if (arg.kind === 'seq' && arg.items[0]?.kind === 'scalar') nameAt(arg.items[0], 'getatt');
    } else if (fn === 'Fn::If' && arg?.kind === 'seq' && arg.items[0]?.kind === 'scalar') nameAt(arg.items[0], 'condition');
    else if (fn === 'Fn::FindInMap' && arg?.kind === 'seq' && arg.items[0]?.kind === 'scalar') nameAt(arg.items[0], 'ref');
    else if (fn === 'Fn::Sub' && arg) {
      const str = arg.kind === 'seq' ? arg.items[0] : arg;
      if (str?.kind === 'scalar' && typeof str.value === 'string') subOccurrences(text, str, out);
    }
    for (const p of n.pairs) walk(p.value, depth + 1);
  };
  for (const r of t.resources) {
    const node = r.node;
    if (!node) continue;
    const dep = getValue(node, 'DependsOn');
    if (dep?.kind === 'scalar') nameAt(dep, 'dependson');
    else if (dep?.kind === 'seq') dep.items.forEach((i) => i.kind === 'scalar' && nameAt(i, 'dependson'));
    const cond = getValue(node, 'Condition');
    if (cond?.kind === 'scalar') nameAt(cond, 'condition');
    walk(getValue(node, 'Properties'), 0);
    walk(getValue(node, 'Metadata'), 0);
  }
  for (const p of t.outputs.values()) {
    walk(p.value, 0);
    const cond = getValue(p.value, 'Condition');
    if (cond?.kind === 'scalar') nameAt(cond, 'condition');
  }
  for (const p of t.conditions.values()) walk(p.value, 0);
  walk(t.globals, 0);
  return out;
}

function subOccurrences(text: string, str: TNode, out: Occurrence[]): void {
  const raw = text.slice(str.start, str.end);
  // Only when the source text holds the value verbatim (plain, single-line quoted) are offsets exact.
  const re = /\$\{([A-Za-z0-9_:]+)(\.[A-Za-z0-9_.]+)?\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    if (m[1].startsWith('AWS::')) continue;
    const start = str.start + m.index + 2;
    out.push({ name: m[1], start, end: start + m[1].length, kind: 'sub' });
  }
}

export function occurrenceAt(occ: Occurrence[], offset: number): Occurrence | undefined {
  return occ.find((o) => offset >= o.start && offset <= o.end);
}

export function definitionOf(t: Template, name: string): { start: number; end: number } | undefined {
  const r = t.resourceById.get(name);
  if (r) return { start: r.pair.keyStart, end: r.pair.keyEnd };
  for (const m of [t.parameters, t.conditions, t.mappings]) {
    const p = m.get(name);
    if (p) return { start: p.keyStart, end: p.keyEnd };
  }
  return undefined;
}

/** Edits renaming a logical id, parameter or condition everywhere; undefined when it cannot. */
export function renameEdits(
  t: Template,
  occ: Occurrence[],
  offset: number,
  newName: string,
): { start: number; end: number; newText: string }[] | { error: string } {
  const at = occurrenceAt(occ, offset);
  if (!at) return { error: 'Rename works on a logical id, a parameter or a condition name.' };
  if (!/^[A-Za-z0-9]+$/.test(newName)) return { error: `'${newName}' is not a valid logical id: use letters and digits only.` };
  if (definitionOf(t, newName)) return { error: `'${newName}' is already defined in this template.` };
  if (!definitionOf(t, at.name)) return { error: `'${at.name}' is not defined in this template.` };
  return occ.filter((o) => o.name === at.name).map((o) => ({ start: o.start, end: o.end, newText: newName }));
}
