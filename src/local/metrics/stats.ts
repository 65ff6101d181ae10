// Statistics over stored metric points: the five basic ones, exact from sums and counts, and
// percentiles (pNN, pNN.NN), exact by nearest rank while the raw values are kept and from the quantile
// sketch once a point has been rolled up.
import { emptySketch, sketchAdd, sketchMerge, sketchQuantile, type Sketch } from './sketch';

/** One stored point: a minute's raw values, or a rolled-up aggregate with a sketch instead. */
export interface Cell {
  n: number;
  sum: number;
  min: number;
  max: number;
  /** Every value, while the point is young enough to keep them (exact percentiles). */
  values?: number[];
  sketch?: Sketch;
}

export const BASIC_STATS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type BasicStat = (typeof BASIC_STATS)[number];

export type Stat = { kind: 'basic'; name: BasicStat } | { kind: 'percentile'; name: string; q: number };

/** `p99`, `p99.9`, `p50`, `p0`, `p100`: CloudWatch's percentile syntax (up to two decimals). */
const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,2})?|100(?:\.0{1,2})?)$/;

/** Parses a statistic name; undefined when it is not one this service computes. */
export function parseStat(name: string): Stat | undefined {
  if ((BASIC_STATS as readonly string[]).includes(name)) return { kind: 'basic', name: name as BasicStat };
  const m = PERCENTILE.exec(name);
  if (m) return { kind: 'percentile', name, q: Number(m[1]) / 100 };
  return undefined;
}

export function isExtendedStat(name: string): boolean {
  return PERCENTILE.test(name);
}

export function newCell(value: number): Cell {
  return { n: 1, sum: value, min: value, max: value, values: [value] };
}

export function addValue(c: Cell, value: number): void {
  c.n++;
  c.sum += value;
  if (value < c.min) c.min = value;
  if (value > c.max) c.max = value;
  if (c.values) c.values.push(value);
  else if (c.sketch) sketchAdd(c.sketch, value);
}

/** A cell's values as a sketch (for rolling it up). */
export function toSketch(c: Cell): Sketch {
  if (c.sketch) return c.sketch;
  const s = emptySketch();
  for (const v of c.values ?? []) sketchAdd(s, v);
  return s;
}

/** Rolls a cell up: same sums, its values replaced by a sketch. */
export function rolledUp(c: Cell): Cell {
  return { n: c.n, sum: c.sum, min: c.min, max: c.max, sketch: toSketch(c) };
}

/** Merges cells into one (raw values kept only when every cell still has them). */
export function mergeCells(cells: Cell[]): Cell | undefined {
  if (cells.length === 0) return undefined;
  if (cells.length === 1) return cells[0];
  const out: Cell = { n: 0, sum: 0, min: Infinity, max: -Infinity };
  const allRaw = cells.every((c) => c.values);
  if (allRaw) out.values = [];
  else out.sketch = emptySketch();
  let sketch = out.sketch;
  for (const c of cells) {
    out.n += c.n;
    out.sum += c.sum;
    out.min = Math.min(out.min, c.min);
    out.max = Math.max(out.max, c.max);
    if (out.values) for (const v of c.values!) out.values.push(v);
    else sketch = sketchMerge(sketch!, toSketch(c));
  }
  if (sketch) out.sketch = sketch;
  return out;
}

/** Nearest-rank percentile of raw values. */
export function exactPercentile(values: number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** A statistic over several cells (one period): basic ones without merging their values. */
export function statOf(cells: Cell[], stat: Stat): number | undefined {
  if (cells.length === 1) return computeStat(cells[0]!, stat);
  if (stat.kind === 'percentile') return computeStat(mergeCells(cells) ?? { n: 0, sum: 0, min: 0, max: 0 }, stat);
  const agg: Cell = { n: 0, sum: 0, min: Infinity, max: -Infinity };
  for (const c of cells) {
    agg.n += c.n;
    agg.sum += c.sum;
    if (c.min < agg.min) agg.min = c.min;
    if (c.max > agg.max) agg.max = c.max;
  }
  return computeStat(agg, stat);
}

export function computeStat(c: Cell, stat: Stat): number | undefined {
  if (c.n === 0) return undefined;
  if (stat.kind === 'basic') {
    switch (stat.name) {
      case 'SampleCount':
        return c.n;
      case 'Sum':
        return c.sum;
      case 'Average':
        return c.sum / c.n;
      case 'Minimum':
        return c.min;
      case 'Maximum':
        return c.max;
    }
  }
  if (stat.q <= 0) return c.min;
  if (stat.q >= 1) return c.max;
  return c.values ? exactPercentile(c.values, stat.q) : sketchQuantile(c.sketch ?? emptySketch(), stat.q, c.min, c.max);
}
