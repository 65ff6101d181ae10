// A template's function URLs on their own loopback ports, with a fake invoker standing in for the executor.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { createServer } from 'node:net';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startFunctionUrlServers } from '../../../../src/local/http/functionUrlServers';
import type { ApiInvoker, ApiModel, FunctionDef, FunctionUrlDef } from '../../../../src/local/http/model';

function fn(logicalId: string, url?: FunctionUrlDef): FunctionDef {
  return {
    logicalId,
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    codeDir: '/tmp',
    layerDirs: [],
    environment: {},
    memorySize: 128,
    timeout: 3,
    architectures: ['x86_64'],
    logGroup: `/aws/lambda/${logicalId}`,
    logFormat: 'Text',
    ...(url ? { url } : {}),
  };
}

const model: ApiModel = {
  templateFile: '/t/template.yaml',
  apis: [],
  functions: new Map([
    ['Open', fn('Open', { authType: 'NONE', invokeMode: 'BUFFERED' })],
    ['NoUrl', fn('NoUrl')],
    ['Iam', fn('Iam', { authType: 'AWS_IAM', invokeMode: 'BUFFERED' })],
    ['Streamed', fn('Streamed', { authType: 'NONE', invokeMode: 'RESPONSE_STREAM' })],
    ['Collected', fn('Collected', { authType: 'NONE', invokeMode: 'RESPONSE_STREAM' })],
    ['Buffered', fn('Buffered', { authType: 'NONE', invokeMode: 'RESPONSE_STREAM' })],
  ]),
  warnings: [],
  files: [],
};

/** A value deep inside parsed JSON, by a dotted path. */
function at(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((a, k) => (a as Record<string, unknown> | undefined)?.[k], o);
}

const calls: Array<{ id: string; event: Record<string, unknown> }> = [];
const invoker: ApiInvoker = {
  async invoke(id, payload, opts) {
    const event = JSON.parse(payload.toString()) as Record<string, unknown>;
    calls.push({ id, event });
    if (id === 'Streamed') {
      opts?.onChunk?.(Buffer.concat([Buffer.from('{"statusCode":203,"headers":{"content-type":"text/plain"}}'), Buffer.alloc(8)]));
      opts?.onChunk?.(Buffer.from('a'));
      opts?.onChunk?.(Buffer.from('b'));
      return { payload: Buffer.alloc(0), requestId: 'r' };
    }
    if (id === 'Collected') {
      // an invoker that does not pass chunks on: the whole stream comes as the payload
      return { payload: Buffer.concat([Buffer.from('{"statusCode":206}'), Buffer.alloc(8), Buffer.from('whole')]), requestId: 'r' };
    }
    return { payload: Buffer.from(JSON.stringify({ statusCode: 200, body: id })), requestId: 'r' };
  },
};

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('startFunctionUrlServers', () => {
  const keys = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret' };

  it('serves each FunctionUrlConfig function on its own port: NONE open, AWS_IAM signed, RESPONSE_STREAM from the prelude', async () => {
    const lines: string[] = [];
    const s = await startFunctionUrlServers(model, invoker, { host: '127.0.0.1', basePort: 0, keys, log: (l) => lines.push(l) });
    try {
      assert.deepEqual(
        s.urls.map((u) => [u.function, u.authType, u.invokeMode]),
        [
          ['Open', 'NONE', 'BUFFERED'],
          ['Iam', 'AWS_IAM', 'BUFFERED'],
          ['Streamed', 'NONE', 'RESPONSE_STREAM'],
          ['Collected', 'NONE', 'RESPONSE_STREAM'],
          ['Buffered', 'NONE', 'RESPONSE_STREAM'],
        ],
      );
      const open = await get(`${s.urls[0]!.url}x?y=1`);
      assert.equal(open.status, 200);
      assert.equal(open.body, 'Open');
      const last = calls[calls.length - 1]!;
      assert.equal(last.event['rawPath'], '/x');
      assert.equal(at(last.event, 'requestContext.routeKey'), '$default');
      assert.match(lines[0]!, /^GET \/x 200 \d+ms Open$/);

      assert.equal((await get(s.urls[1]!.url)).status, 403);
      const u = new URL(s.urls[1]!.url);
      const signed = await new SignatureV4({ credentials: keys, region: 'us-east-1', service: 'lambda', sha256: Sha256 }).sign(
        new HttpRequest({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', headers: { host: u.host } }),
      );
      const iam = await get(s.urls[1]!.url, signed.headers as Record<string, string>);
      assert.equal(iam.status, 200);
      assert.equal(at(calls[calls.length - 1]!.event, 'requestContext.authorizer.iam.accessKey'), 'AKIDLOCAL');

      const streamed = await get(s.urls[2]!.url);
      assert.equal(streamed.status, 203);
      assert.equal(streamed.headers['content-type'], 'text/plain');
      assert.equal(streamed.body, 'ab');
      const collected = await get(s.urls[3]!.url);
      assert.equal(collected.status, 206);
      assert.equal(collected.body, 'whole');
      const buffered = await get(s.urls[4]!.url);
      assert.equal(buffered.status, 200);
      assert.equal(buffered.body, 'Buffered', 'a buffered handler behind a streaming URL is mapped as BUFFERED');

      assert.equal((await get(s.urls[0]!.url, { host: 'rebound.example:80' })).status, 403);
    } finally {
      await s.close();
    }
    await assert.rejects(get(s.urls[0]!.url), /ECONNREFUSED/);
  });

  it('takes consecutive ports from a base port, and says which one is taken', async () => {
    const base = await freePort();
    const s = await startFunctionUrlServers(model, invoker, { host: '127.0.0.1', basePort: base, log: () => undefined });
    try {
      assert.deepEqual(
        s.urls.map((u) => new URL(u.url).port),
        [base, base + 1, base + 2, base + 3, base + 4].map(String),
      );
      await assert.rejects(
        startFunctionUrlServers(model, invoker, { host: '127.0.0.1', basePort: base, log: () => undefined }),
        /Port \d+ for Open's function URL is in use/,
      );
    } finally {
      await s.close();
    }
  });
});
