// Property values against the schema's types (schema.ts): unknown and missing properties, scalars,
// lists, maps, nested property types and unions. Intrinsic functions and empty values are accepted
// wherever a value may go: CloudFormation resolves them later, so their type is not known here.
import { getPair, intrinsicName, yaml11Bool, type TMap, type TNode } from '../ast';
import { describeType, didYouMean, typeSpec, type ObjectSpec, type PropSpec, type TypeExpr, type ValueKind } from '../schema';
import { keyRange, Sink } from './sink';

/** Required property names of an object spec, computed once per spec (validation runs per resource). */
const requiredCache = new WeakMap<object, string[]>();
export function requiredOf(p: Record<string, PropSpec>): string[] {
  let r = requiredCache.get(p);
  if (!r) {
    r = Object.keys(p).filter((k) => p[k].q);
    requiredCache.set(p, r);
  }
  return r;
}

export function checkObjectProps(n: TMap, spec: ObjectSpec, path: string, sink: Sink, owner: string): void {
  for (const p of n.pairs) {
    const ps = spec.p[p.key];
    if (!ps) {
      if (spec.open) continue;
      const message = `Unknown property '${path}${p.key}' for ${owner}.${didYouMean(p.key, Object.keys(spec.p))}`;
      if (spec.ignoresUnknown) sink.add(keyRange(p).start, keyRange(p).end, 'warning', 'unknown-property', `${message} The SAM transform ignores it.`);
      else sink.error(keyRange(p), 'unknown-property', message);
      sink.suggest(keyRange(p), p.key, Object.keys(spec.p));
      continue;
    }
    checkProperty(p.value, ps, `${path}${p.key}`, sink, keyRange(p));
  }
}

function kindOf(n: TNode): ValueKind {
  if (n.kind === 'seq') return 'list';
  if (n.kind === 'map') return 'map';
  return typeof n.value === 'number' ? 'number' : typeof n.value === 'boolean' ? 'boolean' : 'string';
}

/**
 * A property's value against its type. SAM's schema is stricter than the translator for a few
 * properties (ps.k: EndpointConfiguration: REGIONAL deploys, where the schema declares a map): a
 * value of such a kind is a warning, not an error, since a deploy takes it.
 */
export function checkProperty(n: TNode | null, ps: PropSpec, path: string, sink: Sink, anchor: { start: number; end: number }): boolean {
  if (!ps.k || !n || !ps.k.includes(kindOf(n))) return checkValue(n, ps.t, path, sink, anchor);
  if (checkValue(n, ps.t, path, new Sink(), anchor)) return true;
  sink.add(
    n.start,
    n.end,
    'warning',
    'type-accepted',
    `SAM's specification declares '${path}' ${describeType(ps.t)}; the transform takes a ${kindOf(n)} here too.`,
  );
  return true;
}

export function checkRequired(n: TMap, spec: ObjectSpec, path: string, anchor: { start: number; end: number }, sink: Sink): void {
  for (const name of requiredOf(spec.p)) {
    if (!getPair(n, name)) sink.error(anchor, 'required', `Property '${path}${name}' is required.`);
  }
}

const isNumeric = (v: unknown) => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v)));

/** Checks a value against a type; returns false when it reported something. */
export function checkValue(n: TNode | null, t: TypeExpr, path: string, sink: Sink, anchor: { start: number; end: number }): boolean {
  if (!n || t === 'j') return true;
  if (n.kind === 'scalar' && n.value === null) return true;
  if (intrinsicName(n)) return true;
  const bad = (what: string) => {
    sink.error(n, 'type', `Property '${path}' should be ${what}.`);
    return false;
  };
  if (typeof t === 'string') {
    if (n.kind !== 'scalar') return bad(describeType(t));
    if ((t === 'n' || t === 'i') && !isNumeric(n.value)) return bad(describeType(t));
    if (t === 'b' && !(yaml11Bool(n) !== undefined || n.value === 'true' || n.value === 'false')) return bad('a boolean');
    return true;
  }
  if ('e' in t) {
    if (n.kind !== 'scalar') return bad('a string');
    if (typeof n.value === 'string' && !t.e.includes(n.value)) {
      sink.add(n.start, n.end, 'warning', 'enum', `'${n.value}' is not an allowed value of '${path}': ${describeType(t)}.${didYouMean(n.value, t.e)}`);
    }
    return true;
  }
  if ('a' in t) {
    if (n.kind !== 'seq') return bad('a list');
    let ok = true;
    n.items.forEach((it, i) => (ok = checkValue(it, t.a, `${path}[${i}]`, sink, anchor) && ok));
    return ok;
  }
  if ('m' in t) {
    if (n.kind !== 'map') return bad('a map');
    let ok = true;
    for (const p of n.pairs) ok = checkValue(p.value, t.m, `${path}.${p.key}`, sink, keyRange(p)) && ok;
    return ok;
  }
  if ('r' in t) {
    if (n.kind !== 'map') return bad('a map');
    const spec = typeSpec(t.r);
    if (!spec) return true;
    const before = sink.items.length;
    // Inside SAM's own nested types the schema is stricter than the translator, which reads them in
    // code and often takes other shapes (a single statement for Auth.ResourcePolicy.CustomStatements):
    // what the schema alone says there is a warning; the translator's own checks (rules/*.ts) keep
    // their errors.
    sink.softened(() => {
      checkObjectProps(n, spec, `${path}.`, sink, path);
      checkRequired(n, spec, `${path}.`, anchor, sink);
    }, t.r.startsWith('SAM'));
    return sink.items.length === before;
  }
  // Union: accepted when one alternative accepts it without any report.
  for (const alt of t.u) {
    const probe = new Sink();
    if (checkValue(n, alt, path, probe, anchor) && probe.items.length === 0) return true;
  }
  // When the shape matches exactly one alternative, report that alternative's precise findings.
  const shaped = t.u.filter((alt) => shapeOf(alt) === n.kind);
  if (shaped.length === 1) return checkValue(n, shaped[0], path, sink, anchor);
  return bad(describeType(t));
}

function shapeOf(t: TypeExpr): 'scalar' | 'map' | 'seq' | 'any' {
  if (typeof t === 'string') return t === 'j' ? 'any' : 'scalar';
  if ('e' in t) return 'scalar';
  if ('a' in t) return 'seq';
  if ('m' in t || 'r' in t) return 'map';
  return 'any';
}
