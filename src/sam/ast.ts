// Templates as a small position-carrying tree, the one shape every stage after parsing reads. Both
// parsers (parse.ts and its fast path, fastyaml.ts) build it, with ranges pointing at the original
// text; CloudFormation short-form tags (`!Ref x`) are stored in their long form (`{ Ref: x }`).
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
interface TSeq {
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
  // Rules functions (Rules section assertions).
  '!Contains': 'Fn::Contains',
  '!EachMemberEquals': 'Fn::EachMemberEquals',
  '!EachMemberIn': 'Fn::EachMemberIn',
  '!RefAll': 'Fn::RefAll',
  '!ValueOf': 'Fn::ValueOf',
  '!ValueOfAll': 'Fn::ValueOfAll',
};

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

/**
 * The boolean an unquoted scalar stands for when PyYAML (YAML 1.1, what SAM CLI reads templates with)
 * loads it: yes/no/on/off too, which YAML 1.2 leaves strings. Undefined for anything else.
 */
export function yaml11Bool(n: TNode | null | undefined): boolean | undefined {
  if (!n || n.kind !== 'scalar') return undefined;
  if (typeof n.value === 'boolean') return n.value;
  if (typeof n.value !== 'string' || n.quoted) return undefined;
  const m = /^(?:(yes|Yes|YES|on|On|ON)|(no|No|NO|off|Off|OFF))$/.exec(n.value);
  return m ? !!m[1] : undefined;
}
