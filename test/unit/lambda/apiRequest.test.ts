// The request panel's request: path params filled in, the URL, the curl line, sending over node:http
// to a real listener, and how an answer's body is shown (JSON, text, image, binary).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyView, curlCommand, fillPath, pathParams, requestUrl, sendApiRequest, type ApiRequestDraft } from '../../../src/lambda/apiRequest';

const draft = (d: Partial<ApiRequestDraft>): ApiRequestDraft => ({ method: 'GET', path: '/', params: {}, query: [], headers: [], body: '', ...d });

test('path params: names in order, values encoded, a greedy {proxy+} keeps its slashes, $default is /', () => {
  assert.deepEqual(pathParams('/pets/{id}/toys/{proxy+}'), ['id', 'proxy']);
  assert.equal(fillPath('/pets/{id}', { id: 'a b/c' }), '/pets/a%20b%2Fc');
  assert.equal(fillPath('/files/{proxy+}', { proxy: 'docs/read me.txt' }), '/files/docs/read%20me.txt');
  assert.equal(fillPath('$default', {}), '/');
});

test('the URL joins the endpoint, the filled path and the query rows (empty names left out)', () => {
  const url = requestUrl(
    'http://127.0.0.1:3000',
    draft({
      path: '/pets/{id}',
      params: { id: '7' },
      query: [
        ['q', 'a&b'],
        ['', 'x'],
        ['tag', '1'],
        ['tag', '2'],
      ],
    }),
  );
  assert.equal(url, 'http://127.0.0.1:3000/pets/7?q=a%26b&tag=1&tag=2');
});

test('curl: method, URL, headers and body quoted for a POSIX shell; a JSON content type is added for a body', () => {
  const d = draft({ method: 'POST', path: '/orders', headers: [['x-trace', "it's"]], body: '{"a": 1}' });
  assert.equal(
    curlCommand('http://127.0.0.1:3000', d),
    `curl -i -X POST http://127.0.0.1:3000/orders -H 'x-trace: it'\\''s' -H 'content-type: application/json' --data-raw '{"a": 1}'`,
  );
  assert.equal(
    curlCommand('http://127.0.0.1:3000', draft({ path: '/hello', query: [['name', 'Ada']], body: 'ignored for GET' })),
    "curl -i 'http://127.0.0.1:3000/hello?name=Ada'",
  );
  assert.equal(curlCommand('http://127.0.0.1:3000', draft({ method: 'HEAD' })), 'curl -i -I http://127.0.0.1:3000/');
});

test('sendApiRequest sends method, path, query, headers and body, and returns status, headers, body and time', async () => {
  let seen: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
      res.writeHead(201, 'Created', { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const res = await sendApiRequest(
      endpoint,
      draft({ method: 'PUT', path: '/pets/{id}', params: { id: '9' }, query: [['v', '2']], headers: [['X-One', '1']], body: '{"name":"Rex"}' }),
    );
    assert.equal(seen.method, 'PUT');
    assert.equal(seen.url, '/pets/9?v=2');
    assert.equal(seen.headers?.['x-one'], '1');
    assert.equal(seen.headers?.['content-type'], 'application/json');
    assert.equal(seen.body, '{"name":"Rex"}');
    assert.equal(res.status, 201);
    assert.equal(res.statusText, 'Created');
    // Repeated headers stay separate rows, as received.
    assert.deepEqual(
      res.headers.filter(([k]) => k.toLowerCase() === 'set-cookie').map(([, v]) => v),
      ['a=1', 'b=2'],
    );
    assert.ok(res.durationMs >= 0);
    assert.deepEqual(bodyView(res), { kind: 'json', text: '{\n  "ok": true\n}', bytes: 11, truncated: false });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
  await assert.rejects(sendApiRequest(endpoint, draft({})), /Nothing listens at http:\/\/127\.0\.0\.1:\d+ any more: the local API was stopped/);
});

test('bodyView: text, an image as a data: URL, other bytes summarised, empty', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  assert.deepEqual(bodyView({ headers: [['Content-Type', 'image/png']], body: png }), {
    kind: 'image',
    contentType: 'image/png',
    bytes: png.length,
    dataUrl: `data:image/png;base64,${png.toString('base64')}`,
  });
  assert.deepEqual(bodyView({ headers: [['content-type', 'text/plain; charset=utf-8']], body: Buffer.from('hi') }), {
    kind: 'text',
    text: 'hi',
    bytes: 2,
    truncated: false,
  });
  assert.deepEqual(bodyView({ headers: [['content-type', 'application/json']], body: Buffer.from('not json') }), {
    kind: 'text',
    text: 'not json',
    bytes: 8,
    truncated: false,
  });
  const bin = bodyView({ headers: [['content-type', 'application/octet-stream']], body: Buffer.from([0, 1, 2, 255]) });
  assert.deepEqual(bin, { kind: 'binary', contentType: 'application/octet-stream', bytes: 4, preview: '00 01 02 ff' });
  // An SVG is text (it could carry script): never an <img> data: URL.
  assert.equal(bodyView({ headers: [['content-type', 'image/svg+xml']], body: Buffer.from('<svg/>') }).kind, 'text');
  assert.deepEqual(bodyView({ headers: [], body: Buffer.alloc(0) }), { kind: 'empty' });
});
