import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deployCode, packageCode, checkZippedSize, MAX_ZIPPED_BYTES } from '../../../src/lambda/deploy';
import { zipFolder } from '../../../src/lambda/zip';
import { withRetry } from '../../../src/lambda/retry';
import { CancelledError, ValidationError } from '../../../src/lambda/errors';
import { LOCAL_SOURCE_BUCKET } from '../../../src/contract/localService';
import { awsError, fakeLambda } from './fakeClient';

function codeDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-dep-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => 1;');
  return dir;
}

const settled = (sha: string) => ({ Configuration: { FunctionName: 'f', CodeSha256: sha, State: 'Active', LastUpdateStatus: 'Successful' } });

test('an unchanged package (same CodeSha256) is not uploaded', async (t) => {
  const dir = codeDir(t);
  const { sha256 } = await zipFolder(dir);
  const fake = fakeLambda({ GetFunctionCommand: () => settled(sha256) });
  const steps: string[] = [];
  const r = await deployCode(fake.client, { functionName: 'f', source: { kind: 'folder', dir }, onProgress: (p) => steps.push(p.step) });
  assert.equal(r.action, 'unchanged');
  assert.equal(fake.count('UpdateFunctionCodeCommand'), 0);
  assert.ok(steps.includes('skip'));
  assert.match(r.summary, /nothing uploaded/);
});

test('a changed package is uploaded, retried on ResourceConflictException, then waited for', async (t) => {
  const dir = codeDir(t);
  let conflicts = 2;
  let sha = 'old';
  const fake = fakeLambda({
    GetFunctionCommand: () => settled(sha),
    GetFunctionConfigurationCommand: () => settled(sha).Configuration,
    UpdateFunctionCodeCommand: (input) => {
      if (conflicts-- > 0) throw awsError('ResourceConflictException', 'An update is in progress');
      assert.ok(input.ZipFile instanceof Uint8Array);
      sha = 'new';
      return { FunctionName: 'f' };
    },
  });
  const messages: string[] = [];
  const r = await deployCode(fake.client, {
    functionName: 'f',
    source: { kind: 'folder', dir },
    retryBaseDelayMs: 1,
    onProgress: (p) => messages.push(p.message),
  });
  assert.equal(r.action, 'updated');
  assert.equal(fake.count('UpdateFunctionCodeCommand'), 3);
  assert.equal(messages.filter((m) => /ResourceConflictException.*retrying/.test(m)).length, 2);
  assert.ok(fake.count('GetFunctionCommand') >= 2, 'the waiter polled GetFunction');
  assert.equal(r.configuration.CodeSha256, 'new');
});

test('a missing function without a create spec is a clear error; with one it is created', async (t) => {
  const dir = codeDir(t);
  let exists = false;
  const fake = fakeLambda({
    GetFunctionCommand: () => {
      if (!exists) throw awsError('ResourceNotFoundException', 'Function not found');
      return settled('x');
    },
    GetFunctionConfigurationCommand: () => settled('x').Configuration,
    CreateFunctionCommand: (input) => {
      assert.equal(input.Runtime, 'nodejs22.x');
      assert.equal(input.Handler, 'index.handler');
      assert.deepEqual(input.Environment, { Variables: { STAGE: 'dev' } });
      exists = true;
      return {};
    },
  });
  await assert.rejects(
    deployCode(fake.client, { functionName: 'f', source: { kind: 'folder', dir } }),
    (e: unknown) => e instanceof ValidationError && /does not exist/.test(e.message),
  );
  const r = await deployCode(fake.client, {
    functionName: 'f',
    source: { kind: 'folder', dir },
    create: { Runtime: 'nodejs22.x', Handler: 'index.handler', Environment: { STAGE: 'dev' } },
  });
  assert.equal(r.action, 'created');
  assert.equal(fake.count('CreateFunctionCommand'), 1);
});

test('an invalid create spec is refused before any call', async (t) => {
  const dir = codeDir(t);
  const fake = fakeLambda({});
  await assert.rejects(
    deployCode(fake.client, { functionName: 'f', source: { kind: 'folder', dir }, create: { Runtime: 'nodejs22.x', Handler: 'index', MemorySize: 64 } }),
    (e: unknown) => e instanceof ValidationError && /2 problems/.test(e.message),
  );
  assert.equal(fake.calls.length, 0);
});

test('a local source folder is sent as the local source bucket, never zipped', async () => {
  let code: Record<string, unknown> = {};
  const fake = fakeLambda({
    GetFunctionCommand: () => settled('x'),
    GetFunctionConfigurationCommand: () => settled('x').Configuration,
    UpdateFunctionCodeCommand: (input) => ((code = input), {}),
  });
  await deployCode(fake.client, { functionName: 'f', source: { kind: 'localSource', dir: '/abs/src' } });
  assert.equal(code.S3Bucket, LOCAL_SOURCE_BUCKET);
  assert.equal(code.S3Key, '/abs/src');
  assert.equal(code.ZipFile, undefined);
  await assert.rejects(packageCode({ kind: 'localSource', dir: 'rel/src' }), /absolute path/);
});

test('a zip over 50 MB is refused before upload', () => {
  assert.throws(
    () => checkZippedSize(MAX_ZIPPED_BYTES + 1),
    (e: unknown) => e instanceof ValidationError && /50\.0 MB/.test(e.message),
  );
  assert.doesNotThrow(() => checkZippedSize(MAX_ZIPPED_BYTES));
});

test('cancelling stops retries and says so', async () => {
  const c = new AbortController();
  let calls = 0;
  const p = withRetry(
    'the upload',
    async () => {
      calls++;
      if (calls === 1) setTimeout(() => c.abort(), 5);
      throw awsError('ResourceConflictException');
    },
    { signal: c.signal, baseDelayMs: 10_000 },
  );
  await assert.rejects(p, (e: unknown) => e instanceof CancelledError && /Cancelled the upload/.test(e.message));
  assert.equal(calls, 1);
});

test('errors that are not conflicts are not retried', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(
      'x',
      async () => {
        calls++;
        throw awsError('InvalidParameterValueException');
      },
      { baseDelayMs: 1 },
    ),
    { name: 'InvalidParameterValueException' },
  );
  assert.equal(calls, 1);
});

test('a tree zipped before is recognised by its digest: the unchanged redeploy does not zip again', async (t) => {
  const dir = codeDir(t);
  let sha = 'none';
  const fake = fakeLambda({
    GetFunctionCommand: () => settled(sha),
    GetFunctionConfigurationCommand: () => settled(sha).Configuration,
    UpdateFunctionCodeCommand: (input) => {
      sha = sha256Of(input.ZipFile as Uint8Array);
      return {};
    },
  });
  const first = await deployCode(fake.client, { functionName: 'f', source: { kind: 'folder', dir } });
  assert.equal(first.action, 'updated');
  const steps: string[] = [];
  const second = await deployCode(fake.client, { functionName: 'f', source: { kind: 'folder', dir }, onProgress: (p) => steps.push(p.message) });
  assert.equal(second.action, 'unchanged');
  assert.equal(second.zippedBytes, undefined, 'no zip was built');
  assert.ok(!steps.some((m) => m.startsWith('Zipping…')));
  writeFileSync(join(dir, 'index.js'), 'changed');
  assert.equal((await deployCode(fake.client, { functionName: 'f', source: { kind: 'folder', dir } })).action, 'updated');
});

function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}
