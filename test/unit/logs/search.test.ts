import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findRequestEvents, HistorySearch } from '../../../src/logs/search';
import { FakeLogs } from './fake-logs';

const G = '/aws/lambda/f';

test('pages forwards and backwards without splitting or repeating a millisecond', async () => {
  const fake = new FakeLogs();
  fake.pageSize = 3;
  // Ten events, several sharing a millisecond at page boundaries.
  const ts = [100, 101, 102, 102, 102, 103, 104, 104, 105, 106];
  ts.forEach((t, i) => fake.write(G, 's', t, `e${i}`));
  const s = new HistorySearch(fake.client, { logGroups: [G], start: 101, end: 103, pageSize: 2 });
  const seen: string[] = [];
  for (let i = 0; i < 6; i++) seen.push(...(await s.newer(1000)).events.map((e) => e.message));
  assert.deepEqual(seen, ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
  const older = await s.older();
  assert.deepEqual(
    older.events.map((e) => e.message),
    ['e0'],
  );
  const none = await s.older();
  assert.equal(none.events.length, 0);
  assert.equal(none.more, false);
});

test("a request's logs include its stream's lines without the request id", async () => {
  const fake = new FakeLogs();
  const R = 'c1a0b7e2-3f4d-4c8e-9a6b-5d2e1f0a9b8c';
  fake.write(G, 'env1', 1000, `START RequestId: ${R} Version: $LATEST`);
  fake.write(G, 'env2', 1001, 'another environment');
  fake.write(G, 'env1', 1002, 'plain print output');
  fake.write(G, 'env1', 1003, `END RequestId: ${R}`);
  fake.write(G, 'env1', 1003, `REPORT RequestId: ${R}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB`);
  fake.write(G, 'env1', 5000, 'START RequestId: 7f3e2d1c-0b9a-4877-a665-544332211000 Version: $LATEST');
  const events = await findRequestEvents(fake.client, G, R, 1000);
  assert.deepEqual(
    events.map((e) => e.message.split('\t')[0]),
    [`START RequestId: ${R} Version: $LATEST`, 'plain print output', `END RequestId: ${R}`, `REPORT RequestId: ${R}`],
  );
  assert.deepEqual(await findRequestEvents(fake.client, G, '00000000-0000-4000-8000-000000000000', 1000), []);
});

test('an empty range is refused with a clear message', () => {
  const fake = new FakeLogs();
  assert.throws(() => new HistorySearch(fake.client, { logGroups: [G], start: 5, end: 5 }), /start must be before its end/);
});
