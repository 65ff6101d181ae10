// The SAM model generated from SAM's own data (scripts/gen-schemas.mjs from schemas/sources/sam/), and
// each hand-written addition of schemas/sources/sam-extra.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, slice } from './helpers';
import { schema } from '../../../src/sam/schema';

const URI = 'untitled:template.yaml';
const SAM = (resources: string) => `Transform: AWS::Serverless-2016-10-31\nResources:\n${resources}`;
const FN = (props: string, extra = '') =>
  SAM(`  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n      CodeUri: s3://b/k\n${props}${extra}`);

function errors(text: string) {
  return open(text, URI)
    .diagnostics(URI)
    .filter((d) => d.severity === 'error')
    .map((d) => `${slice(text, d)}: ${d.message}`);
}

test('properties SAM added lately are known: function, HttpApi, state machine', () => {
  assert.deepEqual(
    errors(FN('      AutoPublishAlias: live\n      AutoPublishAliasAllProperties: true\n      RolePath: /app/\n      PublishToLatestPublished: true\n')),
    [],
  );
  assert.deepEqual(
    errors(
      SAM(
        `  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      AccessLogSettings:\n        DestinationArn: arn:aws:logs:x\n        Format: $context.requestId\n`,
      ),
    ),
    [],
  );
  assert.deepEqual(
    errors(
      SAM(
        `  Sm:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: s3://b/k\n      PermissionsBoundary: arn:aws:iam::1:policy/pb\n      Policies: []\n`,
      ),
    ),
    [],
  );
});

test('every policy template of the translator is known, the _v2 ones too, with its parameters', () => {
  const t = schema().policyTemplates;
  assert.ok(Object.keys(t).length >= 80);
  assert.deepEqual(t['KMSEncryptPolicy_v2'], ['KeyId']);
  assert.deepEqual(errors(FN('      Policies:\n        - KMSEncryptPolicy_v2:\n            KeyId: abc\n        - AWSLambdaExecute\n')), []);
  const bad = errors(FN('      Policies:\n        - SQSPolerPolicy:\n            QueueName: q\n'));
  assert.equal(bad.length, 1);
  assert.match(bad[0], /^SQSPolerPolicy: Policy at index 0 .*Did you mean 'SQSPollerPolicy'/);
  assert.deepEqual(errors(FN('      Policies:\n        - SQSPollerPolicy: {}\n')), [
    "SQSPollerPolicy: Following required parameters of policy template 'SQSPollerPolicy' don't have values: QueueName.",
  ]);
});

test('sam-extra: GetAtt attributes of SAM types', () => {
  assert.deepEqual(errors(FN('', `Outputs:\n  A:\n    Value: !GetAtt Fn.Arn\n`)), []);
});

test('sam-extra: CloudWatchEvent and EventBridgeRule take the same properties; State on a state machine event', () => {
  const ev = (type: string, owner = 'fn') =>
    owner === 'fn'
      ? FN(
          `      Events:\n        E:\n          Type: ${type}\n          Properties:\n            Pattern: {source: [a]}\n            State: ENABLED\n            RuleName: r\n`,
        )
      : SAM(
          `  Sm:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: s3://b/k\n      Policies: []\n      Events:\n        E:\n          Type: ${type}\n          Properties:\n            Pattern: {source: [a]}\n            State: ENABLED\n`,
        );
  for (const type of ['CloudWatchEvent', 'EventBridgeRule']) {
    assert.deepEqual(errors(ev(type)), [], type);
    assert.deepEqual(errors(ev(type, 'sm')), [], `${type} on a state machine`);
  }
});

test('sam-extra: SNS RedrivePolicy is an event property; Kinesis needs StartingPosition', () => {
  assert.deepEqual(
    errors(FN(`      Events:\n        E:\n          Type: SNS\n          Properties:\n            Topic: arn:t\n            RedrivePolicy: {}\n`)),
    [],
  );
  const e = errors(FN(`      Events:\n        E:\n          Type: Kinesis\n          Properties:\n            Stream: arn:s\n`));
  assert.equal(e.length, 1);
  assert.match(e[0], /StartingPosition/);
  const unknown = errors(
    FN(`      Events:\n        E:\n          Type: SNS\n          Properties:\n            Topic: arn:t\n            FilterCriteria: {}\n`),
  );
  assert.match(unknown.join(), /Unknown property 'FilterCriteria' for a SNS event/);
});

test('sam-extra: a WebSocketApi AccessLogSettings given as a list is an error', () => {
  const text = SAM(
    `  Ws:\n    Type: AWS::Serverless::WebSocketApi\n    Properties:\n      RouteSelectionExpression: $request.body.action\n      Routes: {}\n      AccessLogSettings:\n        - DestinationArn: a\n`,
  );
  assert.match(errors(text).join(), /AccessLogSettings' should be a map/);
});
