// What the metrics panel asks CloudWatch for one function: the time range and its period (chosen as
// the console does, so a chart never holds more than 1,440 points), and the GetMetricData queries of
// each series (the whole function, or one alias or version through the Resource dimension). Pure:
// no vscode and no client; the SDK's query shapes only.
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';

export const RANGE_PRESETS = { '1h': 3_600_000, '3h': 3 * 3_600_000, '12h': 12 * 3_600_000, '1d': 86_400_000, '1w': 7 * 86_400_000 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
/** The periods a user may pick (seconds); 'auto' lets the range decide. */
export const PERIOD_CHOICES = [60, 300, 3600] as const;
export type PeriodChoice = 'auto' | (typeof PERIOD_CHOICES)[number];
/** Most points a chart draws per series: a day at one minute. */
export const MAX_POINTS = 1440;
/** The periods CloudWatch's console steps through, in seconds. */
const LADDER = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 86_400];
const DAY = 86_400_000;

export type DurationMode = 'percentiles' | 'avgmax';

/** One line group: the whole function, or one of its aliases or versions. */
export interface SeriesTarget {
  /** Undefined: every version together (the FunctionName dimension alone). */
  qualifier?: string;
}

export interface MetricsSpec {
  functionName: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  period: PeriodChoice;
  duration: DurationMode;
  targets: SeriesTarget[];
}

/** Which metric a query reads, and how its missing points are read. */
export type MetricKey = 'invocations' | 'errors' | 'errorRate' | 'throttles' | 'concurrency' | 'p50' | 'p90' | 'p99' | 'avg' | 'max';

interface MetricDef {
  key: MetricKey;
  name: string;
  stat: string;
}

const COUNTS: MetricDef[] = [
  { key: 'invocations', name: 'Invocations', stat: 'Sum' },
  { key: 'errors', name: 'Errors', stat: 'Sum' },
  { key: 'throttles', name: 'Throttles', stat: 'Sum' },
  { key: 'concurrency', name: 'ConcurrentExecutions', stat: 'Maximum' },
];
const PERCENTILES: MetricDef[] = [
  { key: 'p50', name: 'Duration', stat: 'p50' },
  { key: 'p90', name: 'Duration', stat: 'p90' },
  { key: 'p99', name: 'Duration', stat: 'p99' },
];
const AVGMAX: MetricDef[] = [
  { key: 'avg', name: 'Duration', stat: 'Average' },
  { key: 'max', name: 'Duration', stat: 'Maximum' },
];

/**
 * The period for a range, in seconds. 'auto' is the console's choice: the smallest step of its ladder
 * that keeps the range within MAX_POINTS. A picked period is kept unless it would exceed MAX_POINTS,
 * and no period is finer than CloudWatch keeps for data that old (one minute up to 15 days back, five
 * minutes up to 63 days, then one hour).
 */
export function choosePeriod(start: number, end: number, choice: PeriodChoice, now = Date.now()): number {
  const span = Math.max(end - start, 60_000);
  const age = now - start;
  const floor = age > 63 * DAY ? 3600 : age > 15 * DAY ? 300 : 60;
  const fits = (p: number) => span / (p * 1000) <= MAX_POINTS;
  const wanted = choice === 'auto' ? 60 : choice;
  const ladder = LADDER.filter((p) => p >= Math.max(wanted, floor));
  return ladder.find(fits) ?? LADDER[LADDER.length - 1];
}

/**
 * The range snapped to the period (CloudWatch answers fastest, and buckets line up, on whole periods):
 * the end moves up to a period boundary (the current slot is included) and the range keeps its number
 * of slots, so an hour at one minute is 60 points, never 61.
 */
export function alignRange(start: number, end: number, periodSec: number): { start: number; end: number } {
  const p = periodSec * 1000;
  const alignedEnd = Math.ceil(end / p) * p;
  return { start: alignedEnd - Math.ceil((end - start) / p) * p, end: alignedEnd };
}

/** The id of one query: lower-case first, letters, digits and underscores only (CloudWatch's rule). */
export function queryId(target: number, key: MetricKey): string {
  return `s${target}_${key}`;
}

export function parseQueryId(id: string): { target: number; key: MetricKey } | undefined {
  const m = /^s(\d+)_([A-Za-z0-9]+)$/.exec(id);
  return m ? { target: Number(m[1]), key: m[2] as MetricKey } : undefined;
}

/** The dimensions of a target: FunctionName, and Resource (function:qualifier) for an alias or version. */
export function dimensionsOf(functionName: string, t: SeriesTarget): { Name: string; Value: string }[] {
  const dims = [{ Name: 'FunctionName', Value: functionName }];
  if (t.qualifier) dims.push({ Name: 'Resource', Value: `${functionName}:${t.qualifier}` });
  return dims;
}

/** The metrics a spec reads for each target. */
export function metricsOf(duration: DurationMode): MetricDef[] {
  return [...COUNTS, ...(duration === 'percentiles' ? PERCENTILES : AVGMAX)];
}

/** The GetMetricData queries for a spec: every metric of every target, and each target's error rate (metric math). */
export function buildQueries(spec: MetricsSpec, periodSec: number): MetricDataQuery[] {
  if (!spec.targets.length) throw new Error('Pick at least one series (the function, an alias or a version).');
  const out: MetricDataQuery[] = [];
  spec.targets.forEach((t, i) => {
    const dims = dimensionsOf(spec.functionName, t);
    for (const m of metricsOf(spec.duration)) {
      out.push({
        Id: queryId(i, m.key),
        MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: m.name, Dimensions: dims }, Period: periodSec, Stat: m.stat },
        ReturnData: true,
      });
    }
    out.push({
      Id: queryId(i, 'errorRate'),
      Expression: `${queryId(i, 'errors')}/${queryId(i, 'invocations')}*100`,
      Label: 'Error rate (%)',
      ReturnData: true,
    });
  });
  return out;
}
