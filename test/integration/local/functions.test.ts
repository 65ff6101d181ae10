// Function lifecycle through the unmodified @aws-sdk/client-lambda, waiters included.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from './harness';
import { makeZip, NODE_HANDLER } from './zip';

async function create(lambda: LambdaClient, name: string, zip: Buffer, extra: Record<string, unknown> = {}) {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::000000000000:role/r',
      Code: { ZipFile: zip },
      ...extra,
    }),
  );
}

async function rejectsWith(p: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe('functions through the SDK', () => {
  let h: LocalHarness;
  let zip: Buffer;
  before(async () => {
    h = await startLocal();
    zip = await makeZip({ 'index.js': NODE_HANDLER });
  });
  after(async () => {
    await h.stop();
  });

  it('creates a function Pending, then Active through the waiter', async () => {
    const created = await create(h.lambda, 'fn-a', zip, { Environment: { Variables: { GREETING: 'hi' } }, MemorySize: 256, Timeout: 10 });
    assert.equal(created.State, 'Pending');
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:fn-a');
    assert.equal(created.CodeSize, zip.length);
    assert.ok(created.CodeSha256 && created.RevisionId);
    const waited = await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'fn-a' });
    assert.equal(waited.state, 'SUCCESS');
    const got = await h.lambda.send(new GetFunctionCommand({ FunctionName: 'fn-a' }));
    assert.equal(got.Configuration?.State, 'Active');
    assert.equal(got.Configuration?.LastUpdateStatus, 'Successful');
    assert.deepEqual(got.Configuration?.Environment?.Variables, { GREETING: 'hi' });
    assert.equal(got.Configuration?.MemorySize, 256);
    assert.equal(got.Code?.RepositoryType, 'S3');
    // Code.Location downloads the same zip without signing, but only with its token.
    const res = await fetch(got.Code!.Location!);
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), zip);
    const forged = await fetch(got.Code!.Location!.replace(/token=[0-9a-f]+/, 'token=' + '0'.repeat(64)));
    assert.equal(forged.status, 403);
  });

  it('accepts names, partial ARNs and full ARNs', async () => {
    for (const id of ['fn-a', '000000000000:function:fn-a', 'arn:aws:lambda:us-east-1:000000000000:function:fn-a']) {
      const c = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: id }));
      assert.equal(c.FunctionName, 'fn-a');
    }
  });

  it('answers ResourceNotFoundException with the ARN-shaped message', async () => {
    await rejectsWith(
      h.lambda.send(new GetFunctionCommand({ FunctionName: 'missing' })),
      'ResourceNotFoundException',
      /^Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing$/,
    );
  });

  it('refuses a duplicate name with ResourceConflictException', async () => {
    await rejectsWith(create(h.lambda, 'fn-a', zip), 'ResourceConflictException', /Function already exist: fn-a/);
  });

  it('validates like Lambda', async () => {
    await rejectsWith(create(h.lambda, 'bad name!', zip), 'ValidationException', /functionName/);
    await rejectsWith(create(h.lambda, 'fn-mem', zip, { MemorySize: 64 }), 'ValidationException', /greater than or equal to 128/);
    await rejectsWith(create(h.lambda, 'fn-mem', zip, { MemorySize: 20000 }), 'ValidationException', /less than or equal to 10240/);
    await rejectsWith(create(h.lambda, 'fn-to', zip, { Timeout: 901 }), 'ValidationException', /timeout/);
    await rejectsWith(create(h.lambda, 'fn-rt', zip, { Runtime: 'cobol1.0' }), 'InvalidParameterValueException', /runtime/);
    await rejectsWith(create(h.lambda, 'fn-h', zip, { Handler: undefined }), 'InvalidParameterValueException', /Handler/);
    await rejectsWith(
      create(h.lambda, 'fn-env', zip, { Environment: { Variables: { BIG: 'x'.repeat(5000) } } }),
      'InvalidParameterValueException',
      /4KB limit/,
    );
    await rejectsWith(create(h.lambda, 'fn-env', zip, { Environment: { Variables: { AWS_REGION: 'x' } } }), 'InvalidParameterValueException', /reserved keys/);
    await rejectsWith(create(h.lambda, 'fn-zip', Buffer.from('not a zip')), 'InvalidParameterValueException', /unzip/);
  });

  it('updates code and configuration, with InProgress, the updated waiter, RevisionId checks and conflicts', async () => {
    const before = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-a' }));
    await rejectsWith(
      h.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-a', Timeout: 5, RevisionId: 'stale' })),
      'PreconditionFailedException',
    );
    const updated = await h.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-a', Timeout: 5, RevisionId: before.RevisionId }));
    assert.equal(updated.LastUpdateStatus, 'InProgress');
    assert.equal(updated.Timeout, 5);
    assert.notEqual(updated.RevisionId, before.RevisionId);
    await rejectsWith(
      h.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-a', Timeout: 6 })),
      'ResourceConflictException',
      /update is in progress/,
    );
    await waitUntilFunctionUpdatedV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'fn-a' });
    const zip2 = await makeZip({ 'index.js': NODE_HANDLER + '// v2\n' });
    const dry = await h.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'fn-a', ZipFile: zip2, DryRun: true }));
    const stillOld = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-a' }));
    assert.notEqual(dry.CodeSha256, stillOld.CodeSha256);
    const code = await h.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'fn-a', ZipFile: zip2 }));
    assert.equal(code.CodeSha256, dry.CodeSha256);
    assert.equal(code.CodeSize, zip2.length);
    await waitUntilFunctionUpdatedV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'fn-a' });
    const after = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-a' }));
    assert.equal(after.LastUpdateStatus, 'Successful');
    assert.equal(after.Timeout, 5);
  });

  it('pages ListFunctions with Marker / MaxItems in name order', async () => {
    for (let i = 0; i < 7; i++) await create(h.lambda, `page-${i}`, zip);
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListFunctions({ client: h.lambda, pageSize: 3 }, {})) {
      pages++;
      assert.ok((page.Functions?.length ?? 0) <= 3);
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
    }
    assert.deepEqual(names, ['fn-a', ...Array.from({ length: 7 }, (_, i) => `page-${i}`)]);
    assert.equal(pages, 3);
    const first = await h.lambda.send(new ListFunctionsCommand({ MaxItems: 8 }));
    assert.equal(first.Functions?.length, 8);
    assert.equal(first.NextMarker, undefined);
  });

  it('lets only one of two racing creates or code updates through', async () => {
    const zipB = await makeZip({ 'index.js': NODE_HANDLER + '// b\n' });
    const creates = await Promise.allSettled([create(h.lambda, 'race', zip), create(h.lambda, 'race', zipB)]);
    assert.deepEqual(creates.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.equal((creates.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.name, 'ResourceConflictException');
    await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'race' });
    const zipC = await makeZip({ 'index.js': NODE_HANDLER + '// c\n' });
    const updates = await Promise.allSettled([
      h.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'race', ZipFile: zipB })),
      h.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'race', ZipFile: zipC })),
    ]);
    assert.deepEqual(updates.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.equal((updates.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.name, 'ResourceConflictException');
    await h.lambda.send(new DeleteFunctionCommand({ FunctionName: 'race' }));
  });

  it('deletes a function', async () => {
    await h.lambda.send(new DeleteFunctionCommand({ FunctionName: 'page-0' }));
    await rejectsWith(h.lambda.send(new GetFunctionCommand({ FunctionName: 'page-0' })), 'ResourceNotFoundException');
    await rejectsWith(h.lambda.send(new DeleteFunctionCommand({ FunctionName: 'page-0' })), 'ResourceNotFoundException');
  });

  it('keeps everything across a restart', async () => {
    const beforeCfg = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-a' }));
    h = await h.restart();
    const afterCfg = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-a' }));
    assert.deepEqual(afterCfg, { ...beforeCfg, $metadata: afterCfg.$metadata });
    const list = await h.lambda.send(new ListFunctionsCommand({}));
    assert.equal(list.Functions?.length, 7);
  });
});
