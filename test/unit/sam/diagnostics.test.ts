import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { open, slice } from './helpers';
import { SamLanguageService, looksLikeTemplate } from '../../../src/sam/service';
import { LineIndex } from '../../../src/sam/lines';

const fixture = resolve(__dirname, '../../fixtures/sam/template.yaml');
const URI = 'untitled:template.yaml';

function diags(text: string, uri = URI) {
  return open(text, uri)
    .diagnostics(uri)
    .map((d) => ({ ...d, text: slice(text, d) }));
}

const SAM = (resources: string, extra = '') => `Transform: AWS::Serverless-2016-10-31\n${extra}Resources:\n${resources}`;

test('the fixture template has no diagnostics at all (handlers resolve on disk)', () => {
  const text = readFileSync(fixture, 'utf8');
  const uri = pathToFileURL(fixture).href;
  assert.deepEqual(diags(text, uri), []);
});

test('an unknown property is reported on its key, with a suggestion', () => {
  const text = SAM(
    `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      CodeUri: s3://b/k\n      MemorySise: 128\n`,
  );
  const d = diags(text);
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'error');
  assert.equal(d[0].text, 'MemorySise');
  assert.equal(d[0].logicalId, 'Fn');
  assert.match(d[0].message, /Did you mean 'MemorySize'/);
});

test('a wrongly typed value is reported on the value; intrinsics are accepted anywhere', () => {
  const text = SAM(
    `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      CodeUri: s3://b/k\n      Timeout: soon\n      MemorySize: !If [Big, 1024, 128]\n      Layers: not-a-list\n`,
    'Conditions:\n  Big: !Equals [a, b]\n',
  );
  const d = diags(text);
  assert.deepEqual(d.map((x) => x.text).sort(), ['not-a-list', 'soon']);
  assert.ok(d.every((x) => x.severity === 'error'));
});

test('Globals are merged before required properties are checked', () => {
  const ok = SAM(
    `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k\n`,
    'Globals:\n  Function:\n    Runtime: python3.12\n    Handler: app.handler\n',
  );
  assert.deepEqual(diags(ok), []);
  const missing = SAM(`  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k\n`);
  const d = diags(missing);
  assert.equal(d.length, 1);
  assert.equal(d[0].text, 'Fn');
  assert.match(d[0].message, /Runtime.*Handler/);
});

test('a property Globals does not support is reported on its key', () => {
  const text = SAM(`  T:\n    Type: AWS::Serverless::SimpleTable\n`, 'Globals:\n  Function:\n    Events: {}\n  Functions:\n    Timeout: 3\n');
  const d = diags(text);
  assert.deepEqual(
    d.map((x) => x.text),
    ['Events', 'Functions'],
  );
  assert.match(d[1].message, /Did you mean 'Function'/);
});

test('unknown resource types: a suggestion; AWS::Serverless ones are errors', () => {
  const d = diags(SAM(`  A:\n    Type: AWS::Serverless::Functon\n  B:\n    Type: AWS::SQS::Queu\n`));
  assert.equal(d[0].text, 'AWS::Serverless::Functon');
  assert.equal(d[0].severity, 'error');
  assert.match(d[0].message, /AWS::Serverless::Function/);
  assert.equal(d[1].text, 'AWS::SQS::Queu');
  assert.match(d[1].message, /AWS::SQS::Queue/);
});

test('unknown and misplaced sections are errors on their key', () => {
  const d = diags(`AWSTemplateFormatVersion: '2010-09-09'\nResource:\n  A:\n    Type: AWS::SNS::Topic\n`);
  assert.equal(d[0].text, 'Resource');
  assert.equal(d[0].severity, 'error');
  assert.match(d[0].message, /Did you mean 'Resources'/);
  assert.ok(d.some((x) => /'Resources' section is required/.test(x.message)));
});

test('references to nothing: errors in plain CloudFormation, on the exact name', () => {
  const text = `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Q:\n    Type: AWS::SQS::Queue\n    DependsOn: [Topik]\n    Properties:\n      QueueName: !Ref Topc\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Topic.Nope\n      Tags:\n        - Key: k\n          Value: !Sub "\${Topic}-\${Nothing}-\${!Literal}"\n`;
  const d = diags(text);
  assert.deepEqual(
    d.map((x) => x.text),
    ['Topik', 'Topc', 'Topic.Nope', '${Nothing}'],
  );
  assert.ok(d.every((x) => x.severity === 'error' && x.logicalId === 'Q'));
  assert.match(d[1].message, /Did you mean 'Topic'/);
});

