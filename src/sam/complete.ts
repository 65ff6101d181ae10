// Completion: sections, resource types, property names and enum values with their documentation,
// Ref / GetAtt targets and attributes, Sub variables, runtimes, event types, conditions.
import { cursorContext, type CursorContext } from './context';
import { eventsOf, resourceSpec, runtimes, schema, typeSpec, describeType, type ObjectSpec, type TypeExpr } from './schema';
import { PSEUDO_PARAMETERS, SAM_ATTRIBUTE_TYPE, TOP_LEVEL_SECTIONS, type Template } from './template';
import { getValue, scalarString } from './ast';

export type ItemKind = 'property' | 'class' | 'value' | 'reference' | 'module' | 'enum' | 'keyword' | 'event' | 'function';
export interface SamCompletion {
  label: string;
  kind: ItemKind;
  detail?: string;
  documentation?: string;
  /** Text inserted (defaults to label; may end with ': ' for keys). */
  insertText?: string;
  sortText?: string;
  /** Range replaced: the word under the cursor. */
  start: number;
  end: number;
}

const RESOURCE_ATTRS: [string, string][] = [
  ['Type', 'The resource type, e.g. AWS::Serverless::Function.'],
  ['Properties', 'The properties of the resource.'],
  ['DependsOn', 'Resources that must be created before this one.'],
  ['Condition', 'Create this resource only when the condition is true.'],
  ['Metadata', 'Data attached to the resource (e.g. BuildMethod for sam build).'],
  ['DeletionPolicy', 'Retain, Snapshot or Delete when the resource leaves the stack.'],
  ['UpdateReplacePolicy', 'Retain, Snapshot or Delete the old resource on replacement.'],
];
const INTRINSICS = [
  'Ref',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::If',
  'Fn::Select',
  'Fn::Split',
  'Fn::FindInMap',
  'Fn::ImportValue',
  'Fn::Base64',
  'Fn::GetAZs',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::Cidr',
];
const TAGS = [
  '!Ref',
  '!GetAtt',
  '!Sub',
  '!Join',
  '!If',
  '!Select',
  '!Split',
  '!FindInMap',
  '!ImportValue',
  '!Base64',
  '!GetAZs',
  '!Equals',
  '!Not',
  '!And',
  '!Or',
  '!Condition',
  '!Cidr',
];

export function complete(t: Template, offset: number): SamCompletion[] {
  const ctx = cursorContext(t.text, offset);
  const range = { start: ctx.wordStart, end: offset };
  const items = completeIn(t, ctx);
  return items.map((i) => ({ ...range, ...i }));
}

type Item = Omit<SamCompletion, 'start' | 'end'>;

