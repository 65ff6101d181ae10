// Deploying code and configuration against the real local service (dist/local.js) through the SDK.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { GetFunctionConfigurationCommand, ListTagsCommand, GetFunctionConcurrencyCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../local/harness';
import { deployCode, deployTemplateFunction, invokeFunction, updateConfiguration, ValidationError, type Progress } from '../../../src/lambda';
import { nodeHandler, tempTree, writeTree } from './fixtures';

let h: LocalHarness;
before(async () => {
  h = await startLocal();
});
after(async () => {
  await h?.stop();
});

const payloadOf = async (name: string, qualifier?: string) =>
  JSON.parse((await invokeFunction(h.lambda, { functionName: name, qualifier, payload: '{"n":1}' })).payloadText);

test('deploy from a folder creates the function, a redeploy of the same code uploads nothing, a change is uploaded', async (t) => {
  const dir = tempTree({ 'index.js': nodeHandler('v1'), '.lambdaignore': 'notes.txt\n', 'notes.txt': 'not shipped' }, t);
  const steps: Progress['step'][] = [];
  const created = await deployCode(h.lambda, {
    functionName: 'it-folder',
    source: { kind: 'folder', dir },
    create: { Runtime: 'nodejs20.x', Handler: 'index.handler', MemorySize: 256 },
    onProgress: (p) => steps.push(p.step),
  });
  assert.equal(created.action, 'created');
  assert.equal(created.configuration.State, 'Active');
  assert.equal(created.configuration.CodeSha256, created.codeSha256, 'Lambda computed the same CodeSha256');
  assert.deepEqual([...new Set(steps)], ['package', 'check', 'create', 'wait', 'done']);
  assert.equal((await payloadOf('it-folder')).value, 'v1');

  const again = await deployCode(h.lambda, { functionName: 'it-folder', source: { kind: 'folder', dir } });
  assert.equal(again.action, 'unchanged');
  writeFileSync(join(dir, 'notes.txt'), 'ignored change');
  assert.equal((await deployCode(h.lambda, { functionName: 'it-folder', source: { kind: 'folder', dir } })).action, 'unchanged', 'ignored files do not count');

  writeFileSync(join(dir, 'index.js'), nodeHandler('v2'));
  const updated = await deployCode(h.lambda, { functionName: 'it-folder', source: { kind: 'folder', dir }, publish: { description: 'second' } });
  assert.equal(updated.action, 'updated');
  assert.equal(updated.configuration.LastUpdateStatus, 'Successful');
  assert.equal(updated.version, '1');
  assert.equal((await payloadOf('it-folder')).value, 'v2');
  assert.equal((await payloadOf('it-folder', '1')).value, 'v2');
});

test('deploy from a template: esbuild bundle with BuildProperties, then a no-op redeploy', async (t) => {
  const dir = tempTree(
    {
      'template.yaml': [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Transform: AWS::Serverless-2016-10-31',
        'Globals:',
        '  Function:',
        '    Runtime: nodejs20.x',
        '    Timeout: 10',
        '    Environment:',
        '      Variables:',
        '        STAGE: dev',
        'Resources:',
        '  Greeter:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      FunctionName: it-template-esbuild',
        '      CodeUri: greeter/',
        '      Handler: app.handler',
        '      Environment:',
        '        Variables:',
        '          TABLE: !Ref Table',
        '          GREETING: hello',
        '    Metadata:',
        '      BuildMethod: esbuild',
        '      BuildProperties:',
        '        Minify: false',
        '        Target: es2020',
        '        Sourcemap: true',
        '        EntryPoints:',
        '          - app.ts',
        '        External:',
        '          - "@aws-sdk/*"',
        '  Table:',
        '    Type: AWS::DynamoDB::Table',
      ].join('\n'),
      'greeter/app.ts': [
        "import { shout } from './lib/shout';",
        'export const handler = async (event: { name?: string }): Promise<{ message: string; stage?: string; opts?: string }> => ',
        '  ({ message: shout(`${process.env.GREETING} ${event.name ?? "world"}`), stage: process.env.STAGE, opts: process.env.NODE_OPTIONS });',
      ].join('\n'),
      'greeter/lib/shout.ts': 'export const shout = (s: string): string => s.toUpperCase() + "!";\n',
    },
    t,
  );
  const steps: string[] = [];
  const r = await deployTemplateFunction(h.lambda, {
    templatePath: join(dir, 'template.yaml'),
    logicalId: 'Greeter',
    create: {},
    onProgress: (p) => steps.push(p.step),
  });
  assert.equal(r.action, 'created');
  assert.equal(r.built, true);
  assert.equal(steps[0], 'build');
  assert.deepEqual(r.fn.unresolvedEnvironment, ['TABLE']);
  assert.match(r.summary, /Not set .*: TABLE\./);
  const config = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'it-template-esbuild' }));
  assert.equal(config.Timeout, 10);
  assert.equal(config.Handler, 'app.handler');
  assert.deepEqual(config.Environment?.Variables, { STAGE: 'dev', GREETING: 'hello', NODE_OPTIONS: '--enable-source-maps' });
  const out = JSON.parse((await invokeFunction(h.lambda, { functionName: 'it-template-esbuild', payload: '{"name":"sam"}' })).payloadText);
  assert.deepEqual(out, { message: 'HELLO SAM!', stage: 'dev', opts: '--enable-source-maps' });

  const again = await deployTemplateFunction(h.lambda, { templatePath: join(dir, 'template.yaml'), logicalId: 'Greeter' });
  assert.equal(again.action, 'unchanged', 'the same sources bundle and zip to the same bytes');

  writeTree(dir, { 'greeter/lib/shout.ts': 'export const shout = (s: string): string => s.toLowerCase() + "?";\n' });
  const changed = await deployTemplateFunction(h.lambda, { templatePath: join(dir, 'template.yaml'), logicalId: 'Greeter' });
  assert.equal(changed.action, 'updated');
  const out2 = JSON.parse((await invokeFunction(h.lambda, { functionName: 'it-template-esbuild', payload: '{"name":"SAM"}' })).payloadText);
  assert.equal(out2.message, 'hello sam?');
});

