// Function URLs created with CreateFunctionUrlConfig answer on the local service's port under their own
// Host (http://<id>.lambda-url.<region>.localhost:<port>/): curl resolves *.localhost to loopback itself,
// and Node requests go to 127.0.0.1 with that Host. NONE is open, AWS_IAM checks SigV4 (curl's
// --aws-sigv4 and @smithy/signature-v4), CORS follows the config, RESPONSE_STREAM streams as written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateFunctionCommand, CreateFunctionUrlConfigCommand, DeleteFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startLocal, type LocalHarness } from '../harness';
import { makeZip } from '../zip';

const run = promisify(execFile);
const ROLE = 'arn:aws:iam::000000000000:role/r';
const HANDLER = `
const fs = require('node:fs');
exports.echo = async (event) => ({ statusCode: 201, headers: { 'x-fn': 'yes' }, cookies: ['a=1'], body: JSON.stringify(event) });
exports.bare = async () => ({ hello: 'world' });
exports.fail = async () => { throw new Error('nope'); };
exports.stream = awslambda.streamifyResponse(async (event, stream) => {
  stream = awslambda.HttpResponseStream.from(stream, { statusCode: 202, headers: { 'content-type': 'text/plain', 'x-s': '1' }, cookies: ['s=2'] });
  stream.write('first;');
  const signal = event.queryStringParameters && event.queryStringParameters.signal;
  if (signal) await new Promise((r) => { const t = setInterval(() => { if (fs.existsSync(signal)) { clearInterval(t); r(); } }, 5); });
  stream.write('second');
  stream.end();
});
`;

