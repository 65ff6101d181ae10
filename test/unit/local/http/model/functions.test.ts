import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES, fn, load, loadText } from './helpers';

describe('functions', () => {
  it('merges Globals.Function, resolves the environment (Sub, FindInMap, If), and defaults', async () => {
    const m = await load('sam-implicit/template.yaml');
    const hello = m.functions.get('HelloFunction');
    assert.ok(hello);
    assert.equal(hello.runtime, 'nodejs20.x');
    assert.equal(hello.handler, 'hello.handler');
    assert.equal(hello.codeDir, path.join(FIXTURES, 'sam-implicit/src'));
    assert.deepEqual(hello.layerDirs, [path.join(FIXTURES, 'sam-implicit/layer')]);
    assert.equal(hello.memorySize, 256);
    assert.equal(hello.timeout, 10);
    assert.deepEqual(hello.architectures, ['x86_64']);
    assert.equal(hello.logGroup, '/aws/lambda/HelloFunction');
    assert.equal(hello.logFormat, 'Text');
    assert.deepEqual(hello.environment, { STAGE: 'dev', LOG_LEVEL: 'debug', GREETING: 'hello from us-east-1', MODE: 'development' });
  });

  it('leaves out an unresolvable environment value with a warning naming its line', async () => {
    const m = await load('sam-implicit/template.yaml');
    const w = m.warnings.find((x) => x.message.includes('TABLE_ARN'));
    assert.ok(w);
    assert.equal(w.file, path.join(FIXTURES, 'sam-implicit/template.yaml'));
    assert.equal(w.line, 59);
    assert.match(w.message, /Fn::GetAtt ItemsTable\.Arn \(AWS::Serverless::SimpleTable\) is only known once deployed; left out/);
    assert.equal('TABLE_ARN' in (m.functions.get('HelloFunction')?.environment ?? {}), false);
  });

  it('applies parameter overrides, evaluated conditions and Mappings', async () => {
    const m = await load('sam-implicit/template.yaml', { parameterOverrides: { Stage: 'prod', Greeting: 'hi' } });
    assert.deepEqual(m.functions.get('HelloFunction')?.environment, { STAGE: 'prod', LOG_LEVEL: 'warn', GREETING: 'hi from us-east-1', MODE: 'production' });
    assert.equal(m.functions.get('ItemsFunction')?.logGroup, '/app/prod/items');
  });

  it('applies --env-vars: Parameters for all, per logical id wins, only declared variables', async () => {
    const m = await load('sam-implicit/template.yaml', {
      envVars: { Parameters: { STAGE: 'all', UNDECLARED: 'x' }, HelloFunction: { STAGE: 'mine', TABLE_ARN: 'arn:table' } },
    });
    const env = m.functions.get('HelloFunction')?.environment;
    assert.equal(env?.STAGE, 'mine');
    assert.equal(env?.TABLE_ARN, 'arn:table', 'an override fills what the template cannot resolve');
    assert.equal(env?.UNDECLARED, undefined);
    assert.equal(m.functions.get('ItemsFunction')?.environment.STAGE, 'all');
  });

  it('reads Architectures, LoggingConfig (a LogGroup resource) and function URLs', async () => {
    const m = await load('sam-implicit/template.yaml');
    const items = m.functions.get('ItemsFunction');
    assert.deepEqual(items?.architectures, ['arm64']);
    assert.equal(items?.logFormat, 'JSON');
    assert.equal(items?.logGroup, '/app/dev/items');
    assert.deepEqual(m.functions.get('StreamFunction')?.url, {
      authType: 'NONE',
      invokeMode: 'RESPONSE_STREAM',
      cors: {
        allowOrigins: ['https://example.com'],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['content-type'],
        exposeHeaders: ['x-request-id'],
        maxAge: 300,
        allowCredentials: true,
      },
    });
    assert.deepEqual(m.functions.get('IamUrlFunction')?.url, { authType: 'AWS_IAM', invokeMode: 'BUFFERED', cors: undefined });
    assert.equal(m.functions.get('PyFunction')?.runtime, 'python3.12');
  });

  it('defaults CodeUri to the template folder, MemorySize 128, Timeout 3; runs S3 code from the template folder; skips images', async () => {
    const yaml = `Resources:
  Plain:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, FunctionUrlConfig: { AuthType: NONE } }
  Image:
    Type: AWS::Serverless::Function
    Properties: { PackageType: Image, ImageUri: repo:latest }
  InS3:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, CodeUri: s3://bucket/code.zip }
  Remote:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Layers: [arn:aws:lambda:us-east-1:1:layer:x:1] }
`;
    const m = await loadText(yaml);
    const plain = m.functions.get('Plain');
    assert.equal(plain?.codeDir, path.dirname(m.templateFile));
    assert.equal(plain?.memorySize, 128);
    assert.equal(plain?.timeout, 3);
    assert.deepEqual([...m.functions.keys()], ['Plain', 'InS3', 'Remote']);
    assert.equal(m.functions.get('InS3')?.codeDir, path.dirname(m.templateFile), 'S3 code runs from the template folder, as sam local does');
    const msgs = m.warnings.map((w) => w.message).join('\n');
    assert.match(msgs, /Image is a container image function; its routes answer 501/);
    assert.match(msgs, /InS3: its CodeUri is not a local folder \(S3\); it runs from the template's folder/);
    assert.match(msgs, /Remote: layer arn:aws:lambda:us-east-1:1:layer:x:1 is not a layer of this template/);
  });

  it('reads AWS::Lambda::LayerVersion Content paths and AWS::Lambda::Url resources', async () => {
    const yaml = `Resources:
  Layer:
    Type: AWS::Lambda::LayerVersion
    Properties: { Content: ./layer }
  F:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: ./src, Layers: [!Ref Layer] }
  Url:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: !Ref F, AuthType: AWS_IAM, InvokeMode: RESPONSE_STREAM, Cors: { AllowOrigins: ['*'] } }
`;
    const m = await loadText(yaml);
    const f = m.functions.get('F');
    assert.deepEqual(f?.layerDirs, [path.join(path.dirname(m.templateFile), 'layer')]);
    assert.deepEqual(f?.url, {
      authType: 'AWS_IAM',
      invokeMode: 'RESPONSE_STREAM',
      cors: { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAge: undefined, allowCredentials: false },
    });
  });

  it('leaves out resources whose Condition is false', async () => {
    const yaml = `Parameters:
  On: { Type: String, Default: 'no' }
Conditions:
  Enabled: !Equals [!Ref On, 'yes']
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: i.h, Events: { E: { Type: HttpApi } } }
  B:
    Type: AWS::Serverless::Function
    Condition: Enabled
    Properties: { Runtime: nodejs20.x, Handler: i.h, Events: { E: { Type: Api, Properties: { Path: /b, Method: get } } } }
`;
    const off = await loadText(yaml);
    assert.deepEqual([...off.functions.keys()], ['A']);
    assert.deepEqual(
      off.apis.map((a) => a.id),
      ['ServerlessHttpApi'],
    );
    const on = await loadText(yaml, { parameterOverrides: { On: 'yes' } });
    assert.deepEqual([...on.functions.keys()], ['A', 'B']);
  });
});

describe('code folders', () => {
  it('warns when a code folder does not exist, and still serves the function', async () => {
    const m = await loadText(`Resources:\n${fn('F', '', '\n      FunctionUrlConfig:\n        AuthType: NONE').replace('CodeUri: src/', 'CodeUri: missing/')}`);
    assert.ok(m.functions.has('F'));
    assert.match(m.warnings[0].message, /F: its code folder .*missing does not exist \(yet\)/);
  });
});
