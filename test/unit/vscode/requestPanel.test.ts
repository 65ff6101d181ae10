// The request panel's host: one panel per API (reused), nothing posted before the page is ready, the
// page's actions validated, the request performed here over node:http against a real listener, the
// history kept in workspace state, curl copied, Open in Browser for GET only, and Send refused once
// the API was stopped. The vscode module is a stand-in (./fakeVscode).
import { createdPanels, FakeUri, fakeVscodeEnv } from './fakeVscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestPanel, type RequestPanelDeps } from '../../../src/vscode/localApi/panel';
import type { RunningLocalApi } from '../../../src/vscode/localApi/store';
import type { HostMessage } from '../../../src/webview/request/protocol';

function memento(): RequestPanelDeps['workspaceState'] {
  const data = new Map<string, unknown>();
  return {
    keys: () => [...data.keys()],
    get: (<T>(key: string, fallback?: T) => (data.has(key) ? data.get(key) : fallback)) as RequestPanelDeps['workspaceState']['get'],
    update: async (key: string, value: unknown) => {
      data.set(key, value);
    },
  } as RequestPanelDeps['workspaceState'];
}

const lastState = (posted: unknown[]) => (posted.at(-1) as HostMessage).state;

test('the request panel: ready, send, history, curl, browser, logs, stop', async () => {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tailed: string[] = [];
  const deps: RequestPanelDeps = {
    extensionUri: new FakeUri('/ext') as unknown as RequestPanelDeps['extensionUri'],
    workspaceState: memento(),
    log: { info() {}, warn() {}, error() {} } as unknown as RequestPanelDeps['log'],
    tailLogs: (_api, id) => tailed.push(id),
  };
  const api: RunningLocalApi = {
    info: {
      id: 'a1',
      endpoint,
      template: '/w/shop/template.yaml',
      routes: [
        { method: 'GET', path: '/pets/{id}', api: 'ServerlessHttpApi', type: 'HTTP', function: 'GetPet' },
        { method: 'POST', path: '/pets', api: 'ServerlessHttpApi', type: 'HTTP', function: 'AddPet' },
      ],
      functionUrls: [],
      warnings: [],
      pid: 1,
    },
    functionNames: { GetPet: 'shop-GetPet' },
    startedAt: 1,
  };
  try {
    const p = RequestPanel.show(deps, api);
    const fake = createdPanels.at(-1)!;
    assert.match(fake.webview.html, /href="vscode-resource:\/ext\/media\/request\.css"/);
    assert.match(fake.webview.html, /img-src vscode-resource: data:/);
    assert.equal(fake.posted.length, 0, 'nothing is posted before the page is ready');
    fake.receive({ type: 'ready' });
    let s = lastState(fake.posted);
    assert.equal(s.title, 'shop/template.yaml');
    assert.deepEqual(s.draft, { method: 'GET', path: '/pets/{id}', params: { id: '' }, query: [], headers: [], body: '' });

    // Opening a route again reuses the panel and loads the route's draft.
    assert.equal(RequestPanel.show(deps, api, { method: 'POST', path: '/pets' }), p);
    s = lastState(fake.posted);
    assert.equal(s.draft?.method, 'POST');
    assert.equal(s.draftSeq, 2);

    const draft = { method: 'GET', path: '/pets/{id}', params: { id: '7' }, query: [['q', 'x y']], headers: [], body: '' };
    const before = fake.posted.length;
    fake.receive({ type: 'send', draft: { ...draft, method: 'get me' } });
    fake.receive({ type: 'fetch', url: 'http://example.com' });
    assert.equal(fake.posted.length, before, 'malformed actions are ignored');

    await p.send(draft as never);
    s = lastState(fake.posted);
    assert.equal(s.sending, false);
    assert.equal(s.response?.status, 200);
    assert.equal(s.response?.url, `${endpoint}/pets/7?q=x%20y`);
    assert.deepEqual(s.response?.body, { kind: 'json', text: '{\n  "path": "/pets/7?q=x%20y"\n}', bytes: 26, truncated: false });
    assert.deepEqual(
      s.history.map((h) => [h.method, h.target, h.status]),
      [['GET', '/pets/7?q=x%20y', 200]],
    );

    // A draft that cannot be sent says why, and sends nothing.
    await p.send({ ...draft, params: { id: '' } } as never);
    assert.equal(lastState(fake.posted).failure, 'Fill in the path parameter id.');
    assert.equal(lastState(fake.posted).history.length, 1);

    fake.receive({ type: 'copyCurl', draft });
    fake.receive({ type: 'openBrowser', draft: { ...draft, method: 'POST' } });
    fake.receive({ type: 'openBrowser', draft });
    fake.receive({ type: 'tailLogs', function: 'GetPet' });
    await new Promise((r) => setImmediate(r));
    assert.equal(fakeVscodeEnv.clipboardText, `curl -i '${endpoint}/pets/7?q=x%20y'`);
    assert.deepEqual(fakeVscodeEnv.opened, [`${endpoint}/pets/7?q=x%20y`], 'Open in Browser for GET only');
    assert.deepEqual(tailed, ['GetPet']);

    // A new panel for the same template finds the history in workspace state.
    p.dispose();
    RequestPanel.show(deps, api);
    const again = createdPanels.at(-1)!;
    again.receive({ type: 'ready' });
    assert.equal(lastState(again.posted).history.length, 1);

    // Stopped: Send is refused with a message.
    RequestPanel.get('a1')!.stopped();
    await RequestPanel.get('a1')!.send(draft as never);
    assert.equal(lastState(again.posted).running, false);
    assert.match(lastState(again.posted).failure ?? '', /This API was stopped/);
    RequestPanel.disposeAll();
    assert.equal(again.disposed, true);
    assert.equal(RequestPanel.get('a1'), undefined);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