test('deploy from a template: a plain python folder is zipped as it is', async (t) => {
  const dir = tempTree(
    {
      'template.yaml':
        'Resources:\n  Py:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src\n      Handler: app.handler\n      Runtime: python3.12\n      MemorySize: 512\n',
      'src/app.py': 'def handler(event, context):\n    return {"py": True, "n": event.get("n")}\n',
    },
    t,
  );
  const r = await deployTemplateFunction(h.lambda, { templatePath: join(dir, 'template.yaml'), logicalId: 'Py', functionName: 'it-template-py', create: {} });
  assert.equal(r.action, 'created');
  assert.equal(r.built, false);
  assert.equal(r.configuration.MemorySize, 512);
  assert.deepEqual(await payloadOf('it-template-py'), { py: true, n: 1 });
});

test('template errors are clear', async (t) => {
  const dir = tempTree(
    {
      'template.yaml':
        'Resources:\n  A:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: a\n      Runtime: nodejs20.x\n    Metadata:\n      BuildMethod: makefile\n',
      'bad.yaml': 'Resources: [\n',
      'a/index.js': '1',
    },
    t,
  );
  await assert.rejects(
    deployTemplateFunction(h.lambda, { templatePath: join(dir, 'template.yaml'), logicalId: 'Nope' }),
    /Nope is not a function.*Functions: A/,
  );
  await assert.rejects(deployTemplateFunction(h.lambda, { templatePath: join(dir, 'template.yaml'), logicalId: 'A' }), /has no Handler/);
  await assert.rejects(deployTemplateFunction(h.lambda, { templatePath: join(dir, 'bad.yaml'), logicalId: 'A' }), /not valid YAML/);
});

test('local source mode: no zip, edits take effect on the next invoke', async (t) => {
  const dir = tempTree({ 'index.js': nodeHandler('src1') }, t);
  const r = await deployCode(h.lambda, {
    functionName: 'it-source',
    source: { kind: 'localSource', dir },
    create: { Runtime: 'nodejs20.x', Handler: 'index.handler' },
  });
  assert.equal(r.action, 'created');
  assert.equal((await payloadOf('it-source')).value, 'src1');
  writeFileSync(join(dir, 'index.js'), nodeHandler('src2'));
  assert.equal((await payloadOf('it-source')).value, 'src2');
});

test('configuration round trip: memory, timeout, env, handler, description, concurrency, tags', async (t) => {
  const dir = tempTree({ 'index.js': nodeHandler('c'), 'other.js': 'exports.main = async () => ({ other: true });\n' }, t);
  await deployCode(h.lambda, { functionName: 'it-config', source: { kind: 'folder', dir }, create: { Runtime: 'nodejs20.x', Handler: 'index.handler' } });
  const after1 = await updateConfiguration(h.lambda, 'it-config', {
    MemorySize: 1024,
    Timeout: 42,
    Environment: { STAGE: 'test', DB_PASSWORD: 's3cret' },
    Description: 'configured',
    Handler: 'other.main',
    ReservedConcurrency: 3,
    Tags: { team: 'core', gone: 'x' },
  });
  assert.equal(after1.MemorySize, 1024);
  assert.equal(after1.Timeout, 42);
  assert.equal(after1.Description, 'configured');
  assert.equal(after1.LastUpdateStatus, 'Successful');
  assert.deepEqual(after1.Environment?.Variables, { STAGE: 'test', DB_PASSWORD: 's3cret' });
  assert.deepEqual(await payloadOf('it-config'), { other: true });
  const conc = await h.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'it-config' }));
  assert.equal(conc.ReservedConcurrentExecutions, 3);
  await updateConfiguration(h.lambda, 'it-config', { ReservedConcurrency: null, Tags: { gone: null } });
  assert.equal((await h.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'it-config' }))).ReservedConcurrentExecutions, undefined);
  const tags = await h.lambda.send(new ListTagsCommand({ Resource: after1.FunctionArn! }));
  assert.deepEqual(tags.Tags, { team: 'core' });
});

