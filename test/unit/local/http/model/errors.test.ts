import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TemplateLoadError } from '../../../../../src/local/http/model';
import { loadApiModel } from '../../../../../src/local/http/model/index';
import { OPTS, fn, loadText, tmpTemplates } from './helpers';

describe('templates that cannot be served', () => {
  it('refuses a template with no API and no function URL, saying so', async () => {
    const err = await loadText(`Resources:\n${fn('F')}`).catch((e: unknown) => e);
    assert.ok(err instanceof TemplateLoadError);
    assert.match(
      err.message,
      /template\.yaml: no API to serve: the template has no Api or HttpApi event, no AWS::Serverless::Api\/HttpApi or API Gateway resource with a Lambda route, and no function URL/,
    );
  });

  it('gives the file and line of a YAML syntax error', async () => {
    const err = await loadText('Resources:\n  A:\n    Type: X\n    Properties: {a: 1\n  B: 2\n').catch((e: unknown) => e);
    assert.ok(err instanceof TemplateLoadError);
    assert.equal(err.line, 5);
    assert.match(err.reason, /^not valid YAML\/JSON: /);
  });

  it('gives the line of a JSON syntax error', async () => {
    const dir = tmpTemplates({ 'template.json': '{\n  "Resources": {\n    "A": { "Type": "X" },,\n  }\n}\n' });
    const err = await loadApiModel(path.join(dir, 'template.json'), OPTS).catch((e: unknown) => e);
    assert.ok(err instanceof TemplateLoadError);
    assert.equal(err.line, 3);
  });

  it('refuses a file that is not a template, and a missing one', async () => {
    await assert.rejects(loadText('just: text\n'), /no Resources section; is this a SAM or CloudFormation template\?/);
    await assert.rejects(
      loadApiModel('/nonexistent/template.yaml', OPTS),
      (e: Error) => e instanceof TemplateLoadError && /\/nonexistent\/template\.yaml: the template does not exist/.test(e.message),
    );
  });

  it('keeps a route whose function cannot run here, answering as sam local does, with a warning', async () => {
    const events = '        E:\n          Type: Api\n          Properties:\n            Path: /x\n            Method: get\n';
    const yaml = `Resources:\n  Img:\n    Type: AWS::Serverless::Function\n    Properties:\n      PackageType: Image\n      Events:\n${events}  Inline:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      InlineCode: 'def handler(e, c): return 1'\n      Events:\n${events.replace('/x', '/inline')}${fn('Ok', events.replace('/x', '/ok'))}`;
    const m = await loadText(yaml);
    assert.deepEqual(
      m.apis[0].routes.map((r) => [r.path, r.unavailable?.status]),
      [
        ['/x', 501],
        ['/inline', 501],
        ['/ok', undefined],
      ],
    );
    assert.equal(m.apis[0].routes[1].unavailable?.message, 'Inline code is not supported for sam local commands. Please write your code in a separate file.');
    assert.ok(m.warnings.some((w) => w.message === 'Img is a container image function; its routes answer 501' && w.line === 4));
  });

  it('serves a template with function URLs only', async () => {
    const m = await loadText(`Resources:\n${fn('F', '', '\n      FunctionUrlConfig:\n        AuthType: NONE')}`);
    assert.deepEqual(m.apis, []);
    assert.equal(m.functions.get('F')?.url?.authType, 'NONE');
  });
});

describe('JSON templates', () => {
  it('give warning lines too (positions read only when a warning needs one)', async () => {
    const json = `{
  "Resources": {
    "F": {
      "Type": "AWS::Serverless::Function",
      "Properties": {
        "Runtime": "nodejs20.x",
        "Handler": "index.handler",
        "CodeUri": "src/",
        "Environment": { "Variables": { "X": { "Fn::ImportValue": "shared" } } },
        "Events": { "E": { "Type": "HttpApi" } }
      }
    }
  }
}
`;
    const dir = tmpTemplates({ 'template.json': json, 'src/index.js': '' });
    const m = await loadApiModel(path.join(dir, 'template.json'), OPTS);
    assert.deepEqual(m.apis[0].routes[0].path, '$default');
    assert.equal(m.warnings.length, 1);
    assert.equal(m.warnings[0].line, 9);
  });
});
