// GetMetricStatistics and ListMetrics over the series store, with CloudWatch's checks and messages.
import { cwError, dimensions, list, optNumber, optString, reqString, time } from './input';
import { periods } from './query';
import { NAMESPACE, type Dimension, type SeriesStore } from './series';
import { BASIC_STATS, isExtendedStat, parseStat, statOf } from './stats';

const MAX_DATAPOINTS = 1440;
const LIST_PAGE = 500;
const RECENT_MS = 3 * 3_600_000;

/** CloudWatch's periods: 1, 5, 10, 30 (high resolution) or a multiple of 60 seconds. */
export function checkPeriod(period: number | undefined, path: string, code = 'InvalidParameterValue'): number {
  if (period === undefined) throw cwError('MissingParameter', `The parameter ${path} is required.`);
  if (!Number.isInteger(period) || period < 1) throw cwError(code, `The parameter ${path} must be greater than 0.`);
  if (![1, 5, 10, 30].includes(period) && period % 60 !== 0) throw cwError(code, `The parameter ${path} must be a multiple of 60.`);
  return period;
}

export function getMetricStatistics(store: SeriesStore, input: Record<string, unknown>, now: number): Record<string, unknown> {
  const namespace = reqString(input, 'Namespace');
  const metricName = reqString(input, 'MetricName');
  const dims = dimensions(list(input, 'Dimensions'), 'Dimensions', true) as Dimension[];
  if (dims.length > 30) throw cwError('InvalidParameterValue', 'The collection Dimensions must not have a size greater than 30.');
  const start = time(input, 'StartTime');
  const end = time(input, 'EndTime');
  const period = checkPeriod(optNumber(input, 'Period'), 'Period');
  const statistics = list(input, 'Statistics').map(String);
  const extended = list(input, 'ExtendedStatistics').map(String);
  if (statistics.length === 0 && extended.length === 0) throw cwError('InvalidParameterCombination', 'Must specify either Statistics or ExtendedStatistics.');
  if (statistics.length > 0 && extended.length > 0)
    throw cwError('InvalidParameterCombination', 'Must specify either Statistics or ExtendedStatistics, but not both.');
  statistics.forEach((s, i) => {
    if (!(BASIC_STATS as readonly string[]).includes(s))
      throw cwError('InvalidParameterValue', `The parameter Statistics.member.${i + 1} must be a value in the set [ ${BASIC_STATS.join(', ')} ].`);
  });
  extended.forEach((s, i) => {
    if (!isExtendedStat(s))
      throw cwError('InvalidParameterValue', `The parameter ExtendedStatistics.member.${i + 1} must be a percentile statistic such as p99 or p99.9.`);
  });
  if (statistics.length > 5 || extended.length > 10) throw cwError('InvalidParameterValue', 'At most 5 Statistics and 10 ExtendedStatistics may be requested.');
  if (start >= end) throw cwError('InvalidParameterValue', 'The parameter StartTime must be less than the parameter EndTime.');
  const requested = Math.ceil((end - start) / (period * 1000));
  if (requested > MAX_DATAPOINTS) {
    throw cwError(
      'InvalidParameterCombination',
      `You have requested up to ${requested.toLocaleString('en-US')} datapoints, which exceeds the limit of ${MAX_DATAPOINTS.toLocaleString('en-US')}. ` +
        'You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    );
  }
  const unit = optString(input, 'Unit');
  const cells = periods(store, { namespace, metricName, dims, unit }, start, end, period, now);
  const seriesUnit = store.get(metricName, dims)?.unit ?? 'None';
  const datapoints = [...cells.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, cell]) => {
      const dp: Record<string, unknown> = { Timestamp: new Date(t) };
      for (const s of statistics) dp[s] = statOf(cell, parseStat(s)!);
      if (extended.length) dp['ExtendedStatistics'] = new Map(extended.map((s) => [s, statOf(cell, parseStat(s)!)!]));
      dp['Unit'] = seriesUnit;
      return dp;
    });
  return { Label: metricName, Datapoints: datapoints };
}

function encodeToken(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64');
}

export function decodeToken(token: string | undefined, check: (o: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  if (token === undefined) return undefined;
  try {
    const o = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
    if (typeof o === 'object' && o !== null && check(o)) return o;
  } catch {
    // falls through
  }
  throw cwError('InvalidNextToken', 'The NextToken is not valid: pass the NextToken of the previous response to the same request.');
}

export { encodeToken };

export function listMetrics(store: SeriesStore, input: Record<string, unknown>, now: number): Record<string, unknown> {
  const namespace = optString(input, 'Namespace');
  const metricName = optString(input, 'MetricName');
  const filters = dimensions(list(input, 'Dimensions'), 'Dimensions', false);
  if (filters.length > 10) throw cwError('InvalidParameterValue', 'The collection Dimensions must not have a size greater than 10.');
  const recently = optString(input, 'RecentlyActive');
  if (recently !== undefined && recently !== 'PT3H')
    throw cwError('InvalidParameterValue', `The value ${recently} for parameter RecentlyActive is not valid: the only value is PT3H.`);
  const token = decodeToken(optString(input, 'NextToken'), (o) => typeof o['offset'] === 'number');
  if (namespace !== undefined && namespace !== NAMESPACE) return { Metrics: [] };
  const matches = [...store.series.values()]
    .filter(
      (s) =>
        (metricName === undefined || s.metricName === metricName) &&
        (recently === undefined || s.lastT >= now - RECENT_MS) &&
        filters.every((f) => s.dims.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value))),
    )
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const offset = (token?.['offset'] as number | undefined) ?? 0;
  const page = matches.slice(offset, offset + LIST_PAGE);
  const out: Record<string, unknown> = {
    Metrics: page.map((s) => ({ Namespace: NAMESPACE, MetricName: s.metricName, Dimensions: s.dims.map((d) => ({ Name: d.Name, Value: d.Value })) })),
  };
  if (offset + LIST_PAGE < matches.length) out['NextToken'] = encodeToken({ offset: offset + LIST_PAGE });
  return out;
}
