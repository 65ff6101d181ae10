// The CloudWatch metrics side of the local service: the store (fed by the executor through the
// MetricsSink seam) and the API the HTTP front dispatches CloudWatch requests to.
import type { CloudWatchRequest, MetricsApi, MetricsSink, MetricTarget } from '../seams';
import { ServiceError } from '../seams';
import { cwError } from './input';
import { getMetricData } from './metricData';
import { getMetricStatistics, listMetrics } from './ops';
import { decodeInput, matchCloudWatch, sendError, sendResult } from './protocol';
import { eventOf } from './recorder';
import { MetricsStore, type MetricsStoreOptions } from './store';

export { DEFAULT_MAX_BYTES, DEFAULT_RETENTION_DAYS, MetricsStore } from './store';

const OPERATIONS: Record<string, (store: MetricsStore, input: Record<string, unknown>, now: number) => Record<string, unknown>> = {
  GetMetricData: (s, i, now) => getMetricData(s.series, i, now),
  GetMetricStatistics: (s, i, now) => getMetricStatistics(s.series, i, now),
  ListMetrics: (s, i, now) => listMetrics(s.series, i, now),
};

export interface Metrics {
  sink: MetricsSink;
  api: MetricsApi;
  store: MetricsStore;
}

/** How often old points are rolled up and the size cap checked. */
const COMPACT_EVERY_MS = 60_000;

export function createMetrics(o: MetricsStoreOptions): Metrics {
  const store = new MetricsStore(o);
  const now = o.now ?? Date.now;
  const timer = setInterval(() => store.compact(), COMPACT_EVERY_MS);
  timer.unref();
  const sink: MetricsSink = {
    invoked(target: MetricTarget, r) {
      const ev = eventOf('i', target, now());
      ev.d = r.durationMs;
      if (r.error) ev.e = 1;
      ev.c = r.concurrent;
      ev.C = r.accountConcurrent;
      store.record(ev);
    },
    throttled: (target) => store.record(eventOf('t', target, now())),
    asyncAccepted: (target) => store.record(eventOf('a', target, now())),
  };
  const api: MetricsApi = {
    match: matchCloudWatch,
    async handle(req: CloudWatchRequest, res, requestId) {
      try {
        const op = OPERATIONS[req.op];
        if (!op)
          throw cwError(
            'InvalidAction',
            `The local service implements CloudWatch GetMetricData, GetMetricStatistics and ListMetrics (namespace AWS/Lambda) only, not ${req.op}.`,
          );
        sendResult(req, res, op(store, decodeInput(req), now()), requestId);
      } catch (err) {
        if (err instanceof ServiceError) return sendError(req, res, err, requestId);
        // A bug of ours: logged, and answered in the client's protocol rather than Lambda's.
        o.warn?.(`metrics: internal error in ${req.op}: ${(err as Error).stack ?? String(err)}`);
        sendError(
          req,
          res,
          new ServiceError(500, 'InternalServiceError', 'Internal error in the local CloudWatch metrics API; see the service log.'),
          requestId,
        );
      }
    },
    fail: sendError,
    async close() {
      clearInterval(timer);
      store.close();
    },
  };
  return { sink, api, store };
}
