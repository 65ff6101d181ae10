import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsStore } from '../../../../src/local/metrics/store';
import { eventOf, type MetricEvent } from '../../../../src/local/metrics/recorder';
import { periods } from '../../../../src/local/metrics/query';
import { parseStat, statOf } from '../../../../src/local/metrics/stats';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lwb-metrics-'));
  dirs.push(d);
  return d;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const FN = [{ Name: 'FunctionName', Value: 'f' }];

function invocation(t: number, d: number, error = false, extra: Partial<MetricEvent> = {}): MetricEvent {
  const ev = eventOf('i', { functionName: 'f', version: '$LATEST' }, t);
  ev.d = d;
  if (error) ev.e = 1;
  ev.c = 1;
  ev.C = 1;
  return { ...ev, ...extra };
}

/** Statistic over the whole of [from, to) as one period. */
function stat(store: MetricsStore, metric: string, s: string, from: number, to: number, dims = FN): number | undefined {
  const period = Math.ceil((to - from) / 60_000) * 60;
  const cells = [...periods(store.series, { namespace: 'AWS/Lambda', metricName: metric, dims }, from, to, period, to).values()];
  assert.ok(cells.length <= 1);
  return cells[0] ? statOf(cells[0], parseStat(s)!) : undefined;
}

describe('metrics store', () => {
  it('records the dimension sets Lambda publishes', () => {
    const now = T0;
    const store = new MetricsStore({ dataDir: tempDir(), now: () => now });
    store.record(invocation(T0, 5));
    store.record({ ...invocation(T0, 7, true), q: 'live', v: '3' });
    store.record(eventOf('t', { functionName: 'f', qualifier: 'live', version: '3' }, T0));
    store.record(eventOf('a', { functionName: 'f', version: '$LATEST' }, T0));
    const keys = [...store.series.series.values()].map((s) => `${s.metricName} ${s.dims.map((d) => `${d.Name}=${d.Value}`).join(',')}`).sort();
    assert.deepEqual(keys, [
      'AsyncEventsReceived FunctionName=f',
      'AsyncEventsReceived FunctionName=f,Resource=f',
      'ConcurrentExecutions ',
      'ConcurrentExecutions FunctionName=f',
      'ConcurrentExecutions FunctionName=f,Resource=f',
      'Duration ',
      'Duration ExecutedVersion=3,FunctionName=f',
      'Duration FunctionName=f',
      'Duration FunctionName=f,Resource=f',
      'Duration FunctionName=f,Resource=f:live',
      'Errors ',
      'Errors ExecutedVersion=3,FunctionName=f',
      'Errors FunctionName=f',
      'Errors FunctionName=f,Resource=f',
      'Errors FunctionName=f,Resource=f:live',
      'Invocations ',
      'Invocations ExecutedVersion=3,FunctionName=f',
      'Invocations FunctionName=f',
      'Invocations FunctionName=f,Resource=f',
      'Invocations FunctionName=f,Resource=f:live',
      'Throttles ',
      'Throttles FunctionName=f',
      'Throttles FunctionName=f,Resource=f:live',
    ]);
    assert.equal(stat(store, 'Errors', 'Sum', T0, T0 + 60_000), 1);
    assert.equal(stat(store, 'Errors', 'SampleCount', T0, T0 + 60_000), 2);
    assert.equal(stat(store, 'Duration', 'Sum', T0, T0 + 60_000, []), 12);
    store.close();
  });

  it('keeps the maximum concurrency of a minute', () => {
    const store = new MetricsStore({ dataDir: tempDir(), now: () => T0 });
    for (const c of [1, 3, 2]) store.record(invocation(T0, 1, false, { c, C: c + 1 }));
    assert.equal(stat(store, 'ConcurrentExecutions', 'Maximum', T0, T0 + 60_000), 3);
    assert.equal(stat(store, 'ConcurrentExecutions', 'SampleCount', T0, T0 + 60_000), 1);
    assert.equal(stat(store, 'ConcurrentExecutions', 'Maximum', T0, T0 + 60_000, []), 4);
    store.close();
  });

  it('persists across a restart and skips a line a crash cut short', () => {
    const dataDir = tempDir();
    const a = new MetricsStore({ dataDir, now: () => T0 });
    for (let i = 0; i < 10; i++) a.record(invocation(T0 + i * 1000, i + 0.25, i % 3 === 0));
    a.flush(); // what a kill -9 leaves: flushed lines, no close
    const [segment] = readdirSync(join(dataDir, 'metrics')).filter((f) => f.startsWith('seg-'));
    appendFileSync(join(dataDir, 'metrics', segment!), '{"t":' + T0 + ',"k":"i","f":"f","d":99'); // half-written
    writeFileSync(join(dataDir, 'metrics', 'rollup.json.123.tmp'), '{"v":1,'); // a rollup write cut short
    const warnings: string[] = [];
    const b = new MetricsStore({ dataDir, now: () => T0 + 60_000, warn: (l) => warnings.push(l) });
    assert.equal(stat(b, 'Invocations', 'Sum', T0, T0 + 60_000), 10);
    assert.equal(stat(b, 'Errors', 'Sum', T0, T0 + 60_000), 4);
    assert.equal(stat(b, 'Duration', 'Sum', T0, T0 + 60_000), 47.5);
    assert.deepEqual(warnings, []);
    assert.ok(!readdirSync(join(dataDir, 'metrics')).some((f) => f.endsWith('.tmp')));
    b.record(invocation(T0 + 61_000, 1));
    b.close();
    const c = new MetricsStore({ dataDir, now: () => T0 + 120_000 });
    assert.equal(stat(c, 'Invocations', 'Sum', T0, T0 + 120_000), 11);
    c.close();
  });

  it('warns about and skips damaged lines', () => {
    const dataDir = tempDir();
    const a = new MetricsStore({ dataDir, now: () => T0 });
    a.record(invocation(T0, 1));
    a.close();
    const [segment] = readdirSync(join(dataDir, 'metrics')).filter((f) => f.startsWith('seg-'));
    appendFileSync(join(dataDir, 'metrics', segment!), 'garbage\n{"t":"x","k":"i","f":"f"}\n');
    const warnings: string[] = [];
    const b = new MetricsStore({ dataDir, now: () => T0, warn: (l) => warnings.push(l) });
    assert.equal(stat(b, 'Invocations', 'Sum', T0, T0 + 60_000), 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /skipped 2 damaged line\(s\)/);
    b.close();
  });

  it('rolls old minutes up to 5-minute then 1-hour aggregates, same sums, percentiles from the sketch', () => {
    const dataDir = tempDir();
    let now = T0;
    const store = new MetricsStore({ dataDir, now: () => now, rawMs: HOUR, fiveMinuteMs: 2 * HOUR });
    for (let i = 0; i < 120; i++) store.record(invocation(T0 + i * 30_000, 10 + (i % 50), i % 10 === 0)); // 60 minutes
    store.flush();
    const before = { sum: stat(store, 'Duration', 'Sum', T0, T0 + HOUR), p90: stat(store, 'Duration', 'p90', T0, T0 + HOUR) };
    now = T0 + 3 * HOUR + 30 * 60_000; // the first 30 minutes are past the 5-minute age: all of it past the raw age
    store.compact();
    const cells = [...store.series.get('Duration', FN)!.cells.values()];
    assert.ok(cells.every((c) => c.r === 3600 || c.r === 300));
    assert.ok(cells.some((c) => c.r === 3600));
    assert.ok(cells.every((c) => c.sketch && !c.values));
    assert.equal(stat(store, 'Duration', 'Sum', T0, T0 + HOUR), before.sum);
    assert.equal(stat(store, 'Invocations', 'Sum', T0, T0 + HOUR), 120);
    assert.equal(stat(store, 'Errors', 'Sum', T0, T0 + HOUR), 12);
    const p90 = stat(store, 'Duration', 'p90', T0, T0 + HOUR)!;
    assert.ok(Math.abs(p90 - before.p90!) / before.p90! <= 0.011, `${p90} vs ${before.p90}`);
    // The raw segments are folded into rollup.json and gone; a restart reads the same figures once.
    assert.deepEqual(
      readdirSync(join(dataDir, 'metrics')).filter((f) => f.startsWith('seg-')),
      [],
    );
    store.close();
    const again = new MetricsStore({ dataDir, now: () => now, rawMs: HOUR, fiveMinuteMs: 2 * HOUR });
    assert.equal(stat(again, 'Invocations', 'Sum', T0, T0 + HOUR), 120);
    assert.equal(stat(again, 'Duration', 'Sum', T0, T0 + HOUR), before.sum);
    again.close();
  });

  it('drops points past the retention', () => {
    const dataDir = tempDir();
    let now = T0;
    const store = new MetricsStore({ dataDir, now: () => now, retentionDays: 2 });
    store.record(invocation(T0, 1));
    store.record(invocation(T0 + DAY, 1));
    now = T0 + 2 * DAY + HOUR;
    store.compact();
    assert.equal(stat(store, 'Invocations', 'Sum', T0, T0 + 60_000), undefined);
    assert.equal(stat(store, 'Invocations', 'Sum', T0 + DAY, T0 + DAY + 60_000), 1);
    store.close();
    const again = new MetricsStore({ dataDir, now: () => now, retentionDays: 2 });
    assert.equal(stat(again, 'Invocations', 'Sum', T0, T0 + 60_000), undefined);
    again.close();
  });

  it('stays under its size cap by dropping the oldest points', () => {
    const dataDir = tempDir();
    let now = T0;
    const maxBytes = 256 * 1024;
    const store = new MetricsStore({ dataDir, now: () => now, maxBytes });
    for (let h = 0; h < 48; h++) {
      for (let i = 0; i < 200; i++) store.record(invocation(T0 + h * HOUR + i * 1000, i));
      now = T0 + h * HOUR + 250_000;
      store.flush();
      store.compact();
    }
    store.close();
    const total = readdirSync(join(dataDir, 'metrics')).reduce((a, f) => a + statSync(join(dataDir, 'metrics', f)).size, 0);
    assert.ok(total <= maxBytes, `${total} bytes`);
    assert.ok(store.bytes() <= maxBytes);
    // The newest hour is whole, the oldest is gone.
    assert.equal(stat(store, 'Invocations', 'Sum', T0 + 47 * HOUR, T0 + 48 * HOUR), 200);
    assert.equal(stat(store, 'Invocations', 'Sum', T0, T0 + HOUR), undefined);
    const again = new MetricsStore({ dataDir, now: () => now, maxBytes });
    assert.equal(stat(again, 'Invocations', 'Sum', T0 + 47 * HOUR, T0 + 48 * HOUR), 200);
    assert.equal(stat(again, 'Invocations', 'Sum', T0, T0 + HOUR), undefined);
    again.close();
    assert.ok(JSON.parse(readFileSync(join(dataDir, 'metrics', 'rollup.json'), 'utf8')).foldedUntil > T0);
  });
});
