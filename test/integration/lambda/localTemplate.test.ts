// Invoke against the real local service: template functions run from source with Globals, Environment,
// layers and env-vars overrides; invocation types, qualifiers, function errors, timeouts, log tails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAliasCommand, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../local/harness';
import { invokeFunction, waitUntilUpdated } from '../../../src/lambda';
import { ensureLocalFunction, localFunctionName, planLocalFunction } from '../../../src/lambda/localTemplate';
import { parseFrame, resultView } from '../../../src/vscode/invoke/resultView';

let svc: LocalHarness;
let ws: string;
let template: string;

const TEMPLATE = (memory: number, currency: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
Globals:
  Function:
    Timeout: 5
    MemorySize: ${memory}
    Runtime: nodejs20.x
    Environment:
      Variables:
        STAGE: !Ref Stage
        LOG_LEVEL: info
        TABLE: !Sub orders-\${Stage}
        FROM_ATT: !GetAtt Something.Arn
Resources:
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layer/
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/hello/
      Handler: app.handler
      Layers: [!Ref Shared]
      Environment:
        Variables:
          CURRENCY: ${currency}
  Broken:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/broken/
      Handler: app.handler
  Slow:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/slow/
      Handler: app.handler
      Timeout: 1
`;

const HELLO = (greeting: string) => `const { shout } = require('shout');
exports.handler = async (event, context) => {
  console.log('hello got', JSON.stringify(event));
  return { greeting: shout('${greeting}'), stage: process.env.STAGE, table: process.env.TABLE, currency: process.env.CURRENCY, level: process.env.LOG_LEVEL, fromAtt: process.env.FROM_ATT ?? null, memory: context.memoryLimitInMB, name: event.name ?? null };
};
`;

before(async () => {
  svc = await startLocal({ args: ['--state-delay-ms', '0'] });
  ws = mkdtempSync(join(tmpdir(), 'lwb-invoke-ws-'));
  const stack = join(ws, 'shop');
  for (const d of ['src/hello', 'src/broken', 'src/slow', 'layer/nodejs/node_modules/shout']) mkdirSync(join(stack, d), { recursive: true });
  template = join(stack, 'template.yaml');
  writeFileSync(template, TEMPLATE(256, 'EUR'));
  writeFileSync(join(stack, 'src/hello/app.js'), HELLO('hi'));
  writeFileSync(join(stack, 'layer/nodejs/node_modules/shout/index.js'), 'exports.shout = (s) => s.toUpperCase() + "!";\n');
  writeFileSync(
    join(stack, 'src/broken/app.js'),
    'exports.handler = async () => {\n  const e = new Error("no stock for item 7");\n  e.name = "OutOfStock";\n  throw e;\n};\n',
  );
  writeFileSync(join(stack, 'src/slow/app.js'), 'exports.handler = () => new Promise((r) => setTimeout(r, 5000));\n');
});

after(async () => {
  await svc?.stop();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

test('a template function runs from source with Globals, its Environment, the layer folder and env-vars overrides', async () => {
  const plan = await planLocalFunction(template, 'Hello', {
    envVars: {
      text: JSON.stringify({ Parameters: { LOG_LEVEL: 'debug', NOT_DECLARED: 'x' }, Hello: { CURRENCY: 'USD', FROM_ATT: 'arn:local' } }),
      file: 'env.json',
    },
  });
  assert.equal(plan.functionName, localFunctionName(template, 'Hello'));
  assert.equal(plan.functionName, 'shop-Hello');
  assert.deepEqual(plan.ignoredOverrides, ['NOT_DECLARED']);
  assert.deepEqual(plan.unresolvedEnvironment, []);
  const first = await ensureLocalFunction(svc.lambda, plan);
  assert.equal(first.action, 'created');
  const out = await invokeFunction(svc.lambda, { functionName: plan.functionName, payload: '{"name":"Ada"}' });
  assert.equal(out.statusCode, 200);
  assert.equal(out.functionError, undefined);
  assert.deepEqual(out.payloadJson, {
    greeting: 'HI!',
    stage: 'dev',
    table: 'orders-dev',
    currency: 'USD',
    level: 'debug',
    fromAtt: 'arn:local',
    memory: '256',
    name: 'Ada',
  });
  // Log tail decoded, REPORT figures read.
  assert.match(out.logTail ?? '', /hello got \{"name":"Ada"\}/);
  assert.equal(out.report?.memorySizeMb, 256);
  assert.ok((out.report?.durationMs ?? -1) >= 0);
  // Same plan again: nothing to update, the layer version is reused.
  const again = await ensureLocalFunction(svc.lambda, plan);
  assert.equal(again.action, 'unchanged');
  assert.deepEqual(again.layerArns, first.layerArns);
});

test('code edits take effect on the next invoke; template edits after the next prepare', async () => {
  writeFileSync(join(ws, 'shop/src/hello/app.js'), HELLO('bonjour'));
  const out = await invokeFunction(svc.lambda, { functionName: 'shop-Hello', payload: '{}' });
  assert.equal((out.payloadJson as { greeting: string }).greeting, 'BONJOUR!');
  writeFileSync(template, TEMPLATE(512, 'GBP'));
  const plan = await planLocalFunction(template, 'Hello');
  const r = await ensureLocalFunction(svc.lambda, plan);
  assert.equal(r.action, 'updated');
  const after2 = (await invokeFunction(svc.lambda, { functionName: 'shop-Hello', payload: '{}' })).payloadJson as {
    currency: string;
    memory: string;
    level: string;
  };
  assert.equal(after2.currency, 'GBP');
  assert.equal(after2.memory, '512');
  assert.equal(after2.level, 'info');
});

test('invocation types: Event is accepted (202, no payload), DryRun answers 204 without running', async () => {
  const ev = await invokeFunction(svc.lambda, { functionName: 'shop-Hello', invocationType: 'Event', payload: '{}' });
  assert.equal(ev.statusCode, 202);
  assert.equal(resultView(ev, 'Event').status, 'accepted');
  const dry = await invokeFunction(svc.lambda, { functionName: 'shop-Hello', invocationType: 'DryRun', payload: '{}' });
  assert.equal(dry.statusCode, 204);
  assert.equal(resultView(dry, 'DryRun').status, 'dryRun');
});

test('qualifiers route to the version behind an alias', async () => {
  await waitUntilUpdated(svc.lambda, 'shop-Hello');
  const v = await svc.lambda.send(new PublishVersionCommand({ FunctionName: 'shop-Hello' }));
  await svc.lambda.send(new CreateAliasCommand({ FunctionName: 'shop-Hello', Name: 'live', FunctionVersion: v.Version! }));
  const viaAlias = await invokeFunction(svc.lambda, { functionName: 'shop-Hello', qualifier: 'live', payload: '{}' });
  assert.equal(viaAlias.executedVersion, v.Version);
  const latest = await invokeFunction(svc.lambda, { functionName: 'shop-Hello', payload: '{}' });
  assert.equal(latest.executedVersion, '$LATEST');
  await assert.rejects(invokeFunction(svc.lambda, { functionName: 'shop-Hello', qualifier: 'nope', payload: '{}' }), /not found|ResourceNotFound/i);
});

test('a function error shows its type, message and stack frames linking to the source file', async () => {
  const plan = await planLocalFunction(template, 'Broken');
  await ensureLocalFunction(svc.lambda, plan);
  const out = await invokeFunction(svc.lambda, { functionName: plan.functionName, payload: '{}' });
  assert.equal(out.functionError?.kind, 'Unhandled');
  assert.equal(out.functionError?.errorType, 'OutOfStock');
  assert.equal(out.functionError?.errorMessage, 'no stock for item 7');
  const file = join(plan.codeDir, 'app.js');
  const view = resultView(out, 'RequestResponse', (f) => (f.file === file ? f.file : undefined));
  assert.equal(view.status, 'functionError');
  const linked = view.error!.frames.find((f) => f.file);
  assert.ok(linked, `no frame links to ${file}: ${JSON.stringify(view.error!.frames)}`);
  assert.equal(linked.line, 2);
  assert.deepEqual(parseFrame(linked.text)?.file, file);
  assert.match(out.logTail ?? '', /OutOfStock|no stock/);
});

test('a function that runs past its Timeout is stopped and reported as timed out', async () => {
  const plan = await planLocalFunction(template, 'Slow');
  assert.equal(plan.timeout, 1);
  await ensureLocalFunction(svc.lambda, plan);
  const out = await invokeFunction(svc.lambda, { functionName: plan.functionName, payload: '{}' });
  assert.ok(out.functionError, 'expected a function error');
  assert.match(out.functionError.errorMessage ?? '', /timed out after 1\.00 seconds/);
  assert.match(out.logTail ?? '', /timed out/i);
});

test('template problems are named: missing function, missing code folder, unresolvable layer', async () => {
  await assert.rejects(planLocalFunction(template, 'Nope'), /Nope is not a function of template\.yaml\. Functions: Hello, Broken, Slow/);
  const bad = join(ws, 'shop', 'bad.yaml');
  writeFileSync(
    bad,
    'Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: missing/\n      Handler: a.b\n      Runtime: nodejs20.x\n',
  );
  await assert.rejects(planLocalFunction(bad, 'F'), /code folder .*missing does not exist/);
  writeFileSync(
    bad,
    'Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/hello/\n      Handler: a.b\n      Runtime: nodejs20.x\n      Layers: [!Ref Ghost]\n',
  );
  await assert.rejects(planLocalFunction(bad, 'F'), /cannot run locally/);
});
