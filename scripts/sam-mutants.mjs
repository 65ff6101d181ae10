// Templates nobody wrote: one small change each to templates that deploy, so that a checker can be
// measured on inputs it was never tuned on (scripts/sam-differential.mjs gives the reference verdict).
//
//   node scripts/sam-mutants.mjs --out DIR [--per N] [--seed S] <folder>...
//
// Each source template gives up to N (default 3) mutants, chosen by a seeded generator, so the same
// command gives the same files. A mutant is written as YAML with long-form intrinsics, and its first
// line says what was changed. The changes are the mistakes people make: a property dropped, misspelt
// or given a value of the wrong kind, a resource or event type changed, a Ref or GetAtt pointed at
// nothing, a nested key misspelt.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import YAML from 'yaml';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const out = opt('--out');
const per = Number(opt('--per', '3'));
const seed = opt('--seed', 'lambda-workbench');
const folders = args.filter((a, i) => !a.startsWith('--') && !['--out', '--per', '--seed'].includes(args[i - 1]));
if (!out || folders.length === 0) {
  console.error('usage: node scripts/sam-mutants.mjs --out DIR [--per N] [--seed S] <folder>...');
  process.exit(2);
}

// CloudFormation's short forms, read as the long forms they stand for.
const FNS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'Condition',
  'Length',
  'ToJsonString',
  'ForEach',
];
const longForm = (tag, name) => (v) => ({ [name]: tag === 'GetAtt' && typeof v === 'string' ? v.split('.') : v });
const customTags = ['Ref', ...FNS].flatMap((tag) => {
  const name = tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`;
  return ['scalar', 'seq', 'map'].map((collection) => ({
    tag: `!${tag}`,
    collection: collection === 'scalar' ? undefined : collection,
    resolve: (v) => longForm(tag, name)(collection === 'scalar' ? v : v.toJSON()),
  }));
});

/** A small seeded generator (mulberry32 over a string hash): the same seed, the same mutants. */
function rng(s) {
  let h = 1779033703 ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isIntrinsic = (v) => isMap(v) && Object.keys(v).length === 1 && /^(Ref|Condition|Fn::)/.test(Object.keys(v)[0]);

/** Every place a mutation can apply, as [description, apply(doc)] pairs. */
function candidates(doc) {
  const out = [];
  const resources = isMap(doc.Resources) ? doc.Resources : {};
  const ids = Object.keys(resources);
  for (const id of ids) {
    const r = resources[id];
    if (!isMap(r)) continue;
    if (typeof r.Type === 'string') out.push([`type of ${id} misspelt`, (d) => (d.Resources[id].Type = r.Type.slice(0, -1))]);
    const props = r.Properties;
    if (!isMap(props)) continue;
    for (const [k, v] of Object.entries(props)) {
      out.push([`${id}.${k} dropped`, (d) => delete d.Resources[id].Properties[k]]);
      out.push([`${id}.${k} misspelt`, (d) => renameKey(d.Resources[id].Properties, k, `${k}s`)]);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        out.push([`${id}.${k} given a list`, (d) => (d.Resources[id].Properties[k] = [v])]);
      else if (isMap(v) && !isIntrinsic(v)) {
        out.push([`${id}.${k} given a string`, (d) => (d.Resources[id].Properties[k] = 'text')]);
        const inner = Object.keys(v);
        for (const ik of inner) out.push([`${id}.${k}.${ik} misspelt`, (d) => renameKey(d.Resources[id].Properties[k], ik, `${ik}x`)]);
      } else if (Array.isArray(v)) out.push([`${id}.${k} given a map`, (d) => (d.Resources[id].Properties[k] = { Value: v })]);
    }
    if (isMap(props.Events)) {
      for (const [ev, e] of Object.entries(props.Events)) {
        if (!isMap(e) || !isMap(e.Properties)) continue;
        for (const pk of Object.keys(e.Properties))
          out.push([`${id} event ${ev}: ${pk} dropped`, (d) => delete d.Resources[id].Properties.Events[ev].Properties[pk]]);
        for (const other of ['Api', 'HttpApi', 'SQS', 'S3', 'Schedule', 'SNS'])
          if (other !== e.Type) out.push([`${id} event ${ev}: type ${e.Type} -> ${other}`, (d) => (d.Resources[id].Properties.Events[ev].Type = other)]);
      }
    }
  }
  // References: a Ref or GetAtt pointed at nothing, a GetAtt at an attribute that does not exist.
  walk(doc, [], (node, path) => {
    if (!isMap(node)) return;
    if (typeof node.Ref === 'string' && ids.includes(node.Ref))
      out.push([`Ref ${node.Ref} at ${path.join('.')} -> missing`, (d) => (get(d, path).Ref = `${node.Ref}Missing`)]);
    const ga = node['Fn::GetAtt'];
    if (Array.isArray(ga) && typeof ga[0] === 'string' && ids.includes(ga[0])) {
      out.push([`GetAtt ${ga[0]} at ${path.join('.')} -> missing resource`, (d) => (get(d, path)['Fn::GetAtt'] = [`${ga[0]}Missing`, ga[1]])]);
      out.push([`GetAtt ${ga.join('.')} at ${path.join('.')} -> missing attribute`, (d) => (get(d, path)['Fn::GetAtt'] = [ga[0], 'NoSuchAttribute'])]);
    }
  });
  return out;
}

function renameKey(obj, from, to) {
  const entries = Object.entries(obj).map(([k, v]) => [k === from ? to : k, v]);
  for (const k of Object.keys(obj)) delete obj[k];
  Object.assign(obj, Object.fromEntries(entries));
}
function walk(node, path, fn) {
  fn(node, path);
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i], fn));
  else if (isMap(node)) for (const [k, v] of Object.entries(node)) walk(v, [...path, k], fn);
}
const get = (obj, path) => path.reduce((o, k) => o[k], obj);

mkdirSync(out, { recursive: true });
let written = 0;
for (const folder of folders) {
  for (const f of readdirSync(resolve(folder)).sort()) {
    if (!/\.(ya?ml|json)$/.test(f) || f.endsWith('.expected.json')) continue;
    let doc;
    try {
      doc = YAML.parse(readFileSync(join(resolve(folder), f), 'utf8'), { customTags, version: '1.1', uniqueKeys: false, maxAliasCount: -1 });
    } catch {
      continue;
    }
    if (!isMap(doc)) continue;
    if (!doc.Transform) doc = { Transform: 'AWS::Serverless-2016-10-31', ...doc };
    // The source as this script writes it, unchanged: a mutant's verdict means something only where
    // its source's is "accepted".
    writeFileSync(
      join(out, `${basename(f).replace(/\.(ya?ml|json)$/, '')}__base.yaml`),
      `# source ${f}\n${YAML.stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 })}`,
    );
    const all = candidates(doc);
    const rand = rng(`${seed}/${f}`);
    const chosen = new Set();
    while (chosen.size < Math.min(per, all.length)) chosen.add(Math.floor(rand() * all.length));
    for (const i of [...chosen].sort((a, b) => a - b)) {
      const copy = globalThis.structuredClone(doc);
      const [what, apply] = all[i];
      apply(copy);
      const name = `${basename(f).replace(/\.(ya?ml|json)$/, '')}__m${i}.yaml`;
      writeFileSync(join(out, name), `# mutant of ${f}: ${what}\n${YAML.stringify(copy, { aliasDuplicateObjects: false, lineWidth: 0 })}`);
      written++;
    }
  }
}
console.log(`${written} mutants in ${out}`);
