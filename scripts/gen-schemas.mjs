// Regenerates the compact schema data the SAM language service ships with (schemas/cfn-schema.json).
//
// Sources (both data, never code):
//  - CloudFormation resource types, and the AWS::Serverless::* model that the CloudFormation SAM
//    specification carries, from the @aws-cdk/aws-service-spec npm package (Apache-2.0, devDependency).
//  - schemas/sources/sam/: SAM's own data, copied verbatim from the SAM translator (see its README):
//    sam.schema.json gives every AWS::Serverless::* type's properties, types and required ones, the
//    event sources of functions and state machines, and what each Globals section accepts;
//    policy_templates.json the policy templates and their parameters. Properties SAM passes straight
//    to a CloudFormation resource take CloudFormation's type for them.
//  - schemas/sources/sam-extra.json: what SAM's schema lacks and the translator or SAM's guide has: the
//    Fn::GetAtt attributes of SAM types, event types the translator defines as one, a few event
//    properties and required ones (each cited in its "...Source" field).
// The runtime server never needs the npm package: only the generated JSON is bundled.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const specPkg = require.resolve('@aws-cdk/aws-service-spec/package.json');
const specVersion = JSON.parse(readFileSync(specPkg, 'utf8')).version;
const db = JSON.parse(gunzipSync(readFileSync(join(dirname(specPkg), 'db.json.gz')))).schema;

/** First sentence of a documentation string, markdown kept, bounded so the bundle stays small. */
function shortDoc(doc, max = 240) {
  if (!doc) return undefined;
  const text = doc.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  let s = m ? m[1] : text;
  if (s.length > max) s = s.slice(0, max - 1) + '…';
  return s;
}

const typesById = new Map();
for (const t of Object.values(db.typeDefinition.entities)) typesById.set(t.$id, t);

// Type definitions are renamed to short stable keys: "<ResourceType>.<TypeName>" de-duplicated.
const typeKey = new Map();
const outTypes = {};

function convType(t, owner) {
  switch (t.type) {
    case 'string':
      return t.allowedValues?.length ? { e: t.allowedValues } : 's';
    case 'number':
      return 'n';
    case 'integer':
      return 'i';
    case 'boolean':
      return 'b';
    case 'json':
      return 'j';
    case 'date-time':
      return 's';
    case 'tag':
      return { r: '#Tag' };
    case 'null':
      return 'j';
    case 'array':
      return { a: convType(t.element, owner) };
    case 'map':
      return { m: convType(t.element, owner) };
    case 'union':
      return { u: t.types.map((x) => convType(x, owner)) };
    case 'ref':
      return { r: refType(t.reference.$ref, owner) };
    default:
      return 'j';
  }
}

function refType(id, owner) {
  if (typeKey.has(id)) return typeKey.get(id);
  const def = typesById.get(id);
  let key = `${owner}.${def?.name ?? id}`;
  for (let i = 2; outTypes[key]; i++) key = `${owner}.${def?.name ?? id}${i}`;
  typeKey.set(id, key);
  outTypes[key] = { p: {} }; // placeholder against cycles
  outTypes[key] = def ? convProps(def.properties ?? {}, owner) : { p: {}, open: 1 };
  return key;
}

function convProps(props, owner) {
  const p = {};
  for (const [name, spec] of Object.entries(props)) {
    const o = { t: convType(spec.type, owner) };
    if (spec.required) o.q = 1;
    const d = shortDoc(spec.documentation);
    if (d) o.d = d;
    p[name] = o;
  }
  return { p };
}

outTypes['#Tag'] = { p: { Key: { t: 's', q: 1 }, Value: { t: 's', q: 1 } } };

const resources = {};
for (const r of Object.values(db.resource.entities)) {
  const owner = r.cloudFormationType;
  const out = convProps(r.properties ?? {}, owner);
  const d = shortDoc(r.documentation, 400);
  if (d) out.d = d;
  out.a = Object.keys(r.attributes ?? {});
  resources[owner] = out;
}

