// The metrics panel's queries: the period the range gets, the GetMetricData queries of each series,
// paging through NextToken, and the answer placed on the period grid with gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GetMetricDataCommand, GetMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import {
  alignRange,
  alignResults,
  buildQueries,
  choosePeriod,
  fetchMetrics,
  isEmpty,
  MAX_POINTS,
  metricsErrorMessage,
  parseQueryId,
  RANGE_PRESETS,
  timeGrid,
  total,
  type MetricsSpec,
} from '../../../src/lambda/metrics';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const H = 3_600_000;

test('auto period: one minute up to a day, then the coarser steps, never more than 1,440 points', () => {
  const auto = (ms: number) => choosePeriod(NOW - ms, NOW, 'auto', NOW);
  assert.equal(auto(RANGE_PRESETS['1h']), 60);
  assert.equal(auto(RANGE_PRESETS['3h']), 60);
  assert.equal(auto(RANGE_PRESETS['12h']), 60);
  assert.equal(auto(RANGE_PRESETS['1d']), 60);
  assert.equal(auto(RANGE_PRESETS['1w']), 900);
  for (const ms of [...Object.values(RANGE_PRESETS), 30 * 24 * H, 400 * 24 * H]) {
    assert.ok(ms / 1000 / auto(ms) <= MAX_POINTS, `${ms} ms at ${auto(ms)} s`);
  }
});

test('a picked period is kept unless it draws too many points or is finer than CloudWatch keeps', () => {
  assert.equal(choosePeriod(NOW - H, NOW, 300, NOW), 300);
  assert.equal(choosePeriod(NOW - H, NOW, 3600, NOW), 3600);
  // A week at one minute would be 10,080 points.
  assert.equal(choosePeriod(NOW - 7 * 24 * H, NOW, 60, NOW), 900);
  // 20 days ago: one-minute data is gone (kept 15 days), five minutes remain.
  assert.equal(choosePeriod(NOW - 20 * 24 * H, NOW - 20 * 24 * H + H, 60, NOW), 300);
  // 70 days ago: hourly only.
  assert.equal(choosePeriod(NOW - 70 * 24 * H, NOW - 70 * 24 * H + H, 'auto', NOW), 3600);
});

test('the range snaps to whole periods, ending with the current slot and keeping its number of slots', () => {
  assert.deepEqual(alignRange(NOW - H + 30_000, NOW + 10_000, 60), { start: NOW + 60_000 - H, end: NOW + 60_000 });
  assert.deepEqual(alignRange(NOW - H, NOW, 60), { start: NOW - H, end: NOW });
  assert.deepEqual(alignRange(NOW, NOW + 1, 300), { start: NOW, end: NOW + 300_000 });
  const week = alignRange(NOW - RANGE_PRESETS['1w'] + 1234, NOW + 1234, 900);
  assert.equal((week.end - week.start) / 900_000, 672);
});

const spec = (over: Partial<MetricsSpec> = {}): MetricsSpec => ({
  functionName: 'orders',
  start: NOW - H,
  end: NOW,
  period: 'auto',
  duration: 'percentiles',
  targets: [{}],
  ...over,
});

test('queries: every metric of the function with its statistic, and the error rate as metric math', () => {
  const q = buildQueries(spec(), 60);
  const byId = Object.fromEntries(q.map((x) => [x.Id!, x]));
  assert.deepEqual(Object.keys(byId).sort(), ['s0_concurrency', 's0_errorRate', 's0_errors', 's0_invocations', 's0_p50', 's0_p90', 's0_p99', 's0_throttles']);
  assert.deepEqual(byId.s0_invocations.MetricStat, {
    Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: 'orders' }] },
    Period: 60,
    Stat: 'Sum',
  });
  assert.equal(byId.s0_concurrency.MetricStat!.Metric!.MetricName, 'ConcurrentExecutions');
  assert.equal(byId.s0_concurrency.MetricStat!.Stat, 'Maximum');
  assert.equal(byId.s0_p99.MetricStat!.Stat, 'p99');
  assert.equal(byId.s0_p99.MetricStat!.Metric!.MetricName, 'Duration');
  assert.equal(byId.s0_errorRate.Expression, 's0_errors/s0_invocations*100');
  assert.equal(byId.s0_errorRate.MetricStat, undefined);
  for (const x of q) assert.match(x.Id!, /^[a-z][A-Za-z0-9_]*$/);
});

test('queries: average/maximum duration, and an alias and a version as their own series (Resource dimension)', () => {
  const q = buildQueries(spec({ duration: 'avgmax', targets: [{}, { qualifier: 'prod' }, { qualifier: '3' }] }), 300);
  const ids = q.map((x) => x.Id!);
  assert.ok(ids.includes('s0_avg') && ids.includes('s2_max') && !ids.some((i) => /p\d\d$/.test(i)));
  const prod = q.find((x) => x.Id === 's1_invocations')!;
  assert.deepEqual(prod.MetricStat!.Metric!.Dimensions, [
    { Name: 'FunctionName', Value: 'orders' },
    { Name: 'Resource', Value: 'orders:prod' },
  ]);
  assert.equal(q.find((x) => x.Id === 's2_errors')!.MetricStat!.Metric!.Dimensions![1].Value, 'orders:3');
  assert.equal(q.find((x) => x.Id === 's1_avg')!.MetricStat!.Period, 300);
  assert.deepEqual(parseQueryId('s12_errorRate'), { target: 12, key: 'errorRate' });
  assert.equal(parseQueryId('bogus'), undefined);
});