test('references to SAM implicit resources resolve (Role, ServerlessRestApi, Alias, Version)', () => {
  const text =
    SAM(
      `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      CodeUri: s3://b/k\n      AutoPublishAlias: live\n      Events:\n        Get:\n          Type: Api\n          Properties: { Path: /, Method: get }\n`,
    ) +
    `Outputs:\n  A:\n    Value: !GetAtt FnRole.Arn\n  B:\n    Value: !Ref ServerlessRestApi\n  C:\n    Value: !Ref FnAliaslive\n  D:\n    Value: !Ref FnVersion\n  E:\n    Value: !Ref Fn.Alias\n`;
  assert.deepEqual(diags(text), []);
});

test('SAM events: unknown type, unknown property, missing required property', () => {
  const text = SAM(
    `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      CodeUri: s3://b/k\n      Events:\n        A:\n          Type: Sqs\n        B:\n          Type: Kinesis\n          Properties:\n            Stream: arn:aws:kinesis:us-east-1:1:stream/s\n            StartingPosition: LATEST\n            BatchSise: 3\n        C:\n          Type: SQS\n          Properties:\n            BatchSize: 1\n`,
  );
  const d = diags(text);
  assert.deepEqual(
    d.map((x) => x.text),
    ['Sqs', 'BatchSise', 'C'],
  );
  assert.match(d[2].message, /'Queue' is required/);
});

test('deprecated runtimes warn with the date; unknown runtimes are errors', () => {
  const text = SAM(
    `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs14.x\n      Handler: a.b\n      CodeUri: s3://b/k\n  G:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs99.x\n      Handler: a.b\n      CodeUri: s3://b/k\n`,
  );
  const d = diags(text);
  assert.equal(d[0].severity, 'warning');
  assert.match(d[0].message, /deprecated since 2023-12-04/);
  assert.equal(d[1].severity, 'error');
  assert.equal(d[1].text, 'nodejs99.x');
});

test('Handler must resolve to a file and an exported function under CodeUri (node, python)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sam-handler-'));
  try {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/app.mjs'), 'export const handler = async () => 1;\n');
    writeFileSync(join(dir, 'src/other.js'), 'exports.nothere = 1;\n');
    mkdirSync(join(dir, 'py/pkg'), { recursive: true });
    writeFileSync(join(dir, 'py/pkg/mod.py'), 'async def handle(event, ctx):\n    return 1\n');
    const fn = (id: string, codeUri: string, handler: string, runtime: string) =>
      `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ${codeUri}\n      Handler: ${handler}\n      Runtime: ${runtime}\n`;
    const text = SAM(
      fn('Ok', 'src/', 'app.handler', 'nodejs22.x') +
        fn('Py', 'py', 'pkg.mod.handle', 'python3.12') +
        fn('NoExport', 'src', 'other.handler', 'nodejs22.x') +
        fn('NoFile', 'src', 'missing.handler', 'nodejs22.x') +
        fn('NoDir', 'nowhere', 'a.b', 'python3.12'),
    );
    const uri = pathToFileURL(join(dir, 'template.yaml')).href;
    const d = diags(text, uri);
    assert.deepEqual(
      d.map((x) => [x.logicalId, x.text]),
      [
        ['NoExport', 'other.handler'],
        ['NoFile', 'missing.handler'],
        ['NoDir', 'a.b'],
      ],
    );
    assert.match(d[0].message, /does not export a function named 'handler'/);
    assert.match(d[2].message, /does not exist/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('YAML syntax errors and unknown tags are reported where they are', () => {
  const d = diags(`Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Reff x\n  B: [unclosed\n`);
  assert.ok(d.some((x) => x.text.startsWith('x') || /Unknown tag !Reff/.test(x.message)));
  assert.ok(d.some((x) => x.code === 'syntax' && x.severity === 'error'));
});

test('JSON templates are understood too', () => {
  const text = JSON.stringify({ Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { TopicNam: 'x', DisplayName: { Ref: 'Nope' } } } } }, null, 2);
  const d = diags(text);
  assert.deepEqual(
    d.map((x) => x.text),
    ['"TopicNam"', '"Nope"'],
  );
});

