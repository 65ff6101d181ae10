// Keys written beside Type that belong in Properties: a warning on SAM resources (the transform drops
// them), an error on CloudFormation's own types, and a quick fix that moves them (issue 17, class 5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './helpers';

const URI = 'untitled:template.yaml';
const SAM = (resources: string) => `Transform: AWS::Serverless-2016-10-31\nResources:\n${resources}`;

function apply(text: string, edits: { start: number; end: number; newText: string }[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}
const misplaced = (text: string) =>
  open(text, URI)
    .diagnostics(URI)
    .filter((d) => d.code === 'resource-attribute');

test('Description beside Type on a SAM resource: a warning whose fix moves it into Properties', () => {
  const text = SAM(
    '  Fn:\n    Type: AWS::Serverless::Function\n    Description: my function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n',
  );
  const [d] = misplaced(text);
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /ignored by the SAM transform.*move it into Properties/);
  const fixed = apply(text, d.fix!.edits);
  assert.equal(
    fixed,
    SAM('  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Description: my function\n      Runtime: nodejs22.x\n      Handler: a.b\n'),
  );
  assert.deepEqual(misplaced(fixed), []);
});

test('a multi-line value moves re-indented; without Properties the fix creates it', () => {
  const cfn = (r: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${r}`;
  const text = cfn('  Q:\n    Type: AWS::SQS::Queue\n    Tags:\n      - Key: a\n        Value: b\n');
  const [d] = misplaced(text);
  assert.equal(d.severity, 'error'); // CloudFormation rejects it on its own types
  assert.equal(apply(text, d.fix!.edits), cfn('  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags:\n        - Key: a\n          Value: b\n'));
});

test('an unknown key that is no property gets no fix', () => {
  const [d] = misplaced(SAM('  Fn:\n    Type: AWS::Serverless::Function\n    Foo: 1\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n'));
  assert.equal(d.fix, undefined);
});

test('did-you-mean fixes: a misspelt property, section, type, runtime or Ref target; a deprecated runtime moves to its successor', () => {
  const text =
    'Transform: AWS::Serverless-2016-10-31\nParameters:\n  Stage:\n    Type: String\nResource:\n  X: 1\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs12.x\n      Handler: a.b\n      MemorySise: 128\n      Environment:\n        Variables:\n          S: !Ref Stag\n  Q:\n    Type: AWS::SQS::Queu\n  G:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: pyton3.12\n      Handler: a.b\n';
  const fixes = open(text, URI)
    .diagnostics(URI)
    .filter((d) => d.fix)
    .map((d) => [d.code, d.fix!.title, apply(text, d.fix!.edits).length - text.length]);
  assert.deepEqual(fixes.sort(), [
    ['deprecated-runtime', "Change to 'nodejs22.x'", 0],
    ['ref', "Change to 'Stage'", 1],
    ['runtime', "Change to 'python3.12'", 1],
    ['unknown-property', "Change to 'MemorySize'", 0],
    ['unknown-section', "Change to 'Resources'", 1],
    ['unknown-type', "Change to 'AWS::SQS::Queue'", 1],
  ]);
});

test('in JSON a replacement keeps the quotes, and no line-moving fix is offered', () => {
  const text =
    '{"Transform": "AWS::Serverless-2016-10-31", "Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Description": "d", "Properties": {"Runtime": "nodejs22.x", "Handler": "a.b", "MemorySise": 1}}}}';
  const d = open(text, 'untitled:template.json').diagnostics('untitled:template.json');
  const prop = d.find((x) => x.code === 'unknown-property')!;
  assert.equal(apply(text, prop.fix!.edits), text.replace('"MemorySise"', '"MemorySize"'));
  assert.equal(d.find((x) => x.code === 'resource-attribute')!.fix, undefined);
});

test('a misspelt Fn::GetAtt target gets a fix that replaces the logical id only', () => {
  const text =
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      Environment:\n        Variables:\n          Q: !GetAtt Queu.Arn\n          R: !GetAtt [Queu, Arn]\n';
  const fixed = open(text, URI)
    .diagnostics(URI)
    .filter((d) => d.code === 'getatt' && d.fix)
    .map((d) => apply(text, d.fix!.edits));
  assert.equal(fixed.length, 2);
  assert.ok(fixed[0].includes('!GetAtt Queue.Arn') || fixed[1].includes('!GetAtt Queue.Arn'));
  assert.ok(fixed.some((f) => f.includes('!GetAtt [Queue, Arn]')));
});

test('a Ref to nothing can be declared as a parameter, in Parameters or in a new section before Resources', () => {
  const body =
    'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      FunctionName: !Ref Stage\n';
  const withParams = `Transform: AWS::Serverless-2016-10-31\nParameters:\n  Env:\n    Type: String\n${body}`;
  const s = open(withParams, URI);
  assert.equal(s.diagnostics(URI).find((d) => d.code === 'ref')?.subject, 'Stage');
  const fixed = apply(withParams, s.parameterFix(URI, 'Stage')!.edits);
  assert.ok(fixed.includes('Parameters:\n  Stage:\n    Type: String\n  Env:'));
  assert.deepEqual(
    open(fixed, URI)
      .diagnostics(URI)
      .filter((d) => d.code === 'ref'),
    [],
  );
  const bare = `Transform: AWS::Serverless-2016-10-31\n${body}`;
  assert.ok(apply(bare, open(bare, URI).parameterFix(URI, 'Stage')!.edits).includes('Parameters:\n  Stage:\n    Type: String\nResources:'));
});

test('a missing required property can be added, under Properties or in new ones', () => {
  const cfn = (r: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${r}`;
  const check = (before: string, after: string) => {
    const text = cfn(before);
    const d = open(text, URI)
      .diagnostics(URI)
      .find((x) => x.code === 'required');
    assert.equal(apply(text, d!.fix!.edits), cfn(after));
  };
  check(
    '  T:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: x\n      FunctionName: f\n',
    '  T:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Principal: \n      Action: x\n      FunctionName: f\n',
  );
  check('  L:\n    Type: AWS::Serverless::Application\n', '  L:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: \n');
});
