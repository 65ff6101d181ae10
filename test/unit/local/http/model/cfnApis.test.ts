import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { routeKey } from '../../../../../src/local/http/model/cfnShared';
import { FIXTURES, api, load, loadText, routeLines } from './helpers';

describe('CloudFormation REST APIs (AWS::ApiGateway::*)', () => {
  it('builds paths from the Resource ParentId chain and reads Methods, the Stage and its Variables', async () => {
    const m = await load('cfn-rest/template.yaml');
    const a = api(m, 'Api');
    assert.equal(a.type, 'REST');
    assert.deepEqual(routeLines(a), [
      'GET / -> PetsFunction (1.0)',
      'GET /pets -> PetsFunction (1.0) [TokenAuthorizer]',
      'ANY /pets/{petId} -> PetsFunction (1.0)',
      'ANY /pets/{petId}/{proxy+} -> PetsFunction (1.0)',
    ]);
    assert.equal(a.stageName, 'live');
    assert.deepEqual(a.stageVariables, { backend: 'cfn', stage: 'live' });
    assert.deepEqual(a.binaryMediaTypes, ['application/pdf']);
    assert.deepEqual(a.authorizers.TokenAuthorizer, {
      name: 'TokenAuthorizer',
      type: 'TOKEN',
      functionId: 'AuthFunction',
      identitySources: ['method.request.header.Authorization'],
      validationExpression: undefined,
      payloadFormatVersion: undefined,
      enableSimpleResponses: undefined,
      ttlSeconds: 0,
    });
  });

  it('serves AWS::Lambda::Function with a local Code path and warns about inline ZipFile code', async () => {
    const m = await load('cfn-rest/template.yaml');
    assert.equal(m.functions.get('PetsFunction')?.codeDir, path.join(FIXTURES, 'cfn-rest/src'));
    assert.equal(m.functions.get('PetsFunction')?.memorySize, 512);
    assert.equal(m.functions.get('PetsFunction')?.timeout, 6);
    assert.equal(m.functions.has('InlineFunction'), false);
    assert.match(m.warnings.map((w) => w.message).join('\n'), /InlineFunction has inline code, which is not run locally; its routes answer 501/);
  });

  it('keeps a Method whose integration names no function, answering 502 as sam local does, and warns with the line', async () => {
    const yaml = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  M:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      Integration:
        Type: AWS_PROXY
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Ghost.Arn}/invocations
  F:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: ./src }
  Inline:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: { ZipFile: 'x' } }
  N:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      Integration: { Type: AWS_PROXY, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Inline.Arn}/invocations' }
`;
    const m = await loadText(yaml);
    assert.deepEqual(api(m, 'Api').routes, [
      {
        apiId: 'Api',
        method: 'GET',
        path: '/',
        functionId: 'Ghost',
        unavailable: { status: 502, message: 'No function defined for resource method' },
        payloadFormatVersion: '1.0',
        authorizer: undefined,
      },
      {
        apiId: 'Api',
        method: 'POST',
        path: '/',
        functionId: 'Inline',
        unavailable: { status: 501, message: 'Inline code is not supported for sam local commands. Please write your code in a separate file.' },
        payloadFormatVersion: '1.0',
        authorizer: undefined,
      },
    ]);
    const w = m.warnings.find((x) => x.message.startsWith('M (GET /)'));
    assert.equal(w?.line, 12);
    assert.match(w?.message ?? '', /the integration URI cannot be resolved \(Fn::GetAtt Ghost\.Arn: no resource Ghost\); the route answers 502/);
  });

  it('reads ids written plainly, Resources without a ParentId, Methods without an Integration Type, CONVERT_TO_BINARY', async () => {
    const yaml = `Resources:
  F:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: main.handler, Code: . }
  TestApi:
    Type: AWS::ApiGateway::RestApi
  Root:
    Type: AWS::ApiGateway::Resource
    Properties: { PathPart: root, ResourceId: TestApi }
  Child:
    Type: AWS::ApiGateway::Resource
    Properties: { PathPart: '{proxy+}', ParentId: Root }
  M:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      RestApiId: TestApi
      ResourceId: Child
      Integration:
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${F.Arn}/invocations
        ContentType: image~1gif
        ContentHandling: CONVERT_TO_BINARY
  Dev:
    Type: AWS::ApiGateway::Stage
    Properties: { StageName: Dev, RestApiId: TestApi }
