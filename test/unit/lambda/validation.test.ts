import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig, assertValid, handlerProblem, toUpdateInput } from '../../../src/lambda/config';
import { parseWeight, aliasNameProblem } from '../../../src/lambda/aliases';
import { typedNameProblem } from '../../../src/lambda/remove';
import { preparePayload, PayloadError, reportFromLog, readOutcome, decodeLogTail } from '../../../src/lambda/invoke';
import { ValidationError } from '../../../src/lambda/errors';

const fields = (change: Parameters<typeof validateConfig>[0], ctx?: Parameters<typeof validateConfig>[1]) => validateConfig(change, ctx).map((e) => e.field);

test('memory and timeout ranges', () => {
  assert.deepEqual(fields({ MemorySize: 128, Timeout: 1 }), []);
  assert.deepEqual(fields({ MemorySize: 10240, Timeout: 900 }), []);
  assert.deepEqual(fields({ MemorySize: 127 }), ['MemorySize']);
  assert.deepEqual(fields({ MemorySize: 10241 }), ['MemorySize']);
  assert.deepEqual(fields({ MemorySize: 256.5 }), ['MemorySize']);
  assert.deepEqual(fields({ Timeout: 0 }), ['Timeout']);
  assert.deepEqual(fields({ Timeout: 901 }), ['Timeout']);
  assert.match(validateConfig({ Timeout: 901 })[0].message, /from 1 to 900/);
  assert.deepEqual(fields({ EphemeralStorage: 511 }), ['EphemeralStorage']);
});

test('environment: names, reserved keys, 4 KB in total', () => {
  assert.deepEqual(fields({ Environment: { STAGE: 'prod', a_1: 'x' } }), []);
  assert.deepEqual(fields({ Environment: { '1BAD': 'x' } }), ['Environment.1BAD']);
  assert.deepEqual(fields({ Environment: { 'BAD-NAME': 'x' } }), ['Environment.BAD-NAME']);
  for (const k of ['AWS_REGION', 'AWS_ACCESS_KEY_ID', '_HANDLER', 'AWS_LAMBDA_FUNCTION_NAME', 'LAMBDA_TASK_ROOT']) {
    const errs = validateConfig({ Environment: { [k]: 'x' } });
    assert.equal(errs.length, 1, k);
    assert.match(errs[0].message, /reserved/);
  }
  assert.deepEqual(fields({ Environment: { BIG: 'x'.repeat(4080) } }), []);
  const big = validateConfig({ Environment: { BIG: 'x'.repeat(4090) } });
  assert.deepEqual(
    big.map((e) => e.field),
    ['Environment'],
  );
  assert.match(big[0].message, /4096 \(4 KB\)/);
});

test('handler format follows the runtime family', () => {
  assert.equal(handlerProblem('index.handler', 'nodejs22.x'), undefined);
  assert.equal(handlerProblem('src/app.lambdaHandler', 'nodejs22.x'), undefined);
  assert.equal(handlerProblem('app.lambda_handler', 'python3.13'), undefined);
  assert.match(handlerProblem('index', 'nodejs22.x')!, /FILE\.FUNCTION/);
  assert.match(handlerProblem('../up.handler', 'python3.13')!, /FILE\.FUNCTION/);
  assert.match(handlerProblem('index handler', 'nodejs22.x')!, /without spaces/);
  assert.equal(handlerProblem('com.example.Handler::handleRequest', 'java21'), undefined);
  assert.match(handlerProblem('not a class', 'java21')!, /spaces|Class/);
  assert.equal(handlerProblem('Asm::Ns.Cls::Fn', 'dotnet8'), undefined);
  assert.match(handlerProblem('Asm.Fn', 'dotnet8')!, /Assembly::/);
  assert.equal(handlerProblem('bootstrap', 'provided.al2023'), undefined);
  assert.deepEqual(fields({ Handler: 'index' }, { runtime: 'nodejs20.x' }), ['Handler']);
});

test('runtime must be known and not blocked', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  assert.deepEqual(fields({ Runtime: 'nodejs12.x' }, { now }), [], 'the local service runs any known runtime');
  const e = { enforceLifecycle: true };
  assert.deepEqual(fields({ Runtime: 'nodejs22.x' }, { now, ...e }), []);
  assert.match(validateConfig({ Runtime: 'node22' })[0].message, /Unknown runtime "node22"/);
  assert.deepEqual(fields({ Runtime: 'nodejs12.x' }, { now, ...e }), ['Runtime']);
  // nodejs16.x: deprecated, creation blocked only from 2026-02-09.
  assert.deepEqual(fields({ Runtime: 'nodejs16.x' }, { now, creating: true, ...e }), []);
  assert.deepEqual(fields({ Runtime: 'nodejs16.x' }, { now: new Date('2026-02-10T00:00:00Z'), creating: true, ...e }), ['Runtime']);
  assert.deepEqual(fields({ Runtime: 'nodejs16.x' }, { now: new Date('2026-02-10T00:00:00Z'), ...e }), []);
});

test('layers, description, role, concurrency, tags', () => {
  const arn = (n: string, v: number) => `arn:aws:lambda:us-east-1:123456789012:layer:${n}:${v}`;
  assert.deepEqual(fields({ Layers: [arn('a', 1), arn('b', 2)] }), []);
  assert.deepEqual(fields({ Layers: ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => arn(n, 1)) }), ['Layers']);
  assert.deepEqual(fields({ Layers: ['my-layer'] }), ['Layers']);
  assert.deepEqual(fields({ Layers: [arn('a', 1), arn('a', 2)] }), ['Layers']);
  assert.deepEqual(fields({ Description: 'x'.repeat(257) }), ['Description']);
  assert.deepEqual(fields({ Role: 'admin' }), ['Role']);
  assert.deepEqual(fields({ Role: 'arn:aws:iam::123456789012:role/service-role/fn-role' }), []);
  assert.deepEqual(fields({ ReservedConcurrency: -1 }), ['ReservedConcurrency']);
  assert.deepEqual(fields({ ReservedConcurrency: null }), []);
  assert.deepEqual(fields({ Tags: { 'aws:x': 'y' } }), ['Tags']);
});

