import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetQueryResultsCommand, MalformedQueryException, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { errorLocation, InsightsError, runInsightsQuery, shapeRows, type InsightsProgress } from '../../../src/logs/insights';
import type { LogsClient } from '../../../src/logs/engine';

interface Call {
  name: string;
  input: Record<string, unknown>;
}

/** A fake Logs client: StartQuery answers from `start`, each GetQueryResults takes the next of `polls`. */
function fakeClient(polls: Array<Record<string, unknown> | Error>, start: () => Record<string, unknown> = () => ({ queryId: 'q-1' })) {
  const calls: Call[] = [];
  const client = {
    send: async (cmd: unknown) => {
      const input = (cmd as { input: Record<string, unknown> }).input;
      if (cmd instanceof StartQueryCommand) {
        calls.push({ name: 'StartQuery', input });
        return start();
      }
      if (cmd instanceof GetQueryResultsCommand) {
        calls.push({ name: 'GetQueryResults', input });
        const next = polls.shift() ?? { status: 'Running' };
        if (next instanceof Error) throw next;
        return next;
      }
      if (cmd instanceof StopQueryCommand) {
        calls.push({ name: 'StopQuery', input });
        return { success: true };
      }
      throw new Error('unexpected command');
    },
  } as unknown as LogsClient;
  return { client, calls };
}

const Q = { logGroups: ['/aws/lambda/a', '/aws/lambda/b'], queryString: 'stats count(*) by bin(1m)', startTime: 1_700_000_000_500, endTime: 1_700_000_360_200 };
const noSleep = { sleep: async () => undefined };

test('status flow Scheduled → Running → Complete: progress reported, rows shaped, @ptr dropped, times in seconds', async () => {
  const { client, calls } = fakeClient([
    { status: 'Scheduled' },
    { status: 'Running', statistics: { recordsScanned: 10, recordsMatched: 2, bytesScanned: 100 } },
    {
      status: 'Complete',
      statistics: { recordsScanned: 20, recordsMatched: 4, bytesScanned: 200 },
      results: [
        [
          { field: 'bin(1m)', value: '2023-11-14 22:13:00.000' },
          { field: 'count(*)', value: '3' },
          { field: '@ptr', value: 'xyz' },
        ],
        [
          { field: 'bin(1m)', value: '2023-11-14 22:14:00.000' },
          { field: 'count(*)', value: '1' },
        ],
      ],
    },
  ]);
  const seen: InsightsProgress[] = [];
  const r = await runInsightsQuery(client, Q, { ...noSleep, onProgress: (p) => seen.push(p) });
  assert.deepEqual(
    seen.map((p) => p.status),
    ['Scheduled', 'Scheduled', 'Running', 'Complete'],
  );
  assert.equal(seen[2].recordsScanned, 10);
  assert.equal(r.status, 'Complete');
  assert.deepEqual(r.fields, ['bin(1m)', 'count(*)']);
  assert.deepEqual(r.rows, [
    { 'bin(1m)': '2023-11-14 22:13:00.000', 'count(*)': '3' },
    { 'bin(1m)': '2023-11-14 22:14:00.000', 'count(*)': '1' },
  ]);
  assert.equal(r.recordsMatched, 4);
  const start = calls[0];
  assert.equal(start.name, 'StartQuery');
  assert.deepEqual(start.input.logGroupNames, Q.logGroups);
  assert.equal(start.input.startTime, 1_700_000_000);
  assert.equal(start.input.endTime, 1_700_000_361);
  assert.ok(!calls.some((c) => c.name === 'StopQuery'));
});

test('polling backs off: each wait 1.5 times the last, capped', async () => {
  const waits: number[] = [];
  const { client } = fakeClient([
    { status: 'Running' },
    { status: 'Running' },
    { status: 'Running' },
    { status: 'Running' },
    { status: 'Complete', results: [] },
  ]);
  await runInsightsQuery(client, Q, { sleep: async (ms) => void waits.push(ms), firstPollMs: 200, maxPollMs: 500 });
  assert.deepEqual(waits, [200, 300, 450, 500, 500]);
});

test('cancel: the signal stops the polling and sends StopQuery with the query id', async () => {
  const { client, calls } = fakeClient([]);
  const ac = new AbortController();
  let polls = 0;
  const run = runInsightsQuery(client, Q, {
    signal: ac.signal,
    firstPollMs: 1,
    maxPollMs: 1,
    onProgress: () => {
      if (++polls === 3) ac.abort();
    },
  });
  await assert.rejects(run, (e: unknown) => e instanceof InsightsError && e.kind === 'cancelled');
  const stop = calls.find((c) => c.name === 'StopQuery');
  assert.deepEqual(stop?.input, { queryId: 'q-1' });
});

