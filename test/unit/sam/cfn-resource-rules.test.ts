// Resource-level rules the service APIs enforce at deploy time (issue 17): Lambda's package types,
// log levels without the JSON format, inline code runtimes, SnapStart runtimes, schedule expressions
// and the IAM policy grammar. Errors in a plain CloudFormation template, warnings in a SAM one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleProblem } from '../../../src/sam/validate/rules/cfnResources';
import { open, slice } from './helpers';

const URI = 'untitled:template.yaml';
const CFN = (resources: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resources}`;
const SAM = (resources: string, globals = '') => `Transform: AWS::Serverless-2016-10-31\n${globals}Resources:\n${resources}`;
const LAMBDA = (props: string) => `  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: arn:aws:iam::123456789012:role/r\n${props}`;
const ZIP = '      Code:\n        S3Bucket: b\n        S3Key: k.zip\n';
const IMAGE = '      PackageType: Image\n      Code:\n        ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/f:latest\n';

const CODES = /^(lambda-(zip|image|log|inline|snap)|schedule-|iam-)/;
/** The findings of this file's rules: [severity, code, the text the range covers]. */
function found(text: string): [string, string, string][] {
  return open(text, URI)
    .diagnostics(URI)
    .filter((d) => CODES.test(String(d.code)))
    .map((d) => [d.severity, String(d.code), slice(text, d)]);
}

test('a .zip function needs Runtime and Handler; an image takes neither (nor Layers) and needs Code.ImageUri', () => {
  assert.deepEqual(found(CFN(LAMBDA(`${ZIP}      Runtime: python3.13\n      Handler: a.b\n`))), []);
  assert.deepEqual(found(CFN(LAMBDA(`${ZIP}      Handler: a.b\n`))), [['error', 'lambda-zip-runtime-handler-required', 'Code']]);
  assert.deepEqual(found(CFN(LAMBDA(`      PackageType: Zip\n${ZIP}`))), [['error', 'lambda-zip-runtime-handler-required', 'PackageType']]);
  // An intrinsic PackageType is unknown; an image URI without PackageType is another mistake.
  assert.deepEqual(found(CFN(LAMBDA(`      PackageType: !Ref Pt\n${ZIP}`))), []);
  assert.deepEqual(found(CFN(LAMBDA('      Code:\n        ImageUri: x\n'))), []);
  // A Runtime given by an intrinsic counts as given.
  assert.deepEqual(found(CFN(LAMBDA(`${ZIP}      Runtime: !Ref Rt\n      Handler: a.b\n`))), []);
  assert.deepEqual(found(CFN(LAMBDA(IMAGE))), []);
  assert.deepEqual(
    found(CFN(LAMBDA(`${IMAGE}      Handler: a.b\n      Runtime: python3.13\n      Layers: [arn:aws:lambda:us-east-1:123456789012:layer:l:1]\n`))),
    [
      ['error', 'lambda-image-excluded-property', 'Handler'],
      ['error', 'lambda-image-excluded-property', 'Runtime'],
      ['error', 'lambda-image-excluded-property', 'Layers'],
    ],
  );
  assert.deepEqual(found(CFN(LAMBDA('      PackageType: Image\n      Code:\n        S3Bucket: b\n        S3Key: k\n'))), [
    ['error', 'lambda-image-uri-required', 'Code'],
  ]);
});

test('a log level needs LogFormat JSON, on Lambda functions and on SAM functions with Globals merged in', () => {
  const logging = (cfg: string) => CFN(LAMBDA(`${ZIP}      Runtime: python3.13\n      Handler: a.b\n      LoggingConfig:\n${cfg}`));
  assert.deepEqual(found(logging('        LogFormat: JSON\n        ApplicationLogLevel: INFO\n        SystemLogLevel: WARN\n')), []);
  assert.deepEqual(found(logging('        LogFormat: Text\n        SystemLogLevel: INFO\n')), [['error', 'lambda-log-level-needs-json', 'SystemLogLevel']]);
  assert.deepEqual(found(logging('        ApplicationLogLevel: INFO\n')), [['error', 'lambda-log-level-needs-json', 'ApplicationLogLevel']]);
  assert.deepEqual(found(logging('        LogFormat: !Ref Format\n        ApplicationLogLevel: INFO\n')), []);
  const fn = (props: string) =>
    `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: a.b\n      CodeUri: s3://b/k\n${props}`;
  // Globals.Function.LoggingConfig merges key by key with the function's own.
  const globalJson = 'Globals:\n  Function:\n    LoggingConfig:\n      LogFormat: JSON\n';
  assert.deepEqual(found(SAM(fn('      LoggingConfig:\n        ApplicationLogLevel: DEBUG\n'), globalJson)), []);
  assert.deepEqual(found(SAM(fn('      LoggingConfig:\n        ApplicationLogLevel: DEBUG\n'))), [
    ['warning', 'lambda-log-level-needs-json', 'ApplicationLogLevel'],
  ]);
  const ignoring = fn('      LoggingConfig:\n        ApplicationLogLevel: DEBUG\n').replace(
    '    Properties:',
    '    IgnoreGlobals: [LoggingConfig]\n    Properties:',
  );
  assert.deepEqual(found(SAM(ignoring, globalJson)), [['warning', 'lambda-log-level-needs-json', 'ApplicationLogLevel']]);
});

