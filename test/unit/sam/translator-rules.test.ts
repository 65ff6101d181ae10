// Rules held to the SAM translator's own checks: what it accepts raises no error, and what only may be
// wrong is a warning (issue 17, class 2 and 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, slice } from './helpers';

const URI = 'untitled:template.yaml';
const SAM = (resources: string, extra = '') => `Transform: AWS::Serverless-2016-10-31\n${extra}Resources:\n${resources}`;
const FN = (props: string, code = '      CodeUri: s3://b/k\n') =>
  `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n${code}${props}`;

function diags(text: string) {
  return open(text, URI)
    .diagnostics(URI)
    .map((d) => ({ severity: d.severity, text: slice(text, d), message: d.message }));
}
const errors = (text: string) => diags(text).filter((d) => d.severity === 'error');

test('CodeUri left out is no finding (sam build and package default it); InlineCode beside CodeUri is a warning', () => {
  assert.deepEqual(diags(SAM(FN('', ''))), []);
  const d = diags(SAM(FN('      InlineCode: exports.handler = 1\n')));
  assert.deepEqual(
    d.map((x) => [x.severity, x.text]),
    [['warning', 'InlineCode']],
  );
});

test('a LayerVersion without ContentUri is no finding: sam package and aws cloudformation package upload the template folder for it', () => {
  assert.deepEqual(diags(SAM('  L:\n    Type: AWS::Serverless::LayerVersion\n    Properties:\n      LayerName: l\n')), []);
});

test('Events: null and an S3 location Version given as a string raise no error', () => {
  assert.deepEqual(errors(SAM(FN('      Events:\n'))), []);
  assert.deepEqual(
    errors(
      SAM(
        `  Sm:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Policies: []\n      DefinitionUri:\n        Bucket: b\n        Key: k\n        Version: 3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY\n`,
      ),
    ),
    [],
  );
});

test('a REQUEST authorizer needs an identity source unless caching is off (ReauthorizeEvery: 0)', () => {
  const api = (identity: string) =>
    SAM(
      `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Auth:\n        Authorizers:\n          Az:\n            FunctionArn: arn:aws:lambda:x\n            FunctionPayloadType: REQUEST\n${identity}`,
    );
  assert.deepEqual(errors(api('            Identity:\n              ReauthorizeEvery: 0\n')), []);
  assert.match(
    errors(api(''))
      .map((e) => e.message)
      .join(),
    /Az Authorizer must specify Identity/,
  );
  assert.match(
    errors(api('            Identity:\n              Headers: []\n'))
      .map((e) => e.message)
      .join(),
    /must specify Identity/,
  );
});

test('DestinationConfig.OnFailure.Type: Kafka on a Kafka source is fine; anything but SQS, SNS, S3 on Kinesis is an error', () => {
  const ev = (type: string, extra: string, onFailure: string) =>
    SAM(
      FN(
        `      Events:\n        E:\n          Type: ${type}\n          Properties:\n${extra}            DestinationConfig:\n              OnFailure:\n                Type: ${onFailure}\n                Destination: arn:x\n`,
      ),
    );
  assert.deepEqual(errors(ev('MSK', '            Stream: arn:s\n            StartingPosition: LATEST\n            Topics: [t]\n', 'Kafka')), []);
  assert.deepEqual(errors(ev('Kinesis', '            Stream: arn:s\n            StartingPosition: LATEST\n', 'S3')), []);
  assert.match(
    errors(ev('Kinesis', '            Stream: arn:s\n            StartingPosition: LATEST\n', 'Lambda'))
      .map((e) => e.text)
      .join(),
    /Lambda/,
  );
});

