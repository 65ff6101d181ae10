import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadApiModel } from '../../../../../src/local/http/model/index';
import { FIXTURES, OPTS, api, load, loadText, routeLines, tmpTemplates } from './helpers';

describe('nested stacks', () => {
  it('loads local child templates (Serverless::Application Location, CloudFormation::Stack TemplateURL) under their stack path', async () => {
    const m = await load('nested/template.yaml');
    assert.deepEqual(routeLines(api(m, 'ServerlessRestApi')), ['GET /root -> RootFunction (1.0)']);
    assert.deepEqual(routeLines(api(m, 'ChildApp/ServerlessRestApi')), ['GET /child -> ChildApp/ChildFunction (1.0)']);
    assert.deepEqual(routeLines(api(m, 'ChildApp/ServerlessHttpApi')), ['GET /child/http -> ChildApp/ChildFunction (2.0)']);
    assert.deepEqual(routeLines(api(m, 'OtherStack/ServerlessRestApi')), ['GET /other/{id} -> OtherStack/OtherFunction (1.0)']);
    assert.deepEqual([...m.functions.keys()], ['RootFunction', 'ChildApp/ChildFunction', 'OtherStack/OtherFunction']);
    assert.equal(m.functions.get('OtherStack/OtherFunction')?.codeDir, path.join(FIXTURES, 'nested/other/src'), "CodeUri relative to the child's folder");
    assert.deepEqual(
      m.files,
      ['template.yaml', 'child/template.yaml', 'other/template.json'].map((f) => path.join(FIXTURES, 'nested', f)),
    );
  });

  it("passes the parent's Parameters down, resolved in the parent", async () => {
    const m = await load('nested/template.yaml', { parameterOverrides: { Env: 'qa' } });
    assert.equal(m.functions.get('ChildApp/ChildFunction')?.environment.GREETING, 'hello-qa');
  });

  it('applies --env-vars by stack path or by logical id', async () => {
    const m = await load('nested/template.yaml', { envVars: { 'ChildApp/ChildFunction': { GREETING: 'by-path' } } });
    assert.equal(m.functions.get('ChildApp/ChildFunction')?.environment.GREETING, 'by-path');
    const m2 = await load('nested/template.yaml', { envVars: { ChildFunction: { GREETING: 'by-id' } } });
    assert.equal(m2.functions.get('ChildApp/ChildFunction')?.environment.GREETING, 'by-id');
  });

  it('warns about remote applications and names a missing child template', async () => {
    const remote = `Resources:
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location: { ApplicationId: arn:aws:serverlessrepo:us-east-1:1:applications/x, SemanticVersion: 1.0.0 }
  F:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: i.h, FunctionUrlConfig: { AuthType: NONE } }
`;
    const m = await loadText(remote);
    assert.match(m.warnings[0].message, /App is a Serverless Application Repository application/);
    const missing = `Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./nope.yaml\n`;
    await assert.rejects(loadText(missing), (e: Error & { line?: number }) => /nested stack S: .*nope\.yaml does not exist/.test(e.message) && e.line === 5);
  });

  it('refuses a stack that includes itself', async () => {
    const yaml = `Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./template.yaml\n`;
    await assert.rejects(loadText(yaml), /S: nested stack .*template\.yaml includes itself/);
  });
});

describe('CDK nested stacks', () => {
  it('reads the child template from Metadata aws:asset:path (TemplateURL is an S3 URL)', async () => {
    const m = await load('cdk/cdk.out/CdkNestedStack.template.json');
    const id = 'ApiStackNestedStackApiStackNestedStackResource7D1E2B67';
    assert.deepEqual(routeLines(api(m, `${id}/HttpApiF5A9A8A7`)), [`GET /nested -> ${id}/Handler886CB40B (2.0)`]);
    assert.equal(
      path.basename(m.functions.get(`${id}/Handler886CB40B`)?.codeDir ?? ''),
      'asset.3f1a9c0e7b2d4a5f6e8c9d0b1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f',
    );
    assert.deepEqual(m.warnings, []);
  });
});

describe('nested stacks with integration URIs', () => {
  it("resolves a child's OpenAPI and CloudFormation integrations to the child's functions", async () => {
    const child = `Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, CodeUri: src/ }
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      DefinitionBody:
        swagger: '2.0'
        paths:
          /a:
            get:
              x-amazon-apigateway-integration: { type: aws_proxy, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { ProtocolType: HTTP, Target: !GetAtt Fn.Arn }
`;
    const parent = `Resources:\n  Kid:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: child/template.yaml\n`;
    const dir = tmpTemplates({ 'template.yaml': parent, 'child/template.yaml': child, 'child/src/index.js': '' });
    const m = await loadApiModel(path.join(dir, 'template.yaml'), OPTS);
    assert.deepEqual(routeLines(api(m, 'Kid/Api')), ['GET /a -> Kid/Fn (1.0)']);
    assert.deepEqual(routeLines(api(m, 'Kid/Http')), ['ANY $default -> Kid/Fn (2.0)']);
    assert.deepEqual(m.warnings, []);
  });
});
