import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES, api, load, loadText, routeLines, fn } from './helpers';

describe('implicit SAM APIs (Api / HttpApi events)', () => {
  it('makes ServerlessRestApi and ServerlessHttpApi from the events, methods upper case, any → ANY', async () => {
    const m = await load('sam-implicit/template.yaml');
    const rest = api(m, 'ServerlessRestApi');
    assert.equal(rest.type, 'REST');
    assert.equal(rest.stageName, 'Prod');
    assert.deepEqual(routeLines(rest), [
      'GET /hello -> HelloFunction (1.0)',
      'POST /hello -> HelloFunction (1.0)',
      'ANY /items/{id} -> ItemsFunction (1.0)',
      'ANY /{proxy+} -> ItemsFunction (1.0)',
      'GET /image -> BinaryFunction (1.0)',
      'GET /py -> PyFunction (1.0)',
    ]);
    const http = api(m, 'ServerlessHttpApi');
    assert.equal(http.type, 'HTTP');
    assert.equal(http.stageName, '$default');
    assert.deepEqual(routeLines(http), [
      'GET /http/hello/{name} -> HttpHelloFunction (2.0)',
      'POST /http/v1 -> HttpHelloFunction (1.0)',
      'ANY $default -> HttpDefaultFunction (2.0)',
    ]);
  });

  it('applies Globals.Api: binary media types unescaped, CORS with quoted values', async () => {
    const rest = api(await load('sam-implicit/template.yaml'), 'ServerlessRestApi');
    assert.deepEqual(rest.binaryMediaTypes, ['image/png', 'application/octet-stream']);
    assert.deepEqual(rest.cors, {
      allowOrigins: ['*'],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type,Authorization'],
      exposeHeaders: [],
      maxAge: 600,
      allowCredentials: false,
    });
  });

  it('reads JSON templates the same way', async () => {
    const m = await load('nested/other/template.json');
    assert.deepEqual(routeLines(api(m, 'ServerlessRestApi')), ['GET /other/{id} -> OtherFunction (1.0)']);
  });

  it('refuses an Api event without Path or Method, naming the line', async () => {
    const yaml = `Resources:\n${fn('F', '        E:\n          Type: Api\n          Properties:\n            Path: /x\n')}`;
    await assert.rejects(loadText(yaml), (e: Error & { line?: number }) => /event E: an Api event needs Path and Method/.test(e.message) && e.line === 11);
  });

  it('refuses a RestApiId that is not an AWS::Serverless::Api of the template', async () => {
    const yaml = `Resources:\n${fn('F', '        E:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Nope\n            Path: /x\n            Method: get\n')}`;
    await assert.rejects(loadText(yaml), /RestApiId must reference an AWS::Serverless::Api of this template \(Nope is not one\)/);
  });
});