test('Failed, Cancelled and Timeout statuses reject with their own words', async () => {
  for (const [status, kind] of [
    ['Failed', 'failed'],
    ['Cancelled', 'cancelled'],
    ['Timeout', 'timeout'],
  ] as const) {
    const { client } = fakeClient([{ status }]);
    await assert.rejects(runInsightsQuery(client, Q, noSleep), (e: unknown) => e instanceof InsightsError && e.kind === kind && e.message.length > 10);
  }
});

test('a malformed query says line and column, from the compile error offset', async () => {
  const query = 'fields @timestamp\n| stats count(*) by bin(1m';
  const { client } = fakeClient([], () => {
    throw new MalformedQueryException({
      $metadata: {},
      message: 'Query is malformed',
      queryCompileError: { location: { startCharOffset: 44, endCharOffset: 44 }, message: "expected ')'" },
    });
  });
  await assert.rejects(runInsightsQuery(client, { ...Q, queryString: query }, noSleep), (e: unknown) => {
    assert.ok(e instanceof InsightsError);
    assert.equal(e.kind, 'malformed');
    assert.equal(e.line, 2);
    assert.equal(e.column, 27);
    assert.match(e.message, /line 2, column 27: expected '\)'\./);
    return true;
  });
});

test('a malformed query without an offset: line and column read from the message', () => {
  assert.deepEqual(errorLocation('x', undefined, 'unexpected symbol found | at line 3 and position 7'), { line: 3, column: 7 });
  assert.deepEqual(errorLocation('x', undefined, 'Unexpected token at line 1, column 12: expected a command'), { line: 1, column: 12 });
  assert.equal(errorLocation('x', undefined, 'no place'), undefined);
});

test('a missing log group and a limit are worded; bad input never reaches the service', async () => {
  const notFound = Object.assign(new Error('Log group does not exist'), { name: 'ResourceNotFoundException' });
  const { client } = fakeClient([], () => {
    throw notFound;
  });
  await assert.rejects(runInsightsQuery(client, Q, noSleep), /A log group was not found \(Log group does not exist\)/);
  const limit = Object.assign(new Error('max 30'), { name: 'LimitExceededException' });
  await assert.rejects(
    runInsightsQuery(
      fakeClient([], () => {
        throw limit;
      }).client,
      Q,
      noSleep,
    ),
    /Too many Logs Insights queries/,
  );
  const { client: c2, calls } = fakeClient([]);
  await assert.rejects(runInsightsQuery(c2, { ...Q, logGroups: [] }, noSleep), /at least one log group/);
  await assert.rejects(runInsightsQuery(c2, { ...Q, queryString: '  ' }, noSleep), /query is empty/);
  await assert.rejects(runInsightsQuery(c2, { ...Q, endTime: Q.startTime }, noSleep), /time range is empty/);
  assert.equal(calls.length, 0);
});

test('a throttled poll is retried; another poll error ends the run worded', async () => {
  const throttle = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  const { client } = fakeClient([throttle, { status: 'Complete', results: [] }]);
  const r = await runInsightsQuery(client, Q, noSleep);
  assert.equal(r.status, 'Complete');
  const denied = Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
  await assert.rejects(runInsightsQuery(fakeClient([denied]).client, Q, noSleep), /Could not read the query's results: AccessDeniedException/);
});

test('a run past its own timeout is stopped', async () => {
  let t = 0;
  const { client, calls } = fakeClient([]);
  await assert.rejects(
    runInsightsQuery(client, Q, { ...noSleep, now: () => (t += 60_000), timeoutMs: 120_000 }),
    (e: unknown) => e instanceof InsightsError && e.kind === 'timeout',
  );
  assert.ok(calls.some((c) => c.name === 'StopQuery'));
});

test('shapeRows keeps first-seen field order across rows', () => {
  const r = shapeRows([
    [{ field: 'a', value: '1' }],
    [
      { field: 'b', value: '2' },
      { field: 'a', value: '3' },
    ],
  ]);
  assert.deepEqual(r.fields, ['a', 'b']);
  assert.deepEqual(r.rows[1], { b: '2', a: '3' });
});

test('rows while Running are reported as partial results; the final ones come with Complete', async () => {
  const { client } = fakeClient([
    { status: 'Running', results: [] },
    { status: 'Running', results: [[{ field: 'n', value: '1' }]] },
    { status: 'Complete', results: [[{ field: 'n', value: '2' }]] },
  ]);
  const partial: unknown[] = [];
  const r = await runInsightsQuery(client, Q, { ...noSleep, onPartial: (p) => partial.push(p) });
  assert.deepEqual(partial, [{ fields: ['n'], rows: [{ n: '1' }] }]);
  assert.deepEqual(r.rows, [{ n: '2' }]);
});
