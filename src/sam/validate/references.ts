// References between the parts of a template: Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::FindInMap,
// DependsOn and Condition, plus the argument shapes of the intrinsic functions. A name SAM generates
// from one of the template's SAM resources (hashes, stages, roles) counts as defined: the transform
// creates it.
import { getPair, getValue, intrinsicName, scalarString, type TMap, type TNode } from '../ast';
import { didYouMean, resourceSpec } from '../schema';
import { SAM_ATTRIBUTE_TYPE, refTargets, type ResourceEntry, type Template } from '../template';
import { checkConditionFunction, checkSplit } from './intrinsics';
import { Sink, type SamDiagnostic } from './sink';

export function validateReferences(t: Template): SamDiagnostic[] {
  const ctx = new RefContext(t);
  const out: SamDiagnostic[] = [];
  for (const r of t.resources) out.push(...resourceReferences(ctx, r));
  out.push(...otherReferences(ctx));
  return out;
}

/** The references made inside one resource (DependsOn, Condition, Properties). */
export function resourceReferences(ctx: RefContext, r: ResourceEntry): SamDiagnostic[] {
  const sink = new Sink();
  // The SAM transform passes unresolved references through to CloudFormation, which rejects them at
  // deploy: in SAM templates they are warnings, in plain CloudFormation templates errors.
  sink.soften = ctx.t.isSam;
  sink.logicalId = r.logicalId;
  const node = r.node;
  if (!node || node.kind !== 'map') return sink.items;
  const dep = getPair(node, 'DependsOn');
  if (dep?.value) checkDependsOn(dep.value, ctx, sink);
  const cond = getValue(node, 'Condition');
  if (cond) checkConditionName(cond, ctx, sink);
  const props = getValue(node, 'Properties');
  if (props) walkRefs(props, ctx, sink, 0);
  return sink.items;
}

/** References in Outputs, Conditions and Globals. */
export function otherReferences(ctx: RefContext): SamDiagnostic[] {
  const t = ctx.t;
  const sink = new Sink();
  sink.soften = t.isSam;
  for (const p of t.outputs.values()) {
    if (!p.value) continue;
    walkRefs(p.value, ctx, sink, 0);
    const cond = getValue(p.value, 'Condition');
    if (cond) checkConditionName(cond, ctx, sink);
  }
  for (const p of t.conditions.values()) if (p.value) walkRefs(p.value, ctx, sink, 0);
  if (t.globals) walkRefs(t.globals, ctx, sink, 0);
  return sink.items;
}

export class RefContext {
  readonly targets: Set<string>;
  readonly samIds: string[];
  /** Names an Fn::ForEach (AWS::LanguageExtensions) generates, as patterns of its ${var} keys. */
  readonly forEachNames: RegExp[] = [];
  constructor(readonly t: Template) {
    this.targets = new Set(refTargets(t));
    this.samIds = t.resources.filter((r) => r.type?.startsWith('AWS::Serverless::')).map((r) => r.logicalId);
    if (t.text.includes('Fn::ForEach::')) collectForEach(t.root, this, 0);
  }
  /** True for a name SAM may generate from one of the template's SAM resources (hashes, stages...). */
  generatedBySam(name: string): boolean {
    if (this.forEachNames.some((re) => re.test(name))) return true;
    const dot = name.indexOf('.');
    const head = dot > 0 ? name.slice(0, dot) : name;
    if (dot > 0 && this.t.resourceById.get(head)?.type?.startsWith('AWS::Serverless::')) return true;
    return this.samIds.some((id) => name.startsWith(id) && name.length > id.length);
  }
}

/**
 * Fn::ForEach::Name: [Identifier, Collection, {OutputKey${Identifier}: ...}]: the identifier is a Ref
 * target inside the loop, and the output keys name what the loop generates (resources, outputs).
 */
function collectForEach(n: TNode | null, ctx: RefContext, depth: number): void {
  if (!n || depth > 60) return;
  if (n.kind === 'seq') for (const i of n.items) collectForEach(i, ctx, depth + 1);
  if (n.kind !== 'map') return;
  for (const p of n.pairs) {
    if (p.key.startsWith('Fn::ForEach::') && p.value?.kind === 'seq') {
      const [id, , body] = p.value.items;
      const name = scalarString(id);
      if (name) ctx.targets.add(name);
      if (body?.kind === 'map')
        for (const out of body.pairs) {
          const pattern = out.key
            .split(/[$&]\{[^}]*\}/)
            .map((s) => s.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'))
            .join('[A-Za-z0-9]+');
          if (pattern !== out.key) ctx.forEachNames.push(new RegExp(`^${pattern}$`));
        }
    }
    collectForEach(p.value, ctx, depth + 1);
  }
}

function walkRefs(n: TNode, ctx: RefContext, sink: Sink, depth: number): void {
  if (depth > 100) return;
  if (n.kind === 'seq') {
    for (const i of n.items) walkRefs(i, ctx, sink, depth + 1);
    return;
  }
  if (n.kind !== 'map') return;
  const fn = intrinsicName(n);
  if (fn) checkIntrinsic(fn, n, ctx, sink);
  for (const p of n.pairs) if (p.value) walkRefs(p.value, ctx, sink, depth + 1);
}

