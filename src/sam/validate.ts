// Template diagnostics. Each check reports on the exact range of the offending key or value, and
// carries the logical id of the resource it blames so a client (and the conformance test) can tell.
// An intrinsic function is accepted wherever a value may go; SAM Globals are merged before checking.
import { getPair, getValue, intrinsicName, refName, scalarString, type TNode, type TPair, type TMap } from './ast';
import { describeType, didYouMean, resourceSpec, typeSpec, schema, runtimes, type ObjectSpec, type TypeExpr, type PropSpec } from './schema';
import { PSEUDO_PARAMETERS, SAM_ATTRIBUTE_TYPE, TOP_LEVEL_SECTIONS, refTargets, type ResourceEntry, type Template } from './template';
import { checkHandler, diskProbe, memoProbe, type FileProbe } from './handler';
import { samRules, eventRules, duplicateRoutes } from './samrules';

export type Severity = 'error' | 'warning' | 'info';
export interface SamDiagnostic {
  start: number;
  end: number;
  severity: Severity;
  message: string;
  code: string;
  logicalId?: string;
}

export interface ValidateOptions {
  /** Folder of the template file, to resolve CodeUri and Handler; omitted for unsaved documents. */
  templateDir?: string;
  files?: FileProbe;
  /** Wall-clock budget in ms; past it validation stops with one informational diagnostic. */
  budgetMs?: number;
  /** "Today" for runtime deprecation (tests pin it). */
  today?: string;
}

const RESOURCE_ATTRIBUTES = [
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
  'CreationPolicy',
  'Version',
  'IgnoreGlobals',
  'Connectors',
];
const GLOBAL_SECTIONS: Record<string, string> = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  StateMachine: 'AWS::Serverless::StateMachine',
  LayerVersion: 'AWS::Serverless::LayerVersion',
  CapacityProvider: 'AWS::Serverless::CapacityProvider',
  WebSocketApi: 'AWS::Serverless::WebSocketApi',
};
const STATE_MACHINE_EVENTS = ['Api', 'Schedule', 'ScheduleV2', 'CloudWatchEvent', 'EventBridgeRule'];
const GLOBAL_SECTION_OF_TYPE = new Map(Object.entries(GLOBAL_SECTIONS).map(([k, v]) => [v, k]));
const RESOURCE_ATTRIBUTE_SET = new Set(RESOURCE_ATTRIBUTES);

/** Required property names of an object spec, computed once per spec (validation runs per resource). */
const requiredCache = new WeakMap<object, string[]>();
function requiredOf(p: Record<string, PropSpec>): string[] {
  let r = requiredCache.get(p);
  if (!r) {
    r = Object.keys(p).filter((k) => p[k].q);
    requiredCache.set(p, r);
  }
  return r;
}

export class Sink {
  readonly items: SamDiagnostic[] = [];
  logicalId?: string;
  /** When set, what would be an error is reported as a warning (see validateResource). */
  soften = false;
  add(start: number, end: number, severity: Severity, code: string, message: string): void {
    this.items.push({ start, end: Math.max(end, start), severity, message, code, logicalId: this.logicalId });
  }
  error(n: { start: number; end: number }, code: string, message: string): void {
    this.add(n.start, n.end, this.soften ? 'warning' : 'error', code, message);
  }
  /** Always an error: malformed structure the SAM transform itself rejects. */
  hard(n: { start: number; end: number }, code: string, message: string): void {
    this.add(n.start, n.end, 'error', code, message);
  }
}

const keyRange = (p: TPair) => ({ start: p.keyStart, end: p.keyEnd });

/** Whole-template diagnostics: structure, then each resource, then references. */
export function validateTemplate(t: Template, givenOpts: ValidateOptions = {}): SamDiagnostic[] {
  const opts: ValidateOptions = { ...givenOpts, files: memoProbe(givenOpts.files ?? diskProbe) };
  const sink = new Sink();
  for (const p of t.problems) sink.add(p.start, p.end, p.severity, 'syntax', p.message);
  if (t.problems.some((p) => p.severity === 'error') && !t.root) return sink.items;
  validateStructure(t, sink);
  const deadline = Date.now() + (opts.budgetMs ?? 2000);
  for (const r of t.resources) {
    if (Date.now() > deadline) {
      sink.logicalId = undefined;
      sink.add(
        r.pair.keyStart,
        r.pair.keyEnd,
        'info',
        'budget',
        `Validation stopped here after ${opts.budgetMs ?? 2000} ms; later resources were not checked.`,
      );
      break;
    }
    sink.items.push(...validateResource(t, r, opts));
  }
  sink.logicalId = undefined;
  duplicateRoutes(t, sink);
  sink.items.push(...validateReferences(t));
  return sink.items;
}