test('inline code is for Node.js and Python; SnapStart for Java 11+, Python 3.12+ and .NET 8+', () => {
  const inline = (rt: string) => CFN(LAMBDA(`      Runtime: ${rt}\n      Handler: a.b\n      Code:\n        ZipFile: !Sub 'code \${AWS::Region}'\n`));
  assert.deepEqual(found(inline('nodejs22.x')), []);
  assert.deepEqual(found(inline('python3.13')), []);
  assert.deepEqual(found(inline('java21')), [['error', 'lambda-inline-code-runtime', 'Runtime']]);
  const snap = (rt: string) => CFN(LAMBDA(`${ZIP}      Runtime: ${rt}\n      Handler: a.b\n      SnapStart:\n        ApplyOn: PublishedVersions\n`));
  for (const ok of ['java11', 'java21', 'python3.12', 'python3.13', 'dotnet8']) assert.deepEqual(found(snap(ok)), [], ok);
  for (const bad of ['java8.al2', 'python3.11', 'nodejs22.x', 'dotnet6', 'provided.al2023'])
    assert.deepEqual(found(snap(bad)), [['error', 'lambda-snapstart-runtime', 'ApplyOn']], bad);
  // SAM: the Runtime from Globals counts; findings are warnings (the transform accepts the template).
  const sam = SAM(
    '  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.b\n      CodeUri: s3://b/k\n      SnapStart:\n        ApplyOn: PublishedVersions\n',
    'Globals:\n  Function:\n    Runtime: nodejs22.x\n',
  );
  assert.deepEqual(found(sam), [['warning', 'lambda-snapstart-runtime', 'ApplyOn']]);
});