`;
    const m = await loadText(yaml);
    const a = api(m, 'TestApi');
    assert.deepEqual(routeLines(a), ['GET /root/{proxy+} -> F (1.0)']);
    assert.deepEqual(a.binaryMediaTypes, ['image/gif']);
    assert.equal(a.stageName, 'Dev');
  });
});

describe('CloudFormation HTTP APIs (AWS::ApiGatewayV2::*)', () => {
  it('reads Routes (RouteKey, Target integrations/<id> by Join and Sub), Integrations, the Stage and CORS', async () => {
    const m = await load('cfn-http/template.yaml');
    const a = api(m, 'HttpApi');
    assert.deepEqual(routeLines(a), [
      'GET /hello/{name} -> HelloFunction (2.0)',
      'POST /secure -> HelloFunction (2.0) [RequestAuthorizer]',
      'ANY /v1/{proxy+} -> HelloFunction (1.0)',
      'ANY $default -> HelloFunction (2.0)',
    ]);
    assert.equal(a.stageName, '$default');
    assert.deepEqual(a.stageVariables, { flavor: 'v2' });
    assert.deepEqual(a.cors?.allowOrigins, ['*']);
    assert.deepEqual(a.authorizers.RequestAuthorizer.identitySources, ['$request.header.Authorization']);
    assert.equal(a.authorizers.RequestAuthorizer.enableSimpleResponses, true);
    assert.equal(a.authorizers.RequestAuthorizer.payloadFormatVersion, '2.0');
  });

  it('serves a quick-create API (Target) on its $default route', async () => {
    const m = await load('cfn-http/template.yaml');
    assert.deepEqual(routeLines(api(m, 'QuickApi')), ['ANY $default -> HelloFunction (2.0)']);
  });

  it('parses route keys', () => {
    assert.deepEqual(routeKey('$default'), { method: 'ANY', path: '$default' });
    assert.deepEqual(routeKey('get /a/{b}'), { method: 'GET', path: '/a/{b}' });
    assert.deepEqual(routeKey('ANY /{proxy+}'), { method: 'ANY', path: '/{proxy+}' });
  });

  it('warns about WEBSOCKET APIs and routes whose Target is not an integration', async () => {
    const yaml = `Resources:
  F:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: ./src }
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties: { ProtocolType: WEBSOCKET }
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { ProtocolType: HTTP, Target: !GetAtt F.Arn }
  R:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Http, RouteKey: GET /x, Target: integrations/Nope }
`;
    const m = await loadText(yaml);
    const msgs = m.warnings.map((w) => w.message);
    assert.ok(msgs.some((x) => /Ws: WEBSOCKET APIs are not served locally/.test(x)));
    assert.ok(msgs.some((x) => /R: its Target integrations\/Nope is not integrations\/<an integration of this template>/.test(x)));
    assert.deepEqual(routeLines(api(m, 'Http')), ['ANY $default -> F (2.0)']);
  });
});

describe('CloudFormation APIs with an OpenAPI Body', () => {
  it('reads RestApi Body (Deployment StageName) and ApiGatewayV2 Body with x-amazon-apigateway-cors', async () => {
    const yaml = `Resources:
  F:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: ./src }
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: '2.0'
        x-amazon-apigateway-binary-media-types: ['image~1gif']
        paths:
          /r/{id}:
            delete:
              x-amazon-apigateway-integration: { type: AWS_PROXY, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${F.Arn}/invocations' }
  Dep:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Rest, StageName: staging, StageDescription: { Variables: { k: v } } }
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Body:
        openapi: '3.0.1'
        x-amazon-apigateway-cors: { allowOrigins: ['https://app.example'], allowMethods: [GET], maxAge: 10 }
        paths:
          /h:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration: { type: aws_proxy, payloadFormatVersion: '1.0', uri: !GetAtt F.Arn }
`;
    const m = await loadText(yaml);
    const rest = api(m, 'Rest');
    assert.deepEqual(routeLines(rest), ['DELETE /r/{id} -> F (1.0)']);
    assert.equal(rest.stageName, 'staging');
    assert.deepEqual(rest.stageVariables, { k: 'v' });
    assert.deepEqual(rest.binaryMediaTypes, ['image/gif']);
    const http = api(m, 'Http');
    assert.deepEqual(routeLines(http), ['ANY /h -> F (1.0)']);
    assert.deepEqual(http.cors, {
      allowOrigins: ['https://app.example'],
      allowMethods: ['GET', 'OPTIONS'],
      allowHeaders: [],
      exposeHeaders: [],
      maxAge: 10,
      allowCredentials: false,
    });
  });
});

describe('CDK-synthesized templates', () => {
  it('takes code from Metadata aws:asset:path and resolves Fn::Join integration URIs', async () => {
    const m = await load('cdk/cdk.out/CdkStack.template.json');
    const fn = m.functions.get('Handler886CB40B');
    assert.ok(fn);
    assert.equal(path.dirname(fn.codeDir), path.join(FIXTURES, 'cdk/cdk.out'));
    assert.match(path.basename(fn.codeDir), /^asset\.3f1a9c0e/);
    assert.equal(fn.memorySize, 1024);
    assert.deepEqual(fn.environment, { AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1', TABLE: 'ItemsTable5AAC2C46' });
    assert.deepEqual(routeLines(api(m, 'RestApi0C43BF4B')), ['ANY /{proxy+} -> Handler886CB40B (1.0)', 'ANY / -> Handler886CB40B (1.0)']);
    assert.equal(api(m, 'RestApi0C43BF4B').stageName, 'prod');
    assert.deepEqual(routeLines(api(m, 'HttpApiF5A9A8A7')), ['GET /items -> Handler886CB40B (2.0)']);
    assert.deepEqual(fn.url, { authType: 'NONE', invokeMode: 'BUFFERED', cors: undefined }, 'AWS::Lambda::Url');
    assert.deepEqual(m.warnings, []);
  });
});