test('the same method and path twice is an error on an API SAM writes routes into, not on one defined by DefinitionUri', () => {
  const events = `      Events:\n        A:\n          Type: Api\n          Properties:\n            Path: /x\n            Method: get\n            RestApiId: !Ref Api\n        B:\n          Type: Api\n          Properties:\n            Path: /x\n            Method: GET\n            RestApiId: !Ref Api\n`;
  const api = (def: string) => `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n${def}`;
  assert.deepEqual(errors(SAM(FN(events) + api('      DefinitionUri: s3://b/api.yaml\n'))), []);
  assert.match(
    errors(SAM(FN(events) + api('')))
      .map((e) => e.message)
      .join(),
    /already served/,
  );
});

test("a method's OpenAPI security of an odd shape is a warning (SAM checks it only when it adds authorizers)", () => {
  const text = SAM(
    `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionBody:\n        swagger: '2.0'\n        paths:\n          /x:\n            get:\n              security: {a: []}\n`,
  );
  assert.deepEqual(
    diags(text).map((d) => d.severity),
    ['warning'],
  );
});

test('a Policies map that is neither a document nor a policy template is the translator error', () => {
  const e = errors(SAM(FN('      Policies:\n        - Effect: Allow\n          Action: s3:GetObject\n')));
  assert.equal(e.length, 1);
  assert.match(e[0].message, /Policy at index 0 in 'Policies' is not valid/);
  assert.deepEqual(
    errors(
      SAM(FN('      Policies:\n        - !If [C, AWSLambdaExecute, !Ref AWS::NoValue]\n', '      CodeUri: s3://b/k\n'), 'Conditions:\n  C: !Equals [a, a]\n'),
    ),
    [],
  );
});

test('Globals.Function EventInvokeConfig is checked as the function would get it', () => {
  const g = 'Globals:\n  Function:\n    EventInvokeConfig:\n      DestinationConfig:\n        OnSuccess:\n          Type: Lambda\n';
  assert.match(
    errors(SAM(FN(''), g))
      .map((e) => e.message)
      .join(),
    /'Destination' is required/,
  );
});

test('RestApiId / ApiId: an error only when no resource has that id (the translator looks the id up among all resources)', () => {
  const ev = (type: string, prop: string, target: string) =>
    SAM(
      FN(
        `      Events:\n        E:\n          Type: ${type}\n          Properties:\n            Path: /x\n            Method: get\n            ${prop}: !Ref ${target}\n`,
      ) + `  Rest:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: r\n`,
    );
  assert.deepEqual(errors(ev('Api', 'RestApiId', 'Rest')), []);
  assert.match(
    errors(ev('Api', 'RestApiId', 'Nope'))
      .map((e) => e.message)
      .join(),
    /RestApiId must be a valid reference/,
  );
  assert.deepEqual(errors(ev('HttpApi', 'ApiId', 'Rest')), []);
  assert.match(
    errors(ev('HttpApi', 'ApiId', 'Nope'))
      .map((e) => e.message)
      .join(),
    /ApiId must be a valid reference/,
  );
});

test("a Kinesis event's DestinationConfig needs OnFailure as a map; Globals.Api.Cors of the implicit API takes the known keys", () => {
  const kin = (dc: string) =>
    SAM(
      FN(
        `      Events:\n        E:\n          Type: Kinesis\n          Properties:\n            Stream: arn:s\n            StartingPosition: LATEST\n            DestinationConfig:\n${dc}`,
      ),
    );
  assert.match(
    errors(kin('              OnFailure: not a map\n'))
      .map((e) => e.message)
      .join(),
    /'DestinationConfig.OnFailure' should be a map/,
  );
  assert.deepEqual(errors(kin('              OnFailure:\n                Destination: arn:q\n')), []);
  const api = (cors: string) =>
    SAM(
      FN('      Events:\n        E:\n          Type: Api\n          Properties:\n            Path: /x\n            Method: get\n'),
      `Globals:\n  Api:\n    Cors:\n${cors}`,
    );
  assert.deepEqual(errors(api('      AllowOrigin: "\'*\'"\n')), []);
  const e = open(api('      Foo: "\'*\'"\n'), URI)
    .diagnostics(URI)
    .filter((d) => d.severity === 'error');
  assert.deepEqual(
    e.map((d) => [d.logicalId, d.message.slice(0, 37)]),
    [['ServerlessRestApi', "Invalid key 'Foo' for 'Cors' property"]],
  );
});

