import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListFunctionsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { toWorkbenchError, describeError, WorkbenchError } from '../../../src/core/errors';
import { KEY_ID, SECRET } from './helpers';

// A loopback server that answers every Lambda call with the AWS error named by the path's first
// ListFunctions marker (we set it per test through `respondWith`).
let server: Server;
let endpoint = '';
let respondWith: { status: number; type: string; message: string } = { status: 403, type: 'AccessDeniedException', message: 'denied' };
before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(respondWith.status, { 'content-type': 'application/json', 'x-amzn-errortype': respondWith.type, 'x-amzn-requestid': 'r-1' });
      res.end(JSON.stringify({ Type: 'User', message: respondWith.message }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

async function sdkError(status: number, type: string, message: string, url = endpoint): Promise<unknown> {
  respondWith = { status, type, message };
  const client = new LambdaClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET }, maxAttempts: 1 });
  try {
    await client.send(new ListFunctionsCommand({}));
    assert.fail('expected an error');
  } catch (err) {
    return err;
  } finally {
    client.destroy();
  }
}

test('AccessDenied from the real SDK names the profile and region', async () => {
  const err = toWorkbenchError(await sdkError(403, 'AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized to perform: lambda:ListFunctions'), {
    profile: 'dev',
    region: 'eu-west-1',
  });
  assert.equal(err.code, 'AccessDenied');
  assert.match(err.message, /Access denied for profile "dev" in eu-west-1/);
  assert.match(err.message, /lambda:ListFunctions/);
});

test('expired and invalid keys are told apart', async () => {
  const expired = toWorkbenchError(await sdkError(403, 'ExpiredTokenException', 'The security token included in the request is expired'), { profile: 'dev' });
  assert.equal(expired.code, 'ExpiredCredentials');
  const invalid = toWorkbenchError(await sdkError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'), {
    profile: 'dev',
  });
  assert.equal(invalid.code, 'InvalidCredentials');
  assert.match(invalid.action ?? '', /access key/);
});

test('a refused connection is a network error', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const err = toWorkbenchError(await sdkError(0, '', '', `http://127.0.0.1:${port}`), { region: 'us-east-1', operation: 'listing functions' });
  assert.equal(err.code, 'NetworkError');
  assert.match(err.message, /while listing functions/);
});

test('no region, and unknown errors keep their message', () => {
  assert.equal(toWorkbenchError(new Error('Region is missing')).code, 'NoRegion');
  assert.notEqual(toWorkbenchError(new Error('The region ap-east-1 is not enabled for this account')).code, 'NoRegion');
  const unknown = toWorkbenchError(new Error('Function not found: arn:aws:lambda:us-east-1:1:function:x'));
  assert.equal(unknown.code, 'Unknown');
  assert.match(unknown.message, /Function not found/);
  const same = new WorkbenchError('NoRegion', 'x');
  assert.equal(toWorkbenchError(same), same, 'classified errors pass through');
});

test('messages are redacted even when the cause carries secrets', () => {
  const text = describeError(new Error(`boom aws_secret_access_key=${SECRET} key ${KEY_ID}`));
  assert.ok(!text.includes(SECRET));
  assert.ok(!text.includes(KEY_ID));
  assert.match(text, /boom/);
});
