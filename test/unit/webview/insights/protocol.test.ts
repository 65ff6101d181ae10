// The Logs Insights panel's protocol (src/webview/insights/protocol.ts): both sides validate what
// they receive, field by field; the element ids are one list for the host's HTML and the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSIGHTS_IDS, parseHostMessage, parseWebviewMessage } from '../../../../src/webview/insights/protocol';
import { insightsHtml } from '../../../../src/vscode/insights/html';

const progress = { status: 'Running', recordsScanned: 10, recordsMatched: 2, bytesScanned: 100, elapsedMs: 5 };
const config = { connectionId: 'local', connectionLabel: 'Local', title: 'Insights: f', logGroups: ['/aws/lambda/f'] };

test('the host accepts well-formed page messages only', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  const run = { type: 'run', query: 'fields @message', logGroups: ['/aws/lambda/f'], range: { kind: 'relative', minutes: 60 } };
  assert.deepEqual(parseWebviewMessage(run), run);
  assert.ok(parseWebviewMessage({ ...run, range: { kind: 'absolute', start: 1, end: 2 } }));
  assert.equal(parseWebviewMessage({ ...run, range: { kind: 'absolute', start: 2, end: 1 } }), undefined);
  assert.equal(parseWebviewMessage({ ...run, range: { kind: 'relative', minutes: -5 } }), undefined);
  assert.equal(parseWebviewMessage({ ...run, logGroups: [''] }), undefined);
  assert.equal(parseWebviewMessage({ ...run, logGroups: Array.from({ length: 51 }, (_, i) => `/g${i}`) }), undefined, 'at most 50 log groups');
  assert.equal(parseWebviewMessage({ ...run, query: 'x'.repeat(10_001) }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'openSaved', file: 'slow ones.cwlq' }), { type: 'openSaved', file: 'slow ones.cwlq' });
  for (const file of ['../secret.cwlq', '.hidden.cwlq', 'a/b.cwlq', 'x.txt', 'x.cwlq/..'])
    assert.equal(parseWebviewMessage({ type: 'openSaved', file }), undefined, file);
  assert.ok(parseWebviewMessage({ type: 'copy', text: 'a,b', format: 'csv' }));
  assert.equal(parseWebviewMessage({ type: 'copy', text: 'a,b', format: 'xml' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'save' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'nope' }), undefined);
  assert.equal(parseWebviewMessage(null), undefined);
});

test('the page accepts well-formed host messages only', () => {
  assert.ok(parseHostMessage({ type: 'init', config, samples: [{ name: 's', query: 'q' }], saved: [{ file: 'a.cwlq', name: 'a' }] }));
  assert.equal(parseHostMessage({ type: 'init', config: { ...config, logGroups: 'x' }, samples: [], saved: [] }), undefined);
  assert.equal(parseHostMessage({ type: 'init', config, samples: [], saved: [{ file: '../a.cwlq', name: 'a' }] }), undefined);
  assert.ok(parseHostMessage({ type: 'progress', progress }));
  assert.equal(parseHostMessage({ type: 'progress', progress: { ...progress, status: 'Flying' } }), undefined);
  assert.equal(parseHostMessage({ type: 'progress', progress: { ...progress, recordsScanned: '10' } }), undefined);
  assert.ok(parseHostMessage({ type: 'results', fields: ['a'], rows: [{ a: '1' }], progress: { ...progress, status: 'Complete' } }));
  assert.equal(parseHostMessage({ type: 'results', fields: ['a'], rows: [{ a: 1 }], progress }), undefined);
  assert.equal((parseHostMessage({ type: 'results', fields: [], rows: [], progress, partial: true }) as { partial?: boolean }).partial, true);
  assert.equal(parseHostMessage({ type: 'results', fields: [], rows: [], progress, partial: 'yes' }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'failed', message: 'bad', cancelled: false, line: 2, column: 3 }), {
    type: 'failed',
    message: 'bad',
    cancelled: false,
    line: 2,
    column: 3,
  });
  assert.equal(parseHostMessage({ type: 'failed', message: 'bad' }), undefined);
  assert.ok(parseHostMessage({ type: 'groups', available: ['/a'] }));
  assert.equal(parseHostMessage({ type: 'groups', available: [3] }), undefined);
  assert.ok(parseHostMessage({ type: 'query', query: 'fields @message', name: 'x' }));
  assert.equal(parseHostMessage({ type: 'saved', saved: [{ file: 'x' }] }), undefined);
});

test("every element id is in the host's HTML once, and the page script uses only those", () => {
  const html = insightsHtml({ cspSource: 'vscode-resource:', scriptUri: 's.js', styleUri: 's.css', title: '<T>' });
  for (const id of Object.values(INSIGHTS_IDS)) assert.equal(html.split(`id="${id}"`).length, 2, id);
  assert.ok(html.includes('&lt;T&gt;'));
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'nonce-/);
  const page = readFileSync(join(__dirname, '../../../../src/webview/insights/insightsPanel.ts'), 'utf8');
  assert.ok(!/getElementById\(/.test(page), 'the page finds its elements through byId and the id table');
});
