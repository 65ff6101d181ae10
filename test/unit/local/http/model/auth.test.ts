import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateLoadError } from '../../../../../src/local/http/model';
import { api, fn, load, loadText, routeLines } from './helpers';

const restApi = (authorizers: string, extra = '') => `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      Auth:${extra}
        Authorizers:
${authorizers}
${fn('F', '        E:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /x\n            Method: get\n')}${fn('AuthFn')}`;

describe('authorizers', () => {
  it('reads SAM REST Lambda TOKEN and REQUEST authorizers with their identity sources', async () => {
    const a = api(await load('sam-explicit/template.yaml'), 'PetsApi');
    assert.deepEqual(a.authorizers.TokenAuth, {
      name: 'TokenAuth',
      type: 'TOKEN',
      functionId: 'TokenAuthorizerFunction',
      identitySources: ['method.request.header.Authorization'],
      validationExpression: '^Bearer .+$',
      ttlSeconds: 0,
    });
    assert.deepEqual(a.authorizers.RequestAuth, {
      name: 'RequestAuth',
      type: 'REQUEST',
      functionId: 'RequestAuthorizerFunction',
      identitySources: ['method.request.header.X-Api-Key', 'method.request.querystring.tenant', 'stageVariables.tableName', 'context.httpMethod'],
      validationExpression: undefined,
      ttlSeconds: 300,
    });
    assert.equal(a.defaultAuthorizer, 'TokenAuth');
    assert.equal(a.authorizers.CognitoAuth, undefined, 'Cognito is not enforced locally');
  });

  it('reads SAM HttpApi Lambda authorizers (payload 1.0 / 2.0, simple responses) and per-route NONE', async () => {
    const m = await load('sam-explicit/template.yaml');
    const a = api(m, 'OrdersHttpApi');
    assert.deepEqual(a.authorizers.LambdaV2, {
      name: 'LambdaV2',
      type: 'REQUEST',
      functionId: 'HttpAuthorizerFunction',
      identitySources: ['$request.header.Authorization'],
      payloadFormatVersion: '2.0',
      enableSimpleResponses: true,
      ttlSeconds: 0,
    });
    assert.equal(a.authorizers.LambdaV1.payloadFormatVersion, '1.0');
    assert.deepEqual(a.authorizers.LambdaV1.identitySources, ['$request.querystring.token']);
    assert.ok(routeLines(a).includes('GET /orders/open -> OrdersFunction (2.0)'), 'Auth.Authorizer: NONE leaves the route open');
    const msgs = m.warnings.map((w) => w.message);
    assert.ok(msgs.includes('authorizer Jwt (JWT) is not enforced locally; its routes are served without authorization'));
    assert.ok(msgs.includes('authorizer CognitoAuth (Cognito user pool) is not enforced locally; its routes are served without authorization'));
  });

  it('reads OpenAPI security schemes with x-amazon-apigateway-authorizer and operation security', async () => {
    const yaml = `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      DefinitionBody:
        swagger: '2.0'
        securityDefinitions:
          MyTok:
            type: apiKey
            name: X-Token
            in: header
            x-amazon-apigateway-authtype: custom
            x-amazon-apigateway-authorizer:
              type: token
              authorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${AuthFn.Arn}/invocations
              identityValidationExpression: '^ok'
              authorizerResultTtlInSeconds: 60
          Pool:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authorizer: { type: cognito_user_pools, providerARNs: [arn] }
        security: [{ MyTok: [] }]
        paths:
          /a:
            get:
              x-amazon-apigateway-integration: { type: aws_proxy, uri: !GetAtt F.Arn }
          /b:
            get:
              security: [{ Pool: [] }]
              x-amazon-apigateway-integration: { type: aws_proxy, uri: !GetAtt F.Arn }
          /c:
            get:
              security: []
              x-amazon-apigateway-integration: { type: aws_proxy, uri: !GetAtt F.Arn }
${fn('F')}${fn('AuthFn')}`;
    const m = await loadText(yaml);
    const a = api(m, 'Api');
    assert.deepEqual(routeLines(a), ['GET /a -> F (1.0) [MyTok]', 'GET /b -> F (1.0)', 'GET /c -> F (1.0)']);
    assert.deepEqual(a.authorizers.MyTok, {
      name: 'MyTok',
      type: 'TOKEN',
      functionId: 'AuthFn',
      identitySources: ['method.request.header.X-Token'],
      validationExpression: '^ok',
      payloadFormatVersion: undefined,
      enableSimpleResponses: undefined,
      ttlSeconds: 60,
    });
    assert.ok(m.warnings.some((w) => /authorizer Pool \(cognito_user_pools\) is not enforced locally/.test(w.message)));
  });

  it('refuses an authorizer without a function, naming it and the line', async () => {
    const err = await loadText(restApi('          Broken:\n            Identity: { Header: Auth }')).catch((e: unknown) => e);
    assert.ok(err instanceof TemplateLoadError);
    assert.match(err.reason, /authorizer Broken has neither FunctionArn \(Lambda\) nor UserPoolArn \(Cognito\)/);
    assert.equal(err.line, 8);
  });

  it('refuses an authorizer whose function is not in the template', async () => {
    await assert.rejects(
      loadText(restApi('          Ghost:\n            FunctionArn: arn:aws:lambda:us-east-1:1:function:ghost')),
      /authorizer Ghost: arn:aws:lambda:us-east-1:1:function:ghost names no function of this template/,
    );
  });

  it('refuses an unknown FunctionPayloadType', async () => {
    await assert.rejects(
      loadText(restApi('          Odd:\n            FunctionArn: !GetAtt AuthFn.Arn\n            FunctionPayloadType: COOKIE')),
      /authorizer Odd: FunctionPayloadType COOKIE is not TOKEN or REQUEST/,
    );
  });

  it('refuses a DefaultAuthorizer or an event Authorizer that is not defined', async () => {
    await assert.rejects(
      loadText(restApi('          Ok:\n            FunctionArn: !GetAtt AuthFn.Arn', '\n        DefaultAuthorizer: Missing')),
      /Api: DefaultAuthorizer Missing is not one of its Auth.Authorizers/,
    );
    const yaml = `Resources:\n${fn('F', '        E:\n          Type: Api\n          Properties:\n            Path: /x\n            Method: get\n            Auth:\n              Authorizer: Nope\n')}`;
    await assert.rejects(loadText(yaml), /F event E: authorizer Nope is not defined in the Auth.Authorizers of ServerlessRestApi/);
  });

  it('refuses a CloudFormation authorizer of an unknown type', async () => {
    const yaml = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  A:
    Type: AWS::ApiGateway::Authorizer
    Properties: { RestApiId: !Ref Api, Type: MAGIC, AuthorizerUri: x }
`;
    await assert.rejects(loadText(yaml), (e: Error & { line?: number }) => /authorizer A: type MAGIC is not TOKEN or REQUEST/.test(e.message) && e.line === 6);
  });

  it('serves AWS_IAM routes open with a warning', async () => {
    const yaml = `Resources:\n${fn('F', '        E:\n          Type: Api\n          Properties:\n            Path: /x\n            Method: get\n            Auth:\n              Authorizer: AWS_IAM\n')}`;
    const m = await loadText(yaml);
    assert.deepEqual(routeLines(api(m, 'ServerlessRestApi')), ['GET /x -> F (1.0)']);
    assert.match(m.warnings[0].message, /AWS_IAM authorization is not enforced locally/);
  });
});

describe('authorizers set by parameters', () => {
  it('resolves an event Auth.Authorizer, DefaultAuthorizer and payload versions written as Ref, with overrides', async () => {
    const yaml = `Parameters:
  AuthOverride: { Type: String, Default: V2 }
  Version: { Type: String, Default: '2.0' }
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: !Ref AuthOverride
        Authorizers:
          V2: { FunctionArn: !GetAtt AuthFn.Arn, AuthorizerPayloadFormatVersion: !Ref Version, Identity: { Headers: [header] } }
          V1: { FunctionArn: !GetAtt AuthFn.Arn, AuthorizerPayloadFormatVersion: 1.0 }
${fn('F', '        E:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref Api\n            Path: /x\n            Method: get\n            PayloadFormatVersion: !Ref Version\n            Auth:\n              Authorizer: !Ref AuthOverride\n')}${fn('AuthFn')}`;
    const m = await loadText(yaml);
    assert.deepEqual(routeLines(api(m, 'Api')), ['GET /x -> F (2.0) [V2]']);
    assert.equal(api(m, 'Api').authorizers.V1.payloadFormatVersion, '1.0', 'unquoted 1.0 (a YAML number) is version 1.0');
    const v1 = await loadText(yaml, { parameterOverrides: { AuthOverride: 'V1', Version: '1.0' } });
    assert.deepEqual(routeLines(api(v1, 'Api')), ['GET /x -> F (1.0) [V1]']);
    assert.equal(api(v1, 'Api').authorizers.V2.payloadFormatVersion, '1.0');
    assert.equal(api(v1, 'Api').defaultAuthorizer, 'V1');
  });

  it('reads CloudFormation V2 authorizers with IdentitySource lists and Integration payload versions from parameters', async () => {
    const yaml = `Parameters:
  Pfv: { Type: String, Default: '1.0' }
Resources:
  F:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: ./src }
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { ProtocolType: HTTP }
  Auth:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref Api
      AuthorizerType: REQUEST
      AuthorizerPayloadFormatVersion: "1.0"
      AuthorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${F.Arn}/invocations
      IdentitySource: ["$request.header.header", "$request.querystring.query"]
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt F.Arn, PayloadFormatVersion: !Ref Pfv }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Api, RouteKey: GET /a, AuthorizationType: CUSTOM, AuthorizerId: !Ref Auth, Target: !Join [/, [integrations, !Ref Integ]] }
`;
    const a = api(await loadText(yaml), 'Api');
    assert.deepEqual(routeLines(a), ['GET /a -> F (1.0) [Auth]']);
    assert.deepEqual(a.authorizers.Auth.identitySources, ['$request.header.header', '$request.querystring.query']);
    assert.equal(a.authorizers.Auth.payloadFormatVersion, '1.0');
  });
});

describe('OpenAPI authorizers on CloudFormation APIs', () => {
  it('reads request and token authorizers of a RestApi Body, with values from parameters', async () => {
    const yaml = `Parameters:
  ValidationString: { Type: String, Default: "" }
Resources:
  RestApiSwagger:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: "2.0"
        securityDefinitions:
          Req:
            type: apiKey
            in: header
            name: notused
            x-amazon-apigateway-authtype: custom
            x-amazon-apigateway-authorizer:
              type: request
              identitySource: "method.request.header.header, method.request.querystring.query"
              authorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${AuthFn.Arn}/invocations
          Tok:
            type: apiKey
            in: header
            name: header
            x-amazon-apigateway-authtype: custom
            x-amazon-apigateway-authorizer:
              type: token
              identityValidationExpression: !Ref ValidationString
              authorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${AuthFn.Arn}/invocations
        paths:
          "/r/{status}":
            parameters:
              - status: { in: path, name: status }
            get:
              security: [{ Req: [] }]
              x-amazon-apigateway-integration: { type: aws_proxy, uri: !GetAtt F.Arn }
          "/t":
            get:
              security: [{ Tok: [] }]
              x-amazon-apigateway-integration: { type: aws_proxy, uri: !GetAtt F.Arn }
${fn('F')}${fn('AuthFn')}`;
    const m = await loadText(yaml);
    const a = api(m, 'RestApiSwagger');
    assert.deepEqual(routeLines(a), ['GET /r/{status} -> F (1.0) [Req]', 'GET /t -> F (1.0) [Tok]']);
    assert.deepEqual(a.authorizers.Req.identitySources, ['method.request.header.header', 'method.request.querystring.query']);
    assert.equal(a.authorizers.Req.type, 'REQUEST');
    assert.deepEqual(a.authorizers.Tok.identitySources, ['method.request.header.header']);
    assert.equal(a.authorizers.Tok.validationExpression, undefined, 'an empty expression validates nothing');
    const withRegex = await loadText(yaml, { parameterOverrides: { ValidationString: '^allow$' } });
    assert.equal(api(withRegex, 'RestApiSwagger').authorizers.Tok.validationExpression, '^allow$');
  });
});