export function validateStructure(t: Template, sink: Sink): void {
  const root = t.root;
  if (!root) {
    sink.add(0, 0, 'error', 'structure', "The template is empty: it needs at least a 'Resources' section.");
    return;
  }
  if (root.kind !== 'map') {
    sink.error(root, 'structure', 'A template must be a map of sections (Resources, Parameters, ...).');
    return;
  }
  for (const p of root.pairs) {
    if (!TOP_LEVEL_SECTIONS.includes(p.key)) sink.error(keyRange(p), 'unknown-section', `Unknown section '${p.key}'.${didYouMean(p.key, TOP_LEVEL_SECTIONS)}`);
  }
  const res = t.sections.get('Resources');
  if (!res) sink.add(root.start, Math.min(root.end, root.start + 1), 'error', 'structure', "The 'Resources' section is required.");
  else if (!res.value || res.value.kind !== 'map')
    sink.error(res.value ?? keyRange(res), 'structure', "'Resources' must be a map of logical ids to resources.");
  for (const name of ['Parameters', 'Mappings', 'Conditions', 'Outputs', 'Globals']) {
    const p = t.sections.get(name);
    if (p && (!p.value || p.value.kind !== 'map')) sink.error(p.value ?? keyRange(p), 'structure', `'${name}' must be a map.`);
  }
  for (const [name, p] of t.parameters) {
    if (!getPair(p.value, 'Type'))
      sink.error(
        keyRange(p),
        'parameter',
        `Parameter '${name}' needs a 'Type' (String, Number, List<Number>, CommaDelimitedList, an AWS-specific type or an SSM parameter type).`,
      );
  }
  for (const [name, p] of t.outputs) {
    if (p.value && p.value.kind === 'map' && !getPair(p.value, 'Value')) sink.error(keyRange(p), 'output', `Output '${name}' needs a 'Value'.`);
  }
  for (const [name, p] of t.mappings) {
    if (!p.value || p.value.kind !== 'map') {
      sink.error(p.value ?? keyRange(p), 'mapping', `Mapping '${name}' must be a two-level map.`);
      continue;
    }
    for (const q of p.value.pairs)
      if (!q.value || q.value.kind !== 'map')
        sink.error(q.value ?? keyRange(q), 'mapping', `Mapping '${name}.${q.key}' must be a map (mappings have two levels).`);
  }
  if (t.globals && t.globals.kind === 'map') validateGlobals(t.globals, sink);
}

