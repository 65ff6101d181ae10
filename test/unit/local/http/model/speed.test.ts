// A generated template of 50 functions and 100 routes (REST and HTTP, implicit and explicit with an
// OpenAPI body): it loads completely. The time is reported as a diagnostic, never asserted.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadApiModel } from '../../../../../src/local/http/model/index';
import { OPTS, tmpTemplates } from './helpers';

export function bigTemplate(functions: number): string {
  const lines = [
    'Transform: AWS::Serverless-2016-10-31',
    'Parameters:',
    '  Stage: { Type: String, Default: dev }',
    'Globals:',
    '  Function:',
    '    Runtime: nodejs20.x',
    '    CodeUri: src/',
    '    Environment:',
    '      Variables:',
    '        STAGE: !Ref Stage',
    'Resources:',
    '  Explicit:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: !Ref Stage',
    '      DefinitionBody:',
    "        openapi: '3.0.1'",
    '        paths:',
  ];
  for (let i = 0; i < functions; i += 5)
    lines.push(
      `          /body/${i}/{id}:`,
      '            get:',
      '              x-amazon-apigateway-integration:',
      '                type: aws_proxy',
      `                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn${i}.Arn}/invocations`,
    );
  for (let i = 0; i < functions; i++) {
    lines.push(
      `  Fn${i}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      Handler: fn${i}.handler`,
      '      Environment:',
      '        Variables:',
      `          NAME: !Sub '\${AWS::StackName}-fn${i}'`,
      '      Events:',
      '        Get:',
      `          Type: ${i % 2 ? 'HttpApi' : 'Api'}`,
      '          Properties:',
      `            Path: /items${i}/{id}`,
      '            Method: get',
      '        Post:',
      `          Type: ${i % 2 ? 'HttpApi' : 'Api'}`,
      '          Properties:',
      `            Path: /items${i}`,
      '            Method: post',
    );
  }
  return lines.join('\n') + '\n';
}

describe('speed', () => {
  it('loads 50 functions and 100+ routes (time reported, not asserted)', async (t) => {
    const dir = tmpTemplates({ 'template.yaml': bigTemplate(50), 'src/fn0.js': 'exports.handler = async () => ({});\n' });
    const file = path.join(dir, 'template.yaml');
    await loadApiModel(file, OPTS); // warm-up: module code compiled
    const runs: number[] = [];
    let routes = 0;
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const m = await loadApiModel(file, OPTS);
      runs.push(performance.now() - t0);
      routes = m.apis.reduce((n, a) => n + a.routes.length, 0);
      assert.equal(m.functions.size, 50);
      assert.deepEqual(m.warnings, []);
    }
    assert.equal(routes, 110);
    runs.sort((a, b) => a - b);
    t.diagnostic(`50 functions, ${routes} routes: median ${runs[5].toFixed(1)} ms, min ${runs[0].toFixed(1)} ms, max ${runs[9].toFixed(1)} ms`);
  });
});
