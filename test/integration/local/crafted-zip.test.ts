// A zip whose entries clash (a file `a`, then `a/b`; a symlink `l`, then `l/x`) is the uploader's error:
// every operation that takes a zip answers 400 naming the entry, and the service keeps serving.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as yazl from 'yazl';
import { CreateFunctionCommand, ListFunctionsCommand, PublishLayerVersionCommand, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from './harness';
import { makeZip, NODE_HANDLER } from './zip';

function clashingZip(first: { name: string; mode: number; data: string }, second: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    z.addBuffer(Buffer.from(NODE_HANDLER), 'index.js', { mode: 0o100644 });
    z.addBuffer(Buffer.from(first.data), first.name, { mode: first.mode });
    z.addBuffer(Buffer.from('x'), second, { mode: 0o100644 });
    z.end();
    const parts: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => parts.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    z.outputStream.on('error', reject);
  });
}

function refusedFor(entry: string) {
  return (err: Error & { $metadata?: { httpStatusCode?: number } }): boolean => {
    assert.equal(err.name, 'InvalidParameterValueException', err.message);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    assert.match(err.message, /^Could not unzip uploaded file\./);
    assert.ok(err.message.includes(`'${entry}'`), err.message);
    return true;
  };
}

describe('crafted zips', () => {
  let h: LocalHarness;
  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
  });
  after(async () => {
    await h.stop();
  });

  const fileThenChild = (): Promise<Buffer> => clashingZip({ name: 'a', mode: 0o100644, data: 'file' }, 'a/b');
  const linkThenChild = (): Promise<Buffer> => clashingZip({ name: 'l', mode: 0o120777, data: '/tmp' }, 'l/x');

  it('CreateFunction answers 400 and the service stays up', async () => {
    for (const [zip, entry] of [
      [await fileThenChild(), 'a/b'],
      [await linkThenChild(), 'l/x'],
    ] as const) {
      await assert.rejects(
        h.lambda.send(
          new CreateFunctionCommand({
            FunctionName: 'crafted',
            Runtime: 'nodejs20.x',
            Role: 'arn:aws:iam::000000000000:role/r',
            Handler: 'index.handler',
            Code: { ZipFile: zip },
          }),
        ),
        refusedFor(entry),
      );
    }
    const list = await h.lambda.send(new ListFunctionsCommand({}));
    assert.deepEqual(list.Functions, []);
  });

  it('UpdateFunctionCode and PublishLayerVersion answer 400 and the service stays up', async () => {
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'good',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::000000000000:role/r',
        Handler: 'index.handler',
        Code: { ZipFile: await makeZip({ 'index.js': NODE_HANDLER }) },
      }),
    );
    await assert.rejects(h.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'good', ZipFile: await linkThenChild() })), refusedFor('l/x'));
    await assert.rejects(
      h.lambda.send(new PublishLayerVersionCommand({ LayerName: 'crafted', Content: { ZipFile: await fileThenChild() } })),
      refusedFor('a/b'),
    );
    const list = await h.lambda.send(new ListFunctionsCommand({}));
    assert.deepEqual(
      list.Functions?.map((f) => f.FunctionName),
      ['good'],
    );
  });
});