function completeIn(t: Template, ctx: CursorContext): Item[] {
  const { path, mode } = ctx;
  if (ctx.word.startsWith('!') && mode === 'value') return TAGS.map((label) => ({ label, kind: 'function' as const, detail: 'intrinsic function' }));
  if (/\$\{[A-Za-z0-9_:.]*$/.test(ctx.linePrefix)) return subTargets(t, ctx.word);
  if (ctx.fn === '!Ref' || ctx.fn === 'Ref') return refTargets(t);
  if (ctx.fn === '!GetAtt' || ctx.fn === 'Fn::GetAtt') return getAttTargets(t, ctx.word);
  if (ctx.fn === '!Condition' || ctx.fn === 'Condition' || (mode === 'value' && last(path) === 'Condition'))
    return [...t.conditions.keys()].map((label) => ({ label, kind: 'reference' as const, detail: 'condition' }));
  if (mode === 'value' && last(path) === 'Ref') return refTargets(t);
  if (mode === 'value' && last(path) === 'Fn::GetAtt') return getAttTargets(t, ctx.word);
  if (mode === 'key' && (last(path) === 'Ref' || path.length === 0 || !INTRINSICS.includes(last(path)))) return keyItems(t, path);
  return valueItems(t, path);
}

const last = (a: string[]) => a[a.length - 1];

function keyItems(t: Template, path: string[]): Item[] {
  const key = (label: string, detail?: string, documentation?: string, required = false): Item => ({
    label,
    kind: 'property',
    detail: required ? `${detail ?? ''} (required)`.trim() : detail,
    documentation,
    insertText: `${label}: `,
    sortText: `${required ? '0' : '1'}${label}`,
  });
  if (path.length === 0) return TOP_LEVEL_SECTIONS.filter((s) => !t.sections.has(s)).map((s) => key(s, 'section'));
  if (path[0] === 'Resources' && path.length === 2) return RESOURCE_ATTRS.map(([k, d]) => key(k, 'resource attribute', d, k === 'Type'));
  if (path[0] === 'Globals') {
    if (path.length === 1) return Object.keys(schema().globals).map((s) => key(s, 'Globals section'));
    if (path.length === 2) {
      const allowed = schema().globals[path[1]] ?? [];
      const spec = resourceSpec(`AWS::Serverless::${path[1]}`);
      return allowed.map((p) => key(p, spec?.p[p] ? describeType(spec.p[p].t) : undefined, spec?.p[p]?.d));
    }
  }
  if (path[0] === 'Resources' && path.length >= 3 && path[2] === 'Properties') {
    const res = t.resourceById.get(path[1]);
    const type = res?.type;
    if (!type) return [];
    const spec = resourceSpec(type);
    if (!spec) return [];
    const rest = path.slice(3);
    // SAM events: Events.<id> holds Type/Properties, and Properties depends on the Type.
    if ((type === 'AWS::Serverless::Function' || type === 'AWS::Serverless::StateMachine') && rest[0] === 'Events') {
      if (rest.length === 2)
        return [key('Type', 'event type', 'The event source type, e.g. SQS or Api.', true), key('Properties', 'event properties', undefined, true)];
      if (rest.length === 3 && rest[2] === 'Properties') {
        const et = scalarString(getValue(getValue(getValue(res?.properties, 'Events'), rest[1]), 'Type'));
        const spec = et ? eventsOf(type)[et] : undefined;
        return spec ? Object.entries(spec).map(([k, ps]) => key(k, describeType(ps.t), ps.d, !!ps.q)) : [];
      }
      return [];
    }
    const obj = walkSpec(spec, rest);
    if (!obj) return [];
    return Object.entries(obj.p).map(([k, ps]) => key(k, describeType(ps.t), ps.d, !!ps.q));
  }
  if (path[0] === 'Parameters' && path.length === 2)
    return [
      'Type',
      'Default',
      'Description',
      'AllowedValues',
      'AllowedPattern',
      'ConstraintDescription',
      'MinLength',
      'MaxLength',
      'MinValue',
      'MaxValue',
      'NoEcho',
    ].map((k) => key(k, 'parameter attribute', undefined, k === 'Type'));
  if (path[0] === 'Outputs' && path.length === 2)
    return ['Value', 'Description', 'Export', 'Condition'].map((k) => key(k, 'output attribute', undefined, k === 'Value'));
  return [];
}

/** Follows property names (and list items '[]') through the schema to the object spec at the end. */
function walkSpec(spec: ObjectSpec, rest: string[]): ObjectSpec | undefined {
  let cur: ObjectSpec | undefined = spec;
  let pending: TypeExpr | undefined;
  for (const k of rest) {
    if (k === '[]') {
      if (pending && typeof pending === 'object' && 'a' in pending) pending = pending.a;
      continue;
    }
    if (pending) cur = objectOf(pending);
    if (!cur) return undefined;
    const ps: { t: TypeExpr } | undefined = cur.p[k];
    if (!ps) return undefined;
    pending = ps.t;
    cur = undefined;
  }
  return pending ? objectOf(pending) : cur;
}

function objectOf(t: TypeExpr): ObjectSpec | undefined {
  if (typeof t === 'string') return undefined;
  if ('r' in t) return typeSpec(t.r);
  if ('u' in t) {
    for (const alt of t.u) {
      const o = objectOf(alt);
      if (o) return o;
    }
  }
  if ('a' in t) return objectOf(t.a);
  return undefined;
}

function typeOfPath(spec: ObjectSpec, rest: string[]): TypeExpr | undefined {
  const parent = walkSpec(spec, rest.slice(0, -1));
  return parent?.p[last(rest)]?.t;
}

function valueItems(t: Template, path: string[]): Item[] {
  const k = last(path);
  if (path[0] === 'Resources' && path.length === 3 && k === 'Type') {
    return Object.entries(schema().resources).map(([label, s]) => ({
      label,
      kind: 'class' as const,
      documentation: s.d,
      sortText: label.startsWith('AWS::Serverless::') ? `0${label}` : `1${label}`,
    }));
  }
  if (k === 'Runtime' || k === 'CompatibleRuntimes') {
    return Object.entries(runtimes()).map(([label, r]) => ({
      label,
      kind: 'enum' as const,
      detail: r.deprecated ? `deprecated ${r.deprecated}` : r.language,
      sortText: `${r.deprecated ? '1' : '0'}${label}`,
    }));
  }
  if (k === 'Type' && path.includes('Events')) {
    const res = t.resourceById.get(path[1]);
    const names = Object.keys(eventsOf(res?.type));
    return names.map((label) => ({ label, kind: 'event' as const, detail: 'event source type' }));
  }
  if (k === 'DependsOn' && path[0] === 'Resources')
    return [...t.resourceById.keys()]
      .filter((id) => id !== path[1])
      .map((label) => ({ label, kind: 'reference' as const, detail: t.resourceById.get(label)?.type }));
  if (path[0] === 'Resources' && path[2] === 'Properties') {
    const type = t.resourceById.get(path[1])?.type;
    const spec = type ? resourceSpec(type) : undefined;
    const te = spec ? typeOfPath(spec, path.slice(3)) : undefined;
    if (te && typeof te === 'object' && 'e' in te) return te.e.map((label) => ({ label, kind: 'enum' as const }));
    if (te === 'b') return ['true', 'false'].map((label) => ({ label, kind: 'keyword' as const }));
  }
  if (path[0] === 'Resources' && (k === 'DeletionPolicy' || k === 'UpdateReplacePolicy'))
    return ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'].map((label) => ({ label, kind: 'enum' as const }));
  if (path[0] === 'Parameters' && k === 'Type')
    return ['String', 'Number', 'List<Number>', 'CommaDelimitedList', 'AWS::EC2::VPC::Id', 'AWS::EC2::Subnet::Id', 'AWS::SSM::Parameter::Value<String>'].map(
      (label) => ({ label, kind: 'enum' as const }),
    );
  if (k === 'Transform') return [{ label: 'AWS::Serverless-2016-10-31', kind: 'value' }];
  if (k === 'AWSTemplateFormatVersion') return [{ label: "'2010-09-09'", kind: 'value' }];
  return TAGS.map((label) => ({ label, kind: 'function' as const, detail: 'intrinsic function', sortText: `9${label}` }));
}

function refTargets(t: Template): Item[] {
  const out: Item[] = [];
  for (const [name, p] of t.parameters)
    out.push({ label: name, kind: 'reference', detail: `parameter (${scalarString(getValue(p.value, 'Type')) ?? '?'})`, sortText: `0${name}` });
  for (const r of t.resources) out.push({ label: r.logicalId, kind: 'reference', detail: r.type, sortText: `1${r.logicalId}` });
  for (const [name, i] of t.implicit) out.push({ label: name, kind: 'reference', detail: `${i.type} (generated by SAM from ${i.from})`, sortText: `2${name}` });
  for (const p of PSEUDO_PARAMETERS) out.push({ label: p, kind: 'keyword', detail: 'pseudo parameter', sortText: `3${p}` });
  return out;
}

function attributesOf(t: Template, id: string): string[] {
  const type = t.resourceById.get(id)?.type ?? t.implicit.get(id)?.type;
  if (!type) return [];
  return resourceSpec(SAM_ATTRIBUTE_TYPE[type] ?? type)?.a ?? [];
}

function getAttTargets(t: Template, word: string): Item[] {
  const dot = word.indexOf('.');
  if (dot > 0) {
    const id = word.slice(0, dot);
    return attributesOf(t, id).map((a) => ({ label: `${id}.${a}`, kind: 'property' as const, detail: `attribute of ${id}` }));
  }
  const out: Item[] = [];
  for (const r of t.resources) for (const a of attributesOf(t, r.logicalId)) out.push({ label: `${r.logicalId}.${a}`, kind: 'reference', detail: r.type });
  for (const [name, i] of t.implicit)
    for (const a of attributesOf(t, name)) out.push({ label: `${name}.${a}`, kind: 'reference', detail: `${i.type} (generated by SAM)` });
  return out;
}

function subTargets(t: Template, word: string): Item[] {
  if (word.includes('.')) return getAttTargets(t, word);
  return refTargets(t);
}
