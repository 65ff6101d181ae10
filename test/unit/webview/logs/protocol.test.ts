// The log panel's protocol module (src/webview/logs/protocol.ts): the page checks the host's status
// and search messages field by field, and the element ids are one list for the host, page and CSS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSearchState, isTailStatus, LOG_IDS, parseHostMessage } from '../../../../src/webview/logs/protocol';
import { panelHtml } from '../../../../src/vscode/logs/html';

test('status and search messages are checked field by field', () => {
  assert.ok(parseHostMessage({ type: 'status', status: { mode: 'polling', sampled: false, reason: 'no live tail', pollIntervalMs: 2000 } }));
  assert.equal(isTailStatus({ mode: 'flying', sampled: false }), false);
  assert.equal(parseHostMessage({ type: 'status', status: { mode: 'live' } }), undefined);
  assert.equal(parseHostMessage({ type: 'status', status: { mode: 'live', sampled: false, reason: 5 } }), undefined);
  const search = { running: false, start: 1, end: 2, canLoadOlder: true, canLoadNewer: false };
  assert.ok(parseHostMessage({ type: 'search', state: search }));
  assert.equal(isSearchState({ ...search, error: 'x' }), true);
  assert.equal(parseHostMessage({ type: 'search', state: { ...search, start: 'yesterday' } }), undefined);
  assert.equal(parseHostMessage({ type: 'search', state: {} }), undefined);
  const config = { connectionId: 'local', connectionLabel: 'Local', logGroups: ['/g'], title: 't' };
  assert.ok(parseHostMessage({ type: 'init', config, lineCap: 100, mode: 'live' }));
  assert.equal(parseHostMessage({ type: 'init', config, lineCap: -1, mode: 'live' }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'clear' }), { type: 'clear' });
});

test('every element id is in the host HTML once, and the stylesheet names only those ids', () => {
  const html = panelHtml({ cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/p.js', styleUri: 'vscode-resource:/logs.css', title: 't' });
  for (const id of Object.values(LOG_IDS)) assert.equal(html.split(`id="${id}"`).length, 2, id);
  assert.equal(html.match(/ id="/g)?.length, Object.keys(LOG_IDS).length);
  const css = readFileSync(join(__dirname, '../../../../media/logs.css'), 'utf8');
  for (const [, id] of css.matchAll(/#([A-Za-z][\w-]*)/g)) assert.ok(Object.values(LOG_IDS).includes(id as never), `#${id}`);
});

test('the page links its stylesheet under a strict CSP: no inline style left', () => {
  const html = panelHtml({ cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/p.js', styleUri: 'vscode-resource:/logs.css', title: '<t>' });
  assert.match(html, /style-src vscode-resource: 'nonce-/);
  assert.match(html, /<link rel="stylesheet" href="vscode-resource:\/logs\.css"/);
  assert.doesNotMatch(html, /<style|style="|unsafe-inline/);
  assert.ok(html.includes('<title>&lt;t&gt;</title>'));
});
