// Response streaming end to end: a node handler wrapped in awslambda.streamifyResponse writes, and each
// write reaches the SDK's InvokeWithResponseStreamCommand as its own PayloadChunk while the handler is
// still running (it waits for a signal file the test writes only after the first chunk arrived).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, InvokeCommand, InvokeWithResponseStreamCommand } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../harness';
import { makeZip } from '../zip';

const ROLE = 'arn:aws:iam::000000000000:role/r';
const HANDLER = `
const fs = require('node:fs');
const waitFor = (file) => new Promise((resolve) => {
  const t = setInterval(() => { if (fs.existsSync(file)) { clearInterval(t); resolve(); } }, 5);
});
exports.handler = awslambda.streamifyResponse(async (event, stream) => {
  if (event.prelude) stream = awslambda.HttpResponseStream.from(stream, { statusCode: 201, headers: { 'x-a': 'b' } });
  else stream.setContentType('text/plain');
  stream.write('one');
  if (event.signal) await waitFor(event.signal);
  if (event.fail) throw new RangeError('broke mid-stream');
  stream.write(Buffer.from('two'));
  stream.end();
});
exports.sync = awslambda.streamifyResponse((event, stream) => { stream.write('x'); });
exports.unfinished = awslambda.streamifyResponse(async (event, stream) => { stream.write('half'); });
exports.buffered = async () => ({ ok: true });
`;

async function collect(out: Awaited<ReturnType<LocalHarness['lambda']['send']>>, onChunk?: (text: string) => void) {
  const chunks: string[] = [];
  let complete: Record<string, unknown> | undefined;
  for await (const ev of (out as { EventStream: AsyncIterable<{ PayloadChunk?: { Payload?: Uint8Array }; InvokeComplete?: object }> }).EventStream) {
    if (ev.PayloadChunk?.Payload) {
      const text = Buffer.from(ev.PayloadChunk.Payload).toString('latin1');
      chunks.push(text);
      onChunk?.(text);
    }
    if (ev.InvokeComplete) complete = ev.InvokeComplete as Record<string, unknown>;
  }
  return { chunks, complete };
}

describe('InvokeWithResponseStream with a streaming node handler', () => {
  let h: LocalHarness;
  let dir: string;
  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
    dir = mkdtempSync(join(tmpdir(), 'lwb-stream-'));
    const zip = await makeZip({ 'index.js': HANDLER });
    for (const [name, handler] of [
      ['streamy', 'index.handler'],
      ['streamy-sync', 'index.sync'],
      ['streamy-unfinished', 'index.unfinished'],
      ['streamy-buffered', 'index.buffered'],
    ]) {
      await h.lambda.send(
        new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: handler, Role: ROLE, Timeout: 30, Code: { ZipFile: zip } }),
      );
    }
  });
  after(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers each write as it happens: the second comes only after the test saw the first', async () => {
    const signal = join(dir, 'go-1');
    const out = await h.lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streamy', Payload: Buffer.from(JSON.stringify({ signal })) }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    const { chunks, complete } = await collect(out, (text) => {
      if (text === 'one') writeFileSync(signal, '');
    });
    assert.deepEqual(chunks, ['one', 'two']);
    assert.deepEqual(complete, {});
  });

  it('writes the function-URL prelude of HttpResponseStream.from before the first chunk', async () => {
    const out = await h.lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streamy', Payload: Buffer.from('{"prelude":true}') }));
    const { chunks } = await collect(out);
    const body = Buffer.from(chunks.join(''), 'latin1');
    const nul = body.indexOf(Buffer.alloc(8));
    assert.ok(nul > 0, 'eight zero bytes end the prelude');
    assert.deepEqual(JSON.parse(body.subarray(0, nul).toString()), { statusCode: 201, headers: { 'x-a': 'b' } });
    assert.equal(body.subarray(nul + 8).toString(), 'onetwo');
  });

  it('reports an error thrown mid-stream in InvokeComplete, after the chunks already sent', async () => {
    const signal = join(dir, 'go-2');
    const out = await h.lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: 'streamy', Payload: Buffer.from(JSON.stringify({ signal, fail: true })), LogType: 'Tail' }),
    );
    const { chunks, complete } = await collect(out, () => writeFileSync(signal, ''));
    assert.deepEqual(chunks, ['one']);
    assert.equal(complete?.['ErrorCode'], 'RangeError');
    assert.match(String(complete?.['ErrorDetails']), /broke mid-stream/);
    assert.match(Buffer.from(String(complete?.['LogResult']), 'base64').toString(), /Invoke Error/);
  });

  it('fails a streamified handler that is not async, or returns without ending the stream, as Lambda does', async () => {
    const sync = await collect(await h.lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streamy-sync' })));
    assert.equal(sync.complete?.['ErrorCode'], 'Error');
    assert.match(String(sync.complete?.['ErrorDetails']), /Streaming does not support non-async handlers/);
    const unfinished = await collect(await h.lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streamy-unfinished' })));
    assert.deepEqual(unfinished.chunks, ['half']);
    assert.match(String(unfinished.complete?.['ErrorDetails']), /Response stream is not finished/);
  });

  it('still streams a buffered handler, and Invoke collects a streaming one', async () => {
    const buffered = await collect(await h.lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streamy-buffered' })));
    assert.equal(buffered.chunks.join(''), '{"ok":true}');
    assert.deepEqual(buffered.complete, {});
    const signal = join(dir, 'go-3');
    writeFileSync(signal, '');
    const whole = await h.lambda.send(new InvokeCommand({ FunctionName: 'streamy', Payload: Buffer.from(JSON.stringify({ signal })) }));
    assert.equal(whole.FunctionError, undefined);
    assert.equal(Buffer.from(whole.Payload!).toString(), 'onetwo');
  });
});