// SAM: the AWS::Serverless::* model comes from SAM's own published JSON schema (schemas/sources/sam/),
// replacing what the CloudFormation SAM specification carries for those types.
// Where SAM's schema says only "passed through" without naming CloudFormation's property (Layers,
// DisableExecuteApiEndpoint, ...), the CloudFormation SAM specification's type for it is kept, loosened
// inside nested objects as the specification lags behind SAM (no scalar type is trusted there: its
// S3Location.Version is a number where S3 object versions are strings).
const cfnSam = {};
for (const k of Object.keys(resources)) {
  if (!k.startsWith('AWS::Serverless::')) continue;
  cfnSam[k] = resources[k].p;
  delete resources[k];
}
const loosen = (t) => {
  if (typeof t === 'string') return 'j';
  if (t.a) return { a: loosen(t.a) };
  if (t.m) return { m: loosen(t.m) };
  if (t.u || t.e) return 'j';
  return t;
};
for (const [key, def] of Object.entries(outTypes)) {
  if (!key.startsWith('AWS::Serverless::')) continue;
  def.open = 1;
  for (const p of Object.values(def.p)) {
    delete p.q;
    p.t = loosen(p.t);
    if (p.t.a) p.t = 'j';
  }
}
const sam = JSON.parse(readFileSync(join(root, 'schemas/sources/sam/sam.schema.json'), 'utf8'));
const samDefs = sam.definitions;
const samPrefix = 'samtranslator__internal__schema_source__';
const samExtra = JSON.parse(readFileSync(join(root, 'schemas/sources/sam-extra.json'), 'utf8'));

/** "samtranslator__internal__schema_source__aws_serverless_api__Auth" -> "SAM::Api.Auth"; "Cors" -> "SAM.Cors". */
function samTypeKey(defName) {
  if (!defName.startsWith(samPrefix)) return `SAM.${defName}`;
  const [mod, name] = defName.slice(samPrefix.length).split('__');
  const typeName = samResourceNames.get(mod) ?? mod;
  return `${typeName.replace('AWS::Serverless::', 'SAM::')}.${name}`;
}
/** Module name ("aws_serverless_api") -> resource type, read from each Resource definition's Type enum. */
const samResourceNames = new Map();
for (const [name, def] of Object.entries(samDefs)) {
  const m = /^samtranslator__internal__schema_source__(aws_serverless_\w+?)__Resource$/.exec(name);
  const type = def.properties?.Type?.enum?.[0];
  if (m && type) samResourceNames.set(m[1], type);
}

const samDoc = (s) => shortDoc(s.markdownDescription?.replace(/\s*\*(Type|Required|CloudFormation compatibility)\*:.*$/s, '') ?? s.description);

/**
 * A property SAM passes to a CloudFormation resource: CloudFormation's type for it, with the objects
 * inside it loosened (open, nothing required, scalars and lists unchecked), since SAM reworks some on
 * the way (an event's DestinationConfig.OnFailure takes a SAM-only Type) and its tests give others in
 * forms CloudFormation's schema does not list (ImageConfig.Command as a string).
 */
function passThroughType(path) {
  const [, owner, , , , name] = path;
  if (path.length !== 6 || owner.includes('.')) return 'j';
  return looseCopy(resources[owner]?.p[name]?.t ?? 'j');
}
function looseCopy(t) {
  if (typeof t === 'string' || t.e) return t;
  if (t.a) return { a: looseCopy(t.a) };
  if (t.m) return { m: looseCopy(t.m) };
  if (t.u) return { u: t.u.map(looseCopy) };
  const key = `${t.r}~sam`;
  if (!outTypes[key]) {
    outTypes[key] = { p: {}, open: 1 };
    for (const [name, spec] of Object.entries(outTypes[t.r]?.p ?? {})) {
      const inner = looseCopy(spec.t);
      outTypes[key].p[name] = { t: typeof inner === 'string' || inner.e || inner.u || inner.a ? 'j' : inner, ...(spec.d ? { d: spec.d } : {}) };
    }
  }
  return { r: key };
}