function checkIntrinsic(fn: string, n: TMap, ctx: RefContext, sink: Sink): void {
  const arg = n.pairs[0].value;
  switch (fn) {
    case 'Ref': {
      const name = scalarString(arg);
      if (arg && arg.kind !== 'scalar') {
        if (!intrinsicName(arg)) sink.hard(arg, 'ref', `Ref takes the name of a parameter or a resource.`);
        return;
      }
      if (!name) {
        sink.hard(n, 'ref', `Ref needs the name of a parameter or a resource.`);
        return;
      }
      if (!ctx.targets.has(name) && !ctx.generatedBySam(name)) {
        sink.error(
          arg ?? n,
          'ref',
          `Ref to '${name}' points at nothing: no parameter, resource or pseudo parameter has that name.${didYouMean(name, ctx.targets)}`,
        );
        if (arg && arg.kind === 'scalar' && !arg.quoted) sink.suggest(arg, name, ctx.targets);
        sink.items[sink.items.length - 1].subject = name;
      }
      return;
    }
    case 'Fn::GetAtt':
      checkGetAtt(arg, n, ctx, sink);
      return;
    case 'Fn::Sub':
      checkSub(arg, ctx, sink);
      return;
    case 'Fn::If': {
      if (!arg || arg.kind !== 'seq' || arg.items.length !== 3) {
        sink.hard(arg ?? n, 'if', `Fn::If takes a list of 3: [condition name, value if true, value if false].`);
        return;
      }
      if (arg.items[0].kind !== 'scalar') {
        sink.hard(arg.items[0], 'if', `The first item of Fn::If is the name of a condition (a string), not a function or a list.`);
        return;
      }
      checkConditionName(arg.items[0], ctx, sink);
      return;
    }
    case 'Condition':
      if (arg) checkConditionName(arg, ctx, sink);
      return;
    case 'Fn::FindInMap': {
      if (!arg || arg.kind !== 'seq' || arg.items.length < 3) {
        sink.hard(arg ?? n, 'findinmap', `Fn::FindInMap takes a list of 3: [map name, top-level key, second-level key].`);
        return;
      }
      const map = scalarString(arg.items[0]);
      // With a DefaultValue (AWS::LanguageExtensions) a mapping that is not there gives the default.
      if (getPair(arg.items[3], 'DefaultValue')) return;
      if (map !== undefined && !ctx.t.mappings.has(map))
        sink.error(arg.items[0], 'findinmap', `Mapping '${map}' does not exist.${didYouMean(map, ctx.t.mappings.keys())}`);
      return;
    }
    case 'Fn::Join':
      if (!arg || (arg.kind !== 'seq' && !intrinsicName(arg)) || (arg.kind === 'seq' && arg.items.length !== 2))
        sink.hard(arg ?? n, 'join', `Fn::Join takes a list of 2: [delimiter, list of values].`);
      return;
    case 'Fn::Select':
      if (!arg || (arg.kind === 'seq' && arg.items.length !== 2) || arg.kind === 'scalar')
        sink.hard(arg ?? n, 'select', `Fn::Select takes a list of 2: [index, list].`);
      return;
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not':
      checkConditionFunction(fn, n, sink);
      return;
    case 'Fn::Split':
      checkSplit(n, sink);
      return;
    case 'Fn::Equals':
      if (!arg || arg.kind !== 'seq' || arg.items.length !== 2) sink.hard(arg ?? n, 'equals', `Fn::Equals takes a list of 2 values to compare.`);
      return;
  }
}