test('schedule expressions: rate with a singular unit for 1 and plural above, cron with six fields, at() on Scheduler only', () => {
  for (const ok of ['rate(1 minute)', 'rate(5 minutes)', 'rate(1 day)', 'rate(12 hours)', 'cron(0 10 * * ? *)', 'cron(15 12 ? * MON-FRI *)'])
    assert.equal(scheduleProblem(ok, false), undefined, ok);
  for (const bad of [
    '',
    'daily',
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(0 hours)',
    'rate(five minutes)',
    'rate(5)',
    'cron(0 10 * * *)',
    'cron(0 10 * * * *)',
    'at(2030-01-01T00:00:00)',
  ])
    assert.ok(scheduleProblem(bad, false), bad);
  assert.equal(scheduleProblem('at(2030-01-01T00:00:00)', true), undefined);
  assert.equal(scheduleProblem('rate(1 minutes)', true), undefined);
  assert.ok(scheduleProblem('at(tomorrow)', true));
  const rule = (expr: string) => CFN(`  R:\n    Type: AWS::Events::Rule\n    Properties:\n      ScheduleExpression: ${expr}\n`);
  assert.deepEqual(found(rule('rate(1 hour)')), []);
  assert.deepEqual(found(rule('"rate(2 hour)"')), [['error', 'schedule-expression', '"rate(2 hour)"']]);
  assert.deepEqual(found(rule('""')), [['error', 'schedule-expression', '""']]);
  assert.deepEqual(found(rule("!Sub 'rate(${N} minutes)'")), []);
  const sam = SAM(
    '  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: a.b\n      CodeUri: s3://b/k\n      Events:\n        Tick:\n          Type: Schedule\n          Properties:\n            Schedule: rate(5 minute)\n        Once:\n          Type: ScheduleV2\n          Properties:\n            ScheduleExpression: at(2030-01-01T00:00:00)\n',
  );
  assert.deepEqual(found(sam), [['warning', 'schedule-expression', 'rate(5 minute)']]);
});

test('IAM policy documents: Statement, Effect, one of Action/NotAction, Resource on identity policies, Principal on trust and resource policies, unique Sids', () => {
  const role = (trust: string, policy: string) =>
    CFN(
      `  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n${trust}      Policies:\n        - PolicyName: p\n          PolicyDocument:\n${policy}`,
    );
  const trustOk =
    '        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n';
  const policyOk = '            Statement:\n              - Effect: Allow\n                Action: s3:GetObject\n                Resource: "*"\n';
  assert.deepEqual(found(role(trustOk, policyOk)), []);
  assert.deepEqual(found(role('        Version: "2012-10-17"\n', policyOk)), [['error', 'iam-policy-statement-required', 'AssumeRolePolicyDocument']]);
  assert.deepEqual(found(role('        Statement:\n          - Effect: Allow\n            Action: sts:AssumeRole\n', policyOk)), [
    ['error', 'iam-statement-principal', 'Effect'],
  ]);
  assert.deepEqual(
    found(
      role(
        trustOk,
        '            Statement:\n              - Effect: allow\n                Action: s3:GetObject\n                NotAction: s3:PutObject\n                Principal: "*"\n',
      ),
    ),
    [
      ['error', 'iam-statement-effect', 'allow'],
      ['error', 'iam-statement-action', 'Effect'],
      ['error', 'iam-statement-resource', 'Effect'],
      ['error', 'iam-statement-principal', 'Principal'],
    ],
  );
  assert.deepEqual(found(role(trustOk, '            Statement:\n              - Action: s3:GetObject\n                Resource: "*"\n')), [
    ['error', 'iam-statement-effect', 'Statement'],
  ]);
  assert.deepEqual(
    found(
      role(
        `${trustOk}          - Sid: A\n            Effect: Allow\n            Principal: "*"\n            Action: sts:AssumeRole\n          - Sid: A\n            Effect: Allow\n            Principal: "*"\n            Action: sts:TagSession\n`,
        policyOk,
      ),
    ),
    [['error', 'iam-duplicate-sid', 'Sid']],
  );
  // Intrinsics are left alone: a whole document, a statement list, a statement item.
  assert.deepEqual(found(role('        Fn::If: [C, {}, {}]\n', '            Statement:\n              - Fn::If: [C, {}, !Ref AWS::NoValue]\n')), []);
  const bucketPolicy = CFN(
    '  Bp:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b/*\n',
  );
  assert.deepEqual(found(bucketPolicy), [['error', 'iam-statement-principal', 'Effect']]);
  // A SAM function's policy documents (not its policy templates or managed policies); warnings in SAM.
  const sam = SAM(
    '  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: a.b\n      CodeUri: s3://b/k\n      Policies:\n        - AWSLambdaBasicExecutionRole\n        - S3ReadPolicy:\n            BucketName: b\n        - Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n',
  );
  assert.deepEqual(found(sam), [['warning', 'iam-statement-resource', 'Effect']]);
});
