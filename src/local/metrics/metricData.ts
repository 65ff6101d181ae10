// GetMetricData: MetricStat queries read from the series store, Expression queries evaluated with
// metric math over them, results ordered by ScanBy and paged by MaxDatapoints / NextToken.
import { createHash } from 'node:crypto';
import { cwError, dimensions, list, optBool, optNumber, optString, struct, time } from './input';
import { evaluate, MathError, parseExpression, referencedIds, type Node, type Points, type Value } from './math';
import { checkPeriod, decodeToken, encodeToken } from './ops';
import { alignStart, periods } from './query';
import type { Dimension, SeriesStore } from './series';
import { parseStat, statOf } from './stats';

const DEFAULT_MAX_DATAPOINTS = 100_800;
const ID = /^[a-z][a-zA-Z0-9_]*$/;

interface Query {
  id: string;
  path: string;
  label?: string;
  returnData: boolean;
  period?: number;
  stat?: { namespace: string; metricName: string; dims: Dimension[]; period: number; stat: string; unit?: string };
  expression?: { text: string; node: Node };
}

function readQuery(raw: unknown, i: number): Query {
  const q = struct(raw);
  const path = `MetricDataQueries.member.${i + 1}`;
  const id = optString(q, 'Id');
  if (!id) throw cwError('ValidationError', `The parameter ${path}.Id is required.`);
  if (!ID.test(id) || id.length > 255)
    throw cwError(
      'ValidationError',
      `The value ${id} for parameter ${path}.Id is not valid: it must start with a lowercase letter and hold only letters, digits and underscores.`,
    );
  const label = optString(q, 'Label');
  const returnData = optBool(q, 'ReturnData') ?? true;
  const period = optNumber(q, 'Period', `${path}.Period`);
  const hasStat = q['MetricStat'] !== undefined && q['MetricStat'] !== null;
  const expressionText = optString(q, 'Expression');
  if (hasStat === (expressionText !== undefined))
    throw cwError('ValidationError', `Exactly one of MetricStat and Expression must be given in ${path} (Id ${id}).`);
  const query: Query = { id, path, returnData, ...(label !== undefined ? { label } : {}) };
  if (period !== undefined) query.period = checkPeriod(period, `${path}.Period`, 'ValidationError');
  if (hasStat) {
    const ms = struct(q['MetricStat']);
    const metric = struct(ms['Metric']);
    const namespace = optString(metric, 'Namespace');
    const metricName = optString(metric, 'MetricName');
    if (!namespace || !metricName) throw cwError('ValidationError', `${path}.MetricStat.Metric needs a Namespace and a MetricName.`);
    const stat = optString(ms, 'Stat');
    if (!stat) throw cwError('ValidationError', `The parameter ${path}.MetricStat.Stat is required.`);
    if (!parseStat(stat))
      throw cwError(
        'ValidationError',
        `The value ${stat} for parameter ${path}.MetricStat.Stat is not supported: use SampleCount, Average, Sum, Minimum, Maximum or a percentile such as p99.`,
      );
    const statPeriod = checkPeriod(optNumber(ms, 'Period', `${path}.MetricStat.Period`), `${path}.MetricStat.Period`, 'ValidationError');
    const unit = optString(ms, 'Unit');
    const dims = dimensions(list(metric, 'Dimensions'), `${path}.MetricStat.Metric.Dimensions`, true) as Dimension[];
    query.stat = { namespace, metricName, dims, period: statPeriod, stat, ...(unit !== undefined ? { unit } : {}) };
  } else {
    try {
      query.expression = { text: expressionText!, node: parseExpression(expressionText!) };
    } catch (err) {
      if (err instanceof MathError) throw cwError('ValidationError', `Error in expression ${id} (${path}.Expression): ${err.message}`);
      throw err;
    }
  }
  return query;
}

