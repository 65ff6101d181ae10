// The query editor's completion (src/webview/insights/complete.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionsAt } from '../../../../src/webview/insights/complete';

const labels = (q: string, fields: string[] = [], cursor = q.length) => completionsAt(q, cursor, fields).items.map((i) => i.label);

test('commands at the start and after a pipe, by prefix', () => {
  assert.deepEqual(labels('fi'), ['fields', 'filter', 'filterIndex']);
  assert.ok(labels('fields @message | ').includes('stats'));
  assert.deepEqual(labels('fields @message | so'), ['sort', 'SOURCE']);
  const c = completionsAt('fields @message | so', 20);
  assert.equal(c.from, 18);
  assert.equal(c.items[0].insert, 'sort ');
});

test('fields and functions inside a command: discovered Lambda fields, the last results, the aliases', () => {
  const l = labels('filter @dur');
  assert.equal(l[0], '@duration');
  assert.ok(labels('stats count(*) by bin(1m) | sort ', ['count(*)', 'requestCount']).includes('requestCount'));
  assert.ok(!labels('fields ', ['count(*)']).includes('count(*)'), 'computed names are not offered as fields');
  assert.ok(labels('stats avg(@duration) as avgMs | sort av').includes('avgMs'));
  assert.deepEqual(labels('fields @maxMem'), ['@maxMemoryUsed']);
  const fn = completionsAt('stats cou', 9).items.find((i) => i.label === 'count');
  assert.equal(fn?.insert, 'count(');
  assert.equal(fn?.kind, 'function');
});

test('after `by` bin comes first; after a field the keywords', () => {
  assert.equal(labels('stats count(*) by ')[0], 'bin');
  assert.ok(labels('sort @duration d').includes('desc'));
  assert.ok(labels('filter @message l').includes('like'));
});

test('nothing inside a string or a regex; the word after the cursor is replaced too', () => {
  assert.deepEqual(labels('filter @message like "fie'), []);
  assert.deepEqual(labels('filter @message like /fie'), []);
  const c = completionsAt('filter @dur > 5', 11);
  assert.equal(c.from, 7);
  assert.equal(c.to, 11);
  const mid = completionsAt('fields @durxx', 11);
  assert.equal(mid.to, 13);
});
