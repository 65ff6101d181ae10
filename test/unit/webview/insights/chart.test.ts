// When results get a chart and what it draws (src/webview/insights/chart.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartData, isBinStats, parseTime } from '../../../../src/webview/insights/chart';

test('a chart only for stats ... by bin(...)', () => {
  assert.equal(isBinStats('stats count(*) by bin(1m)'), true);
  assert.equal(isBinStats('filter @type = "REPORT"\n| stats avg(@duration) as a, max(@duration) by bin(5m), @logStream | sort a'), true);
  assert.equal(isBinStats('stats count(*) by @logStream'), false);
  assert.equal(isBinStats('fields bin(1m) | stats count(*) by x'), false);
  assert.equal(isBinStats('fields @message # stats count(*) by bin(1m)'), false);
  assert.equal(isBinStats('stats count(*) by bin(1m) | stats count(*) by x'), false, 'the last stats decides');
});

test('times read as UTC seconds', () => {
  assert.equal(parseTime('2024-01-02 03:04:00.000'), Date.UTC(2024, 0, 2, 3, 4) / 1000);
  assert.equal(parseTime('2024-01-02 03:04:05.5'), Date.UTC(2024, 0, 2, 3, 4, 5, 500) / 1000);
  assert.equal(parseTime('yesterday'), undefined);
});

test('rows become sorted times and one series per numeric column', () => {
  const d = chartData(
    'stats count(*), avg(@duration) by bin(1m)',
    ['bin(1m)', 'count(*)', 'avg(@duration)'],
    [
      { 'bin(1m)': '2024-01-01 00:02:00.000', 'count(*)': '3', 'avg(@duration)': '12.5' },
      { 'bin(1m)': '2024-01-01 00:01:00.000', 'count(*)': '1', 'avg(@duration)': '4' },
    ],
  );
  const t0 = Date.UTC(2024, 0, 1, 0, 1) / 1000;
  assert.deepEqual(d, {
    x: [t0, t0 + 60],
    series: [
      { label: 'count(*)', values: [1, 3] },
      { label: 'avg(@duration)', values: [4, 12.5] },
    ],
  });
});

test('a second group-by field splits the series; gaps stay empty', () => {
  const d = chartData(
    'stats count(*) as n by bin(1m), @type',
    ['bin(1m)', '@type', 'n'],
    [
      { 'bin(1m)': '2024-01-01 00:01:00.000', '@type': 'REPORT', n: '2' },
      { 'bin(1m)': '2024-01-01 00:02:00.000', '@type': 'START', n: '5' },
    ],
  );
  assert.deepEqual(d?.series, [
    { label: 'n REPORT', values: [2, null] },
    { label: 'n START', values: [null, 5] },
  ]);
});

test('no chart without rows, a time column or a number', () => {
  assert.equal(chartData('stats count(*) by bin(1m)', ['bin(1m)', 'count(*)'], []), undefined);
  assert.equal(chartData('stats count(*) by bin(1m)', ['x', 'count(*)'], [{ x: 'abc', 'count(*)': '1' }]), undefined);
  assert.equal(chartData('stats count(*) by bin(1m)', ['bin(1m)', 'v'], [{ 'bin(1m)': '2024-01-01 00:01:00.000', v: 'n/a' }]), undefined);
});