test('queries: no series is a clear error', () => {
  assert.throws(() => buildQueries(spec({ targets: [] }), 60), /at least one series/);
});

test('alignment: one slot per period, points on their slot, gaps stay null, pages add up', () => {
  const start = NOW - 5 * 60_000;
  const at = (min: number) => new Date(start + min * 60_000);
  const view = alignResults(
    [
      { Id: 's0_invocations', Timestamps: [at(4), at(1)], Values: [2, 3], StatusCode: 'Complete' },
      // A second page of the same query.
      { Id: 's0_invocations', Timestamps: [at(2)], Values: [1], StatusCode: 'Complete' },
      { Id: 's0_p50', Timestamps: [at(1), at(9)], Values: [12.5, 99], StatusCode: 'PartialData', Messages: [{ Code: 'X', Value: 'Too many points' }] },
      { Id: 'not_ours', Timestamps: [at(1)], Values: [1] },
    ],
    start,
    NOW,
    60,
  );
  assert.deepEqual(view.timestamps, timeGrid(start, NOW, 60));
  assert.equal(view.timestamps.length, 5);
  assert.equal(view.timestamps[0], start / 1000);
  const inv = view.series.find((s) => s.key === 'invocations')!;
  assert.deepEqual(inv.values, [null, 3, 1, null, 2]);
  // The point past the range is dropped.
  assert.deepEqual(view.series.find((s) => s.key === 'p50')!.values, [null, 12.5, null, null, null]);
  assert.equal(view.series.length, 2);
  assert.ok(view.messages.includes('Too many points'));
  assert.ok(view.messages.some((m) => /PartialData/.test(m)));
  assert.equal(total(inv.values), 6);
  assert.equal(isEmpty(view), false);
  assert.equal(isEmpty(alignResults([{ Id: 's0_invocations', Timestamps: [], Values: [] }], start, NOW, 60)), true);
});

function fakeClient(pages: GetMetricDataCommandOutput[]) {
  const seen: GetMetricDataCommand['input'][] = [];
  return {
    seen,
    send: async (cmd: GetMetricDataCommand) => {
      seen.push(cmd.input);
      const page = pages[seen.length - 1];
      if (!page) throw new Error('asked for a page too many');
      return page;
    },
  };
}

test('fetch: pages NextToken with the same queries and aligned range, then merges the pages', async () => {
  const start = NOW - H;
  const client = fakeClient([
    { $metadata: {}, NextToken: 't1', MetricDataResults: [{ Id: 's0_invocations', Timestamps: [new Date(start)], Values: [4] }] },
    { $metadata: {}, MetricDataResults: [{ Id: 's0_invocations', Timestamps: [new Date(start + 60_000)], Values: [1] }] },
  ]);
  const view = await fetchMetrics(client, spec({ start: start - 5_000, end: NOW - 5_000 }), { now: NOW });
  assert.equal(client.seen.length, 2);
  assert.equal(client.seen[0].NextToken, undefined);
  assert.equal(client.seen[1].NextToken, 't1');
  assert.deepEqual(client.seen[0].StartTime, new Date(start));
  assert.deepEqual(client.seen[0].EndTime, new Date(NOW));
  assert.equal(client.seen[0].ScanBy, 'TimestampAscending');
  assert.deepEqual(client.seen[1].MetricDataQueries, client.seen[0].MetricDataQueries);
  assert.equal(view.period, 60);
  assert.equal(view.timestamps.length, 60);
  assert.deepEqual(view.series[0].values.slice(0, 3), [4, 1, null]);
});

test('fetch: an empty range is refused before any request', async () => {
  const client = fakeClient([]);
  await assert.rejects(fetchMetrics(client, spec({ start: NOW, end: NOW })), /start must come before its end/);
  assert.equal(client.seen.length, 0);
});

test('errors: access denied names the missing permission; others keep their AWS name', () => {
  const denied = Object.assign(new Error('User: arn:aws:iam::1:user/x is not authorized to perform: cloudwatch:GetMetricData'), { name: 'AccessDenied' });
  assert.match(metricsErrorMessage(denied, 'cloudwatch:GetMetricData'), /may not call cloudwatch:GetMetricData.*allows "cloudwatch:GetMetricData"/);
  const json = Object.assign(new Error('nope'), { name: 'com.amazonaws.cloudwatch#AccessDeniedException' });
  assert.match(metricsErrorMessage(json, 'cloudwatch:GetMetricData'), /Access denied/);
  const bad = Object.assign(new Error('The parameter MetricDataQueries is invalid'), { name: 'InvalidParameterValueException' });
  assert.match(metricsErrorMessage(bad, 'cloudwatch:GetMetricData'), /^InvalidParameterValueException: .*MetricDataQueries/);
});
