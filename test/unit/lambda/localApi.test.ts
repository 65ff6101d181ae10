// The Local API control client: every request is SigV4-signed (checked by a fake control API that
// recomputes the signature with @smithy/signature-v4), answers are parsed, AWS-shaped errors become
// messages that say what to do, and startLocalApi prepares the template's functions before the POST.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { LOCAL_API_PATH, type LocalApiInfo } from '../../../src/contract/localApi';
import { WorkbenchError } from '../../../src/core/errors';
import { LocalApiClient, LocalApiError, startLocalApi } from '../../../src/lambda/localApi';
import { fakeLambda } from './fakeClient';

const KEYS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret-never-shown' };
const REGION = 'us-east-1';

interface Received {
  method: string;
  path: string;
  body: string;
  signatureOk: boolean;
  headers: http.IncomingHttpHeaders;
}

/** Recomputes the request's signature from the headers it says it signed, with the service's keys. */
async function verify(req: http.IncomingMessage, body: string): Promise<boolean> {
  const auth = String(req.headers.authorization ?? '');
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m || m[1] !== KEYS.accessKeyId || m[3] !== REGION || m[4] !== 'lambda') return false;
  const signedHeaders = m[5].split(';');
  const headers: Record<string, string> = {};
  for (const h of signedHeaders) headers[h] = String(req.headers[h]);
  const amz = String(req.headers['x-amz-date']);
  const date = new Date(`${amz.slice(0, 4)}-${amz.slice(4, 6)}-${amz.slice(6, 8)}T${amz.slice(9, 11)}:${amz.slice(11, 13)}:${amz.slice(13, 15)}Z`);
  const url = new URL(req.url ?? '/', 'http://x');
  const request = new HttpRequest({
    method: req.method,
    protocol: 'http:',
    hostname: headers.host.replace(/:\d+$/, ''),
    path: url.pathname,
    headers,
    body: body || undefined,
  });
  const signer = new SignatureV4({ credentials: KEYS, region: REGION, service: 'lambda', sha256: Sha256 });
  const signed = await signer.sign(request, { signingDate: date });
  return String(signed.headers.authorization).endsWith(`Signature=${m[6]}`);
}