function validateGlobals(g: TMap, sink: Sink): void {
  for (const sec of g.pairs) {
    const allowed = schema().globals[sec.key];
    if (!allowed) {
      sink.error(
        keyRange(sec),
        'globals',
        `'${sec.key}' is not a Globals section: use one of ${Object.keys(GLOBAL_SECTIONS).join(', ')}.${didYouMean(sec.key, Object.keys(GLOBAL_SECTIONS))}`,
      );
      continue;
    }
    if (!sec.value) continue;
    if (sec.value.kind !== 'map') {
      sink.error(sec.value, 'globals', `Globals.${sec.key} must be a map of properties.`);
      continue;
    }
    for (const p of sec.value.pairs) {
      if (!allowed.includes(p.key))
        sink.error(keyRange(p), 'globals', `'${p.key}' is not supported in Globals.${sec.key}: set it on each resource instead.${didYouMean(p.key, allowed)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One resource.

export function validateResource(t: Template, r: ResourceEntry, opts: ValidateOptions = {}): SamDiagnostic[] {
  const sink = new Sink();
  sink.logicalId = r.logicalId;
  // In a SAM template, errors are what the SAM transform rejects; what only CloudFormation rejects
  // later (plain resources' schema) is a warning, so no error lands on a template SAM accepts.
  const isSamResource = !!r.type?.startsWith('AWS::Serverless::');
  sink.soften = t.isSam && !isSamResource;
  const id = keyRange(r.pair);
  if (!/^[A-Za-z0-9]+$/.test(r.logicalId)) sink.error(id, 'logical-id', `Logical id '${r.logicalId}' must be alphanumeric (A-Z, a-z, 0-9).`);
  if (t.resourceById.get(r.logicalId) !== r) sink.error(id, 'duplicate', `Logical id '${r.logicalId}' is defined twice.`);
  const node = r.node;
  if (!node || node.kind !== 'map') {
    sink.error(node ?? id, 'resource', `Resource '${r.logicalId}' must be a map with at least a 'Type'.`);
    return sink.items;
  }
  for (const p of node.pairs) {
    if (!RESOURCE_ATTRIBUTE_SET.has(p.key))
      sink.error(keyRange(p), 'resource-attribute', `Unknown resource attribute '${p.key}'.${didYouMean(p.key, RESOURCE_ATTRIBUTES)}`);
  }
  const typePair = getPair(node, 'Type');
  if (!typePair) {
    sink.soften = t.isSam;
    sink.error(id, 'resource-type', `Resource '${r.logicalId}' has no 'Type'.`);
    return sink.items;
  }
  const type = r.type;
  if (type === undefined || !typePair.value || typePair.value.kind !== 'scalar') {
    sink.add(
      (typePair.value ?? keyRange(typePair)).start,
      (typePair.value ?? keyRange(typePair)).end,
      'warning',
      'resource-type',
      `'Type' should be a string like AWS::Serverless::Function.`,
    );
    return sink.items;
  }
  const spec = resourceSpec(type);
  if (!spec) {
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return sink.items;
    const cands = Object.keys(schema().resources);
    const sev: 'error' | 'warning' = type.startsWith('AWS::Serverless::') ? 'error' : 'warning';
    sink.add(typePair.value.start, typePair.value.end, sev, 'unknown-type', `Unknown resource type '${type}'.${didYouMean(type, cands)}`);
    return sink.items;
  }
  const propsPair = getPair(node, 'Properties');
  const props = propsPair?.value ?? null;
  if (propsPair && props && props.kind !== 'map' && !intrinsicName(props)) {
    sink.error(props, 'properties', `'Properties' of '${r.logicalId}' should be a map.`);
    return sink.items;
  }
  const globalSection = GLOBAL_SECTION_OF_TYPE.get(type);
  const globals = globalSection ? getValue(t.globals, globalSection) : undefined;
  const present = new Set<string>();
  if (props?.kind === 'map') for (const p of props.pairs) present.add(p.key);
  if (globals?.kind === 'map' && !ignoresGlobals(node)) for (const p of globals.pairs) present.add(p.key);
  for (const name of requiredOf(spec.p)) {
    if (!present.has(name)) sink.error(id, 'required', `Resource '${r.logicalId}' (${type}) is missing the required property '${name}'.`);
  }
  if (props?.kind === 'map') checkObjectProps(props, spec, '', sink, type);
  if (type === 'AWS::Serverless::Function' || type === 'AWS::Serverless::StateMachine') checkEvents(t, r, props, sink);
  if (type === 'AWS::Serverless::Function') checkFunction(r, props, globals ?? null, sink, opts);
  if (type === 'AWS::Serverless::Api') checkApi(r, props, sink);
  if (type.startsWith('AWS::Serverless::')) samRules(t, r, props, sink);
  for (const c of t.collisions) {
    if (c.from === r.logicalId)
      sink.hard(id, 'collision', `SAM generates '${c.id}' (${c.type}) from '${r.logicalId}', but the template already defines '${c.id}': rename one of them.`);
  }
  if (type === 'AWS::Serverless::Function' || type === 'AWS::Serverless::StateMachine') eventRules(t, r, sink);
  if (type === 'AWS::Lambda::Function') checkRuntime(getPair(props, 'Runtime'), sink, opts);
  return sink.items;
}

function ignoresGlobals(node: TNode): boolean {
  const v = getValue(node, 'IgnoreGlobals');
  return !!v && (scalarString(v) === '*' || v.kind === 'seq');
}

function checkObjectProps(n: TMap, spec: ObjectSpec, path: string, sink: Sink, owner: string): void {
  for (const p of n.pairs) {
    const ps = spec.p[p.key];
    if (!ps) {
      if (spec.open) continue;
      sink.error(keyRange(p), 'unknown-property', `Unknown property '${path}${p.key}' for ${owner}.${didYouMean(p.key, Object.keys(spec.p))}`);
      continue;
    }
    checkValue(p.value, ps.t, `${path}${p.key}`, sink, keyRange(p));
  }
}

function checkRequired(n: TMap, spec: ObjectSpec, path: string, anchor: { start: number; end: number }, sink: Sink): void {
  for (const name of requiredOf(spec.p)) {
    if (!getPair(n, name)) sink.error(anchor, 'required', `Property '${path}${name}' is required.`);
  }
}

const isNumeric = (v: unknown) => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v)));

/** Checks a value against a type; returns false when it reported something. */
function checkValue(n: TNode | null, t: TypeExpr, path: string, sink: Sink, anchor: { start: number; end: number }): boolean {
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
    if (t === 'b' && !(typeof n.value === 'boolean' || n.value === 'true' || n.value === 'false')) return bad('a boolean');
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
    checkObjectProps(n, spec, `${path}.`, sink, path);
    checkRequired(n, spec, `${path}.`, anchor, sink);
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

// ---------------------------------------------------------------------------------------------
// SAM specifics.

let functionEvents: string[] | undefined;

function checkEvents(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  const eventsPair = getPair(props, 'Events');
  const events = eventsPair?.value;
  if (!eventsPair || !events || intrinsicName(events)) return;
  if (events.kind !== 'map') {
    sink.error(events, 'events', `'Events' should be a map of event ids to event sources.`);
    return;
  }
  const allowed = r.type === 'AWS::Serverless::StateMachine' ? STATE_MACHINE_EVENTS : (functionEvents ??= Object.keys(schema().events));
  for (const ev of events.pairs) {
    const evNode = ev.value;
    if (!evNode || evNode.kind !== 'map') {
      sink.error(evNode ?? keyRange(ev), 'event', `Event '${ev.key}' should be a map with 'Type' and 'Properties'.`);
      continue;
    }
    if (!/^[A-Za-z0-9]+$/.test(ev.key)) sink.error(keyRange(ev), 'event', `Event id '${ev.key}' must be alphanumeric.`);
    for (const p of evNode.pairs) {
      if (p.key !== 'Type' && p.key !== 'Properties')
        sink.error(keyRange(p), 'event', `Unknown key '${p.key}' in event '${ev.key}': an event has 'Type' and 'Properties'.`);
    }
    const typePair = getPair(evNode, 'Type');
    if (!typePair) {
      sink.error(keyRange(ev), 'event', `Event '${ev.key}' has no 'Type' (one of ${allowed.join(', ')}).`);
      continue;
    }
    const type = scalarString(typePair.value);
    if (!type || !allowed.includes(type)) {
      const n = typePair.value ?? keyRange(typePair);
      sink.error(
        n,
        'event-type',
        `Event type '${type ?? ''}' is not supported by ${r.type}: use one of ${allowed.join(', ')}.${type ? didYouMean(type, allowed) : ''}`,
      );
      continue;
    }
    const spec = schema().events[type];
    const propsPair = getPair(evNode, 'Properties');
    const evProps = propsPair?.value;
    if (!propsPair || !evProps) {
      if (requiredOf(spec).length) sink.error(keyRange(ev), 'event', `Event '${ev.key}' (${type}) needs 'Properties'.`);
      continue;
    }
    if (evProps.kind !== 'map') {
      sink.error(evProps, 'event', `'Properties' of event '${ev.key}' should be a map.`);
      continue;
    }
    const objSpec: ObjectSpec = { p: spec }; // same p: the required-names cache still applies
    for (const p of evProps.pairs) {
      const ps: PropSpec | undefined = spec[p.key];
      if (!ps) {
        sink.error(keyRange(p), 'unknown-property', `Unknown property '${p.key}' for a ${type} event.${didYouMean(p.key, Object.keys(spec))}`);
        continue;
      }
      checkValue(p.value, ps.t, p.key, sink, keyRange(p));
    }
    checkRequired(evProps, objSpec, '', keyRange(ev), sink);
    checkEventSemantics(t, ev, type, evProps, sink);
  }
}

function checkEventSemantics(t: Template, ev: TPair, type: string, props: TMap, sink: Sink): void {
  if (type === 'Api') {
    const rest = getValue(props, 'RestApiId');
    if (rest) {
      if (rest.kind !== 'scalar' && intrinsicName(rest) !== 'Ref')
        sink.error(rest, 'event', `Property 'RestApiId' should be a string or a Ref to an AWS::Serverless::Api of this template.`);
      else {
        const target = refName(rest);
        if (target && t.resourceById.get(target)?.type !== 'AWS::Serverless::Api' && !t.parameters.has(target)) {
          sink.error(rest, 'event', `RestApiId of event '${ev.key}' must reference an AWS::Serverless::Api resource of this template.`);
        }
      }
    }
  }
  if (type === 'HttpApi') {
    const api = getValue(props, 'ApiId');
    if (api && api.kind !== 'scalar' && intrinsicName(api) !== 'Ref')
      sink.error(api, 'event', `Property 'ApiId' should be a string or a Ref to an AWS::Serverless::HttpApi of this template.`);
  }
  if (
    (type === 'Schedule' || type === 'ScheduleV2' || type === 'CloudWatchEvent' || type === 'EventBridgeRule') &&
    getPair(props, 'State') &&
    getPair(props, 'Enabled')
  ) {
    sink.error(keyRange(getPair(props, 'Enabled')!), 'event', `Event '${ev.key}': 'State' and 'Enabled' cannot both be set.`);
  }
  const dlq = getValue(props, 'DeadLetterConfig');
  if (dlq?.kind === 'map') {
    const arn = getPair(dlq, 'Arn');
    const dtype = getPair(dlq, 'Type');
    if (arn && dtype) sink.error(keyRange(dtype), 'event', `DeadLetterConfig of event '${ev.key}' takes either 'Arn' or 'Type', not both.`);
    else if (!arn && !dtype) sink.error(dlq, 'event', `DeadLetterConfig of event '${ev.key}' needs 'Arn' or 'Type: SQS'.`);
    else if (dtype && scalarString(dtype.value) !== 'SQS')
      sink.error(dtype.value ?? keyRange(dtype), 'event', `The only valid DeadLetterConfig 'Type' is SQS.`);
    const qid = getValue(dlq, 'QueueLogicalId');
    if (qid && qid.kind !== 'scalar') sink.error(qid, 'event', `QueueLogicalId must be a string.`);
  }
  const sac = getValue(props, 'SourceAccessConfigurations');
  if (sac?.kind === 'seq') {
    for (const it of sac.items) {
      const ty = scalarString(getValue(it, 'Type'));
      if (it.kind === 'map' && ty !== undefined && !/^[A-Z_0-9]+$/.test(ty))
        sink.error(getValue(it, 'Type')!, 'event', `Invalid SourceAccessConfigurations Type '${ty}'.`);
    }
  }
}

function checkFunction(r: ResourceEntry, props: TNode | null, globals: TNode | null, sink: Sink, opts: ValidateOptions): void {
  const get = (k: string) => getPair(props, k) ?? getPair(globals, k);
  const id = keyRange(r.pair);
  const packageType = scalarString(get('PackageType')?.value);
  const isImage = packageType === 'Image' || (!!getPair(props, 'ImageUri') && packageType === undefined);
  if (!isImage && (!get('Runtime') || !get('Handler'))) {
    sink.error(
      id,
      'required',
      `Function '${r.logicalId}' needs both 'Runtime' and 'Handler' (on the function or in Globals.Function) unless PackageType is Image.`,
    );
  }
  if (!isImage && !get('CodeUri') && !getPair(props, 'InlineCode')) {
    sink.error(id, 'required', `Function '${r.logicalId}' needs 'CodeUri' (a folder or s3:// location) or 'InlineCode'.`);
  }
  if (getPair(props, 'InlineCode') && getPair(props, 'CodeUri'))
    sink.error(keyRange(getPair(props, 'InlineCode')!), 'function', `Set only one of 'InlineCode' and 'CodeUri'.`);
  const hasAlias = !!get('AutoPublishAlias');
  const dp = getPair(props, 'DeploymentPreference');
  const dpEnabled = getValue(dp?.value, 'Enabled');
  if (dp && !hasAlias && (!dpEnabled || scalarString(dpEnabled) === 'true'))
    sink.error(keyRange(dp), 'function', `'DeploymentPreference' needs 'AutoPublishAlias' to be set.`);
  const pc = getPair(props, 'ProvisionedConcurrencyConfig');
  if (pc && !hasAlias) sink.error(keyRange(pc), 'function', `'ProvisionedConcurrencyConfig' needs 'AutoPublishAlias' to be set.`);
  if (pc && get('CapacityProviderConfig'))
    sink.error(keyRange(pc), 'function', `'CapacityProviderConfig' and 'ProvisionedConcurrencyConfig' cannot be set together.`);
  const vdp = getValue(props, 'VersionDeletionPolicy');
  if (vdp?.kind === 'scalar' && !['Delete', 'Retain'].includes(String(vdp.value)))
    sink.error(vdp, 'type', `Property 'VersionDeletionPolicy' should be 'Delete' or 'Retain'.`);
  const tags = getValue(props, 'Tags');
  if (tags?.kind === 'map')
    for (const p of tags.pairs)
      if (p.key.startsWith('lambda:')) sink.error(keyRange(p), 'function', `'${p.key}': tag keys starting with 'lambda:' are reserved.`);
  const policies = getValue(props, 'Policies');
  if (policies?.kind === 'seq') {
    policies.items.forEach((it, i) => {
      if (it.kind === 'seq')
        sink.error(
          it,
          'policy',
          `Policy at index ${i} in 'Policies' is not valid: use a managed policy name or ARN, a policy document, or a SAM policy template.`,
        );
    });
  }
  checkRuntime(getPair(props, 'Runtime'), sink, opts);
  if (!isImage && opts.templateDir) {
    const handler = scalarString(get('Handler')?.value);
    const runtime = scalarString(get('Runtime')?.value);
    const codeUri = get('CodeUri');
    if (handler && runtime && codeUri) {
      const found = checkHandler(opts.templateDir, codeUri.value, handler, runtime, opts.files);
      const target = getPair(props, 'Handler')?.value ?? id;
      if (found) sink.add(target.start, target.end, 'warning', 'handler', found);
    }
  }
}

function checkRuntime(p: TPair | undefined, sink: Sink, opts: ValidateOptions): void {
  const v = p?.value;
  if (!v || v.kind !== 'scalar' || typeof v.value !== 'string') return;
  const name = v.value;
  const info = runtimes()[name];
  if (!info) {
    sink.error(v, 'runtime', `Unknown runtime '${name}'.${didYouMean(name, Object.keys(runtimes()))}`);
    return;
  }
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  if (info.deprecated && info.deprecated <= today) {
    sink.add(
      v.start,
      v.end,
      'warning',
      'deprecated-runtime',
      `Runtime '${name}' is deprecated since ${info.deprecated}${info.successor ? `: move to ${info.successor}` : ''}.`,
    );
  }
}

function checkApi(r: ResourceEntry, props: TNode | null, sink: Sink): void {
  const body = getPair(props, 'DefinitionBody');
  const uri = getPair(props, 'DefinitionUri');
  if (body && uri) sink.error(keyRange(uri), 'api', `Set either 'DefinitionUri' or 'DefinitionBody', not both.`);
  const stage = getValue(props, 'StageName');
  if (stage?.kind === 'scalar' && (stage.value === '' || stage.value === null)) sink.error(stage, 'api', `StageName cannot be empty.`);
  void r;
}

// ---------------------------------------------------------------------------------------------
// References: Ref, GetAtt, Sub, DependsOn, Condition, FindInMap.

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
  constructor(readonly t: Template) {
    this.targets = new Set(refTargets(t));
    this.samIds = t.resources.filter((r) => r.type?.startsWith('AWS::Serverless::')).map((r) => r.logicalId);
  }
  /** True for a name SAM may generate from one of the template's SAM resources (hashes, stages...). */
  generatedBySam(name: string): boolean {
    const dot = name.indexOf('.');
    const head = dot > 0 ? name.slice(0, dot) : name;
    if (dot > 0 && this.t.resourceById.get(head)?.type?.startsWith('AWS::Serverless::')) return true;
    return this.samIds.some((id) => name.startsWith(id) && name.length > id.length);
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

export { PSEUDO_PARAMETERS };
