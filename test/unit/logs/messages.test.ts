import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isConfig, parseHostMessage, parseWebviewMessage } from '../../../src/logs/messages';

test('webview messages are validated; anything malformed is dropped', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'setPattern', pattern: 'ERROR' }), { type: 'setPattern', pattern: 'ERROR' });
  assert.equal(parseWebviewMessage({ type: 'setPattern', pattern: 5 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'setPattern', pattern: 'x'.repeat(5000) }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'search', start: 1, end: 2 }), { type: 'search', start: 1, end: 2 });
  assert.equal(parseWebviewMessage({ type: 'search', start: 2, end: 1 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'search', start: NaN, end: 1 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'copy' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'eval', code: 'x' }), undefined);
  assert.equal(parseWebviewMessage(null), undefined);
  assert.equal(parseWebviewMessage('ready'), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'filterChanged', filter: { text: 'a', errorsOnly: true } }), {
    type: 'filterChanged',
    filter: { text: 'a', errorsOnly: true },
  });
  assert.equal(parseWebviewMessage({ type: 'filterChanged', filter: { errorsOnly: 'yes' } }), undefined);
});

test('host messages and saved panel state are validated before use', () => {
  const config = { connectionId: 'local', connectionLabel: 'Local service', logGroups: ['/aws/lambda/f'], title: 'Logs: f' };
  assert.equal(isConfig(config), true);
  assert.equal(isConfig({ ...config, logGroups: [] }), false);
  assert.equal(isConfig({ ...config, logGroups: Array(11).fill('/g') }), false);
  assert.equal(isConfig({ ...config, requestStartTime: 'yesterday' }), false);
  assert.ok(parseHostMessage({ type: 'init', config, lineCap: 100, mode: 'live' }));
  assert.equal(parseHostMessage({ type: 'init', config: {}, lineCap: 100, mode: 'live' }), undefined);
  assert.ok(parseHostMessage({ type: 'events', events: [{ logGroup: '/g', logStream: 's', timestamp: 1, message: 'm' }], position: 'end' }));
  assert.equal(parseHostMessage({ type: 'events', events: [{ logGroup: '/g', timestamp: 1 }], position: 'end' }), undefined);
  assert.equal(parseHostMessage({ type: 'notice', message: 'x', level: 'shout' }), undefined);
});