describe('explicit SAM APIs', () => {
  it('merges DefinitionBody routes (Fn::Sub of ${Fn.Arn} and of a literal arn) with the events of RestApiId', async () => {
    const pets = api(await load('sam-explicit/template.yaml'), 'PetsApi');
    assert.deepEqual(routeLines(pets), [
      'GET /pets -> PetsFunction (1.0) [TokenAuth]',
      'ANY /pets/{petId} -> PetsFunction (1.0) [RequestAuth]',
      'POST /pets/{petId}/adopt -> PetsFunction (1.0)',
      'GET /search -> PetsFunction (1.0) [RequestAuth]',
    ]);
    assert.equal(pets.stageName, 'v1', 'StageName from a parameter Default');
    assert.deepEqual(pets.stageVariables, { tableName: 'pets-local', region: 'us-east-1' });
    assert.deepEqual(pets.cors?.allowOrigins, ['*']);
    assert.deepEqual(pets.cors?.allowMethods, ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'], 'Cors: "\'*\'" allows every method');
  });

  it('reads a DefinitionUri file (Swagger 2): literal arns by FunctionName, x-amazon-apigateway-binary-media-types', async () => {
    const m = await load('sam-explicit/template.yaml');
    const pub = api(m, 'PublicApi');
    assert.deepEqual(routeLines(pub), ['GET /public -> PublicFunction (1.0)', 'ANY /public/{proxy+} -> PublicFunction (1.0)']);
    assert.deepEqual(pub.binaryMediaTypes, ['*/*', 'image/jpeg']);
    assert.ok(m.files.includes(path.join(FIXTURES, 'sam-explicit/openapi.yaml')));
  });

  it('reads an AWS::Include body for an HttpApi, with payloadFormatVersion, Globals.HttpApi CORS and StageVariables', async () => {
    const m = await load('sam-explicit/template.yaml');
    const orders = api(m, 'OrdersHttpApi');
    assert.deepEqual(routeLines(orders), [
      'GET /orders/{id} -> OrdersFunction (2.0) [LambdaV2]',
      'POST /legacy -> OrdersFunction (1.0) [LambdaV1]',
      'GET /orders -> OrdersFunction (2.0) [LambdaV2]',
      'GET /orders/open -> OrdersFunction (2.0)',
      'POST /orders/v1 -> OrdersFunction (2.0) [LambdaV1]',
    ]);
    assert.equal(orders.stageName, 'beta');
    assert.deepEqual(orders.stageVariables, { color: 'blue' });
    assert.deepEqual(orders.cors, {
      allowOrigins: ['http://localhost:5173'],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type'],
      exposeHeaders: ['x-total'],
      maxAge: 120,
      allowCredentials: true,
    });
    assert.deepEqual(m.files.slice().sort(), ['http-api.yaml', 'openapi.yaml', 'template.yaml'].map((f) => path.join(FIXTURES, 'sam-explicit', f)).sort());
  });

  it('skips mock integrations silently and warns about other non-proxy integrations', async () => {
    const yaml = `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      DefinitionBody:
        swagger: '2.0'
        paths:
          /a:
            get:
              x-amazon-apigateway-integration: { type: aws_proxy, uri: !GetAtt F.Arn }
            options:
              x-amazon-apigateway-integration: { type: mock }
          /b:
            get:
              x-amazon-apigateway-integration: { type: http_proxy, uri: 'https://example.com' }
${fn('F')}`;
    const m = await loadText(yaml);
    assert.deepEqual(routeLines(api(m, 'Api')), ['GET /a -> F (1.0)']);
    assert.equal(m.warnings.length, 1);
    assert.match(m.warnings[0].message, /GET \/b: only Lambda proxy \(aws_proxy\) integrations are served locally, not http_proxy/);
    assert.equal(m.warnings[0].line, 16);
  });

  it('keeps a body route whose integration names no function of the template (502), warning with the line', async () => {
    const yaml = `Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: '3.0'
        paths:
          /x:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: arn:aws:lambda:us-east-1:123456789012:function:elsewhere
${fn('F')}`;
    const m = await loadText(yaml);
    assert.deepEqual(api(m, 'Api').routes[0].unavailable, { status: 502, message: 'No function defined for resource method' });
    assert.equal(api(m, 'Api').routes[0].functionId, 'elsewhere');
    assert.equal(m.warnings[0].line, 12);
    assert.match(
      m.warnings[0].message,
      /GET \/x: the integration URI "arn:aws:lambda:us-east-1:123456789012:function:elsewhere" names no function of this template/,
    );
  });

  it('names a missing DefinitionUri file and the line that refers to it', async () => {
    const yaml = `Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: x\n      DefinitionUri: ./missing.yaml\n${fn('F')}`;
    await assert.rejects(loadText(yaml), (e: Error & { line?: number }) => /DefinitionUri .*missing\.yaml does not exist/.test(e.message) && e.line === 6);
  });

  it('warns about a DefinitionUri in S3 and still serves the events of the API', async () => {
    const events = '        E:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /e\n            Method: get\n';
    const yaml = `Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: x\n      DefinitionUri: s3://bucket/api.yaml\n${fn('F', events)}`;
    const m = await loadText(yaml);
    assert.deepEqual(routeLines(api(m, 'Api')), ['GET /e -> F (1.0)']);
    assert.match(m.warnings[0].message, /s3:\/\/bucket\/api\.yaml is not a local file/);
  });
});
