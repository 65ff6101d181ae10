import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LogStream } from '../../../../src/local/logs/groups';
import { decodeStreamToken, filterLogEvents, getLogEvents } from '../../../../src/local/logs/query';
import { compilePattern } from '../../../../src/local/logs/pattern';

function stream(name: string, rows: [ts: number, seq: number][]): LogStream {
  const s = new LogStream(name, 0);
  for (const [ts, seq] of rows) s.insert(ts, ts, seq, `${name}@${ts}#${seq}`);
  return s;
}

describe('GetLogEvents paging', () => {
  it('on an empty stream returns no events and tokens that stay put', () => {
    const s = new LogStream('empty', 0);
    const r = getLogEvents(s, { limit: 10, startFromHead: true });
    assert.deepEqual(r.events, []);
    const again = getLogEvents(s, { limit: 10, startFromHead: true, token: r.nextForwardToken });
    assert.equal(again.nextForwardToken, r.nextForwardToken);
    // An event appended later is found from the same token.
    s.insert(5, 5, 1, 'first');
    const later = getLogEvents(s, { limit: 10, startFromHead: true, token: r.nextForwardToken });
    assert.deepEqual(
      later.events.map((e) => e.message),
      ['first'],
    );
  });

  it('keeps the time window when paging with tokens', () => {
    const s = stream(
      's',
      Array.from({ length: 20 }, (_, i) => [i * 10, i + 1]),
    );
    const first = getLogEvents(s, { limit: 3, startFromHead: true, startTime: 50, endTime: 120 });
    assert.deepEqual(
      first.events.map((e) => e.timestamp),
      [50, 60, 70],
    );
    const second = getLogEvents(s, { limit: 3, startFromHead: true, startTime: 50, endTime: 120, token: first.nextForwardToken });
    assert.deepEqual(
      second.events.map((e) => e.timestamp),
      [80, 90, 100],
    );
    const third = getLogEvents(s, { limit: 3, startFromHead: true, startTime: 50, endTime: 120, token: second.nextForwardToken });
    assert.deepEqual(
      third.events.map((e) => e.timestamp),
      [110],
    );
    const done = getLogEvents(s, { limit: 3, startFromHead: true, startTime: 50, endTime: 120, token: third.nextForwardToken });
    assert.deepEqual(done.events, []);
    assert.equal(done.nextForwardToken, third.nextForwardToken);
    const back = getLogEvents(s, { limit: 3, startFromHead: false, startTime: 50, endTime: 120, token: first.nextBackwardToken });
    assert.deepEqual(back.events, []);
    assert.equal(back.nextBackwardToken, first.nextBackwardToken);
  });

  it('rejects a token that is not one of ours', () => {
    assert.throws(() => decodeStreamToken('f/123'), /nextToken is invalid/);
    assert.throws(() => decodeStreamToken('x/0000000000000000000000000000000000000000'), /nextToken is invalid/);
  });
});

describe('FilterLogEvents merge', () => {
  it('interleaves streams by (timestamp, seq) and resumes exactly after the token key', () => {
    const a = stream('a', [
      [1, 1],
      [3, 3],
      [3, 5],
      [9, 9],
    ]);
    const b = stream('b', [
      [2, 2],
      [3, 4],
      [4, 6],
      [5, 7],
      [5, 8],
    ]);
    const c = stream('c', []);
    const all = filterLogEvents({ streams: [a, b, c], matcher: compilePattern(''), limit: 100 });
    assert.deepEqual(
      all.events.map((e) => e.message),
      ['a@1#1', 'b@2#2', 'a@3#3', 'b@3#4', 'a@3#5', 'b@4#6', 'b@5#7', 'b@5#8', 'a@9#9'],
    );
    const pages: string[] = [];
    let after;
    for (let i = 0; i < 10; i++) {
      const r = filterLogEvents({ streams: [a, b, c], matcher: compilePattern(''), limit: 2, after });
      pages.push(...r.events.map((e) => e.message));
      if (!r.next) break;
      after = r.next;
    }
    assert.deepEqual(
      pages,
      all.events.map((e) => e.message),
    );
  });
});
