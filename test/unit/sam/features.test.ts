import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { open, withCursor, slice } from './helpers';

const URI = 'untitled:template.yaml';
const base = readFileSync(resolve(__dirname, '../../fixtures/sam/template.yaml'), 'utf8');

/** The fixture with one fragment replaced by a version holding the cursor marker. */
function at(from: string, to: string) {
  assert.ok(base.includes(from), `fixture lacks ${from}`);
  const { text, offset } = withCursor(base.replace(from, to));
  return { text, offset, s: open(text) };
}

const labels = (x: { label: string }[]) => x.map((i) => i.label);

test("completion inside Properties offers the type's property names, required first, with docs", () => {
  const { s, offset, text } = at('      Handler: app.handler\n', '      Handler: app.handler\n      Mem‸\n');
  const items = s.completion(URI, offset);
  assert.ok(labels(items).includes('MemorySize'));
  assert.ok(labels(items).includes('AutoPublishAlias'));
  assert.ok(!labels(items).includes('TopicName'));
  const mem = items.find((i) => i.label === 'MemorySize')!;
  assert.equal(mem.insertText, 'MemorySize: ');
  assert.equal(slice(text, mem), 'Mem');
});

test('completion of resource types, SAM types first', () => {
  const { s, offset } = at('    Type: AWS::SQS::Queue\n', '    Type: AWS::SQ‸\n');
  const items = s.completion(URI, offset);
  assert.ok(labels(items).includes('AWS::SQS::Queue'));
  assert.ok(labels(items).includes('AWS::Serverless::Function'));
  const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  assert.match(sorted[0].label, /^AWS::Serverless::/);
});

test('completion of Ref targets: parameters, resources, SAM implicit resources, pseudo parameters', () => {
  const { s, offset } = at('TABLE: !Ref Table', 'TABLE: !Ref ‸');
  const l = labels(s.completion(URI, offset));
  for (const name of ['Stage', 'HelloFunction', 'Table', 'Queue', 'HelloFunctionRole', 'ServerlessRestApi', 'AWS::Region']) assert.ok(l.includes(name), name);
});

test('completion of GetAtt attributes after the dot', () => {
  const { s, offset } = at('QUEUE_ARN: !GetAtt Queue.Arn', 'QUEUE_ARN: !GetAtt Queue.‸');
  const l = labels(s.completion(URI, offset));
  assert.ok(l.includes('Queue.Arn'));
  assert.ok(l.includes('Queue.QueueName'));
  assert.ok(l.every((x) => x.startsWith('Queue.')));
});

test('completion of Sub variables', () => {
  const { s, offset } = at('NAME: !Sub "${Stage}-${Table}"', 'NAME: !Sub "${Stage}-${T‸');
  assert.ok(labels(s.completion(URI, offset)).includes('Table'));
});

test('completion of runtimes and of event types and event properties', () => {
  const r = at('      Runtime: python3.12\n', '      Runtime: py‸\n');
  const rl = r.s.completion(URI, r.offset);
  assert.ok(labels(rl).includes('python3.13'));
  assert.match(rl.find((i) => i.label === 'python3.8')!.detail!, /deprecated/);
  const e = at('          Type: SQS\n', '          Type: ‸\n');
  assert.ok(labels(e.s.completion(URI, e.offset)).includes('DynamoDB'));
  const p = at('            BatchSize: 5\n', '            BatchSize: 5\n            Max‸\n');
  assert.ok(labels(p.s.completion(URI, p.offset)).includes('MaximumBatchingWindowInSeconds'));
});

test('completion of top-level sections and resource attributes', () => {
  const top = at('Outputs:\n', '‸\nOutputs:\n');
  const tl = labels(top.s.completion(URI, top.offset));
  assert.ok(tl.includes('Mappings'));
  assert.ok(!tl.includes('Resources')); // already present
  const attr = at('    DependsOn: Table\n', '    DependsOn: Table\n    Del‸\n');
  assert.ok(labels(attr.s.completion(URI, attr.offset)).includes('DeletionPolicy'));
});

test('hover: what a Ref resolves to, property and type documentation', () => {
  const ref = at('TABLE: !Ref Table', 'TABLE: !Ref Ta‸ble');
  const h = ref.s.hover(URI, ref.offset)!;
  assert.match(h.markdown, /AWS::Serverless::SimpleTable/);
  assert.match(h.markdown, /Ref returns the table name/);
  assert.equal(slice(ref.text, h), 'Table');
  const param = at('!Sub "${Stage}-', '!Sub "${St‸age}-');
  assert.match(param.s.hover(URI, param.offset)!.markdown, /parameter of type `String`, default `dev`/);
  const type = at('    Type: AWS::SQS::Queue', '    Type: AWS::SQS::Qu‸eue');
  assert.match(type.s.hover(URI, type.offset)!.markdown, /AWS::SQS::Queue/);
  const prop = at('BatchSize: 5', 'Batch‸Size: 5');
  assert.match(prop.s.hover(URI, prop.offset)!.markdown, /BatchSize.*SQS event/);
});

