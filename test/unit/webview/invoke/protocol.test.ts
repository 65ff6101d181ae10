// The result panel's protocol, page side: the state from the host is checked field by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INVOKE_IDS, parseHostMessage, type PanelState } from '../../../../src/webview/invoke/protocol';

const state: PanelState = {
  title: 'Invoke: f',
  subtitle: 'Local service',
  running: false,
  canShowLogs: true,
  current: {
    status: 'functionError',
    statusCode: 200,
    requestId: 'r1',
    response: { kind: 'json', text: '{}', bytes: 2, lines: 1, folded: false },
    error: { kind: 'Unhandled', type: 'TypeError', frames: [{ text: 'at f (/a.js:1:2)', file: '/a.js', line: 1, column: 2 }, { text: 'at node:x' }] },
    report: { durationMs: 1.5, maxMemoryUsedMb: 40, memorySizeMb: 128, xrayTraceId: 'x' },
    historyId: 'h1',
  },
  history: [{ id: 'h1', at: 1, invocationType: 'RequestResponse', payloadSource: 'editor', canRerun: true, statusCode: 200 }],
};

test('the page takes a well-formed state as it is', () => {
  assert.deepEqual(parseHostMessage({ type: 'state', state }), { type: 'state', state });
  const { current: _current, ...idle } = state;
  assert.deepEqual(parseHostMessage({ type: 'state', state: idle }), { type: 'state', state: idle });
});

test('the page drops a malformed state, and a malformed history line only', () => {
  assert.equal(parseHostMessage({ type: 'eval', state }), undefined);
  assert.equal(parseHostMessage({ type: 'state', state: { ...state, running: 'yes' } }), undefined);
  assert.equal(parseHostMessage({ type: 'state', state: { ...state, current: { ...state.current, status: 'great' } } }), undefined);
  assert.equal(parseHostMessage({ type: 'state', state: { ...state, current: { ...state.current, response: { kind: 'json', text: 1 } } } }), undefined);
  const frames = [{ text: 3 }];
  assert.equal(parseHostMessage({ type: 'state', state: { ...state, current: { ...state.current, error: { kind: 'Unhandled', frames } } } }), undefined);
  assert.equal(parseHostMessage({ type: 'state', state: { ...state, current: { ...state.current, report: { durationMs: '1 ms' } } } }), undefined);
  const history = [...state.history, { id: 'old', at: 2 }];
  assert.deepEqual(parseHostMessage({ type: 'state', state: { ...state, history } })?.state.history, state.history);
  assert.equal(parseHostMessage(null), undefined);
});

test('the ids the stylesheet names are the protocol ids', () => {
  const css = readFileSync(join(__dirname, '../../../../media/invoke.css'), 'utf8');
  for (const [, id] of css.matchAll(/#([A-Za-z][\w-]*)/g)) assert.ok(Object.values(INVOKE_IDS).includes(id as never), `#${id}`);
});