test("a kind SAM's schema does not declare but a deploy takes is a warning; a kind nothing takes stays an error", () => {
  const api = (v: string) => SAM(`  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      EndpointConfiguration: ${v}\n`);
  assert.deepEqual(
    diags(api('REGIONAL')).map((d) => [d.severity, d.text]),
    [['warning', 'REGIONAL']],
  );
  assert.match(diags(api('REGIONAL'))[0].message, /declares 'EndpointConfiguration' .*map.*takes a string here too/);
  assert.deepEqual(
    diags(api('[REGIONAL]')).map((d) => [d.severity, d.text]),
    [['error', '[REGIONAL]']],
  );
  assert.deepEqual(diags(api('{ Type: REGIONAL }')), []);
  // The same holds for an event's properties: a Schedule event's Enabled given as a map deploys.
  const ev = FN(
    '      Events:\n        Tick:\n          Type: Schedule\n          Properties:\n            Schedule: rate(1 minute)\n            Enabled: { Ref: On }\n',
  );
  assert.deepEqual(errors(SAM(ev, 'Parameters:\n  On:\n    Type: String\n')), []);
});

test('every kind the model lets through was taken by the translator and CloudFormation when probed', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const probed = require('../../../schemas/sources/sam/translator-kinds.json') as {
    resources: Record<string, Record<string, string[]>>;
    events: Record<string, Record<string, string[]>>;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const model = require('../../../schemas/cfn-schema.json') as {
    resources: Record<string, { p: Record<string, { k?: string[] }> }>;
    events: Record<string, Record<string, { k?: string[] }>>;
  };
  let marked = 0;
  for (const [type, spec] of Object.entries(model.resources))
    for (const [name, p] of Object.entries(spec.p))
      for (const k of p.k ?? []) {
        marked++;
        assert.ok(probed.resources[type]?.[name]?.includes(k), `${type}.${name}: ${k}`);
      }
  for (const [type, spec] of Object.entries(model.events))
    for (const [name, p] of Object.entries(spec))
      for (const k of p.k ?? []) {
        marked++;
        assert.ok(probed.events[type]?.[name]?.includes(k), `${type} event ${name}: ${k}`);
      }
  assert.ok(marked > 0);
});

test('specification extensions (x- keys) in OpenAPI paths are not paths', () => {
  const text = SAM(
    `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionBody:\n        swagger: '2.0'\n        info: { title: t, version: '1' }\n        paths:\n          x-amazon-apigateway-binary-media-types: ['image/*']\n          /a:\n            get: {}\n          /b: [oops]\n`,
  );
  assert.deepEqual(
    errors(text).map((d) => d.text),
    ['[oops]'],
  );
});

test('events with ApiId on an API whose OpenAPI already routes the path through x-amazon-apigateway-any-method: no error (the translator accepts them)', () => {
  const integration = (fn: string) =>
    `                x-amazon-apigateway-integration:\n                  type: aws_proxy\n                  httpMethod: POST\n                  payloadFormatVersion: '2.0'\n                  uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${fn}.Arn}/invocations\n`;
  const text = SAM(
    `  MyApi:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionBody:\n        openapi: '3.0.1'\n        info: { title: t, version: '1' }\n        paths:\n          /{proxy+}:\n            x-amazon-apigateway-any-method:\n${integration('Fn')}` +
      FN(
        '      Events:\n        Proxy:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref MyApi\n            Path: /{proxy+}\n            Method: ANY\n        Other:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref MyApi\n            Path: /other\n            Method: GET\n',
      ),
  );
  assert.deepEqual(errors(text), []);
});
