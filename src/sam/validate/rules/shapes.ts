// The shape expectations the SAM rules share. Unlike the schema checks (types.ts), these report what
// the SAM transform itself rejects, and most leave an intrinsic function to CloudFormation.
import { getPair, getValue, intrinsicName, scalarString, yaml11Bool, type TMap, type TNode, type TScalar } from '../../ast';
import { PSEUDO_PARAMETERS, type Template } from '../../template';
import type { RuleCode } from '../codes';
import { keyRange, type Sink } from '../sink';

export const isMap = (n: TNode | null | undefined): n is TMap => !!n && n.kind === 'map' && !intrinsicName(n);
export const isIntrinsic = (n: TNode | null | undefined) => !!intrinsicName(n);
export const isStr = (n: TNode | null | undefined): n is TScalar => !!n && n.kind === 'scalar' && n.value !== null;
export const truthy = (n: TNode | null | undefined) => !!n && n.kind === 'scalar' && (yaml11Bool(n) === true || n.value === 'true' || n.value === 'True');

/** `Key` present with a value that must be a map (intrinsics are left to CloudFormation unless `strict`). */
export function mustMap(sink: Sink, parent: TNode | null | undefined, key: string, path: string, strict = false): TMap | undefined {
  const p = getPair(parent, key);
  if (!p || !p.value) return undefined;
  if (isMap(p.value)) return p.value;
  if (!strict && isIntrinsic(p.value)) return undefined;
  if (p.value.kind === 'scalar' && p.value.value === null && !strict) return undefined;
  sink.error(p.value, 'shape-not-map', `Property '${path}' should be a map.`);
  return undefined;
}

export function mustList(sink: Sink, parent: TNode | null | undefined, key: string, path: string, items?: 'string'): void {
  const v = getValue(parent, key);
  if (!v || isIntrinsic(v)) return;
  if (v.kind !== 'seq') {
    sink.error(v, 'shape-not-list', `Property '${path}' should be a list.`);
    return;
  }
  if (items === 'string')
    v.items.forEach((it, i) => it.kind !== 'scalar' && !isIntrinsic(it) && sink.error(it, 'shape-not-string', `Property '${path}[${i}]' should be a string.`));
}

export function mustBool(sink: Sink, parent: TNode | null | undefined, key: string, path: string): void {
  const v = getValue(parent, key);
  if (!v || isIntrinsic(v)) return;
  if (v.kind === 'scalar' && (yaml11Bool(v) !== undefined || v.value === 'true' || v.value === 'false')) return;
  sink.error(v, 'shape-not-boolean', `Property '${path}' should be a boolean.`);
}

/** A Ref SAM cannot resolve while it transforms (not a parameter or pseudo parameter): the value stays a map. */
function unresolvableRef(t: Template, n: TNode | null | undefined): string | undefined {
  if (intrinsicName(n) !== 'Ref') return undefined;
  const target = scalarString((n as TMap).pairs[0].value);
  if (target === undefined || t.parameters.has(target) || PSEUDO_PARAMETERS.includes(target)) return undefined;
  return target;
}

/** Properties SAM reads as text during the transform: a Ref it cannot resolve there is an error. */
export function mustResolveString(t: Template, sink: Sink, n: TNode | null | undefined, path: string): void {
  const target = unresolvableRef(t, n);
  if (target !== undefined)
    sink.error(
      n!,
      'shape-unresolved-ref',
      `Property '${path}' should be a string: SAM needs its value when it transforms the template, and '${target}' is not a parameter it can resolve.`,
    );
}

export function onlyKeys(sink: Sink, n: TNode | null | undefined, allowed: string[], what: string, code: RuleCode): void {
  if (!isMap(n)) return;
  for (const p of n.pairs) if (!allowed.includes(p.key)) sink.error(keyRange(p), code, `'${p.key}' is not valid in ${what}: use ${allowed.join(', ')}.`);
}
