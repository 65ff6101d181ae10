// Start Local API's engine against the real local service: the template's functions are created from
// source, the control API serves the template's routes on them, a request through the served port
// runs the handler (an edit shows on the next request), the list names the API, and a stop frees the
// port before it answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocal, type LocalHarness } from '../local/harness';
import { LocalApiClient, startLocalApi } from '../../../src/lambda/localApi';
import { bodyView, sendApiRequest } from '../../../src/lambda/apiRequest';

let svc: LocalHarness;
let ws: string;

before(async () => {
  svc = await startLocal();
  ws = mkdtempSync(join(tmpdir(), 'lwb-localapi-'));
  cpSync(resolve(__dirname, '../../fixtures/demo'), join(ws, 'demo'), { recursive: true });
});

after(async () => {
  await svc?.stop();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

function listening(port: number): Promise<boolean> {
  return new Promise((r) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), r(true)));
    s.once('error', () => r(false));
  });
}

test('start the demo template API, request it, edit the handler, list, stop (port freed)', { timeout: 180_000 }, async () => {
  const client = new LocalApiClient({
    endpoint: svc.info.endpoint,
    region: svc.info.region,
    credentials: { accessKeyId: svc.info.accessKeyId, secretAccessKey: svc.info.secretAccessKey },
  });
  const template = join(ws, 'demo', 'template.yaml');
  const started = await startLocalApi(svc.lambda, client, template, { region: svc.info.region, port: 0 });
  assert.equal(started.adopted, false);
  assert.deepEqual(started.warnings, []);
  assert.equal(started.functionNames.HelloFunction, 'demo-HelloFunction');
  assert.deepEqual(
    started.info.routes.map((r) => `${r.method} ${r.path} ${r.function} ${r.type}`),
    ['GET /hello HelloFunction HTTP'],
  );
  const endpoint = started.info.endpoint;
  const port = Number(new URL(endpoint).port);
  const draft = { method: 'GET', path: '/hello', params: {}, query: [['name', 'Ada']] as [string, string][], headers: [], body: '' };
  const res = await sendApiRequest(endpoint, draft);
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.body.toString()), { message: 'Hello, Ada!', stage: 'dev' });
  assert.equal(bodyView(res).kind, 'json');

  const file = join(ws, 'demo', 'src/hello/index.js');
  writeFileSync(file, readFileSync(file, 'utf8').replace('message: greet(name)', "message: greet(name) + ' (edited)'"));
  const again = await sendApiRequest(endpoint, draft);
  assert.equal(JSON.parse(again.body.toString()).message, 'Hello, Ada! (edited)');

  // Starting it again finds the served API instead of failing.
  const second = await startLocalApi(svc.lambda, client, template, { region: svc.info.region, port: 0 });
  assert.equal(second.adopted, true);
  assert.equal(second.info.endpoint, endpoint);

  assert.deepEqual(
    (await client.list()).map((a) => a.endpoint),
    [endpoint],
  );
  await client.stop(started.info.id);
  assert.equal(await listening(port), false);
  assert.deepEqual(await client.list(), []);
});