test('every validation error is caught before sending', async (t) => {
  const dir = tempTree({ 'index.js': nodeHandler('x') }, t);
  await deployCode(h.lambda, { functionName: 'it-invalid', source: { kind: 'folder', dir }, create: { Runtime: 'nodejs20.x', Handler: 'index.handler' } });
  const before = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'it-invalid' }));
  const bad: [Parameters<typeof updateConfiguration>[2], RegExp][] = [
    [{ MemorySize: 64 }, /MemorySize must be a whole number of MB from 128 to 10240/],
    [{ MemorySize: 20000 }, /from 128 to 10240/],
    [{ Timeout: 0 }, /Timeout .* from 1 to 900/],
    [{ Timeout: 1000 }, /from 1 to 900/],
    [{ Environment: { AWS_REGION: 'eu-west-1' } }, /AWS_REGION is reserved/],
    [{ Environment: { 'my-var': '1' } }, /must start with a letter/],
    [{ Environment: { BIG: 'x'.repeat(5000) } }, /4 KB/],
    [{ Handler: 'index' }, /FILE\.FUNCTION/],
    [{ Runtime: 'nodejs99.x' }, /Unknown runtime/],
    [{ Layers: ['not-an-arn'] }, /not a layer version ARN/],
    [{ Description: 'd'.repeat(300) }, /at most 256/],
    [{ ReservedConcurrency: -2 }, /Reserved concurrency/],
  ];
  for (const [change, message] of bad) {
    await assert.rejects(
      updateConfiguration(h.lambda, 'it-invalid', change),
      (e: unknown) => e instanceof ValidationError && message.test(e.message),
      JSON.stringify(change).slice(0, 60),
    );
  }
  const after2 = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'it-invalid' }));
  assert.equal(after2.RevisionId, before.RevisionId, 'nothing was sent');
  await assert.rejects(
    deployCode(h.lambda, {
      functionName: 'it-invalid-new',
      source: { kind: 'folder', dir },
      create: { Runtime: 'nodejs20.x', Handler: 'index.handler', Timeout: 0 },
    }),
    /from 1 to 900/,
  );
});

test('an update racing another one is retried until Lambda accepts it', async (t) => {
  const dir = tempTree({ 'index.js': nodeHandler('race') }, t);
  await deployCode(h.lambda, { functionName: 'it-race', source: { kind: 'folder', dir }, create: { Runtime: 'nodejs20.x', Handler: 'index.handler' } });
  // Leave an update in progress, then change again at once: the service answers ResourceConflictException.
  await h.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'it-race', Timeout: 5 }));
  const retries: string[] = [];
  const cfg = await updateConfiguration(
    h.lambda,
    'it-race',
    { MemorySize: 640 },
    { retryBaseDelayMs: 50, onProgress: (p) => p.step === 'retry' && retries.push(p.message) },
  );
  assert.equal(cfg.MemorySize, 640);
  assert.equal(cfg.Timeout, 5);
  assert.ok(retries.length >= 1, 'a conflict was met and retried');
  assert.match(retries[0], /ResourceConflictException/);
});

test('create with reserved concurrency and tags; cancelling while zipping uploads nothing', async (t) => {
  const dir = tempTree({ 'index.js': nodeHandler('c1') }, t);
  const r = await deployCode(h.lambda, {
    functionName: 'it-create-extras',
    source: { kind: 'folder', dir },
    create: { Runtime: 'nodejs20.x', Handler: 'index.handler', ReservedConcurrency: 2, Tags: { owner: 'me' }, Description: 'made here' },
  });
  assert.equal(r.configuration.Description, 'made here');
  assert.equal((await h.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'it-create-extras' }))).ReservedConcurrentExecutions, 2);
  assert.deepEqual((await h.lambda.send(new ListTagsCommand({ Resource: r.configuration.FunctionArn! }))).Tags, { owner: 'me' });

  for (let i = 0; i < 40; i++) writeFileSync(join(dir, `blob${i}.bin`), randomBytes(256 * 1024));
  writeFileSync(join(dir, 'index.js'), nodeHandler('c2'));
  const c = new AbortController();
  const p = deployCode(h.lambda, {
    functionName: 'it-create-extras',
    source: { kind: 'folder', dir },
    signal: c.signal,
    onProgress: (e) => e.step === 'package' && e.fraction !== undefined && c.abort(),
  });
  await assert.rejects(p, { name: 'CancelledError' });
  const after3 = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'it-create-extras' }));
  assert.equal(after3.CodeSha256, r.configuration.CodeSha256, 'the code was not changed');
  assert.equal(JSON.parse((await invokeFunction(h.lambda, { functionName: 'it-create-extras' })).payloadText).value, 'c1');
});
