// One resource: its attributes, its type, required properties (with Globals merged), the schema of
// its properties, then the rules of its type. The checks run in the order written in
// validateResource(), which is the order of the diagnostics clients and tests see: keep it.
import { getPair, getValue, intrinsicName } from '../ast';
import { didYouMean, resourceSpec, schema } from '../schema';
import type { ResourceEntry, Template } from '../template';
import { GLOBAL_SECTION_OF_TYPE, ignoresGlobals } from './globals';
import type { ValidateOptions } from './options';
import { samRules } from './rules';
import { checkApi } from './rules/apis';
import { cfnResourceRules } from './rules/cfnResources';
import { eventSourceRules } from './rules/eventSources';
import { checkEvents } from './rules/events';
import { checkFunction, checkRuntime } from './rules/functions';
import { addProperty, moveIntoProperties } from './fixes';
import { keyRange, Sink, type SamDiagnostic } from './sink';
import { checkObjectProps, requiredOf } from './types';

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
const RESOURCE_ATTRIBUTE_SET = new Set(RESOURCE_ATTRIBUTES);

export function validateResource(t: Template, r: ResourceEntry, opts: ValidateOptions = {}): SamDiagnostic[] {
  // An Fn::ForEach loop (AWS::LanguageExtensions) generates resources that exist only once it runs.
  if (r.logicalId.startsWith('Fn::ForEach::')) return [];
  const sink = new Sink();
  sink.logicalId = r.logicalId;
  // In a SAM template, errors are what the SAM transform rejects; what only CloudFormation rejects
  // later (plain resources' schema) is a warning, so no error lands on a template SAM accepts.
  const isSamResource = !!r.type?.startsWith('AWS::Serverless::');
  sink.soften = t.isSam && !isSamResource;
  const id = keyRange(r.pair);
  if (!/^[A-Za-z0-9]+$/.test(r.logicalId)) sink.error(id, 'logical-id', `Logical id '${r.logicalId}' must be alphanumeric (A-Z, a-z, 0-9).`);
  // A repeated key is reported by the parser, as a warning: CloudFormation accepts it (undefined behaviour).
  if (t.resourceById.get(r.logicalId) !== r) sink.add(id.start, id.end, 'warning', 'duplicate', `Logical id '${r.logicalId}' is defined twice.`);
  const node = r.node;
  if (!node || node.kind !== 'map') {
    sink.error(node ?? id, 'resource', `Resource '${r.logicalId}' must be a map with at least a 'Type'.`);
    return sink.items;
  }
  const typeSpec = r.type ? resourceSpec(r.type) : undefined;
  for (const p of node.pairs) {
    if (RESOURCE_ATTRIBUTE_SET.has(p.key)) continue;
    const k = keyRange(p);
    const isProperty = !!typeSpec && Object.prototype.hasOwnProperty.call(typeSpec.p, p.key);
    // The SAM transform builds a resource from the keys it knows and drops the others, so beside a
    // SAM type an unknown key is ignored (a warning); CloudFormation rejects one on its own types.
    const sam = !!r.type?.startsWith('AWS::Serverless::');
    const hint = isProperty ? ` '${p.key}' is a property of ${r.type}: move it into Properties.` : didYouMean(p.key, RESOURCE_ATTRIBUTES);
    const message = sam ? `'${p.key}' beside Type is ignored by the SAM transform.${hint}` : `Unknown resource attribute '${p.key}'.${hint}`;
    if (sam) sink.add(k.start, k.end, 'warning', 'resource-attribute', message);
    else sink.error(k, 'resource-attribute', message);
    if (isProperty) {
      const fix = moveIntoProperties(t.text, node, p);
      if (fix) sink.items[sink.items.length - 1].fix = fix;
    }
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
    // Module types (Org::Service::Name::MODULE) are registered per account: their schema is not known here.
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource' || type.endsWith('::MODULE')) return sink.items;
    const cands = Object.keys(schema().resources);
    const sev: 'error' | 'warning' = type.startsWith('AWS::Serverless::') ? 'error' : 'warning';
    sink.add(typePair.value.start, typePair.value.end, sev, 'unknown-type', `Unknown resource type '${type}'.${didYouMean(type, cands)}`);
    if (!typePair.value.quoted) sink.suggest(typePair.value, type, cands);
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
    if (!present.has(name)) {
      sink.error(id, 'required', `Resource '${r.logicalId}' (${type}) is missing the required property '${name}'.`);
      const fix = addProperty(t.text, node, name);
      if (fix) sink.items[sink.items.length - 1].fix = fix;
    }
  }
  if (props?.kind === 'map') checkObjectProps(props, spec, '', sink, type);
  if (type === 'AWS::Serverless::Function' || type === 'AWS::Serverless::StateMachine') checkEvents(t, r, props, sink);
  if (type === 'AWS::Serverless::Function') checkFunction(r, props, globals ?? null, sink, opts);
  if (type === 'AWS::Serverless::Api') checkApi(props, sink);
  if (type.startsWith('AWS::Serverless::')) samRules(t, r, props, sink);
  for (const c of t.collisions) {
    if (c.from === r.logicalId)
      sink.hard(id, 'collision', `SAM generates '${c.id}' (${c.type}) from '${r.logicalId}', but the template already defines '${c.id}': rename one of them.`);
  }
  if (type === 'AWS::Serverless::Function' || type === 'AWS::Serverless::StateMachine') eventSourceRules(t, r, sink);
  if (type === 'AWS::Lambda::Function') checkRuntime(getPair(props, 'Runtime'), sink, opts);
  cfnResourceRules(t, r, props, sink);
  return sink.items;
}
