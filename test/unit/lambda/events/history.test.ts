import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvocationHistory, historyKey, HISTORY_LIMIT, type HistoryEntry } from '../../../../src/lambda/events';

const entry = (i: number, fn = 'f', extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id: `id${fn}${i}`,
  key: historyKey('local', fn),
  connectionId: 'local',
  functionName: fn,
  invocationType: 'RequestResponse',
  payload: `{"i":${i}}`,
  payloadSource: 'editor',
  at: 1000 + i,
  ...extra,
});

test('keeps the last 20 per function, newest first, functions apart', () => {
  const h = new InvocationHistory();
  for (let i = 0; i < 25; i++) h.add(entry(i));
  h.add(entry(0, 'g'));
  const list = h.list(historyKey('local', 'f'));
  assert.equal(list.length, HISTORY_LIMIT);
  assert.equal(list[0].id, 'idf24');
  assert.equal(list.at(-1)!.id, 'idf5');
  assert.equal(h.list(historyKey('local', 'g')).length, 1);
  assert.equal(h.get('idf24')!.payload, '{"i":24}');
  assert.equal(h.get('idf0'), undefined);
});

test('restores from persisted entries in time order and drops huge payloads', () => {
  const h = new InvocationHistory([entry(2), entry(1), entry(3)]);
  assert.deepEqual(
    h.list(historyKey('local', 'f')).map((e) => e.id),
    ['idf3', 'idf2', 'idf1'],
  );
  const big = h.add(entry(4, 'f', { payload: 'x'.repeat(70 * 1024) }));
  assert.equal(big.payload, undefined);
  assert.equal(new InvocationHistory(h.all()).list(historyKey('local', 'f')).length, 4);
  h.clear(historyKey('local', 'f'));
  assert.deepEqual(h.list(historyKey('local', 'f')), []);
});
