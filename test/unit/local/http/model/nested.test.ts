import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES, api, load, loadText, routeLines } from './helpers';

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
