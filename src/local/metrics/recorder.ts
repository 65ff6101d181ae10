// What Lambda publishes for an invocation, as metric points: the metrics and the dimension sets
// ({FunctionName}, {FunctionName, Resource}, {FunctionName, ExecutedVersion} and the account-wide
// series), from one compact event per invocation, throttle or accepted Event invoke. The events are
// what the store persists; the points are rebuilt from them on load.
import type { MetricTarget } from '../seams';
import type { Dimension, Mode, SeriesStore } from './series';

/** One recorded happening; short keys because the store appends one line per invocation. */
export interface MetricEvent {
  t: number; // epoch ms
  /** i: invocation ran, t: throttled, a: Event invoke accepted. */
  k: 'i' | 't' | 'a';
  f: string; // function name
  q?: string; // qualifier the caller gave
  v?: string; // version that ran
  d?: number; // duration ms (i)
  e?: 1; // function error (i)
  c?: number; // invocations of the function running at its start (i)
  C?: number; // invocations of the account running at its start (i)
}

export const UNITS: Record<string, string> = {
  Invocations: 'Count',
  Errors: 'Count',
  Throttles: 'Count',
  Duration: 'Milliseconds',
  ConcurrentExecutions: 'Count',
  AsyncEventsReceived: 'Count',
};

export function eventOf(k: MetricEvent['k'], target: MetricTarget, t: number): MetricEvent {
  const ev: MetricEvent = { t, k, f: target.functionName };
  if (target.qualifier !== undefined && target.qualifier !== '$LATEST') ev.q = target.qualifier;
  if (target.version !== '$LATEST') ev.v = target.version;
  return ev;
}

/** Applies one event's points to the series store. */
export function applyEvent(store: SeriesStore, ev: MetricEvent): void {
  const fn: Dimension = { Name: 'FunctionName', Value: ev.f };
  const resource: Dimension = { Name: 'Resource', Value: ev.q ? `${ev.f}:${ev.q}` : ev.f };
  // Each set sorted by name, as the series store expects.
  const sets: Dimension[][] = [[], [fn], [fn, resource]];
  const withVersion = ev.v ? [...sets, [{ Name: 'ExecutedVersion', Value: ev.v }, fn]] : sets;
  const put = (metric: string, dimSets: Dimension[][], value: number, mode: Mode = 'sample'): void => {
    for (const dims of dimSets) store.add(metric, dims, UNITS[metric]!, ev.t, value, mode);
  };
  switch (ev.k) {
    case 'i':
      put('Invocations', withVersion, 1);
      put('Errors', withVersion, ev.e ? 1 : 0);
      put('Duration', withVersion, ev.d ?? 0);
      if (ev.c !== undefined) {
        put('ConcurrentExecutions', ev.q ? [[fn]] : [[fn], [fn, resource]], ev.c, 'max');
        put('ConcurrentExecutions', [[]], ev.C ?? ev.c, 'max');
      }
      break;
    case 't':
      put('Throttles', sets, 1);
      break;
    case 'a':
      put('AsyncEventsReceived', [[fn], [fn, resource]], 1);
      break;
  }
}

/** Checks a parsed line is an event (a damaged line is skipped, never read as data). */
export function isEvent(x: unknown): x is MetricEvent {
  const e = x as MetricEvent;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.t === 'number' &&
    Number.isFinite(e.t) &&
    (e.k === 'i' || e.k === 't' || e.k === 'a') &&
    typeof e.f === 'string' &&
    (e.d === undefined || (typeof e.d === 'number' && Number.isFinite(e.d)))
  );
}
