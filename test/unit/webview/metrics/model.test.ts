// What the metrics page draws: the charts and their series, the legend's figures, and the lone points
// that get a dot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartModels, formatValue, lonePoints, summary } from '../../../../src/webview/metrics/model';
import type { MetricsView } from '../../../../src/lambda/metrics';

const view: MetricsView = {
  start: 0,
  end: 180_000,
  period: 60,
  timestamps: [0, 60, 120],
  messages: [],
  series: [
    { target: 0, key: 'invocations', values: [3, null, 1] },
    { target: 0, key: 'errors', values: [1, null, 0] },
    { target: 0, key: 'errorRate', values: [33.3, null, 0] },
    { target: 0, key: 'p50', values: [10, null, 20] },
    { target: 0, key: 'p99', values: [40, null, 25] },
    { target: 0, key: 'throttles', values: [null, null, null] },
    { target: 0, key: 'concurrency', values: [2, null, 1] },
    { target: 1, key: 'invocations', values: [1, null, null] },
  ],
};

test('four charts; with several targets the labels name them and each target gets its own dash', () => {
  const charts = chartModels(view, ['all versions', 'prod']);
  assert.deepEqual(
    charts.map((c) => c.id),
    ['invocations', 'duration', 'throttles', 'concurrency'],
  );
  const inv = charts[0];
  assert.deepEqual(
    inv.series.map((s) => s.label),
    ['Invocations · all versions', 'Errors · all versions', 'Error rate · all versions', 'Invocations · prod'],
  );
  assert.deepEqual(inv.series[0].dash, []);
  assert.notDeepEqual(inv.series[3].dash, []);
  assert.equal(inv.series[2].unit, 'percent');
  assert.deepEqual(
    charts[1].series.map((s) => s.key),
    ['p50', 'p99'],
  );
  assert.equal(chartModels(view, ['all versions'])[0].series[0].label, 'Invocations');
});

test('legend figures: counts add up over the range, the rest show their highest point', () => {
  const charts = chartModels(view, ['all versions']);
  assert.equal(summary(charts[0].series[0]), 4);
  assert.equal(summary(charts[1].series[1]), 40);
  assert.equal(summary(charts[3].series[0]), 2);
  assert.equal(summary(charts[2].series[0]), undefined);
  // The range's error rate is errors over invocations (1 of 4), not the worst slot's 33.3 %.
  assert.equal(charts[0].series[2].key, 'errorRate');
  assert.equal(charts[0].series[2].rangeValue, 25);
  assert.equal(charts[0].series[0].rangeValue, 4);
  assert.equal(charts[2].series[0].rangeValue, undefined);
  assert.equal(formatValue(4, 'count'), '4');
  assert.equal(formatValue(1.5, 'count'), '1.50');
  assert.equal(formatValue(12.3456, 'ms'), '12.35 ms');
  assert.equal(formatValue(1234.5, 'ms'), '1235 ms');
  assert.equal(formatValue(33.333, 'percent'), '33.3 %');
  assert.equal(formatValue(null, 'count'), '–');
});

test('lone points: a point with a gap (or the edge) on both sides', () => {
  assert.deepEqual(lonePoints([1, null, 2, 3, null, 4]), [0, 5]);
  assert.deepEqual(lonePoints([null, 5, null]), [1]);
  assert.deepEqual(lonePoints([1, 2]), []);
});
