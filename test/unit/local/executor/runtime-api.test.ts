import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { RuntimeApiServer, type RuntimeApiHandlers } from '../../../../src/local/executor/runtime-api';

function call(address: string, method: string, path: string, body = '', headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), method, path, headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('runtime API server', () => {
  let server: RuntimeApiServer;
  let address: string;
  const posted: string[] = [];
  let nexts = 0;
  const streamed: string[] = [];
  before(async () => {
    const handlers: RuntimeApiHandlers = {
      next: () => void nexts++,
      response: (id) => {
        posted.push(id);
        return 'unknown-request';
      },
      error: (id) => {
        posted.push(id);
        return 'unknown-request';
      },
      initError: () => undefined,
      stream: (id) => {
        if (id !== 'streamed') return 'unknown-request';
        return {
          chunk: (data) => streamed.push(data.toString()),
          end: (type, body, ack) => {
            streamed.push(`end:${type ?? ''}:${body?.toString() ?? ''}`);
            ack();
          },
        };
      },
    };
    server = new RuntimeApiServer(handlers);
    address = await server.listen();
  });
  after(() => server.close());

  it('hands a streamed response on chunk by chunk, and its error trailers at the end', { timeout: 10_000 }, async () => {
    const [host, port] = address.split(':');
    const post = (id: string, trailers?: Record<string, string>): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request(
          {
            host,
            port: Number(port),
            method: 'POST',
            path: `/2018-06-01/runtime/invocation/${id}/response`,
            headers: {
              'Lambda-Runtime-Function-Response-Mode': 'streaming',
              'Transfer-Encoding': 'chunked',
              Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.write('a');
        req.write('b');
        if (trailers) req.addTrailers(trailers);
        req.end();
      });
    assert.equal(await post('streamed'), 202);
    assert.equal(streamed.join(''), 'abend::', 'chunks may coalesce; the end comes last');
    streamed.length = 0;
    const body = Buffer.from('{"errorType":"E"}').toString('base64');
    assert.equal(await post('streamed', { 'Lambda-Runtime-Function-Error-Type': 'E', 'Lambda-Runtime-Function-Error-Body': body }), 202);
    assert.equal(streamed[streamed.length - 1], 'end:E:{"errorType":"E"}');
    assert.equal(await post('other'), 400);
  });

  it('answers a malformed request id escape with 400 and keeps serving', { timeout: 10_000 }, async () => {
    for (const kind of ['response', 'error']) {
      const r = await call(address, 'POST', `/2018-06-01/runtime/invocation/%E0%A4%A/${kind}`, '{}');
      assert.equal(r.status, 400, r.body);
      assert.equal((JSON.parse(r.body) as { errorType: string }).errorType, 'InvalidRequestID');
    }
    assert.deepEqual(posted, []);
    const ok = await call(address, 'POST', '/2018-06-01/runtime/invocation/abc/response', '{}');
    assert.equal(ok.status, 400);
    assert.deepEqual(posted, ['abc']);
  });

  it('refuses a foreign Host or an Origin header with 403 before handing out an event or taking a result', { timeout: 10_000 }, async () => {
    const attempts: { method: string; path: string; headers: Record<string, string> }[] = [
      { method: 'GET', path: '/2018-06-01/runtime/invocation/next', headers: { host: `rebind.example.com:${address.split(':')[1]}` } },
      { method: 'GET', path: '/2018-06-01/runtime/invocation/next', headers: { origin: 'http://evil.example.com' } },
      { method: 'POST', path: '/2018-06-01/runtime/invocation/x/response', headers: { host: 'evil.example.com' } },
      { method: 'POST', path: '/2018-06-01/runtime/invocation/x/error', headers: { origin: 'null' } },
      { method: 'POST', path: '/2018-06-01/runtime/init/error', headers: { host: 'evil.example.com' } },
    ];
    const before = posted.length;
    for (const a of attempts) {
      const r = await call(address, a.method, a.path, a.method === 'POST' ? '{}' : '', a.headers);
      assert.equal(r.status, 403, `${a.method} ${a.path} ${JSON.stringify(a.headers)}: ${r.body}`);
      assert.equal((JSON.parse(r.body) as { errorType: string }).errorType, 'AccessDenied');
    }
    assert.equal(nexts, 0);
    assert.equal(posted.length, before);
  });
});
