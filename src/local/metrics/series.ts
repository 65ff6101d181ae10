// The in-memory metric series: one per metric name and dimension set, each a map from bucket start
// (in whole minutes since the epoch: small integers, which Maps hash fastest) to a cell.
// (ms) to a cell. Young cells are 1-minute buckets holding their raw values; older ones are rolled up
// to 5-minute and then 1-hour aggregates with a quantile sketch, as CloudWatch keeps older data.
import { addValue, mergeCells, rolledUp, type Cell } from './stats';

export const NAMESPACE = 'AWS/Lambda';

export interface Dimension {
  Name: string;
  Value: string;
}

/** A stored cell and its resolution in seconds (60, 300 or 3600). */
export interface StoredCell extends Cell {
  r: number;
}

export interface Series {
  key: string;
  metricName: string;
  /** Sorted by name. */
  dims: Dimension[];
  unit: string;
  /** Bucket start in minutes since the epoch → cell. */
  cells: Map<number, StoredCell>;
  /** Newest point (ms), for ListMetrics' RecentlyActive. */
  lastT: number;
}

/** How a value joins a minute: another sample, or a gauge keeping the minute's maximum. */
export type Mode = 'sample' | 'max';

/** The series' identity: its name and (sorted) dimensions, joined with separators no name holds. */
export function seriesKey(metricName: string, dims: Dimension[]): string {
  let key = metricName;
  for (const d of dims) key += `\u0000${d.Name}\u0001${d.Value}`;
  return key;
}

export function sortDims(dims: Dimension[]): Dimension[] {
  return [...dims].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

const MINUTE = 60_000;

export class SeriesStore {
  readonly series = new Map<string, Series>();

  get(metricName: string, dims: Dimension[]): Series | undefined {
    return this.series.get(seriesKey(metricName, sortDims(dims)));
  }

  /** `dims` sorted by name (sortDims): the hot path does not sort them again. */
  private open(metricName: string, dims: Dimension[], unit: string): Series {
    const key = seriesKey(metricName, dims);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { key, metricName, dims, unit, cells: new Map(), lastT: 0 }));
    return s;
  }

  /** Adds a value; `dims` must be sorted by name. */
  add(metricName: string, dims: Dimension[], unit: string, t: number, value: number, mode: Mode = 'sample'): void {
    const s = this.open(metricName, dims, unit);
    const minute = Math.floor(t / MINUTE);
    const cell = s.cells.get(minute);
    if (!cell) s.cells.set(minute, { n: 1, sum: value, min: value, max: value, values: [value], r: 60 });
    else if (mode === 'max') {
      if (value > cell.max) s.cells.set(minute, { n: 1, sum: value, min: value, max: value, values: [value], r: cell.r });
    } else addValue(cell, value);
    if (t > s.lastT) s.lastT = t;
  }

  /** Puts back a rolled-up cell read from the rollup file. */
  restore(metricName: string, dims: Dimension[], unit: string, start: number, cell: StoredCell): void {
    const s = this.open(metricName, sortDims(dims), unit);
    s.cells.set(Math.floor(start / MINUTE), cell);
    if (start > s.lastT) s.lastT = start;
  }

  /**
   * Rolls cells starting before `before` whose resolution is finer than `res` into `res`-second
   * aggregates (raw values become a sketch). Returns whether anything changed.
   */
  rollup(before: number, res: number): boolean {
    let changed = false;
    const step = res / 60; // minutes
    const beforeMinute = before / MINUTE;
    for (const s of this.series.values()) {
      const groups = new Map<number, StoredCell[]>();
      for (const [start, cell] of s.cells) {
        if (start >= beforeMinute || cell.r >= res) continue;
        const g = start - (start % step);
        let list = groups.get(g);
        if (!list) groups.set(g, (list = []));
        list.push(cell);
        s.cells.delete(start);
      }
      for (const [g, cells] of groups) {
        const existing = s.cells.get(g);
        const merged = mergeCells(existing ? [existing, ...cells] : cells)!;
        s.cells.set(g, { ...rolledUp(merged), r: res });
        changed = true;
      }
    }
    return changed;
  }

  /** Drops cells starting before `before`, and series left empty. Returns whether anything went. */
  dropBefore(before: number): boolean {
    let changed = false;
    for (const [key, s] of this.series) {
      for (const start of s.cells.keys()) {
        if (start * MINUTE < before) {
          s.cells.delete(start);
          changed = true;
        }
      }
      if (s.cells.size === 0) this.series.delete(key);
    }
    return changed;
  }

  /** The oldest cell start (ms), or undefined when empty. */
  oldest(): number | undefined {
    let oldest: number | undefined;
    for (const s of this.series.values()) for (const start of s.cells.keys()) if (oldest === undefined || start < oldest) oldest = start;
    return oldest === undefined ? undefined : oldest * MINUTE;
  }
}
