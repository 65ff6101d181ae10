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