function checkGetAtt(arg: TNode | null, n: TMap, ctx: RefContext, sink: Sink): void {
  let resName: string | undefined;
  let attr: string | undefined;
  let target: TNode = arg ?? n;
  if (arg?.kind === 'scalar' && typeof arg.value === 'string') {
    const i = arg.value.indexOf('.');
    if (i < 0) {
      sink.hard(arg, 'getatt', `Fn::GetAtt takes 'LogicalId.Attribute' or [LogicalId, Attribute].`);
      return;
    }
    resName = arg.value.slice(0, i);
    attr = arg.value.slice(i + 1);
  } else if (arg?.kind === 'seq' && arg.items.length === 2) {
    resName = scalarString(arg.items[0]);
    attr = scalarString(arg.items[1]);
    target = arg.items[0];
    if (resName === undefined && !intrinsicName(arg.items[0])) {
      sink.hard(arg.items[0], 'getatt', `The first item of Fn::GetAtt is a logical id.`);
      return;
    }
  } else if (!arg || !intrinsicName(arg)) {
    sink.hard(arg ?? n, 'getatt', `Fn::GetAtt takes 'LogicalId.Attribute' or [LogicalId, Attribute].`);
    return;
  }
  if (resName === undefined) return;
  const t = ctx.t;
  const res = t.resourceById.get(resName);
  const implicitType = t.implicit.get(resName)?.type;
  if (!res && !implicitType) {
    if (ctx.generatedBySam(resName)) return;
    sink.error(
      target,
      'getatt',
      `Fn::GetAtt refers to '${resName}', which is not a resource of this template.${didYouMean(resName, [...t.resourceById.keys(), ...t.implicit.keys()])}`,
    );
    // The fix replaces the logical id only: the start of a plain 'Id.Attr' scalar, or the list's first item.
    if (target.kind === 'scalar' && !target.quoted && t.text.startsWith(resName, target.start))
      sink.suggest({ start: target.start, end: target.start + resName.length }, resName, t.resourceById.keys());
    return;
  }
  if (attr === undefined) return;
  const type = res?.type ?? implicitType;
  if (!type) return;
  const attrType = SAM_ATTRIBUTE_TYPE[type] ?? type;
  const spec = resourceSpec(attrType);
  if (!spec || !spec.a || spec.a.length === 0) return;
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::Stack' || type === 'AWS::Serverless::Application' || attr.startsWith('Outputs.')) return;
  if (type.startsWith('AWS::Serverless::') && (!SAM_ATTRIBUTE_TYPE[type] || attr.includes('.'))) return;
  if (!spec.a.includes(attr)) {
    const where = arg?.kind === 'seq' ? arg.items[1] : target;
    sink.error(where, 'getatt', `'${resName}' (${type}) has no attribute '${attr}': it has ${spec.a.slice(0, 12).join(', ')}.${didYouMean(attr, spec.a)}`);
  }
}

function checkSub(arg: TNode | null, ctx: RefContext, sink: Sink): void {
  let str: TNode | null = arg;
  const vars = new Set<string>();
  if (arg?.kind === 'seq') {
    if (arg.items.length !== 2) {
      sink.hard(arg, 'sub', `Fn::Sub takes a string, or a list of 2: [string, map of variables].`);
      return;
    }
    str = arg.items[0];
    const m = arg.items[1];
    if (m.kind === 'map') {
      for (const p of m.pairs) {
        vars.add(p.key);
        if (p.value?.kind === 'seq') sink.hard(p.value, 'sub', `Fn::Sub variable '${p.key}' must be a string, not a list.`);
      }
    }
  }
  if (!str || str.kind !== 'scalar' || typeof str.value !== 'string') return;
  const s = str.value;
  const re = /\$\{([^}!][^}]*)\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const name = m[1].trim();
    if (vars.has(name)) continue;
    const dot = name.indexOf('.');
    const head = dot > 0 && !name.startsWith('AWS::') ? name.slice(0, dot) : name;
    if (ctx.targets.has(head) || ctx.targets.has(name) || ctx.generatedBySam(name)) continue;
    // The value of a quoted scalar starts one character after the node; plain scalars start on it.
    const offset = subOffset(ctx.t.text, str, m.index);
    sink.add(
      offset,
      offset + m[0].length,
      sink.soften ? 'warning' : 'error',
      'sub',
      `Fn::Sub variable '\${${name}}' points at nothing: no parameter, resource or pseudo parameter is named '${head}'.${didYouMean(head, ctx.targets)}`,
    );
  }
}

/** Best-effort source offset of a character of a scalar's value (exact for plain and quoted scalars). */
function subOffset(text: string, n: TNode, index: number): number {
  const raw = text.slice(n.start, n.end);
  const value = (n as { value: string }).value;
  const needle = value.slice(index, index + 2 + Math.min(40, value.length - index - 2));
  const at = raw.indexOf(needle);
  return at >= 0 ? n.start + at : n.start;
}

function checkDependsOn(v: TNode, ctx: RefContext, sink: Sink): void {
  const items = v.kind === 'seq' ? v.items : [v];
  if (v.kind === 'map') {
    sink.hard(v, 'dependson', `DependsOn takes a logical id or a list of logical ids.`);
    return;
  }
  for (const it of items) {
    const name = scalarString(it);
    if (name === undefined || it.kind !== 'scalar' || typeof it.value !== 'string') {
      sink.hard(it, 'dependson', `DependsOn takes a logical id or a list of logical ids.`);
      continue;
    }
    if (!ctx.t.resourceById.has(name) && !ctx.t.implicit.has(name) && !ctx.generatedBySam(name)) {
      sink.error(it, 'dependson', `DependsOn '${name}' is not a resource of this template.${didYouMean(name, ctx.t.resourceById.keys())}`);
    }
  }
}

function checkConditionName(v: TNode, ctx: RefContext, sink: Sink): void {
  if (intrinsicName(v)) return;
  const name = scalarString(v);
  if (name === undefined || v.kind !== 'scalar') {
    sink.hard(v, 'condition', `A condition is referred to by its name (a string).`);
    return;
  }
  if (!ctx.t.conditions.has(name))
    sink.error(v, 'condition', `Condition '${name}' is not defined in 'Conditions'.${didYouMean(name, ctx.t.conditions.keys())}`);
}
