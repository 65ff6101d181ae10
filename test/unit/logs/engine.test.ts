import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTail, validateTailOptions, type TailOptions } from '../../../src/logs/engine';
import type { TailEvent, TailStatus } from '../../../src/logs/types';
import { FakeLogs, arnOf, until } from './fake-logs';

const G = '/aws/lambda/orders';
const fast: Partial<TailOptions> = { pollIntervalMs: 2, maxIdlePollIntervalMs: 5, maxThrottlePollIntervalMs: 40, reconnectDelayMs: 2, overlapMs: 50 };

function collector() {
  const events: TailEvent[] = [];
  const statuses: TailStatus[] = [];
  return { events, statuses, sink: { events: (b: TailEvent[]) => events.push(...b), status: (s: TailStatus) => statuses.push(s) } };
}

const messages = (events: TailEvent[]): string[] => events.map((e) => e.message);

test('live tail: resolves names to ARNs, delivers events with group names, surfaces sampled, stops cleanly', async () => {
  const fake = new FakeLogs();
  fake.write(G, 's1', 1000, 'before the tail');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: [G], startTime: 1001, ...fast }, c.sink);
  await until(() => fake.sessions.length === 1, 'a live session');
  fake.write(G, 's1', 2000, 'one');
  fake.sampled = true;
  fake.write(G, 's1', 2001, 'two');
  await until(() => c.events.length === 2, 'two events');
  assert.deepEqual(messages(c.events), ['one', 'two']);
  assert.equal(c.events[0].logGroup, G);
  assert.ok(
    c.statuses.some((s) => s.mode === 'live' && s.sampled),
    'sampled surfaced',
  );
  assert.ok(fake.calls.includes('DescribeLogGroups'));
  await tail.stop();
  assert.equal(fake.aborts, 1, 'the stream request was aborted');
  assert.equal(c.statuses.at(-1)!.mode, 'stopped');
  fake.write(G, 's1', 3000, 'after stop');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(c.events.length, 2);
});

test('events written while the first live session is being set up are not lost', async () => {
  const fake = new FakeLogs();
  fake.write(G, 's1', 1, 'seed');
  const started = Date.now();
  fake.beforeLive = () => fake.write(G, 's1', started + 1, 'between start and session');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: [G], ...fast }, c.sink);
  await until(() => fake.sessions.length === 1, 'a live session');
  fake.write(G, 's1', started + 2, 'live');
  await until(() => c.events.length === 2, 'both');
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(messages(c.events).sort(), ['between start and session', 'live']);
  await tail.stop();
});

test('live tail accepts ARNs as given (with or without :*)', async () => {
  const fake = new FakeLogs();
  fake.write(G, 's', 1, 'x');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: [arnOf(G) + ':*'], ...fast }, c.sink);
  await until(() => fake.sessions.length === 1, 'a live session');
  assert.ok(!fake.calls.includes('DescribeLogGroups'));
  fake.write(G, 's', Date.now() + 10, 'live');
  await until(() => c.events.length === 1, 'event');
  await tail.stop();
});

test('stream dropped mid-way: reconnects, backfills the gap, no loss and no duplicates at the boundary', async () => {
  const fake = new FakeLogs();
  fake.write(G, 's1', 5000, 'seed');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: [G], startTime: 5001, ...fast }, c.sink);
  await until(() => fake.sessions.length === 1, 'session 1');
  fake.write(G, 's1', 6000, 'a');
  fake.write(G, 's1', 6000, 'same ms, same text');
  fake.write(G, 's1', 6000, 'same ms, same text'); // a genuine repeat: must show twice
  await until(() => c.events.length === 3, 'first three');
  // The connection drops; events keep arriving at the boundary timestamp while nobody listens.
  fake.deaf = true;
  fake.write(G, 's1', 6000, 'boundary, written during the gap');
  fake.write(G, 's2', 6001, 'gap event');
  fake.dropStreams();
  await until(() => fake.sessions.length === 1, 'session 2');
  fake.deaf = false;
  fake.write(G, 's1', 7000, 'after reconnect');
  await until(() => c.events.length >= 6, 'all six');
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(
    messages(c.events).sort(),
    ['a', 'after reconnect', 'boundary, written during the gap', 'gap event', 'same ms, same text', 'same ms, same text'].sort(),
  );
  assert.ok(c.statuses.some((s) => s.mode === 'reconnecting'));
  assert.equal(fake.liveSessionsStarted, 2);
  await tail.stop();
});

test('3-hour session limit: a new session starts at once, events in between are backfilled once', async () => {
  const fake = new FakeLogs();
  fake.write(G, 's1', 100, 'seed');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: [G], startTime: 101, ...fast }, c.sink);
  await until(() => fake.sessions.length === 1, 'session 1');
  fake.write(G, 's1', 200, 'one');
  await until(() => c.events.length === 1, 'one');
  fake.deaf = true;
  fake.write(G, 's1', 200, 'two at the same ms');
  fake.timeoutSessions();
  await until(() => fake.sessions.length === 1, 'session 2');
  fake.deaf = false;
  fake.write(G, 's1', 300, 'three');
  await until(() => c.events.length >= 3, 'three');
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(messages(c.events), ['one', 'two at the same ms', 'three']);
  await tail.stop();
});

