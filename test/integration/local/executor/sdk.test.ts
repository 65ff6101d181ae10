// The executor through the real front: dist/local.js, the unmodified @aws-sdk/client-lambda and
// CloudWatch Logs clients, as the extension and any SDK user see it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, InvokeCommand, PutFunctionConcurrencyCommand, waitUntilFunctionActiveV2, type Runtime } from '@aws-sdk/client-lambda';
import { GetLogEventsCommand, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LOCAL_SOURCE_BUCKET } from '../../../../src/contract/localService';
import { startLocal, type LocalHarness } from '../harness';
import { makeZip } from '../zip';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const dec = (b?: Uint8Array): unknown => (b && b.length ? JSON.parse(Buffer.from(b).toString('utf8')) : undefined);

describe('executor through the SDK', () => {
  let h: LocalHarness;
  let src: string;
  before(async () => {
    h = await startLocal();
    src = mkdtempSync(join(tmpdir(), 'lw-sdk-src-'));
  });
  after(async () => {
    await h?.stop();
    rmSync(src, { recursive: true, force: true });
  });

  async function create(name: string, runtime: string, handler: string, files: Record<string, string>, extra: Record<string, unknown> = {}): Promise<void> {
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: runtime as Runtime,
        Handler: handler,
        Role: ROLE,
        Code: { ZipFile: await makeZip(files) },
        ...extra,
      }),
    );
    await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 30 }, { FunctionName: name });
  }

  it('invokes node and python functions with LogType Tail and the REPORT line', async () => {
    await create('sdk-node', 'nodejs20.x', 'index.handler', {
      'index.js': `exports.handler = async (e, c) => { console.log('got', e.n); return { n: e.n * 2, fn: c.functionName }; };`,
    });
    const r = await h.lambda.send(new InvokeCommand({ FunctionName: 'sdk-node', Payload: Buffer.from('{"n":21}'), LogType: 'Tail' }));
    assert.equal(r.StatusCode, 200);
    assert.equal(r.FunctionError, undefined);
    assert.deepEqual(dec(r.Payload), { n: 42, fn: 'sdk-node' });
    const log = Buffer.from(r.LogResult!, 'base64').toString('utf8');
    assert.match(log, /\tINFO\tgot 21\n/);
    assert.match(
      log,
      /REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\t\n$/,
    );
    await create('sdk-py', 'python3.12', 'app.handler', {
      'app.py': `def handler(event, context):\n    print("py got", event["n"])\n    return {"n": event["n"] + 1}\n`,
    });
    const p = await h.lambda.send(new InvokeCommand({ FunctionName: 'sdk-py', Payload: Buffer.from('{"n":1}'), LogType: 'Tail' }));
    assert.deepEqual(dec(p.Payload), { n: 2 });
    assert.match(Buffer.from(p.LogResult!, 'base64').toString('utf8'), /py got 1\n/);
  });

  it('answers function errors as 200 with X-Amz-Function-Error, timeouts included', async () => {
    await create(
      'sdk-err',
      'nodejs20.x',
      'index.handler',
      {
        'index.js': `exports.handler = async (e) => { if (e.hang) await new Promise(() => setInterval(() => {}, 1000)); throw new RangeError('out of range'); };`,
      },
      { Timeout: 1 },
    );
    const r = await h.lambda.send(new InvokeCommand({ FunctionName: 'sdk-err', Payload: Buffer.from('{}') }));
    assert.equal(r.StatusCode, 200);
    assert.equal(r.FunctionError, 'Unhandled');
    assert.equal((dec(r.Payload) as { errorType: string }).errorType, 'RangeError');
    const t = await h.lambda.send(new InvokeCommand({ FunctionName: 'sdk-err', Payload: Buffer.from('{"hang":true}') }));
    assert.equal(t.FunctionError, 'Unhandled');
    assert.match((dec(t.Payload) as { errorMessage: string }).errorMessage, /Task timed out after 1\.00 seconds$/);
  });

  it('throttles with 429 TooManyRequestsException beyond reserved concurrency', async () => {
    await create('sdk-conc', 'nodejs20.x', 'index.handler', {
      'index.js': `exports.handler = async () => { await new Promise((r) => setTimeout(r, 500)); return 1; };`,
    });
    await h.lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'sdk-conc', ReservedConcurrentExecutions: 1 }));
    const first = h.lambda.send(new InvokeCommand({ FunctionName: 'sdk-conc' }));
    await new Promise((r) => setTimeout(r, 100));
    await assert.rejects(
      h.lambda.send(new InvokeCommand({ FunctionName: 'sdk-conc' })),
      (e: Error & { $metadata?: { httpStatusCode?: number }; Reason?: string }) =>
        e.name === 'TooManyRequestsException' && e.$metadata?.httpStatusCode === 429 && e.Reason === 'ReservedFunctionConcurrentInvocationLimitExceeded',
    );
    assert.equal((await first).StatusCode, 200);
  });

  it('runs a source-folder function and sees an edit on the next invoke', async () => {
    writeFileSync(join(src, 'index.mjs'), `export const handler = async () => 'v1';`);
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'sdk-src',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: src },
      }),
    );
    await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 30 }, { FunctionName: 'sdk-src' });
    assert.equal(dec((await h.lambda.send(new InvokeCommand({ FunctionName: 'sdk-src' }))).Payload), 'v1');
    writeFileSync(join(src, 'index.mjs'), `export const handler = async () => 'v2, edited';`);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(dec((await h.lambda.send(new InvokeCommand({ FunctionName: 'sdk-src' }))).Payload), 'v2, edited');
  });

  it("writes START / END / REPORT and the function's lines into /aws/lambda/NAME", async () => {
    const streams = await h.logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/sdk-node' }));
    const name = streams.logStreams?.[0]?.logStreamName;
    assert.match(name ?? '', /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    const ev = await h.logs.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/sdk-node', logStreamName: name, startFromHead: true }));
    const msgs = (ev.events ?? []).map((e) => e.message ?? '');
    assert.ok(msgs.some((m) => m.startsWith('INIT_START Runtime Version: nodejs:20')));
    assert.ok(msgs.some((m) => m.startsWith('START RequestId: ')));
    assert.ok(msgs.some((m) => /\tINFO\tgot 21/.test(m)));
    assert.ok(msgs.some((m) => m.startsWith('END RequestId: ')));
    assert.ok(msgs.some((m) => m.startsWith('REPORT RequestId: ')));
  });
});