test('go to definition and references of a logical id, across Ref, GetAtt, Sub and DependsOn', () => {
  const { s, offset, text } = at('TABLE: !Ref Table', 'TABLE: !Ref Tab‸le');
  const def = s.definition(URI, offset)!;
  assert.equal(slice(text, def), 'Table');
  assert.equal(text.slice(def.start, def.end + 1), 'Table:');
  const refs = s.references(URI, offset);
  assert.equal(refs.length, 4); // definition, !Ref, ${Table}, DependsOn
  assert.ok(refs.every((r) => slice(text, r) === 'Table'));
  const q = at('QUEUE_ARN: !GetAtt Queue.Arn', 'QUEUE_ARN: !GetAtt Qu‸eue.Arn');
  assert.equal(q.s.references(URI, q.offset, false).length, 2);
  const cond = at('    Condition: IsProd', '    Condition: Is‸Prod');
  assert.equal(slice(cond.text, cond.s.definition(URI, cond.offset)!), 'IsProd');
});

test('rename of a logical id edits every occurrence and only those', () => {
  const { s, offset, text } = at('TABLE: !Ref Table', 'TABLE: !Ref Tab‸le');
  const edits = s.rename(URI, offset, 'Orders');
  assert.ok(Array.isArray(edits));
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  assert.match(out, /\n {2}Orders:\n {4}Type: AWS::Serverless::SimpleTable/);
  assert.match(out, /!Ref Orders/);
  assert.match(out, /\$\{Stage\}-\$\{Orders\}/);
  assert.match(out, /DependsOn: Orders/);
  assert.ok(!/\bTable\b(?!:)/.test(out.replace(/SimpleTable/g, '')));
  const after = open(out);
  assert.deepEqual(
    after.diagnostics(URI).filter((d) => d.severity === 'error'),
    [],
  );
  assert.deepEqual(s.rename(URI, offset, 'Queue'), { error: "'Queue' is already defined in this template." });
  assert.ok('error' in (s.rename(URI, offset, 'bad-name') as object));
});

test('document symbols: sections with their entries, functions marked, events nested', () => {
  const s = open(base);
  const syms = s.symbols(URI);
  assert.deepEqual(
    syms.map((x) => x.name),
    ['AWSTemplateFormatVersion', 'Transform', 'Description', 'Globals', 'Parameters', 'Conditions', 'Resources', 'Outputs'],
  );
  const res = syms.find((x) => x.name === 'Resources')!;
  assert.deepEqual(
    res.children!.map((c) => [c.name, c.kind, c.detail]),
    [
      ['HelloFunction', 'function', 'AWS::Serverless::Function'],
      ['PyFunction', 'function', 'AWS::Serverless::Function'],
      ['Table', 'class', 'AWS::Serverless::SimpleTable'],
      ['Queue', 'class', 'AWS::SQS::Queue'],
    ],
  );
  assert.deepEqual(
    res.children![0].children!.map((c) => [c.name, c.detail]),
    [
      ['Jobs', 'SQS'],
      ['Http', 'Api'],
    ],
  );
});

test('CodeLens over each function: invoke locally, debug (node only), deploy, tail logs, metrics; start local API over API events', () => {
  const s = open(base);
  const lenses = s.codeLenses(URI);
  assert.deepEqual(
    lenses.map((l) => `${l.logicalId} ${l.command}`),
    [
      'HelloFunction lambdaWorkbench.invokeLocal',
      'HelloFunction lambdaWorkbench.debugLocal',
      'HelloFunction lambdaWorkbench.deployFunction',
      'HelloFunction lambdaWorkbench.tailLogs',
      'HelloFunction lambdaWorkbench.showMetrics',
      'HelloFunction lambdaWorkbench.startLocalApi',
      'PyFunction lambdaWorkbench.invokeLocal',
      'PyFunction lambdaWorkbench.deployFunction',
      'PyFunction lambdaWorkbench.tailLogs',
      'PyFunction lambdaWorkbench.showMetrics',
    ],
  );
  assert.equal(slice(base, lenses[0]), 'HelloFunction');
  // The Start local API lens sits over the function too (it has an Api event).
  assert.equal(slice(base, lenses[4]), 'HelloFunction');
});

test('CodeLens "Start local API" over API resources too', () => {
  const s = open('Resources:\n  MyApi:\n    Type: AWS::Serverless::HttpApi\n  Other:\n    Type: AWS::SNS::Topic\n');
  assert.deepEqual(
    s.codeLenses(URI).map((l) => `${l.logicalId} ${l.command} ${l.title}`),
    ['MyApi lambdaWorkbench.startLocalApi $(globe) Start local API'],
  );
});
