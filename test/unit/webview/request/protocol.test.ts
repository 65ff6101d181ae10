// The request panel's protocol, both ways: only well-formed page actions reach the host (a draft with
// bounded fields), drafts that cannot be sent say why, the page accepts only a typed state, and an
// image reaches an <img> only as a data: URL of an image type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  draftForRoute,
  draftProblem,
  parseHostMessage,
  parsePageMessage,
  type ApiRequestDraft,
  type RequestPanelState,
} from '../../../../src/webview/request/protocol';
import { requestPanelHtml } from '../../../../src/vscode/localApi/html';

const draft: ApiRequestDraft = {
  method: 'GET',
  path: '/pets/{id}',
  params: { id: '7' },
  query: [['q', '1']],
  headers: [['accept', 'application/json']],
  body: '',
};

test('page -> host: known actions with a well-formed draft pass; anything else is dropped', () => {
  assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parsePageMessage({ type: 'send', draft }), { type: 'send', draft });
  assert.deepEqual(parsePageMessage({ type: 'copyCurl', draft }), { type: 'copyCurl', draft });
  assert.deepEqual(parsePageMessage({ type: 'resend', id: 'abc' }), { type: 'resend', id: 'abc' });
  assert.deepEqual(parsePageMessage({ type: 'tailLogs', function: 'GetPet' }), { type: 'tailLogs', function: 'GetPet' });
  for (const bad of [
    null,
    'send',
    { type: 'fetch', url: 'http://example.com' },
    { type: 'send' },
    { type: 'send', draft: { ...draft, method: 'get; rm -rf' } },
    { type: 'send', draft: { ...draft, query: [['a']] } },
    { type: 'send', draft: { ...draft, headers: [[1, 'x']] } },
    { type: 'send', draft: { ...draft, params: { id: 7 } } },
    { type: 'send', draft: { ...draft, body: 'x'.repeat(1024 * 1024 + 1) } },
    { type: 'send', draft: { ...draft, query: Array.from({ length: 101 }, () => ['a', 'b']) } },
    { type: 'resend', id: 'x'.repeat(101) },
    { type: 'tailLogs', function: '' },
  ])
    assert.equal(parsePageMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
});

test('draftProblem: a path without "/", an unfilled {param}, a bad header name or a two-line value', () => {
  assert.equal(draftProblem(draft), undefined);
  assert.equal(draftProblem({ ...draft, path: 'pets' }), 'The path must start with "/".');
  assert.equal(draftProblem({ ...draft, params: { id: '' } }), 'Fill in the path parameter id.');
  assert.equal(draftProblem({ ...draft, path: '/files/{proxy+}', params: {} }), 'Fill in the path parameter proxy.');
  assert.match(draftProblem({ ...draft, headers: [['bad name', 'x']] }) ?? '', /"bad name" is not a valid header name/);
  assert.equal(draftProblem({ ...draft, headers: [['x-a', 'one\r\nx-b: two']] }), 'The value of header x-a must be one line.');
  // An empty header row is ignored, not refused.
  assert.equal(draftProblem({ ...draft, headers: [['', '']] }), undefined);
});

test('a route becomes a draft: ANY is sent as GET, params listed, a JSON body for POST', () => {
  assert.deepEqual(draftForRoute({ method: 'ANY', path: '/{proxy+}' }), {
    method: 'GET',
    path: '/{proxy+}',
    params: { proxy: '' },
    query: [],
    headers: [],
    body: '',
  });
  assert.equal(draftForRoute({ method: 'POST', path: '/orders' }).body, '{\n  \n}');
  assert.equal(draftForRoute({ method: 'GET', path: '$default' }).path, '/');
});

const state: RequestPanelState = {
  title: 'demo/template.yaml',
  endpoint: 'http://127.0.0.1:3000',
  running: true,
  sending: false,
  routes: [{ method: 'GET', path: '/hello', function: 'HelloFunction', api: 'ServerlessHttpApi', type: 'HTTP' }],
  draft,
  draftSeq: 2,
  response: {
    method: 'GET',
    url: 'http://127.0.0.1:3000/hello',
    status: 200,
    statusText: 'OK',
    durationMs: 4.2,
    headers: [['content-type', 'image/png']],
    body: { kind: 'image', contentType: 'image/png', bytes: 3, dataUrl: 'data:image/png;base64,AAAA' },
  },
  history: [{ id: 'h1', at: 1, method: 'GET', target: '/hello', status: 200, durationMs: 4 }],
};

test('host -> page: a typed state passes; a malformed history line is left out, not the state', () => {
  assert.deepEqual(parseHostMessage({ type: 'state', state }), { type: 'state', state });
  const withBadLine = parseHostMessage({ type: 'state', state: { ...state, history: [...state.history, { id: 2 }] } });
  assert.equal(withBadLine?.state.history.length, 1);
  assert.equal(parseHostMessage({ type: 'state', state: { ...state, running: 'yes' } }), undefined);
  assert.equal(parseHostMessage({ type: 'other' }), undefined);
});

test('an image body reaches the page only as a data: URL of an image type', () => {
  const withImage = (dataUrl: string) =>
    parseHostMessage({
      type: 'state',
      state: { ...state, response: { ...state.response!, body: { kind: 'image', contentType: 'image/png', bytes: 1, dataUrl } } },
    });
  assert.ok(withImage('data:image/png;base64,iVBORw0KGgo='));
  assert.equal(withImage('https://example.com/x.png'), undefined);
  assert.equal(withImage('data:text/html;base64,PHNjcmlwdD4='), undefined);
  assert.equal(withImage('javascript:alert(1)'), undefined);
});

test('the page CSP: scripts only with the nonce, nothing remote, images from the extension or data: only', () => {
  const html = requestPanelHtml({
    cspSource: 'vscode-resource:',
    scriptUri: 'vscode-resource:/dist/webview/request/requestPanel.js',
    styleUri: 'vscode-resource:/media/request.css',
    title: '<API>',
  });
  const csp = /content="([^"]+)"/.exec(html)![1];
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /img-src vscode-resource: data:(;|$)/);
  assert.ok(!/connect-src/.test(csp), 'the page has no network access');
  assert.match(html, new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}" src=`));
  assert.match(html, /<title>&lt;API&gt;<\/title>/);
});
