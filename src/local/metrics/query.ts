// Reading points back: a metric's cells within [start, end) grouped into periods, and the start-time
// rounding CloudWatch applies (whole minute under 15 days ago, 5 minutes under 63, else the hour).
import { NAMESPACE, type Dimension, type SeriesStore } from './series';
import type { Cell } from './stats';

const DAY = 86_400_000;

export function alignStart(startMs: number, now: number): number {
  const age = now - startMs;
  const step = age < 15 * DAY ? 60_000 : age < 63 * DAY ? 300_000 : 3_600_000;
  return startMs - (((startMs % step) + step) % step);
}

export interface MetricRef {
  namespace: string;
  metricName: string;
  dims: Dimension[];
  unit?: string;
}

/** Period start (ms) → the cells of that period, for periods that have data (statOf reads them). */
export function periods(store: SeriesStore, m: MetricRef, startMs: number, endMs: number, periodSec: number, now: number): Map<number, Cell[]> {
  const out = new Map<number, Cell[]>();
  if (m.namespace !== NAMESPACE) return out;
  const s = store.get(m.metricName, m.dims);
  if (!s || (m.unit !== undefined && m.unit !== s.unit)) return out;
  const from = alignStart(startMs, now);
  const step = periodSec * 1000;
  for (const [minute, cell] of s.cells) {
    const t = minute * 60_000;
    if (t < from || t >= endMs) continue;
    const p = from + Math.floor((t - from) / step) * step;
    const g = out.get(p);
    if (g) g.push(cell);
    else out.set(p, [cell]);
  }
  return out;
}

export function unitOf(store: SeriesStore, m: MetricRef): string | undefined {
  return m.namespace === NAMESPACE ? store.get(m.metricName, m.dims)?.unit : undefined;
}