function samType(s, ctx) {
  if (!s || typeof s !== 'object') return 'j';
  if (s.__samPassThrough) return passThroughType(s.__samPassThrough.schemaPath);
  if (s.$ref) {
    const name = s.$ref.replace('#/definitions/', '');
    const def = samDefs[name];
    if (!def || Object.keys(def).length === 0) return 'j';
    if (def.properties) return { r: samObject(name) };
    return samType(def, ctx);
  }
  if (s.allOf?.length === 1) return samType(s.allOf[0], ctx);
  if (s.anyOf) {
    const alts = [];
    for (const a of s.anyOf) {
      const t = samType(a, ctx);
      if (t === 'j') return 'j';
      if (!alts.some((x) => JSON.stringify(x) === JSON.stringify(t))) alts.push(t);
    }
    return alts.length === 1 ? alts[0] : { u: alts };
  }
  if (Array.isArray(s.type)) return samType({ anyOf: s.type.map((type) => ({ type })) }, ctx);
  if (s.enum) return s.enum.every((v) => typeof v === 'string') ? { e: s.enum } : 'j';
  switch (s.type) {
    case 'string':
      return 's';
    case 'boolean':
      return 'b';
    case 'integer':
      return 'i';
    case 'number':
      return 'n';
    case 'array':
      return { a: s.items ? samType(s.items, ctx) : 'j' };
    case 'object':
      if (s.properties) return { r: samObject(ctx, s) };
      return { m: s.additionalProperties && typeof s.additionalProperties === 'object' ? samType(s.additionalProperties, ctx) : 'j' };
    default:
      return 'j';
  }
}

/** An object definition as a named property type (closed when SAM's schema closes it). */
function samObject(defName, inline) {
  const key = samTypeKey(defName);
  if (outTypes[key]) return key;
  outTypes[key] = { p: {} }; // placeholder against cycles
  outTypes[key] = samProps(inline ?? samDefs[defName], defName);
  return key;
}

function samProps(def, ctx, fallback = {}) {
  const p = {};
  for (const [name, spec] of Object.entries(def.properties ?? {})) {
    let t = samType(spec, `${ctx}_${name}`);
    if (t === 'j' && fallback[name]) t = fallback[name].t;
    const o = { t };
    if (def.required?.includes(name)) o.q = 1;
    const d = samDoc(spec.__samPassThrough ? { markdownDescription: spec.__samPassThrough.markdownDescriptionOverride } : spec);
    if (d) o.d = d;
    p[name] = o;
  }
  const out = { p };
  if (def.additionalProperties !== false) out.open = 1;
  return out;
}

const events = {};
const stateMachineEvents = {};
const globals = {};
for (const [mod, type] of samResourceNames) {
  const def = samDefs[`${samPrefix}${mod}__Properties`];
  const spec = samProps(def, `${samPrefix}${mod}__Properties`, cfnSam[type]);
  delete spec.open;
  const short = type.replace('AWS::Serverless::', '');
  spec.d = `AWS SAM ${short}: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-${short.toLowerCase()}.html`;
  spec.a = samExtra.attributes[type] ?? [];
  // Events are checked per event type (events, stateMachineEvents below), not as a union of shapes.
  if (spec.p.Events) spec.p.Events.t = { m: 'j' };
  resources[type] = spec;
  // Event sources: each alternative of Events names its Type and the properties that type takes.
  const evAlts = def.properties.Events?.additionalProperties?.anyOf ?? [];
  for (const alt of evAlts) {
    const evDef = samDefs[alt.$ref.replace('#/definitions/', '')];
    const evType = evDef.properties.Type.enum[0];
    const propsRef = evDef.properties.Properties.allOf?.[0]?.$ref ?? evDef.properties.Properties.$ref;
    const propsDef = samDefs[propsRef.replace('#/definitions/', '')];
    const target = type === 'AWS::Serverless::StateMachine' ? stateMachineEvents : events;
    const specEvent = outTypes[`${type}.${evType === 'CloudWatchEvent' ? 'CloudWatchEventEvent' : `${evType}Event`}`]?.p;
    target[evType] = samProps(propsDef, propsRef.replace('#/definitions/', ''), specEvent).p;
  }
  // Event types the translator implements as one class take the union of what SAM's schema documents for each.
  for (const group of samExtra.sameEventClass) {
    for (const target of [events, stateMachineEvents]) {
      const union = Object.assign({}, ...group.map((name) => target[name] ?? {}));
      for (const [name, spec] of Object.entries(union)) if (group.some((g) => !target[g]?.[name]?.q)) union[name] = { ...spec, q: undefined };
      for (const name of group) if (target[name]) target[name] = JSON.parse(JSON.stringify(union));
    }
  }
  const g = samDefs[`${samPrefix}${mod}__Globals`];
  if (g) globals[short] = Object.keys(g.properties);
}
for (const [kind, target] of [
  ['function', events],
  ['stateMachine', stateMachineEvents],
]) {
  for (const [evType, props] of Object.entries(samExtra.eventProperties[kind])) Object.assign(target[evType], props);
}
for (const [evType, names] of Object.entries(samExtra.eventRequired)) for (const name of names) events[evType][name].q = 1;
for (const [type, props] of Object.entries(samExtra.propertyTypes)) for (const [name, t] of Object.entries(props)) resources[type].p[name].t = t;
for (const type of Object.keys(samExtra.attributes)) if (!resources[type]) throw new Error(`sam-extra.json names ${type}, which SAM's schema lacks`);