async function fakeControlApi(answer: (r: Received) => { status: number; body?: unknown; headers?: Record<string, string> }) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      void verify(req, body).then((signatureOk) => {
        const r: Received = { method: req.method ?? '', path: req.url ?? '', body, signatureOk, headers: req.headers };
        received.push(r);
        const a = signatureOk
          ? answer(r)
          : {
              status: 403,
              body: { message: 'The request signature we calculated does not match the signature you provided.' },
              headers: { 'x-amzn-errortype': 'InvalidSignatureException' },
            };
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(a.body === undefined ? '' : JSON.stringify(a.body));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const INFO: LocalApiInfo = {
  id: 'abc123',
  endpoint: 'http://127.0.0.1:3000',
  template: '/w/template.yaml',
  routes: [{ method: 'GET', path: '/hello', api: 'ServerlessHttpApi', type: 'HTTP', function: 'HelloFunction' }],
  functionUrls: [],
  warnings: [],
  pid: 42,
};

test('start, list and stop are signed with the local keys and parsed', async () => {
  const api = await fakeControlApi((r) => {
    if (r.method === 'POST') return { status: 201, body: INFO };
    if (r.method === 'GET') return { status: 200, body: { LocalApis: [INFO] } };
    return { status: 204 };
  });
  try {
    const client = new LocalApiClient({ endpoint: api.endpoint, region: REGION, credentials: KEYS });
    const info = await client.start({ template: '/w/template.yaml', functionNames: { HelloFunction: 'w-HelloFunction' } });
    assert.deepEqual(info, INFO);
    assert.deepEqual(
      (await client.list()).map((a) => a.id),
      ['abc123'],
    );
    await client.stop('abc123');
    assert.deepEqual(
      api.received.map((r) => [r.method, r.path, r.signatureOk]),
      [
        ['POST', LOCAL_API_PATH, true],
        ['GET', LOCAL_API_PATH, true],
        ['DELETE', `${LOCAL_API_PATH}/abc123`, true],
      ],
    );
    assert.deepEqual(JSON.parse(api.received[0].body), { template: '/w/template.yaml', functionNames: { HelloFunction: 'w-HelloFunction' } });
    assert.equal(api.received[0].headers['content-type'], 'application/json');
    // The secret never travels.
    for (const r of api.received) assert.ok(!JSON.stringify(r.headers).includes(KEYS.secretAccessKey));
  } finally {
    await api.close();
  }
});

test('an AWS-shaped error becomes a message naming what failed, the type and the service words', async () => {
  const api = await fakeControlApi(() => ({
    status: 400,
    body: { Type: 'User', message: 'template.yaml line 12: HelloApi has no Path.' },
    headers: { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazonaws.lambda/' },
  }));
  try {
    const client = new LocalApiClient({ endpoint: api.endpoint, region: REGION, credentials: KEYS });
    await assert.rejects(client.start({ template: '/w/template.yaml', functionNames: {} }), (err: unknown) => {
      assert.ok(err instanceof LocalApiError);
      assert.equal(err.errorType, 'ValidationException');
      assert.equal(err.status, 400);
      assert.equal(err.message, 'Could not start the local API for template.yaml: template.yaml line 12: HelloApi has no Path. (ValidationException).');
      return true;
    });
  } finally {
    await api.close();
  }
});

test('a service without the control operations says to restart it; wrong keys say so; a gone API counts as stopped', async () => {
  const api = await fakeControlApi((r) =>
    r.method === 'DELETE'
      ? { status: 404, body: { message: 'No local API abc' }, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' } }
      : { status: 404, body: { message: 'Unknown operation' }, headers: { 'x-amzn-errortype': 'UnknownOperationException' } },
  );
  try {
    const client = new LocalApiClient({ endpoint: api.endpoint, region: REGION, credentials: KEYS });
    await assert.rejects(
      client.list(),
      /Could not list the local APIs: Unknown operation \(UnknownOperationException\)\. The local service does not know the Local API operations: restart it/,
    );
    await client.stop('abc');
    const wrong = new LocalApiClient({ endpoint: api.endpoint, region: REGION, credentials: { ...KEYS, secretAccessKey: 'other-secret' } });
    await assert.rejects(wrong.list(), (err: Error) => {
      assert.match(err.message, /\(InvalidSignatureException\)\. The local service did not accept the signing keys: restart the local service\./);
      assert.ok(!err.message.includes('other-secret') && !err.message.includes(KEYS.secretAccessKey));
      return true;
    });
  } finally {
    await api.close();
  }
});

test('nothing listening: a LocalServiceFailed error (the runtime offers Restart Local Service)', async () => {
  const api = await fakeControlApi(() => ({ status: 200 }));
  const endpoint = api.endpoint;
  await api.close();
  const client = new LocalApiClient({ endpoint, region: REGION, credentials: KEYS });
  await assert.rejects(client.list(), (err: unknown) => {
    assert.ok(err instanceof WorkbenchError);
    assert.equal(err.code, 'LocalServiceFailed');
    assert.match(err.message, /is not answering \(ECONNREFUSED\)/);
    return true;
  });
});

test('an answer that is not a LocalApiInfo is refused with a clear message', async () => {
  const api = await fakeControlApi(() => ({ status: 201, body: { hello: 'world' } }));
  try {
    const client = new LocalApiClient({ endpoint: api.endpoint, region: REGION, credentials: KEYS });
    await assert.rejects(client.start({ template: '/t.yaml', functionNames: {} }), /something else than a local API description/);
  } finally {
    await api.close();
  }
});

test('startLocalApi creates each function from source, then POSTs the functionNames map; a function that cannot run is a warning', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'localapi-'));
  const project = join(dir, 'shop');
  mkdirSync(join(project, 'src'), { recursive: true });
  writeFileSync(
    join(project, 'template.yaml'),
    [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  GetPet:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: src/',
      '      Handler: index.handler',
      '      Runtime: nodejs22.x',
      '      Events:',
      '        Get:',
      '          Type: HttpApi',
      "          Properties: { Path: '/pets/{id}', Method: get }",
      '  Broken:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { CodeUri: missing/, Handler: index.handler, Runtime: nodejs22.x }',
      '',
    ].join('\n'),
  );
  const created = new Set<string>();
  const lambda = fakeLambda({
    GetFunctionConfigurationCommand: (input) => {
      if (!created.has(String(input.FunctionName))) throw new ResourceNotFoundException({ message: 'Function not found', $metadata: {} });
      return { FunctionName: input.FunctionName, State: 'Active', LastUpdateStatus: 'Successful' };
    },
    GetFunctionCommand: (input) => ({ Configuration: { FunctionName: input.FunctionName, State: 'Active', LastUpdateStatus: 'Successful' } }),
    CreateFunctionCommand: (input) => {
      created.add(String(input.FunctionName));
      return { FunctionName: input.FunctionName, State: 'Pending' };
    },
  });
  const api = await fakeControlApi(() => ({ status: 201, body: { ...INFO, template: join(project, 'template.yaml') } }));
  try {
    const client = new LocalApiClient({ endpoint: api.endpoint, region: REGION, credentials: KEYS });
    const progress: string[] = [];
    const out = await startLocalApi(lambda.client, client, join(project, 'template.yaml'), {
      port: 3000,
      onFunction: (id, done, total) => progress.push(`${id} ${done}/${total}`),
    });
    assert.deepEqual(out.functionNames, { GetPet: 'shop-GetPet' });
    assert.deepEqual(
      out.ensured.map((e) => [e.functionName, e.action]),
      [['shop-GetPet', 'created']],
    );
    assert.equal(out.warnings.length, 1);
    assert.match(out.warnings[0], /^Broken cannot run locally: Broken: the code folder .*missing does not exist/);
    assert.equal(progress.length, 2);
    const posted = JSON.parse(api.received[0].body) as Record<string, unknown>;
    assert.deepEqual(posted, { template: join(project, 'template.yaml'), port: 3000, functionNames: { GetPet: 'shop-GetPet' } });
    assert.equal(lambda.calls.find((c) => c.command === 'CreateFunctionCommand')?.input.Handler, 'index.handler');
  } finally {
    await api.close();
  }
});

test('startLocalApi takes an API already served for the template (409 ResourceConflictException) as it is', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'localapi-'));
  mkdirSync(join(dir, 'src'));
  const template = join(dir, 'template.yaml');
  writeFileSync(
    template,
    'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: src/, Handler: index.handler, Runtime: nodejs22.x }\n',
  );
  const lambda = fakeLambda({
    GetFunctionConfigurationCommand: (input) => ({
      FunctionName: input.FunctionName,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Timeout: 3,
      MemorySize: 128,
      Description: 'x',
      Environment: { Variables: {} },
    }),
    UpdateFunctionCodeCommand: () => ({}),
    UpdateFunctionConfigurationCommand: () => ({}),
    GetFunctionCommand: (input) => ({ Configuration: { FunctionName: input.FunctionName, State: 'Active', LastUpdateStatus: 'Successful' } }),
  });
  const served = { ...INFO, endpoint: 'http://127.0.0.1:3123', template };
  const api = await fakeControlApi((r) =>
    r.method === 'POST'
      ? {
          status: 409,
          body: { message: `The template ${template} is already served: stop it before starting it again.` },
          headers: { 'x-amzn-errortype': 'ResourceConflictException' },
        }
      : { status: 200, body: { LocalApis: [{ ...INFO, id: 'other', template: '/elsewhere/template.yaml' }, served] } },
  );
  try {
    const client = new LocalApiClient({ endpoint: api.endpoint, region: REGION, credentials: KEYS });
    const out = await startLocalApi(lambda.client, client, template, { port: 3000 });
    assert.equal(out.adopted, true);
    assert.equal(out.info.endpoint, 'http://127.0.0.1:3123');
    assert.deepEqual(out.functionNames, { Fn: `${join(dir).split('/').pop()}-Fn` });
  } finally {
    await api.close();
  }
});

test('startLocalApi refuses a template without functions, before any request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'localapi-'));
  writeFileSync(join(dir, 'template.yaml'), 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
  const lambda = fakeLambda({});
  const client = new LocalApiClient({ endpoint: 'http://127.0.0.1:9', region: REGION, credentials: KEYS });
  await assert.rejects(startLocalApi(lambda.client, client, join(dir, 'template.yaml')), /template\.yaml has no function, so it has no API to serve\./);
  assert.equal(lambda.calls.length, 0);
});
