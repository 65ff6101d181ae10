// Regenerates the compact schema data the SAM language service ships with (schemas/cfn-schema.json).
//
// Sources (both data, never code):
//  - CloudFormation resource types, and the AWS::Serverless::* model that the CloudFormation SAM
//    specification carries, from the @aws-cdk/aws-service-spec npm package (Apache-2.0, devDependency).
//  - schemas/sources/sam-extra.json: what the CloudFormation SAM specification lacks but SAM accepts
//    today (newer function properties, GraphQLApi/Connector/CapacityProvider, every event source type
//    with its properties and required ones, the properties Globals accepts). Written from the SAM
//    developer guide; see its "source" field.
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

// SAM: merge the supplement over the CloudFormation SAM specification.
const extra = JSON.parse(readFileSync(join(root, 'schemas/sources/sam-extra.json'), 'utf8'));
for (const [type, def] of Object.entries(extra.resources)) {
  const base = resources[type] ?? { p: {}, a: [] };
  for (const [name, spec] of Object.entries(def.properties ?? {})) base.p[name] = { ...(base.p[name] ?? {}), ...spec };
  for (const name of def.remove ?? []) delete base.p[name];
  for (const name of def.required ?? []) if (base.p[name]) base.p[name].q = 1;
  if (def.doc) base.d = def.doc;
  if (def.attributes) base.a = def.attributes;
  resources[type] = base;
}
for (const [key, def] of Object.entries(extra.types ?? {})) outTypes[key] = def;
// The CloudFormation SAM specification's nested types lag behind SAM: their shapes are kept (a map
// stays a map) but unknown keys inside them are allowed, so newer SAM keys raise no false error.
// Their scalar types and required flags are not trusted either (SAM widened many: BasePath takes a
// list, Cors.AllowMethods a list, required keys may come from Globals); maps stay maps.
const loosen = (t) => {
  if (typeof t === 'string') return t === 's' ? 'j' : t;
  if (t.a) return { a: loosen(t.a) };
  if (t.m) return { m: loosen(t.m) };
  if (t.u) return 'j';
  if (t.e) return 'j';
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

// Keys sorted so regeneration gives a stable diff.
const sortObj = (o) =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
const out = {
  source: `@aws-cdk/aws-service-spec@${specVersion} (Apache-2.0) + schemas/sources/sam-extra.json`,
  resources: sortObj(resources),
  types: sortObj(outTypes),
  events: extra.events,
  globals: extra.globals,
};
const file = join(root, 'schemas/cfn-schema.json');
writeFileSync(file, JSON.stringify(out) + '\n');
console.log(
  `wrote ${file}: ${Object.keys(resources).length} resource types, ${Object.keys(outTypes).length} property types, ${(JSON.stringify(out).length / 1024).toFixed(0)} KB`,
);
