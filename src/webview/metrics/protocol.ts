// The metrics panel's protocol, shared by the host (src/vscode/metrics/) and the page (this folder):
// the messages both ways, their guards (each side validates what it receives), and the ids of the
// page's elements. The chart data is src/lambda/metrics' MetricsView, checked field by field here.
import type { DurationMode, MetricKey, MetricsView, PeriodChoice, Qualifier, RangePreset } from '../../lambda/metrics';

export type { MetricsView, Qualifier };
import { isFiniteNumber, isRecord, isText, oneOf, optional } from '../lib/guards';

export const RANGE_KEYS = ['1h', '3h', '12h', '1d', '1w', 'custom'] as const;
export type RangeKey = RangePreset | 'custom';
export const PERIOD_KEYS = ['auto', 60, 300, 3600] as const;
export const REFRESH_MS = [0, 10_000, 60_000] as const;
export type RefreshMs = (typeof REFRESH_MS)[number];
const METRIC_KEYS: readonly MetricKey[] = ['invocations', 'errors', 'errorRate', 'throttles', 'concurrency', 'p50', 'p90', 'p99', 'avg', 'max'];

/** What the page asks for: a range (a preset ending now, or custom bounds), a period, the duration statistics and the series. */
export interface PanelQuery {
  range: RangeKey;
  /** Epoch ms; custom ranges only. */
  start?: number;
  end?: number;
  period: PeriodChoice;
  duration: DurationMode;
  /** The function as a whole (every version together). */
  all: boolean;
  /** Aliases and versions drawn as their own series. */
  qualifiers: string[];
}

export type WebviewMessage =
  { type: 'ready' } | { type: 'query'; query: PanelQuery } | { type: 'refresh'; everyMs: RefreshMs } | { type: 'openLogs'; start: number; end: number };

export type HostMessage =
  | { type: 'init'; functionName: string; connectionLabel: string; qualifiers: Qualifier[]; qualifiersError?: string; query: PanelQuery; refreshMs: RefreshMs }
  | { type: 'loading' }
  | { type: 'data'; view: MetricsView; labels: string[]; empty: boolean; note?: string; fetchedAt: number }
  | { type: 'error'; message: string };

/** The ids of the page's elements: the host's HTML, the page script and media/metrics.css use these. */
export const METRIC_IDS = {
  title: 'title',
  range: 'range',
  customRange: 'customRange',
  start: 'start',
  end: 'end',
  applyRange: 'applyRange',
  period: 'period',
  duration: 'duration',
  refresh: 'refresh',
  reload: 'reload',
  series: 'series',
  notice: 'notice',
  charts: 'charts',
  status: 'status',
} as const;

const MAX_QUALIFIERS = 50;
const isRange = oneOf(RANGE_KEYS);
const isDuration = oneOf(['percentiles', 'avgmax'] as const);
const isPeriod = (v: unknown): v is PeriodChoice => (PERIOD_KEYS as readonly unknown[]).includes(v);
const isRefresh = (v: unknown): v is RefreshMs => (REFRESH_MS as readonly unknown[]).includes(v);
const isMetricKey = (v: unknown): v is MetricKey => (METRIC_KEYS as readonly unknown[]).includes(v);
const isQualifierName = (v: unknown): v is string => isText(v, 128) && /^[A-Za-z0-9$_-]+$/.test(v);

export function isPanelQuery(v: unknown): v is PanelQuery {
  if (!isRecord(v)) return false;
  if (!isRange(v.range) || !isPeriod(v.period) || !isDuration(v.duration) || typeof v.all !== 'boolean') return false;
  if (!Array.isArray(v.qualifiers) || v.qualifiers.length > MAX_QUALIFIERS || !v.qualifiers.every(isQualifierName)) return false;
  if (!optional(v.start, isFiniteNumber) || !optional(v.end, isFiniteNumber)) return false;
  if (v.range === 'custom') return isFiniteNumber(v.start) && isFiniteNumber(v.end) && v.start < v.end;
  return true;
}

export function parseWebviewMessage(m: unknown): WebviewMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'query':
      return isPanelQuery(m.query) ? { type: 'query', query: m.query } : undefined;
    case 'refresh':
      return isRefresh(m.everyMs) ? { type: 'refresh', everyMs: m.everyMs } : undefined;
    case 'openLogs':
      return isFiniteNumber(m.start) && isFiniteNumber(m.end) && m.start < m.end ? { type: 'openLogs', start: m.start, end: m.end } : undefined;
    default:
      return undefined;
  }
}

function isQualifier(v: unknown): v is Qualifier {
  return isRecord(v) && isQualifierName(v.name) && (v.kind === 'alias' || v.kind === 'version') && optional(v.detail, (x): x is string => isText(x, 200));
}

const isPoint = (v: unknown): v is number | null => v === null || isFiniteNumber(v);

export function isMetricsView(v: unknown): v is MetricsView {
  if (!isRecord(v)) return false;
  if (!isFiniteNumber(v.start) || !isFiniteNumber(v.end) || !isFiniteNumber(v.period) || v.period <= 0) return false;
  if (!Array.isArray(v.timestamps) || !v.timestamps.every(isFiniteNumber)) return false;
  const n = v.timestamps.length;
  if (!Array.isArray(v.messages) || !v.messages.every((x) => isText(x, 2000))) return false;
  return (
    Array.isArray(v.series) &&
    v.series.every(
      (s) =>
        isRecord(s) &&
        Number.isInteger(s.target) &&
        (s.target as number) >= 0 &&
        isMetricKey(s.key) &&
        Array.isArray(s.values) &&
        s.values.length === n &&
        s.values.every(isPoint),
    )
  );
}

export function parseHostMessage(m: unknown): HostMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case 'init':
      if (!isText(m.functionName, 256) || !isText(m.connectionLabel, 256) || !isPanelQuery(m.query) || !isRefresh(m.refreshMs)) return undefined;
      if (!Array.isArray(m.qualifiers) || !m.qualifiers.every(isQualifier) || !optional(m.qualifiersError, isText)) return undefined;
      return {
        type: 'init',
        functionName: m.functionName,
        connectionLabel: m.connectionLabel,
        qualifiers: m.qualifiers,
        query: m.query,
        refreshMs: m.refreshMs,
        ...(m.qualifiersError !== undefined ? { qualifiersError: m.qualifiersError } : {}),
      };
    case 'loading':
      return { type: 'loading' };
    case 'data': {
      if (
        !isMetricsView(m.view) ||
        !Array.isArray(m.labels) ||
        !m.labels.every((l) => isText(l, 300)) ||
        !isFiniteNumber(m.fetchedAt) ||
        typeof m.empty !== 'boolean'
      )
        return undefined;
      if (!optional(m.note, isText)) return undefined;
      const labels = m.labels;
      if (m.view.series.some((s) => s.target >= labels.length)) return undefined;
      return { type: 'data', view: m.view, labels, empty: m.empty, fetchedAt: m.fetchedAt, ...(m.note !== undefined ? { note: m.note } : {}) };
    }
    case 'error':
      return isText(m.message) ? { type: 'error', message: m.message } : undefined;
    default:
      return undefined;
  }
}
