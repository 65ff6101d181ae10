// GetMetricData's answer turned into what a chart draws: one timestamp grid for the whole range (a
// step per period) and, for every query, its values on that grid, null where CloudWatch had no point
// (a gap, drawn as one). Results of several pages of one query are merged. Pure.
import type { MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { parseQueryId, type MetricKey } from './query';

export interface SeriesValues {
  /** Index into the view's targets. */
  target: number;
  key: MetricKey;
  values: (number | null)[];
}

export interface MetricsView {
  /** Epoch milliseconds, aligned to the period. */
  start: number;
  end: number;
  /** Seconds. */
  period: number;
  /** Epoch seconds (uPlot's time unit), one per period from start. */
  timestamps: number[];
  series: SeriesValues[];
  /** Messages CloudWatch attached to partial or failed queries. */
  messages: string[];
}

/** The grid of a range: start, start + period, ... up to (not including) end. */
export function timeGrid(start: number, end: number, periodSec: number): number[] {
  const out: number[] = [];
  const p = periodSec * 1000;
  for (let t = start; t < end; t += p) out.push(t / 1000);
  return out;
}

/** Places every result on the grid; a point outside the range is dropped, a second point in one slot adds up (only paging repeats a slot). */
export function alignResults(results: readonly MetricDataResult[], start: number, end: number, periodSec: number): MetricsView {
  const timestamps = timeGrid(start, end, periodSec);
  const byId = new Map<string, SeriesValues>();
  const messages: string[] = [];
  const p = periodSec * 1000;
  for (const r of results) {
    const id = r.Id ? parseQueryId(r.Id) : undefined;
    if (!id) continue;
    let s = byId.get(r.Id!);
    if (!s) {
      s = { target: id.target, key: id.key, values: timestamps.map(() => null) };
      byId.set(r.Id!, s);
    }
    const ts = r.Timestamps ?? [];
    const vs = r.Values ?? [];
    for (let i = 0; i < Math.min(ts.length, vs.length); i++) {
      const v = vs[i];
      if (!Number.isFinite(v)) continue;
      const slot = Math.round((new Date(ts[i]).getTime() - start) / p);
      if (slot < 0 || slot >= timestamps.length) continue;
      s.values[slot] = s.values[slot] === null ? v : s.values[slot]! + v;
    }
    for (const m of r.Messages ?? []) if (m.Value && !messages.includes(m.Value)) messages.push(m.Value);
    if (r.StatusCode === 'PartialData' && !messages.includes('Part of the data is missing (CloudWatch answered with PartialData).')) {
      messages.push('Part of the data is missing (CloudWatch answered with PartialData).');
    }
  }
  const series = [...byId.values()].sort((a, b) => a.target - b.target || a.key.localeCompare(b.key));
  return { start, end, period: periodSec, timestamps, series, messages };
}

/** The sum of a series' points (gaps count as nothing). */
export function total(values: readonly (number | null)[]): number {
  let sum = 0;
  for (const v of values) if (v !== null) sum += v;
  return sum;
}

/** No invocation in the range on any target: the panel shows its empty state. */
export function isEmpty(view: MetricsView): boolean {
  return !view.series.some((s) => (s.key === 'invocations' || s.key === 'throttles') && total(s.values) > 0);
}
