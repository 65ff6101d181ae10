// Invoke engine against the local service: types, qualifiers, function errors, log tail and REPORT.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocal, type LocalHarness } from '../local/harness';
import { freeLoopbackPort, loopbackPortAccepts } from '../../../src/core/ports';
import { createAlias, deployCode, invokeFunction, PayloadError, publishVersion } from '../../../src/lambda';
import { tempTree } from './fixtures';

let h: LocalHarness;
before(async () => {
  h = await startLocal();
});
after(async () => {
  await h?.stop();
});

const handler = [
  'exports.handler = async (event) => {',
  '  console.log("got", JSON.stringify(event));',
  '  if (event.fail) { const e = new TypeError("bad input: " + event.fail); throw e; }',
  '  return { echo: event, version: process.env.AWS_LAMBDA_FUNCTION_VERSION };',
  '};',
].join('\n');

test('RequestResponse returns the payload, decoded log tail and REPORT figures', async (t) => {
  const dir = tempTree({ 'index.js': handler }, t);
  await deployCode(h.lambda, {
    functionName: 'it-invoke',
    source: { kind: 'folder', dir },
    create: { Runtime: 'nodejs20.x', Handler: 'index.handler', MemorySize: 256 },
  });
  const out = await invokeFunction(h.lambda, { functionName: 'it-invoke', payload: '{\n  "hello": "world"\n}' });
  assert.equal(out.statusCode, 200);
  assert.deepEqual(out.payloadJson, { echo: { hello: 'world' }, version: '$LATEST' });
  assert.equal(out.functionError, undefined);
  assert.match(out.logTail!, /got \{"hello":"world"\}/);
  assert.match(out.logTail!, /^START RequestId/m);
  assert.equal(out.report?.memorySizeMb, 256);
  assert.ok((out.report?.durationMs ?? -1) >= 0);
  assert.ok((out.report?.billedDurationMs ?? 0) >= 1);
});

test('a function error is split into type, message and stack', async () => {
  const out = await invokeFunction(h.lambda, { functionName: 'it-invoke', payload: '{"fail":"x"}' });
  assert.equal(out.statusCode, 200);
  assert.equal(out.functionError?.kind, 'Unhandled');
  assert.equal(out.functionError?.errorType, 'TypeError');
  assert.equal(out.functionError?.errorMessage, 'bad input: x');
  assert.ok(out.functionError?.stackTrace?.some((f) => f.includes('index.js')));
});

test('Event and DryRun invocation types', async () => {
  const ev = await invokeFunction(h.lambda, { functionName: 'it-invoke', invocationType: 'Event', payload: '{"async":true}' });
  assert.equal(ev.statusCode, 202);
  assert.equal(ev.logTail, undefined);
  const dry = await invokeFunction(h.lambda, { functionName: 'it-invoke', invocationType: 'DryRun' });
  assert.equal(dry.statusCode, 204);
});

test('qualifiers route to versions and aliases', async () => {
  await publishVersion(h.lambda, 'it-invoke');
  await createAlias(h.lambda, { functionName: 'it-invoke', name: 'prod', version: '1' });
  const byVersion = await invokeFunction(h.lambda, { functionName: 'it-invoke', qualifier: '1' });
  assert.equal(byVersion.executedVersion, '1');
  const byAlias = await invokeFunction(h.lambda, { functionName: 'it-invoke', qualifier: 'prod' });
  assert.equal(byAlias.executedVersion, '1');
  assert.equal((byAlias.payloadJson as { version: string }).version, '1');
});

test('invalid JSON is refused before sending, with line and column', async () => {
  await assert.rejects(invokeFunction(h.lambda, { functionName: 'does-not-exist', payload: '{\n  "a": 1,\n  "b": tru\n}' }), (e: unknown) => {
    assert.ok(e instanceof PayloadError);
    assert.equal(e.line, 3);
    assert.equal(e.column, 8);
    return true;
  });
});

test('a python error carries its type, message and stack', async (t) => {
  const dir = tempTree({ 'app.py': 'def handler(event, context):\n    return 1 / event["d"]\n' }, t);
  await deployCode(h.lambda, { functionName: 'it-invoke-py', source: { kind: 'folder', dir }, create: { Runtime: 'python3.12', Handler: 'app.handler' } });
  assert.deepEqual((await invokeFunction(h.lambda, { functionName: 'it-invoke-py', payload: '{"d": 4}' })).payloadJson, 0.25);
  const out = await invokeFunction(h.lambda, { functionName: 'it-invoke-py', payload: '{"d": 0}' });
  assert.equal(out.functionError?.errorType, 'ZeroDivisionError');
  assert.match(out.functionError?.errorMessage ?? '', /division by zero/);
  assert.ok(
    out.functionError?.stackTrace?.some((f) => f.includes('app.py')),
    JSON.stringify(out.functionError),
  );
});

test('a debug invoke (local only) runs in a fresh environment listening for a debugger; bad requests are refused', async (t) => {
  const port = await freeLoopbackPort();
  const dir = tempTree({ 'index.js': 'let n = 0; exports.handler = async () => ({ n: ++n, argv: process.execArgv });\n' }, t);
  await deployCode(h.lambda, { functionName: 'it-debug', source: { kind: 'folder', dir }, create: { Runtime: 'nodejs20.x', Handler: 'index.handler' } });
  const count = async (): Promise<number> => ((await invokeFunction(h.lambda, { functionName: 'it-debug' })).payloadJson as { n: number }).n;
  assert.deepEqual([await count(), await count()], [1, 2], 'one warm environment');
  const out = await invokeFunction(h.lambda, { functionName: 'it-debug', debug: { port, wait: false } });
  const body = out.payloadJson as { n: number; argv: string[] };
  assert.equal(body.n, 1, 'its own environment, not the warm one');
  assert.ok(body.argv.includes(`--inspect=127.0.0.1:${port}`), body.argv.join(' '));
  assert.match(out.logTail!, new RegExp(`Debugger listening on ws://127\\.0\\.0\\.1:${port}/`));
  assert.equal(await count(), 3, 'the warm environment is untouched');
  await assert.rejects(
    invokeFunction(h.lambda, { functionName: 'it-debug', debug: { port: 80 } }),
    (e: Error) => e.name === 'InvalidParameterValueException' && /port number from 1024 to 65535/.test(e.message),
  );
  await assert.rejects(
    invokeFunction(h.lambda, { functionName: 'it-debug', invocationType: 'Event', debug: { port } }),
    /Only a RequestResponse invocation can be debugged/,
  );
});

test('a debug invoke whose caller goes away stops its environment instead of waiting for a debugger forever', async (t) => {
  const port = await freeLoopbackPort();
  const until = async (want: boolean, what: string): Promise<void> => {
    for (let i = 0; i < 400; i++) {
      if ((await loopbackPortAccepts(port)) === want) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(what);
  };
  const dir = tempTree({ 'index.js': 'exports.handler = async () => "ran";\n' }, t);
  await deployCode(h.lambda, { functionName: 'it-debug-gone', source: { kind: 'folder', dir }, create: { Runtime: 'nodejs20.x', Handler: 'index.handler' } });
  const abort = new AbortController();
  const pending = invokeFunction(h.lambda, { functionName: 'it-debug-gone', debug: { port } }, { signal: abort.signal });
  await until(true, 'the runtime never opened its inspector port');
  abort.abort();
  await assert.rejects(pending);
  await until(false, 'the environment waiting for a debugger was not stopped');
  assert.equal((await invokeFunction(h.lambda, { functionName: 'it-debug-gone' })).payloadJson, 'ran');
});
