// The pure parts behind the deploy UI: the environment/tags table (masking, renames, what is sent),
// the runtime/handler guess for a new function, and template names written with !Sub over parameters.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyValueTable, envEntryProblem, tagKeyProblem } from '../../../../src/vscode/deploy/table';
import { guessFromFolder, newestRuntime } from '../../../../src/vscode/deploy/guess';
import { MASK, readTemplateFunctions } from '../../../../src/lambda';

describe('environment table', () => {
  const original = { API_KEY: 's3cr3t-value', STAGE: 'dev', DB_URL: 'postgres://u:pw@host/db' };

  test('secret values are masked in the rows and never offered for editing', () => {
    const t = new KeyValueTable(original, true);
    const rows = t.rows();
    assert.deepEqual(
      rows.map((r) => [r.name, r.shown, r.secret]),
      [
        ['API_KEY', MASK, true],
        ['DB_URL', MASK, true],
        ['STAGE', 'dev', false],
      ],
    );
    assert.ok(!JSON.stringify(rows).includes('s3cr3t'), 'no row carries the secret');
    assert.equal(t.valueForEdit('API_KEY'), '');
    assert.equal(t.valueForEdit('STAGE'), 'dev');
    assert.equal(t.changeCount(), 0);
  });

  test('untouched secrets are sent with their original values; edits, adds and removes apply', () => {
    const t = new KeyValueTable(original, true);
    t.set('STAGE', 'prod');
    t.set('NEW_ONE', '1');
    t.remove('DB_URL');
    assert.equal(t.changeCount(), 3);
    assert.deepEqual(t.environment(), { API_KEY: 's3cr3t-value', STAGE: 'prod', NEW_ONE: '1' });
    assert.deepEqual(t.removed(), ['DB_URL']);
  });

  test('a renamed secret keeps its value under the new name', () => {
    const t = new KeyValueTable(original, true);
    t.rename('API_KEY', 'SERVICE_API_KEY');
    assert.equal(t.environment().SERVICE_API_KEY, 's3cr3t-value');
    assert.equal(t.environment().API_KEY, undefined);
  });

  test('tags are not masked and their change lists removals as null', () => {
    const t = new KeyValueTable({ team: 'core', token_owner: 'ana' }, false);
    assert.equal(t.rows().find((r) => r.name === 'token_owner')?.shown, 'ana');
    t.set('team', 'payments');
    t.remove('token_owner');
    t.set('cost', 'cc-1');
    assert.deepEqual(t.tagChange(), { team: 'payments', cost: 'cc-1', token_owner: null });
  });

  test('variable names follow Lambda rules, reserved keys are refused', () => {
    assert.equal(envEntryProblem('GOOD_NAME'), undefined);
    assert.match(envEntryProblem('AWS_REGION') ?? '', /AWS_REGION/);
    assert.ok(envEntryProblem('1BAD'));
    assert.ok(envEntryProblem('has space'));
    assert.equal(tagKeyProblem('team'), undefined);
    assert.match(tagKeyProblem('aws:cloudformation') ?? '', /reserved/);
    assert.ok(tagKeyProblem(''));
  });
});

describe('new function defaults', () => {
  const dirs: string[] = [];
  const folder = (files: string[]) => {
    const d = mkdtempSync(join(tmpdir(), 'deploy-guess-'));
    dirs.push(d);
    for (const f of files) {
      if (f.endsWith('/')) mkdirSync(join(d, f), { recursive: true });
      else writeFileSync(join(d, f), '');
    }
    return d;
  };

  test('a Node.js, a Python and a custom runtime folder', async (t) => {
    t.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
    assert.deepEqual(await guessFromFolder(folder(['index.mjs', 'package.json'])), { runtime: newestRuntime('nodejs'), handler: 'index.handler' });
    assert.deepEqual(await guessFromFolder(folder(['lambda_function.py'])), { runtime: newestRuntime('python'), handler: 'lambda_function.lambda_handler' });
    assert.deepEqual(await guessFromFolder(folder(['bootstrap'])), { runtime: 'provided.al2023', handler: 'bootstrap' });
    assert.deepEqual(await guessFromFolder(folder(['README.md'])), {});
    assert.match(newestRuntime('nodejs') ?? '', /^nodejs\d+\.x$/);
  });
});

describe('template function names', () => {
  test('!Sub and !Ref over parameter defaults resolve; other intrinsics stay unresolved', async (t) => {
    const d = mkdtempSync(join(tmpdir(), 'deploy-tpl-'));
    t.after(() => rmSync(d, { recursive: true, force: true }));
    writeFileSync(
      join(d, 'template.yaml'),
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Parameters:',
        '  Stage: { Type: String, Default: dev }',
        'Resources:',
        '  Hello:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      FunctionName: !Sub demo-hello-${Stage}',
        '      CodeUri: src/',
        '      Handler: index.handler',
        '      Runtime: nodejs22.x',
        '      Environment:',
        '        Variables:',
        '          STAGE: !Ref Stage',
        '          TABLE: !Ref Table',
        '  Other:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      FunctionName: !Sub ${AWS::StackName}-other',
        '      CodeUri: src/',
        '      Handler: index.handler',
        '      Runtime: nodejs22.x',
      ].join('\n'),
    );
    const [hello, other] = await readTemplateFunctions(join(d, 'template.yaml'));
    assert.equal(hello.functionName, 'demo-hello-dev');
    assert.deepEqual(hello.environment, { STAGE: 'dev' });
    assert.deepEqual(hello.unresolvedEnvironment, ['TABLE']);
    assert.equal(other.functionName, undefined, 'a pseudo parameter is not guessed');
  });
});