test('live tail denied: falls back to FilterLogEvents polling over pages, exactly once', async () => {
  const fake = new FakeLogs();
  fake.liveError = 'AccessDeniedException';
  fake.pageSize = 2;
  fake.write(G, 's1', 10, 'seed');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: [G], startTime: 11, ...fast }, c.sink);
  await until(() => c.statuses.some((s) => s.mode === 'polling'), 'polling');
  assert.match(c.statuses.find((s) => s.mode === 'polling')!.reason!, /not permitted/);
  for (let i = 0; i < 7; i++) fake.write(G, i % 2 ? 's1' : 's2', 20 + Math.floor(i / 3), `e${i}`);
  await until(() => c.events.length >= 7, 'seven');
  for (let i = 7; i < 10; i++) fake.write(G, 's1', 22, `e${i}`);
  await until(() => c.events.length >= 10, 'ten');
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(messages(c.events).sort(), Array.from({ length: 10 }, (_, i) => `e${i}`).sort());
  await tail.stop();
});

test('polling backs off on ThrottlingException and recovers without losing events', async () => {
  const fake = new FakeLogs();
  fake.liveError = 'UnknownOperationException';
  fake.write(G, 's1', 10, 'seed');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: [G], startTime: 11, ...fast }, c.sink);
  await until(() => c.statuses.some((s) => s.mode === 'polling'), 'polling');
  fake.throttles = 3;
  fake.write(G, 's1', 12, 'during throttling');
  await until(() => c.events.length === 1, 'event after throttling');
  const throttled = c.statuses.filter((s) => s.reason?.includes('throttled'));
  assert.ok(throttled.length >= 1, 'throttling reported');
  const intervals = throttled.map((s) => s.pollIntervalMs!);
  assert.ok(
    intervals.every((v, i) => i === 0 || v >= intervals[i - 1]),
    `intervals grow: ${intervals}`,
  );
  assert.equal(fake.throttles, 0);
  await tail.stop();
});

test('session limit: polls, then goes back to live tail', async () => {
  const fake = new FakeLogs();
  fake.liveError = 'LimitExceededException';
  fake.write(G, 's1', 10, 'seed');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: [G], startTime: 11, liveRetryMs: 30, ...fast }, c.sink);
  await until(() => c.statuses.some((s) => s.mode === 'polling'), 'polling');
  fake.write(G, 's1', 12, 'polled');
  await until(() => c.events.length === 1, 'polled event');
  fake.liveError = undefined;
  await until(() => fake.sessions.length === 1, 'live again');
  fake.write(G, 's1', 13, 'live');
  await until(() => c.events.length === 2, 'live event');
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(messages(c.events), ['polled', 'live']);
  await tail.stop();
});

test('a log group that does not exist yet is polled until it appears', async () => {
  const fake = new FakeLogs();
  fake.liveError = undefined;
  const c = collector();
  const tail = startTail(fake.client, { logGroups: ['/aws/lambda/new'], mode: 'auto', liveRetryMs: 10_000, ...fast }, c.sink);
  await until(() => c.statuses.some((s) => s.mode === 'polling'), 'polling');
  assert.match(c.statuses.find((s) => s.mode === 'polling')!.reason!, /does not exist yet/);
  fake.write('/aws/lambda/new', 's', Date.now() + 5, 'first line ever');
  await until(() => c.events.length === 1, 'first event');
  // Once the group exists, live tail takes over at once (not after liveRetryMs).
  await until(() => fake.sessions.length === 1, 'live once the group exists');
  fake.write('/aws/lambda/new', 's', Date.now() + 10, 'live line');
  await until(() => c.events.length === 2, 'live event');
  assert.deepEqual(messages(c.events), ['first line ever', 'live line']);
  await tail.stop();
});

test('polling catches a line ingested late, behind newer lines of another stream', async () => {
  const fake = new FakeLogs();
  fake.write(G, 'fast', 100, 'seed');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: [G], mode: 'poll', startTime: 101, ...fast, overlapMs: 10_000 }, c.sink);
  fake.write(G, 'fast', 8000, 'newer line of a fast environment');
  await until(() => c.events.length === 1, 'the fast line');
  // Another environment's line, timestamped 5 s earlier, reaches CloudWatch only now.
  fake.write(G, 'slow', 3000, 'late line');
  await until(() => c.events.length === 2, 'the late line');
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(messages(c.events), ['newer line of a fast environment', 'late line']);
  await tail.stop();
});

test('multiple groups with a stream prefix in poll mode', async () => {
  const fake = new FakeLogs();
  fake.write('/a', 'x1', 1, 'seed');
  fake.write('/b', 'x1', 1, 'seed');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: ['/a', '/b'], mode: 'poll', startTime: 2, streamPrefix: 'x', ...fast }, c.sink);
  fake.write('/a', 'x2', 3, 'a');
  fake.write('/b', 'y', 3, 'filtered out by prefix');
  fake.write('/b', 'x9', 4, 'b');
  await until(() => c.events.length === 2, 'two');
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(c.events.map((e) => `${e.logGroup}:${e.message}`).sort(), ['/a:a', '/b:b']);
  await tail.stop();
});

test('fatal errors stop the tail with a clear reason', async () => {
  const fake = new FakeLogs();
  fake.liveError = 'UnrecognizedClientException';
  fake.write(G, 's', 1, 'x');
  const c = collector();
  const tail = startTail(fake.client, { logGroups: [arnOf(G)], ...fast }, c.sink);
  await tail.done;
  const failed = c.statuses.find((s) => s.mode === 'failed');
  assert.ok(failed);
  assert.match(failed.reason!, /UnrecognizedClientException/);
});

test('bad options are refused before any request', () => {
  assert.throws(() => validateTailOptions({ logGroups: [] }), /1 to 10 log groups/);
  assert.throws(() => validateTailOptions({ logGroups: Array.from({ length: 11 }, (_, i) => `/g${i}`) }), /11 were given/);
  assert.throws(() => validateTailOptions({ logGroups: ['has space'] }), /not a log group/);
});
