// What the page draws from a MetricsView, without the DOM (node's test runner covers it): which chart
// each series goes to, its label, colour name, dash and axis, and the figures the legend shows (at
// the cursor, or over the whole range).
import type { MetricKey, MetricsView } from '../../lambda/metrics';

/** VS Code's chart colours (--vscode-charts-<name>). */
export type ColorName = 'blue' | 'red' | 'yellow' | 'orange' | 'green' | 'purple';
export type Unit = 'count' | 'ms' | 'percent';

interface MetricInfo {
  name: string;
  color: ColorName;
  unit: Unit;
  /** How the legend sums up the range: counts add up, the rest show their highest point. */
  summary: 'sum' | 'max';
}

export const METRICS: Record<MetricKey, MetricInfo> = {
  invocations: { name: 'Invocations', color: 'blue', unit: 'count', summary: 'sum' },
  errors: { name: 'Errors', color: 'red', unit: 'count', summary: 'sum' },
  errorRate: { name: 'Error rate', color: 'orange', unit: 'percent', summary: 'max' },
  throttles: { name: 'Throttles', color: 'yellow', unit: 'count', summary: 'sum' },
  concurrency: { name: 'Concurrent executions', color: 'purple', unit: 'count', summary: 'max' },
  p50: { name: 'p50', color: 'green', unit: 'ms', summary: 'max' },
  p90: { name: 'p90', color: 'yellow', unit: 'ms', summary: 'max' },
  p99: { name: 'p99', color: 'red', unit: 'ms', summary: 'max' },
  avg: { name: 'Average', color: 'blue', unit: 'ms', summary: 'max' },
  max: { name: 'Maximum', color: 'red', unit: 'ms', summary: 'max' },
};

export interface ChartSeries {
  key: MetricKey;
  target: number;
  label: string;
  color: ColorName;
  /** Line dash of the target (the first target solid). */
  dash: number[];
  unit: Unit;
  values: (number | null)[];
  /** The legend's figure for the whole range (see rangeValue). */
  rangeValue: number | undefined;
}

export interface ChartModel {
  id: 'invocations' | 'duration' | 'throttles' | 'concurrency';
  title: string;
  series: ChartSeries[];
}

const LAYOUT: { id: ChartModel['id']; title: string; keys: MetricKey[] }[] = [
  { id: 'invocations', title: 'Invocations and errors', keys: ['invocations', 'errors', 'errorRate'] },
  { id: 'duration', title: 'Duration (ms)', keys: ['p50', 'p90', 'p99', 'avg', 'max'] },
  { id: 'throttles', title: 'Throttles', keys: ['throttles'] },
  { id: 'concurrency', title: 'Concurrent executions', keys: ['concurrency'] },
];

const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

/** The charts of a view; `labels` names each target ("all versions", an alias, a version). */
export function chartModels(view: MetricsView, labels: readonly string[]): ChartModel[] {
  return LAYOUT.map(({ id, title, keys }) => {
    const series: ChartSeries[] = [];
    for (const key of keys) {
      for (const s of view.series) {
        if (s.key !== key) continue;
        const info = METRICS[key];
        const label = labels.length > 1 ? `${info.name} · ${labels[s.target] ?? s.target}` : info.name;
        const rangeValue = rangeFigure(view, s.target, key, s.values);
        series.push({ key, target: s.target, label, color: info.color, dash: DASHES[s.target % DASHES.length], unit: info.unit, values: s.values, rangeValue });
      }
    }
    series.sort((a, b) => a.target - b.target || keys.indexOf(a.key) - keys.indexOf(b.key));
    return { id, title, series };
  });
}

/** The legend's figure for the whole range: the sum of counts, the highest point otherwise; undefined when there is no point. */
export function summary(s: { key: MetricKey; values: readonly (number | null)[] }): number | undefined {
  let out: number | undefined;
  for (const v of s.values) {
    if (v === null) continue;
    out = out === undefined ? v : METRICS[s.key].summary === 'sum' ? out + v : Math.max(out, v);
  }
  return out;
}

/** The range's figure of a series: the error rate over the whole range is its errors over its invocations, not its worst slot. */
function rangeFigure(view: MetricsView, target: number, key: MetricKey, values: readonly (number | null)[]): number | undefined {
  if (key !== 'errorRate') return summary({ key, values });
  const sum = (k: MetricKey) => summary({ key: k, values: view.series.find((x) => x.target === target && x.key === k)?.values ?? [] });
  const invocations = sum('invocations');
  return invocations ? ((sum('errors') ?? 0) / invocations) * 100 : undefined;
}

/** A figure as the legend writes it: counts whole, milliseconds with up to two decimals, percentages with one. */
export function formatValue(v: number | null | undefined, unit: Unit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (unit === 'percent') return `${v.toFixed(1)} %`;
  if (unit === 'ms') return `${v >= 100 ? Math.round(v) : Number(v.toFixed(2))} ms`;
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** Indices of points with no neighbour (a gap on both sides): drawn as dots, since a line needs two points. */
export function lonePoints(values: readonly (number | null)[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null) continue;
    if ((i === 0 || values[i - 1] === null) && (i === values.length - 1 || values[i + 1] === null)) out.push(i);
  }
  return out;
}