test('only CloudFormation/SAM templates are recognised', () => {
  assert.equal(looksLikeTemplate('name: ci\non: push\njobs: {}\n'), false);
  assert.equal(looksLikeTemplate('Resources:\n  A:\n    Type: AWS::SNS::Topic\n'), true);
  assert.equal(looksLikeTemplate('Transform: AWS::Serverless-2016-10-31\nResources: {}\n'), true);
  assert.equal(looksLikeTemplate('{"AWSTemplateFormatVersion": "2010-09-09"}'), true);
});

test('an internal failure becomes one diagnostic, not an exception', () => {
  const s = new SamLanguageService();
  s.open(URI, 'Resources: {}\n');
  // Poison the parsed template so validation throws inside.
  const t = s.template(URI)!;
  Object.defineProperty(t, 'resources', {
    get: () => {
      throw new Error('boom');
    },
  });
  const d = s.diagnostics(URI);
  assert.equal(d.length, 1);
  assert.equal(d[0].code, 'internal');
});

test('a handler file created later clears the diagnostic once files are reported changed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sam-handler-late-'));
  try {
    mkdirSync(join(dir, 'src'));
    const uri = pathToFileURL(join(dir, 'template.yaml')).href;
    const text = SAM(
      `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: app.handler\n      Runtime: nodejs22.x\n`,
    );
    const s = new SamLanguageService({ today: '2026-01-01' });
    s.open(uri, text, 1);
    assert.equal(s.diagnostics(uri).length, 1);
    writeFileSync(join(dir, 'src/app.js'), 'exports.handler = async () => 1;\n');
    assert.equal(s.diagnostics(uri).length, 1, 'cached until told');
    assert.deepEqual(s.filesChanged(), [uri]);
    assert.deepEqual(s.diagnostics(uri), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SAM-resolved properties: an unresolvable Ref, an empty alias parameter, a non-S3 URL, a bad OpenApiVersion', () => {
  const fn = (extra: string) => `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n${extra}`;
  const codes = ['shape-unresolved-ref', 'function-alias-empty-default', 'function-code-uri-scheme', 'api-openapi-version-format', 'api-openapi-version-type'];
  const errs = (text: string) => diags(text).filter((d) => d.severity === 'error' && codes.includes(d.code));
  const dlq = SAM(fn(`      CodeUri: s3://b/k\n      DeadLetterQueue:\n        Type: !Ref Nowhere\n        TargetArn: arn\n`));
  assert.deepEqual(
    errs(dlq).map((d) => [d.logicalId, d.text]),
    [['Fn', 'Nowhere']],
  );
  // A Ref to a parameter (or a pseudo parameter) is resolved by SAM: no error.
  assert.deepEqual(
    errs(
      SAM(fn(`      CodeUri: s3://b/k\n      DeadLetterQueue:\n        Type: !Ref Kind\n        TargetArn: arn\n`), 'Parameters:\n  Kind:\n    Type: String\n'),
    ),
    [],
  );
  const alias = SAM(fn(`      CodeUri: s3://b/k\n      AutoPublishAlias: !Ref A\n`), "Parameters:\n  A:\n    Type: String\n    Default: ''\n");
  assert.match(errs(alias)[0]?.message ?? '', /Default is empty/);
  assert.deepEqual(errs(SAM(fn(`      CodeUri: s3://b/k\n      AutoPublishAlias: !Ref A\n`), 'Parameters:\n  A:\n    Type: String\n    Default: live\n')), []);
  assert.deepEqual(
    errs(SAM(fn(`      CodeUri: http://example.com/code.zip\n`))).map((d) => d.text),
    ['http://example.com/code.zip'],
  );
  assert.deepEqual(errs(SAM(fn(`      CodeUri: ./src\n`))), []);
  const api = (v: string) => SAM(`  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      OpenApiVersion: '${v}'\n`);
  assert.equal(errs(api('5.0')).length, 1);
  assert.deepEqual(errs(api('3.0.1')), []);
  assert.deepEqual(errs(api('2.0')), []);
});

test('an S3 event blames the bucket whose NotificationConfiguration SAM cannot extend', () => {
  const text = SAM(
    `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      CodeUri: s3://b/k\n      Events:\n        Up:\n          Type: S3\n          Properties:\n            Bucket: !Ref B\n            Events: s3:ObjectCreated:*\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      NotificationConfiguration:\n        LambdaConfigurations: nope\n`,
  );
  const e = diags(text).filter((d) => d.severity === 'error');
  assert.deepEqual(
    e.map((d) => [d.logicalId, d.text]),
    [['B', 'nope']],
  );
});