// Kinds of value SAM's schema does not declare but a deploy takes (the translator accepts them and
// CloudFormation's schemas take what it generates), probed from the translator itself by
// scripts/gen-sam-translator-kinds.py: the server reports them as warnings, not errors.
const SHAPES = { s: ['string', 'number', 'boolean'], n: ['number', 'string'], i: ['number', 'string'], b: ['boolean', 'string'] };
const declaredKinds = (t) => {
  if (typeof t === 'string') return SHAPES[t] ?? ['string', 'number', 'boolean', 'list', 'map'];
  if ('e' in t) return ['string'];
  if ('a' in t) return ['list'];
  if ('m' in t || 'r' in t) return ['map'];
  return (t.u ?? []).flatMap(declaredKinds);
};
const translatorKinds = JSON.parse(readFileSync(join(root, 'schemas/sources/sam/translator-kinds.json'), 'utf8'));
const markAccepted = (spec, accepted) => {
  for (const [name, kinds] of Object.entries(accepted)) {
    if (!spec[name]) continue;
    const extra = kinds.filter((k) => !declaredKinds(spec[name].t).includes(k));
    if (extra.length) spec[name].k = extra;
  }
};
for (const [type, accepted] of Object.entries(translatorKinds.resources)) markAccepted(resources[type].p, accepted);
for (const [type, accepted] of Object.entries(translatorKinds.events)) markAccepted(events[type], accepted);
// Types whose transform ignores a property it does not know (their pydantic model drops it): there
// an unknown property is a warning, since the deploy goes through without it.
for (const type of translatorKinds.ignoresUnknownProperties) resources[type].ignoresUnknown = 1;
// A LayerVersion's ContentUri may be left out: `aws cloudformation package` and `sam package` package
// the template's folder for it, as for a function's CodeUri (awscli customizations/cloudformation/
// artifact_exporter.py: ServerlessLayerVersionResource keeps PACKAGE_NULL_PROPERTY = True).
delete resources['AWS::Serverless::LayerVersion'].p.ContentUri.q;

// The translator rejects unknown and missing properties of a resource and of an event (its
// from_dict/validate_properties), but not inside nested objects, where SAM's schema is stricter than
// the translator: there unknown keys pass and required flags are dropped (CloudFormation's own types,
// used where SAM passes a value through, keep theirs: CloudFormation rejects those).
for (const [key, def] of Object.entries(outTypes)) {
  if (!key.startsWith('SAM')) continue;
  def.open = 1;
  for (const p of Object.values(def.p)) delete p.q;
}

// Policy templates: the name and parameter names of each template the translator expands.
const policySource = JSON.parse(readFileSync(join(root, 'schemas/sources/sam/policy_templates.json'), 'utf8'));
const policyTemplates = {};
for (const [name, tpl] of Object.entries(policySource.Templates)) policyTemplates[name] = Object.keys(tpl.Parameters ?? {});

// Keys sorted so regeneration gives a stable diff.
const sortObj = (o) =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
const out = {
  source: `@aws-cdk/aws-service-spec@${specVersion} (Apache-2.0); AWS::Serverless::* from SAM's sam.schema.json and policy_templates.json (samtranslator 1.110.0, Apache-2.0) + schemas/sources/sam-extra.json + schemas/sources/sam/translator-kinds.json`,
  resources: sortObj(resources),
  types: sortObj(outTypes),
  events: sortObj(events),
  stateMachineEvents: sortObj(stateMachineEvents),
  globals,
  policyTemplates: sortObj(policyTemplates),
};
const file = join(root, 'schemas/cfn-schema.json');
writeFileSync(file, JSON.stringify(out) + '\n');
console.log(
  `wrote ${file}: ${Object.keys(resources).length} resource types, ${Object.keys(outTypes).length} property types, ${(JSON.stringify(out).length / 1024).toFixed(0)} KB`,
);
