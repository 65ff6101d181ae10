import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeStat, exactPercentile, mergeCells, newCell, addValue, parseStat, rolledUp, type Cell } from '../../../../src/local/metrics/stats';
import { emptySketch, sketchAdd, sketchQuantile, SKETCH_ACCURACY } from '../../../../src/local/metrics/sketch';

function cellOf(values: number[]): Cell {
  const c = newCell(values[0]!);
  for (const v of values.slice(1)) addValue(c, v);
  return c;
}

describe('metric statistics', () => {
  it('parses the basic statistics and pNN percentiles, refusing the rest', () => {
    assert.deepEqual(parseStat('Sum'), { kind: 'basic', name: 'Sum' });
    assert.deepEqual(parseStat('p99'), { kind: 'percentile', name: 'p99', q: 0.99 });
    assert.equal(parseStat('p99.9')?.kind, 'percentile');
    assert.equal(parseStat('p100')?.kind, 'percentile');
    for (const bad of ['sum', 'p101', 'p', 'p9.999', 'tm99', 'IQM']) assert.equal(parseStat(bad), undefined, bad);
  });

  it('computes the five statistics exactly', () => {
    const c = cellOf([4, 1, 3, 2]);
    const get = (s: string): number | undefined => computeStat(c, parseStat(s)!);
    assert.deepEqual(['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'].map(get), [4, 10, 2.5, 1, 4]);
  });

  it('computes percentiles by nearest rank while raw values are kept', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    const c = cellOf(values);
    assert.equal(computeStat(c, parseStat('p50')!), 50);
    assert.equal(computeStat(c, parseStat('p90')!), 90);
    assert.equal(computeStat(c, parseStat('p99')!), 99);
    assert.equal(computeStat(c, parseStat('p99.5')!), 100);
    assert.equal(computeStat(c, parseStat('p0')!), 1);
    assert.equal(exactPercentile([7], 0.5), 7);
    assert.equal(exactPercentile([], 0.5), undefined);
  });

  it('merges cells exactly, and through the sketch once one is rolled up', () => {
    const a = cellOf([1, 2, 3]);
    const b = cellOf([10, 20]);
    const m = mergeCells([a, b])!;
    assert.deepEqual([m.n, m.sum, m.min, m.max, m.values?.length], [5, 36, 1, 20, 5]);
    const r = mergeCells([rolledUp(a), b])!;
    assert.deepEqual([r.n, r.sum, r.min, r.max, r.values], [5, 36, 1, 20, undefined]);
    assert.ok(r.sketch);
  });

  it('reads quantiles from the sketch within its relative accuracy', () => {
    const s = emptySketch();
    const values: number[] = [];
    for (let i = 1; i <= 10_000; i++) {
      const v = 1 + ((i * 7919) % 5000) / 7; // spread, unordered
      values.push(v);
      sketchAdd(s, v);
    }
    sketchAdd(s, 0, 100);
    for (let i = 0; i < 100; i++) values.push(0);
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = exactPercentile(values, q)!;
      const approx = sketchQuantile(s, q, 0, Math.max(...values))!;
      assert.ok(Math.abs(approx - exact) / exact <= SKETCH_ACCURACY + 1e-9, `q=${q}: ${approx} vs ${exact}`);
    }
    assert.equal(sketchQuantile(s, 0.001, 0, 1000), 0);
    assert.equal(sketchQuantile(emptySketch(), 0.5, 0, 0), undefined);
  });
});