export function getMetricData(store: SeriesStore, input: Record<string, unknown>, now: number): Record<string, unknown> {
  const rawQueries = list(input, 'MetricDataQueries');
  if (rawQueries.length === 0) throw cwError('MissingParameter', 'The parameter MetricDataQueries is required.');
  if (rawQueries.length > 500) throw cwError('ValidationError', 'The collection MetricDataQueries must not have a size greater than 500.');
  const queries = rawQueries.map(readQuery);
  const byId = new Map<string, Query>();
  for (const q of queries) {
    if (byId.has(q.id)) throw cwError('ValidationError', `The value ${q.id} for parameter ${q.path}.Id is not unique.`);
    byId.set(q.id, q);
  }
  const start = time(input, 'StartTime');
  const end = time(input, 'EndTime');
  if (start >= end) throw cwError('ValidationError', 'The parameter StartTime must be less than the parameter EndTime.');
  const scanBy = optString(input, 'ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending')
    throw cwError('ValidationError', `The value ${scanBy} for parameter ScanBy is not valid: use TimestampDescending or TimestampAscending.`);
  const maxDatapoints = optNumber(input, 'MaxDatapoints') ?? DEFAULT_MAX_DATAPOINTS;
  if (!Number.isInteger(maxDatapoints) || maxDatapoints < 1) throw cwError('ValidationError', 'The parameter MaxDatapoints must be a positive integer.');
  if (!queries.some((q) => q.returnData)) throw cwError('ValidationError', 'At least one MetricDataQuery must have ReturnData set to true.');
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([rawQueries, start, end, scanBy]))
    .digest('base64')
    .slice(0, 16);
  const token = decodeToken(optString(input, 'NextToken'), (o) => typeof o['offset'] === 'number' && o['h'] === fingerprint);

  // Values by id, computed on demand (expressions may refer to expressions), cycles refused.
  const values = new Map<string, Value>();
  const inProgress = new Set<string>();
  const statPoints = (q: Query): Points => {
    const s = q.stat!;
    const cells = periods(store, { namespace: s.namespace, metricName: s.metricName, dims: s.dims, unit: s.unit }, start, end, s.period, now);
    const stat = parseStat(s.stat)!;
    const pts: Points = new Map();
    for (const [t, cell] of cells) {
      const v = statOf(cell, stat);
      if (v !== undefined) pts.set(t, v);
    }
    return pts;
  };
  const firstStatPeriod = queries.find((q) => q.stat)?.stat?.period ?? 60;
  const gridFor = (period: number): number[] => {
    const out: number[] = [];
    for (let t = alignStart(start, now); t < end && out.length < DEFAULT_MAX_DATAPOINTS; t += period * 1000) out.push(t);
    return out;
  };
  const valueOf = (q: Query): Value => {
    const known = values.get(q.id);
    if (known) return known;
    if (inProgress.has(q.id)) throw new MathError(`The expression of ${q.id} refers to itself through other expressions.`);
    inProgress.add(q.id);
    let v: Value;
    if (q.stat) v = { kind: 'series', pts: statPoints(q) };
    else {
      const node = q.expression!.node;
      for (const ref of referencedIds(node))
        if (!byId.has(ref.name) && ref.name.toUpperCase() !== 'REPEAT')
          throw new MathError(`Unknown metric id '${ref.name}' at column ${ref.at}; the ids in this request are ${[...byId.keys()].join(', ')}.`);
      v = evaluate(node, {
        get: (id) => valueOf(byId.get(id)!),
        metrics: (part) => queries.filter((x) => x.stat && x.id.includes(part)).map((x) => (valueOf(x) as { pts: Points }).pts),
        grid: gridFor(q.period ?? firstStatPeriod),
      });
    }
    inProgress.delete(q.id);
    values.set(q.id, v);
    return v;
  };

  const results: { id: string; label: string; points: [number, number][] }[] = [];
  for (const q of queries) {
    if (!q.returnData) continue;
    let v: Value;
    try {
      v = valueOf(q);
    } catch (err) {
      if (err instanceof MathError) throw cwError('ValidationError', `Error in expression ${q.id}: ${err.message}`);
      throw err;
    }
    if (v.kind === 'array')
      throw cwError(
        'ValidationError',
        `Error in expression ${q.id}: it returns several time series; GetMetricData needs one per query (wrap it in SUM, AVG, MIN or MAX).`,
      );
    let points: [number, number][];
    if (v.kind === 'scalar') {
      const stamps = new Set<number>();
      for (const other of values.values()) if (other.kind === 'series') for (const t of other.pts.keys()) stamps.add(t);
      const times = stamps.size ? [...stamps] : gridFor(q.period ?? firstStatPeriod);
      points = times.map((t) => [t, v.v]);
    } else points = [...v.pts.entries()];
    points.sort((a, b) => (scanBy === 'TimestampAscending' ? a[0] - b[0] : b[0] - a[0]));
    const label = q.label ?? (q.stat ? q.stat.metricName : q.id);
    results.push({ id: q.id, label, points });
  }

  // Paging: MaxDatapoints counts points across every result, in result order.
  const offset = (token?.['offset'] as number | undefined) ?? 0;
  let skip = offset;
  let room = maxDatapoints;
  let more = false;
  const out = results.map((r) => {
    const from = Math.min(skip, r.points.length);
    skip -= from;
    const take = Math.min(room, r.points.length - from);
    room -= take;
    const slice = r.points.slice(from, from + take);
    const partial = from + take < r.points.length;
    if (partial) more = true;
    return {
      Id: r.id,
      Label: r.label,
      Timestamps: slice.map(([t]) => new Date(t)),
      Values: slice.map(([, v]) => v),
      StatusCode: partial ? 'PartialData' : 'Complete',
      Messages: [],
    };
  });
  const response: Record<string, unknown> = { MetricDataResults: out, Messages: [] };
  if (more) response['NextToken'] = encodeToken({ offset: offset + maxDatapoints, h: fingerprint });
  return response;
}