/** A value deep inside parsed JSON, by a dotted path. */
function at(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((a, k) => (a as Record<string, unknown> | undefined)?.[k], o);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request to the service's port with a function-URL Host, as a client that resolved *.localhost would send. */
function request(url: string, o: { method?: string; headers?: Record<string, string>; body?: string; onData?: (text: string) => void } = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: u.port, path: u.pathname + u.search, method: o.method ?? 'GET', headers: { host: u.host, ...(o.headers ?? {}) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
          o.onData?.(c);
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('function URLs of the local service', () => {
  let h: LocalHarness;
  let dir: string;
  const urls: Record<string, string> = {};
  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
    dir = mkdtempSync(join(tmpdir(), 'lwb-url-'));
    const zip = await makeZip({ 'index.js': HANDLER });
    const make = async (name: string, handler: string, url: Record<string, unknown>): Promise<void> => {
      await h.lambda.send(
        new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: handler, Role: ROLE, Timeout: 30, Code: { ZipFile: zip } }),
      );
      const out = await h.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: 'NONE', ...url }));
      urls[name] = out.FunctionUrl!;
    };
    await make('url-echo', 'index.echo', {
      Cors: { AllowOrigins: ['https://app.example'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['x-custom'], MaxAge: 60 },
    });
    await make('url-bare', 'index.bare', {});
    await make('url-fail', 'index.fail', {});
    await make('url-iam', 'index.echo', { AuthType: 'AWS_IAM' });
    await make('url-stream', 'index.stream', { InvokeMode: 'RESPONSE_STREAM' });
  });
  after(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a local URL that curl reaches, with the payload 2.0 event of a function URL', async () => {
    const url = urls['url-echo']!;
    assert.match(url, /^http:\/\/([a-z0-9]{32})\.lambda-url\.us-east-1\.localhost:\d+\/$/);
    const id = url.slice('http://'.length, 'http://'.length + 32);
    const { stdout } = await run('curl', [
      '-s',
      '-i',
      '-X',
      'POST',
      '-H',
      'content-type: application/json',
      '-H',
      'Cookie: c1=v1; c2=v2',
      '--data',
      '{"n":1}',
      `${url}some/path?x=1&x=2`,
    ]);
    const [head, body] = stdout.split('\r\n\r\n');
    assert.match(head!, /^HTTP\/1\.1 201/);
    assert.match(head!, /\r\nx-fn: yes/i);
    assert.match(head!, /\r\nset-cookie: a=1/i);
    const event = JSON.parse(body!) as Record<string, unknown>;
    assert.equal(event['version'], '2.0');
    assert.equal(event['routeKey'], '$default');
    assert.equal(event['rawPath'], '/some/path');
    assert.equal(event['rawQueryString'], 'x=1&x=2');
    assert.deepEqual(event['queryStringParameters'], { x: '1,2' });
    assert.deepEqual(event['cookies'], ['c1=v1', 'c2=v2']);
    assert.equal(event['body'], '{"n":1}');
    assert.equal(event['isBase64Encoded'], false);
    const rc = event['requestContext'];
    assert.equal(at(rc, 'accountId'), 'anonymous');
    assert.equal(at(rc, 'apiId'), id);
    assert.equal(at(rc, 'domainName'), `${id}.lambda-url.us-east-1.on.aws`);
    assert.equal(at(rc, 'domainPrefix'), id);
    assert.equal(at(rc, 'stage'), '$default');
    assert.equal(at(rc, 'http.method'), 'POST');
    assert.equal(at(rc, 'authorizer'), undefined);
  });

  it('maps a bare result as 200 JSON, and a function error to 502', async () => {
    const bare = await request(urls['url-bare']!);
    assert.equal(bare.status, 200);
    assert.match(String(bare.headers['content-type']), /application\/json/);
    assert.deepEqual(JSON.parse(bare.body), { hello: 'world' });
    const failed = await request(urls['url-fail']!);
    assert.equal(failed.status, 502);
    assert.equal(failed.body, 'Internal Server Error');
  });

  it('answers CORS from the config, for a browser Origin the API itself would refuse', async () => {
    const pre = await request(urls['url-echo']!, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
    assert.equal(pre.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(pre.headers['access-control-max-age'], '60');
    assert.match(String(pre.headers['access-control-allow-methods']), /POST/);
    const get = await request(urls['url-echo']!, { headers: { origin: 'https://app.example' } });
    assert.equal(get.status, 201);
    assert.equal(get.headers['access-control-allow-origin'], 'https://app.example');
    const other = await request(urls['url-echo']!, { headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  it('checks SigV4 for AWS_IAM: unsigned is 403, curl --aws-sigv4 and an SDK-signed request pass', async () => {
    const url = urls['url-iam']!;
    const unsigned = await request(url);
    assert.equal(unsigned.status, 403);
    assert.deepEqual(JSON.parse(unsigned.body), { Message: 'Forbidden' });
    const { info } = h;
    const curl = await run('curl', [
      '-s',
      '-w',
      '\n%{http_code}',
      '--aws-sigv4',
      'aws:amz:us-east-1:lambda',
      '--user',
      `${info.accessKeyId}:${info.secretAccessKey}`,
      `${url}?q=1`,
    ]);
    const lines = curl.stdout.split('\n');
    assert.equal(lines.pop(), '201', curl.stdout);
    const event = JSON.parse(lines.join('\n')) as Record<string, unknown>;
    assert.equal(at(event, 'requestContext.authorizer.iam.accessKey'), info.accessKeyId);
    assert.equal(at(event, 'requestContext.accountId'), '000000000000');

    const u = new URL(url);
    const signer = new SignatureV4({
      credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
      region: 'us-east-1',
      service: 'lambda',
      sha256: Sha256,
    });
    const body = '{"signed":true}';
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname: u.hostname,
        port: Number(u.port),
        path: '/p',
        headers: { host: u.host, 'content-type': 'application/json' },
        body,
      }),
    );
    const ok = await request(`${url}p`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
    assert.equal(ok.status, 201, ok.body);
    assert.equal(JSON.parse(ok.body).body, body);
    const tampered = await request(`${url}p`, { method: 'POST', headers: signed.headers as Record<string, string>, body: '{"signed":false}' });
    assert.equal(tampered.status, 403);
    const wrongService = await new SignatureV4({
      credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
      region: 'us-east-1',
      service: 'execute-api',
      sha256: Sha256,
    }).sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', headers: { host: u.host } }));
    assert.equal((await request(url, { headers: wrongService.headers as Record<string, string> })).status, 403);
  });

  it('streams a RESPONSE_STREAM URL: the prelude as status and headers, each write as it happens', async () => {
    const signal = join(dir, 'go');
    let sawFirst = false;
    const res = await request(`${urls['url-stream']!}?signal=${encodeURIComponent(signal)}`, {
      onData: (text) => {
        if (!sawFirst && text.includes('first;')) {
          sawFirst = true;
          assert.ok(!text.includes('second'));
          writeFileSync(signal, '');
        }
      },
    });
    assert.ok(sawFirst);
    assert.equal(res.status, 202);
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    assert.equal(res.headers['content-type'], 'text/plain');
    assert.equal(res.headers['x-s'], '1');
    assert.deepEqual(res.headers['set-cookie'], ['s=2']);
    assert.equal(res.body, 'first;second');
    const { stdout } = await run('curl', ['-s', '-N', `${urls['url-stream']!}`]);
    assert.equal(stdout, 'first;second');
  });

  it('keeps the API admission for everything else: unknown URL hosts get 404, the API still refuses Origin', async () => {
    const port = new URL(h.info.endpoint).port;
    const unknown = await request(`http://${'a'.repeat(32)}.lambda-url.us-east-1.localhost:${port}/`);
    assert.equal(unknown.status, 404);
    const other = await request(`http://evil.example:${port}/2015-03-31/functions/`);
    assert.equal(other.status, 403);
    const withOrigin = await request(`${h.info.endpoint}/2015-03-31/functions/`, { headers: { origin: 'https://app.example' } });
    assert.equal(withOrigin.status, 403);
    await h.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'url-bare' }));
    assert.equal((await request(urls['url-bare']!)).status, 404);
  });
});