test('assertValid reports every problem at once', () => {
  assert.throws(
    () => assertValid({ MemorySize: 1, Timeout: 0, Environment: { AWS_REGION: 'x' } }),
    (e: unknown) => e instanceof ValidationError && /^3 problems/.test(e.message),
  );
  assert.doesNotThrow(() => assertValid({ MemorySize: 512 }));
});

test('update input only carries what changes', () => {
  assert.deepEqual(toUpdateInput('f', { MemorySize: 256, Environment: { A: '1' }, EphemeralStorage: 1024 }), {
    FunctionName: 'f',
    MemorySize: 256,
    Environment: { Variables: { A: '1' } },
    EphemeralStorage: { Size: 1024 },
  });
});

test('traffic weights are validated 0-100', () => {
  assert.equal(parseWeight('10'), 10);
  assert.equal(parseWeight('12.5%'), 12.5);
  assert.equal(parseWeight(0), 0);
  assert.equal(parseWeight(100), 100);
  for (const bad of ['-1', '101', 'abc', '', 'NaN']) assert.throws(() => parseWeight(bad), ValidationError, bad);
  assert.equal(aliasNameProblem('live'), undefined);
  assert.match(aliasNameProblem('123')!, /not only digits/);
  assert.match(aliasNameProblem('bad name')!, /letters, digits/);
});

test('typed-name check for delete', () => {
  assert.equal(typedNameProblem('orders', 'orders'), undefined);
  assert.equal(typedNameProblem('orders', ' orders '), undefined);
  assert.match(typedNameProblem('orders', 'Orders')!, /exactly/);
  assert.match(typedNameProblem('orders', '')!, /Type orders/);
  assert.match(typedNameProblem('orders', undefined)!, /Type orders/);
});

test('payload JSON errors give line and column', () => {
  assert.equal(new TextDecoder().decode(preparePayload('')), '{}');
  assert.equal(new TextDecoder().decode(preparePayload('{"a": [1, 2]}')), '{"a": [1, 2]}');
  const check = (text: string, line: number, column: number, what: RegExp) => {
    assert.throws(
      () => preparePayload(text),
      (e: unknown) => {
        assert.ok(e instanceof PayloadError);
        assert.equal(e.line, line, text);
        assert.equal(e.column, column, text);
        assert.match(e.message, what);
        assert.match(e.message, new RegExp(`line ${line}, column ${column}`));
        return true;
      },
    );
  };
  check('{\n  "a": 1,\n  "b": \n}', 4, 1, /value is expected/);
  check('{\n  "a": 1,\n}', 3, 1, /property name|value/);
  check("{'a': 1}", 1, 2, /unexpected character|property name/);
  check('{"a": 1} x', 1, 10, /unexpected|after the JSON/);
  check('{"a": 1} {}', 1, 10, /after the JSON/);
  check('[1, 2', 1, 6, /\]/);
  check('{"a": 1 // c\n}', 1, 9, /comments/);
});

test('log tail decoding and REPORT figures', () => {
  const log = [
    'START RequestId: 8f5f4a56-2b2c-4b9b-9a83-0d3b7b1b2c3d Version: $LATEST',
    '2024-05-01T12:00:00.000Z\t8f5f4a56-2b2c-4b9b-9a83-0d3b7b1b2c3d\tINFO\thello',
    'END RequestId: 8f5f4a56-2b2c-4b9b-9a83-0d3b7b1b2c3d',
    'REPORT RequestId: 8f5f4a56-2b2c-4b9b-9a83-0d3b7b1b2c3d\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tInit Duration: 150.50 ms\t',
    '',
  ].join('\n');
  const b64 = Buffer.from(log).toString('base64');
  assert.equal(decodeLogTail(b64), log);
  const r = reportFromLog(log)!;
  assert.equal(r.durationMs, 12.34);
  assert.equal(r.billedDurationMs, 13);
  assert.equal(r.memorySizeMb, 128);
  assert.equal(r.maxMemoryUsedMb, 64);
  assert.equal(r.initDurationMs, 150.5);
  const out = readOutcome({
    $metadata: { requestId: 'req-1' },
    StatusCode: 200,
    FunctionError: 'Unhandled',
    ExecutedVersion: '3',
    LogResult: b64,
    Payload: new TextEncoder().encode(
      JSON.stringify({ errorType: 'TypeError', errorMessage: 'boom', stackTrace: ['TypeError: boom', '    at handler (/var/task/index.js:3:9)'] }),
    ) as never,
  });
  assert.equal(out.functionError?.kind, 'Unhandled');
  assert.equal(out.functionError?.errorType, 'TypeError');
  assert.equal(out.functionError?.stackTrace?.[1], '    at handler (/var/task/index.js:3:9)');
  assert.equal(out.report?.durationMs, 12.34);
  assert.equal(out.executedVersion, '3');
  const bin = readOutcome({ $metadata: {}, StatusCode: 200, Payload: new Uint8Array([0xff, 0xfe, 0x00]) as never });
  assert.equal(bin.binary, true);
  assert.equal(bin.payloadText, Buffer.from([0xff, 0xfe, 0]).toString('base64'));
});