test('handler checks look at each file once per validation, however many functions share it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sam-probe-'));
  try {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.js'), 'exports.fn0 = async () => 0;\nexports.fn1 = async () => 1;\n');
    let fns = '';
    for (let i = 0; i < 3; i++)
      fns += `  Fn${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      CodeUri: src/\n      Handler: app.fn${i}\n`;
    const calls = new Map<string, number>();
    const count = (k: string) => calls.set(k, (calls.get(k) ?? 0) + 1);
    const files = {
      exists: (p: string) => (count(`exists ${p}`), existsSync(p)),
      isDir: (p: string) => (count(`isDir ${p}`), existsSync(p) && statSync(p).isDirectory()),
      read: (p: string) => (count(`read ${p}`), readFileSync(p, 'utf8')),
    };
    const uri = pathToFileURL(join(dir, 'template.yaml')).href;
    const s = new SamLanguageService({ today: '2026-01-01', files });
    s.open(uri, SAM(fns), 1);
    const d = s.diagnostics(uri);
    // fn2 is not exported: still found, on Fn2 only.
    assert.deepEqual(
      d.map((x) => x.logicalId),
      ['Fn2'],
    );
    assert.ok(calls.size > 0);
    assert.ok(
      [...calls.values()].every((n) => n === 1),
      JSON.stringify([...calls]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one API route served by two events is reported on the later Method, in another function too', () => {
  const fn = (id: string, events: string) =>
    `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      CodeUri: s3://b/k\n      Events:\n${events}`;
  const api = (name: string, path: string, method: string, extra = '') =>
    `        ${name}:\n          Type: Api\n          Properties:\n            Path: ${path}\n            Method: ${method}\n${extra}`;
  const text = SAM(
    fn('First', api('Add', '/add', 'post') + api('List', '/add', 'get')) +
      fn('Second', api('AddAgain', '/add', 'POST') + api('Other', '/add', 'post', '            RestApiId: !Ref Mine\n')) +
      '  Mine:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n',
  );
  const d = diags(text);
  assert.equal(d.length, 1, JSON.stringify(d));
  assert.equal(d[0].text, 'POST');
  assert.equal(d[0].logicalId, 'Second');
  assert.match(d[0].message, /API method POST for path \/add is already served by event Add of First/);
});

test('two HttpApi events without Path and Method both claim the $default route', () => {
  const text = SAM(
    `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      CodeUri: s3://b/k\n      Events:\n        One:\n          Type: HttpApi\n        Two:\n          Type: HttpApi\n`,
  );
  const d = diags(text);
  assert.equal(d.length, 1);
  assert.equal(d[0].text, 'Two');
  assert.match(d[0].message, /ANY for path \$default is already served by event One of Fn/);
});

test('an edit in one function updates the route finding of another (the per-resource cache cannot see it)', () => {
  const fn = (id: string, path: string) =>
    `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      CodeUri: s3://b/k\n      Events:\n        Get:\n          Type: Api\n          Properties:\n            Path: ${path}\n            Method: get\n`;
  const before = SAM(fn('A', '/a') + fn('B', '/b'));
  const service = open(before, URI);
  assert.deepEqual(service.diagnostics(URI), []);
  service.update(URI, SAM(fn('A', '/b') + fn('B', '/b')), 2);
  assert.deepEqual(
    service.diagnostics(URI).map((d) => d.logicalId),
    ['B'],
  );
  service.update(URI, before, 3);
  assert.deepEqual(service.diagnostics(URI), []);
});

test('CR-only line endings are line breaks, as in YAML and the editor: the same findings as with LF, at the same places', () => {
  const lf =
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs99.x\n      Handler: a.b\n      InlineCode: x\n';
  const cr = lf.replace(/\n/g, '\r');
  const a = diags(lf).map((d) => [d.code, d.text]);
  const b = diags(cr).map((d) => [d.code, d.text]);
  assert.deepEqual(b, a);
  assert.deepEqual(
    a.map((x) => x[0]),
    ['runtime'],
  );
  const index = new LineIndex(cr);
  assert.deepEqual(index.position(cr.indexOf('nodejs99.x')), { line: 5, character: 15 });
  assert.equal(new LineIndex('a\r\nb\rc\nd').position(8).line, 3, 'CRLF, CR and LF each end one line');
});
