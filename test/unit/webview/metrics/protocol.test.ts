// The metrics panel's protocol, both ways: well-formed messages pass, anything else is refused, and
// the page's element ids are the ones the host's HTML and the stylesheet use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMetricsView, METRIC_IDS, parseHostMessage, parseWebviewMessage, type PanelQuery } from '../../../../src/webview/metrics/protocol';
import { metricsHtml } from '../../../../src/vscode/metrics/html';

const query: PanelQuery = { range: '3h', period: 'auto', duration: 'percentiles', all: true, qualifiers: ['prod', '3'] };
const view = { start: 0, end: 120_000, period: 60, timestamps: [0, 60], series: [{ target: 0, key: 'invocations', values: [1, null] }], messages: [] };

test('page to host: queries, refresh and log links are checked field by field', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'query', query }), { type: 'query', query });
  assert.ok(parseWebviewMessage({ type: 'query', query: { ...query, range: 'custom', start: 1, end: 2 } }));
  assert.ok(parseWebviewMessage({ type: 'query', query: { ...query, period: 300, duration: 'avgmax' } }));
  for (const bad of [
    { ...query, range: '2h' },
    { ...query, range: 'custom' },
    { ...query, range: 'custom', start: 5, end: 5 },
    { ...query, period: 120 },
    { ...query, duration: 'median' },
    { ...query, all: 'yes' },
    { ...query, qualifiers: ['prod', 'a b'] },
    { ...query, qualifiers: 'prod' },
    { ...query, qualifiers: Array.from({ length: 51 }, (_, i) => String(i)) },
  ]) {
    assert.equal(parseWebviewMessage({ type: 'query', query: bad }), undefined, JSON.stringify(bad));
  }
  assert.deepEqual(parseWebviewMessage({ type: 'refresh', everyMs: 10_000 }), { type: 'refresh', everyMs: 10_000 });
  assert.equal(parseWebviewMessage({ type: 'refresh', everyMs: 5 }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'openLogs', start: 1, end: 2 }), { type: 'openLogs', start: 1, end: 2 });
  assert.equal(parseWebviewMessage({ type: 'openLogs', start: 2, end: 1 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'openLogs', start: 'x', end: 1 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'eval' }), undefined);
  assert.equal(parseWebviewMessage(null), undefined);
});

test('host to page: init, data and errors are checked, data series must fit the grid and the labels', () => {
  const init = {
    type: 'init',
    functionName: 'orders',
    connectionLabel: 'Local service',
    qualifiers: [{ name: 'prod', kind: 'alias', detail: 'version 2' }],
    query,
    refreshMs: 0,
  };
  assert.deepEqual(parseHostMessage(init), init);
  assert.equal(parseHostMessage({ ...init, qualifiers: [{ name: 'prod', kind: 'layer' }] }), undefined);
  assert.equal(parseHostMessage({ ...init, refreshMs: 3 }), undefined);
  const data = { type: 'data', view, labels: ['all versions'], empty: false, fetchedAt: 5 };
  assert.deepEqual(parseHostMessage(data), data);
  assert.ok(parseHostMessage({ ...data, note: 'Period 5 min' }));
  assert.equal(parseHostMessage({ ...data, labels: [] }), undefined, 'a series of a target with no label');
  assert.equal(parseHostMessage({ ...data, empty: 'no' }), undefined);
  assert.equal(isMetricsView(view), true);
  assert.equal(isMetricsView({ ...view, series: [{ target: 0, key: 'invocations', values: [1] }] }), false, 'values shorter than the grid');
  assert.equal(isMetricsView({ ...view, series: [{ target: 0, key: 'bogus', values: [1, 2] }] }), false);
  assert.equal(isMetricsView({ ...view, series: [{ target: 0, key: 'errors', values: [1, 'x'] }] }), false);
  assert.equal(isMetricsView({ ...view, period: 0 }), false);
  assert.deepEqual(parseHostMessage({ type: 'error', message: 'Access denied' }), { type: 'error', message: 'Access denied' });
  assert.equal(parseHostMessage({ type: 'error', message: 1 }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'loading' }), { type: 'loading' });
  assert.equal(parseHostMessage({ type: 'script', code: 'x' }), undefined);
});

test('the HTML has every element the page looks up, under a strict CSP, and the stylesheet uses the ids', () => {
  const html = metricsHtml({ cspSource: 'vscode-resource:', scriptUri: 's.js', styleUri: 'm.css', uplotCssUri: 'u.css', title: '<Metrics & co>' });
  for (const id of Object.values(METRIC_IDS)) assert.ok(html.includes(`id="${id}"`), id);
  assert.match(html, /default-src 'none'; script-src 'nonce-[^']+'/);
  assert.ok(!/script-src[^;]*unsafe/.test(html));
  assert.ok(html.includes('&lt;Metrics &amp; co&gt;'));
  const css = readFileSync(join(__dirname, '../../../../media/metrics.css'), 'utf8');
  for (const id of ['charts', 'notice', 'status', 'series']) assert.ok(css.includes(`#${id}`), id);
});
