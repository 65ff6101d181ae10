// When results get a chart: the query aggregates over time (`stats ... by bin(...)`), and the rows have
// a time column and numeric columns. Turns the rows into uPlot's columns: the times (seconds, sorted)
// and one series per numeric column, per group when the query also groups by other fields
// (`stats count(*) by bin(5m), @type` gives one line per @type). Pure (no DOM, no uPlot).
import { tokenize } from './tokens';
import type { Row } from './results';

export interface ChartData {
  /** Seconds since the epoch, ascending. */
  x: number[];
  series: { label: string; values: (number | null)[] }[];
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const MAX_SERIES = 20;

/** True when the query's last stats command groups by bin(...). */
export function isBinStats(query: string): boolean {
  const tokens = tokenize(query);
  const word = (i: number) => query.slice(tokens[i].start, tokens[i].end).toLowerCase();
  let result = false;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].kind !== 'command') continue;
    if (word(i) !== 'stats') continue;
    let by = false;
    let bin = false;
    for (let j = i + 1; j < tokens.length && tokens[j].kind !== 'pipe'; j++) {
      if (tokens[j].kind === 'keyword' && word(j) === 'by') by = true;
      else if (by && tokens[j].kind === 'function' && word(j) === 'bin') bin = true;
    }
    result = bin;
  }
  return result;
}

/** A results time (`2024-01-02 03:04:00.000`, UTC) in seconds, or undefined. */
export function parseTime(v: string): number | undefined {
  const m = TIME.exec(v.trim());
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0), +(m[7] ?? '0').padEnd(3, '0'));
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** The chart of a `stats ... by bin()` result, or undefined when there is nothing to draw. */
export function chartData(query: string, fields: readonly string[], rows: readonly Row[]): ChartData | undefined {
  if (!rows.length || !isBinStats(query)) return undefined;
  const filled = (f: string) => rows.filter((r) => r[f] !== undefined && r[f] !== '');
  const timeField = fields.find((f) => {
    const vs = filled(f);
    return vs.length > 0 && vs.every((r) => parseTime(r[f]) !== undefined);
  });
  if (!timeField) return undefined;
  const numeric = fields.filter((f) => f !== timeField && filled(f).length > 0 && filled(f).every((r) => NUMBER.test(r[f].trim())));
  if (!numeric.length) return undefined;
  const groups = fields.filter((f) => f !== timeField && !numeric.includes(f));
  const times = [...new Set(rows.map((r) => parseTime(r[timeField] ?? '')).filter((t): t is number => t !== undefined))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const series = new Map<string, (number | null)[]>();
  for (const r of rows) {
    const t = parseTime(r[timeField] ?? '');
    if (t === undefined) continue;
    const group = groups.map((g) => r[g] ?? '').join(' ');
    for (const f of numeric) {
      const v = r[f];
      if (v === undefined || v === '') continue;
      const label = group.trim() ? `${f} ${group}` : f;
      let values = series.get(label);
      if (!values) {
        if (series.size >= MAX_SERIES) continue;
        values = times.map(() => null);
        series.set(label, values);
      }
      values[index.get(t)!] = Number(v);
    }
  }
  return { x: times, series: [...series].map(([label, values]) => ({ label, values })) };
}
