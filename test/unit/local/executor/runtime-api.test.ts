import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { RuntimeApiServer, type RuntimeApiHandlers } from '../../../../src/local/executor/runtime-api';

function call(address: string, method: string, path: string, body = ''): Promise<{ status: number; body: string }> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), method, path }, (res) => {
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
  before(async () => {
    const handlers: RuntimeApiHandlers = {
      next: () => undefined,
      response: (id) => {
        posted.push(id);
        return 'unknown-request';
      },
      error: (id) => {
        posted.push(id);
        return 'unknown-request';
      },
      initError: () => undefined,
    };
    server = new RuntimeApiServer(handlers);
    address = await server.listen();
  });
  after(() => server.close());

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
});
