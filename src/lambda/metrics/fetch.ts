// Reads a function's metrics: builds the queries, pages GetMetricData through NextToken, and aligns
// the answer on the period grid. The client is anything that sends GetMetricData (the SDK's
// CloudWatchClient, or a fake in tests), so AWS and the local service take the same path.
import { GetMetricDataCommand, type GetMetricDataCommandOutput, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { alignRange, buildQueries, choosePeriod, type MetricsSpec } from './query';
import { alignResults, type MetricsView } from './series';

export interface MetricsClient {
  send(command: GetMetricDataCommand, options?: { abortSignal?: AbortSignal }): Promise<GetMetricDataCommandOutput>;
}

/** Pages a request can take before the panel gives up (each page holds up to 100,800 points). */
const MAX_PAGES = 50;

export async function fetchMetrics(client: MetricsClient, spec: MetricsSpec, opts: { signal?: AbortSignal; now?: number } = {}): Promise<MetricsView> {
  if (!(spec.start < spec.end)) throw new Error('The time range is empty: its start must come before its end.');
  const period = choosePeriod(spec.start, spec.end, spec.period, opts.now);
  const { start, end } = alignRange(spec.start, spec.end, period);
  const queries = buildQueries(spec, period);
  const results: MetricDataResult[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const out = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(start),
        EndTime: new Date(end),
        ScanBy: 'TimestampAscending',
        ...(token ? { NextToken: token } : {}),
      }),
      opts.signal ? { abortSignal: opts.signal } : undefined,
    );
    results.push(...(out.MetricDataResults ?? []));
    token = out.NextToken;
  } while (token && ++pages < MAX_PAGES);
  return alignResults(results, start, end, period);
}
