import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cbor } from '@smithy/core/cbor';
import { SeriesStore } from '../../../../src/local/metrics/series';
import { applyEvent, eventOf } from '../../../../src/local/metrics/recorder';
import { getMetricData } from '../../../../src/local/metrics/metricData';
import { getMetricStatistics, listMetrics } from '../../../../src/local/metrics/ops';
import { decodeInput, matchCloudWatch, parseQueryInput } from '../../../../src/local/metrics/protocol';
import type { ServiceError } from '../../../../src/local/seams';

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const NOW = T0 + 3_600_000;

function storeWith(perMinute: number[][]): SeriesStore {
  const s = new SeriesStore();
  perMinute.forEach((durations, m) => {
    for (const d of durations) {
      const ev = eventOf('i', { functionName: 'f', version: '$LATEST' }, T0 + m * 60_000 + 1000);
      ev.d = d;
      if (d > 100) ev.e = 1;
      applyEvent(s, ev);
    }
  });
  return s;
}

const stat = (id: string, metric: string, s: string, period = 60) => ({
  Id: id,
  MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: [{ Name: 'FunctionName', Value: 'f' }] }, Period: period, Stat: s },
});

function rejects(f: () => unknown, code: string, message: RegExp): void {
  assert.throws(f, (e: ServiceError) => {
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

describe('GetMetricData', () => {
  const store = storeWith([[10, 20], [], [30, 200, 50]]);
  const base = { StartTime: new Date(T0), EndTime: new Date(T0 + 600_000) };

  it('returns each period with data, newest first by default, ascending on request', () => {
    const out = getMetricData(store, { ...base, MetricDataQueries: [stat('m1', 'Duration', 'Sum')] }, NOW);
    const [r] = out['MetricDataResults'] as { Id: string; Label: string; Timestamps: Date[]; Values: number[]; StatusCode: string }[];
    assert.deepEqual(
      r!.Timestamps.map((d) => d.getTime()),
      [T0 + 120_000, T0],
    );
    assert.deepEqual(r!.Values, [280, 30]);
    assert.equal(r!.Label, 'Duration');
    assert.equal(r!.StatusCode, 'Complete');
    const asc = getMetricData(store, { ...base, ScanBy: 'TimestampAscending', MetricDataQueries: [stat('m1', 'Duration', 'Sum')] }, NOW);
    assert.deepEqual((asc['MetricDataResults'] as { Values: number[] }[])[0]!.Values, [30, 280]);
  });

  it('computes percentiles and metric math, leaving out ReturnData false', () => {
    const out = getMetricData(
      store,
      {
        ...base,
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          { ...stat('inv', 'Invocations', 'Sum', 600), ReturnData: false },
          { ...stat('err', 'Errors', 'Sum', 600), ReturnData: false },
          { Id: 'rate', Expression: 'err / inv * 100', Label: 'Error %' },
          stat('p50', 'Duration', 'p50', 600),
          stat('p99', 'Duration', 'p99', 600),
        ],
      },
      NOW,
    );
    const results = out['MetricDataResults'] as { Id: string; Label: string; Values: number[] }[];
    assert.deepEqual(
      results.map((r) => [r.Id, r.Label, r.Values]),
      [
        ['rate', 'Error %', [20]],
        ['p50', 'Duration', [30]],
        ['p99', 'Duration', [200]],
      ],
    );
  });

  it('pages by MaxDatapoints with a NextToken tied to the request', () => {
    const req = { ...base, MaxDatapoints: 1, MetricDataQueries: [stat('m1', 'Duration', 'Sum'), stat('m2', 'Invocations', 'Sum')] };
    const seen: number[][] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = getMetricData(store, { ...req, ...(token ? { NextToken: token } : {}) }, NOW);
      const results = out['MetricDataResults'] as { Values: number[]; StatusCode: string }[];
      results.forEach((r, i) => (seen[i] = [...(seen[i] ?? []), ...r.Values]));
      token = out['NextToken'] as string | undefined;
      if (token) assert.ok(results.some((r) => r.StatusCode === 'PartialData'));
      pages++;
    } while (token);
    assert.equal(pages, 4);
    assert.deepEqual(seen, [
      [280, 30],
      [3, 2],
    ]);
    rejects(() => getMetricData(store, { ...req, MaxDatapoints: 5, NextToken: 'bm9wZQ==' }, NOW), 'InvalidNextToken', /NextToken is not valid/);
  });

  it('refuses bad queries with a message that names the parameter', () => {
    rejects(
      () => getMetricData(store, { ...base, MetricDataQueries: [{ ...stat('M1', 'Duration', 'Sum') }] }, NOW),
      'ValidationError',
      /The value M1 for parameter MetricDataQueries\.member\.1\.Id is not valid/,
    );
    rejects(
      () => getMetricData(store, { ...base, MetricDataQueries: [stat('a', 'Duration', 'Sum'), stat('a', 'Errors', 'Sum')] }, NOW),
      'ValidationError',
      /not unique/,
    );
    rejects(
      () => getMetricData(store, { ...base, MetricDataQueries: [stat('a', 'Duration', 'tm99')] }, NOW),
      'ValidationError',
      /The value tm99 for parameter MetricDataQueries\.member\.1\.MetricStat\.Stat is not supported/,
    );
    rejects(
      () => getMetricData(store, { ...base, MetricDataQueries: [stat('a', 'Duration', 'Sum', 90)] }, NOW),
      'ValidationError',
      /MetricStat\.Period must be a multiple of 60/,
    );
    rejects(
      () => getMetricData(store, { ...base, MetricDataQueries: [{ Id: 'e', Expression: 'a + ' }] }, NOW),
      'ValidationError',
      /^Error in expression e \(MetricDataQueries\.member\.1\.Expression\): Expected a number/,
    );
    rejects(
      () => getMetricData(store, { ...base, MetricDataQueries: [{ Id: 'e', Expression: 'zz * 2' }] }, NOW),
      'ValidationError',
      /Unknown metric id 'zz' at column 1/,
    );
    rejects(
      () =>
        getMetricData(
          store,
          {
            ...base,
            MetricDataQueries: [
              { Id: 'e', Expression: 'f * 2' },
              { Id: 'f', Expression: 'e + 1' },
            ],
          },
          NOW,
        ),
      'ValidationError',
      /refers to itself/,
    );
    rejects(
      () => getMetricData(store, { StartTime: new Date(T0), EndTime: new Date(T0), MetricDataQueries: [stat('a', 'Duration', 'Sum')] }, NOW),
      'ValidationError',
      /StartTime must be less than the parameter EndTime/,
    );
  });
});

describe('GetMetricStatistics and ListMetrics', () => {
  const store = storeWith([[10, 20], [], [30, 200, 50]]);
  const base = {
    Namespace: 'AWS/Lambda',
    MetricName: 'Duration',
    Dimensions: [{ Name: 'FunctionName', Value: 'f' }],
    StartTime: T0 / 1000,
    EndTime: (T0 + 600_000) / 1000,
  };

  it('returns datapoints with the statistics asked for, and the unit', () => {
    const out = getMetricStatistics(store, { ...base, Period: 300, Statistics: ['Sum', 'SampleCount', 'Maximum'] }, NOW);
    assert.equal(out['Label'], 'Duration');
    assert.deepEqual(out['Datapoints'], [{ Timestamp: new Date(T0), Sum: 310, SampleCount: 5, Maximum: 200, Unit: 'Milliseconds' }]);
    const ext = getMetricStatistics(store, { ...base, Period: 300, ExtendedStatistics: ['p50', 'p100'] }, NOW);
    assert.deepEqual(
      (ext['Datapoints'] as { ExtendedStatistics: Map<string, number> }[])[0]!.ExtendedStatistics,
      new Map([
        ['p50', 30],
        ['p100', 200],
      ]),
    );
    assert.deepEqual(getMetricStatistics(store, { ...base, Unit: 'Count', Period: 300, Statistics: ['Sum'] }, NOW)['Datapoints'], []);
    assert.deepEqual(getMetricStatistics(store, { ...base, Namespace: 'AWS/EC2', Period: 300, Statistics: ['Sum'] }, NOW)['Datapoints'], []);
  });

  it('words its errors as CloudWatch does', () => {
    rejects(
      () => getMetricStatistics(store, { ...base, Period: 61, Statistics: ['Sum'] }, NOW),
      'InvalidParameterValue',
      /^The parameter Period must be a multiple of 60\.$/,
    );
    rejects(
      () => getMetricStatistics(store, { ...base, Period: 60 }, NOW),
      'InvalidParameterCombination',
      /^Must specify either Statistics or ExtendedStatistics\.$/,
    );
    rejects(
      () => getMetricStatistics(store, { ...base, Period: 60, Statistics: ['Median'] }, NOW),
      'InvalidParameterValue',
      /Statistics\.member\.1 must be a value in the set/,
    );
    rejects(
      () => getMetricStatistics(store, { ...base, StartTime: T0 / 1000 - 86400 * 2, Period: 60, Statistics: ['Sum'] }, NOW),
      'InvalidParameterCombination',
      /^You have requested up to 2,890 datapoints, which exceeds the limit of 1,440\. You may reduce the datapoints requested by increasing Period, or decreasing the time range\.$/,
    );
    rejects(
      () => getMetricStatistics(store, { ...base, MetricName: undefined, Period: 60, Statistics: ['Sum'] }, NOW),
      'MissingParameter',
      /The parameter MetricName is required/,
    );
  });

  it('lists metrics by name and dimension filters, RecentlyActive, in pages', () => {
    const all = listMetrics(store, {}, NOW)['Metrics'] as { MetricName: string; Dimensions: unknown[] }[];
    assert.equal(all.length, 3 * 3); // Invocations, Errors, Duration × {}, {fn}, {fn,resource}
    const filtered = listMetrics(store, { MetricName: 'Errors', Dimensions: [{ Name: 'Resource' }] }, NOW)['Metrics'];
    assert.deepEqual(filtered, [
      {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [
          { Name: 'FunctionName', Value: 'f' },
          { Name: 'Resource', Value: 'f' },
        ],
      },
    ]);
    assert.deepEqual(listMetrics(store, { RecentlyActive: 'PT3H' }, T0 + 4 * 3_600_000)['Metrics'], []);
    assert.deepEqual(listMetrics(store, { Namespace: 'AWS/EC2' }, NOW)['Metrics'], []);
    rejects(() => listMetrics(store, { RecentlyActive: 'PT1H' }, NOW), 'InvalidParameterValue', /RecentlyActive/);
    rejects(() => listMetrics(store, { NextToken: 'x' }, NOW), 'InvalidNextToken', /NextToken/);
  });

  it('pages ListMetrics by 500 with NextToken', () => {
    const many = new SeriesStore();
    for (let i = 0; i < 200; i++) applyEvent(many, { ...eventOf('i', { functionName: `fn${i}`, version: '$LATEST' }, T0), d: 1 });
    const seen = new Set<string>();
    let token: string | undefined;
    const sizes: number[] = [];
    do {
      const out = listMetrics(many, token ? { NextToken: token } : {}, NOW);
      const page = out['Metrics'] as unknown[];
      sizes.push(page.length);
      for (const m of page) seen.add(JSON.stringify(m));
      token = out['NextToken'] as string | undefined;
    } while (token);
    assert.deepEqual(sizes, [500, 500, 203]);
    assert.equal(seen.size, 1203);
  });
});

describe('CloudWatch wire protocols', () => {
  it('recognises query, awsJson1_0 and rpc-v2-cbor requests and nothing else', () => {
    const form = Buffer.from('Action=ListMetrics&Version=2010-08-01');
    assert.equal(matchCloudWatch('POST', '/', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, form)?.protocol, 'query');
    assert.equal(
      matchCloudWatch('POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from('Action=GetCallerIdentity&Version=2011-06-15')),
      undefined,
    );
    assert.equal(matchCloudWatch('POST', '/', { 'x-amz-target': 'GraniteServiceVersion20100801.GetMetricData' }, Buffer.from('{}'))?.op, 'GetMetricData');
    assert.equal(matchCloudWatch('POST', '/service/GraniteServiceVersion20100801/operation/ListMetrics', {}, Buffer.alloc(0))?.protocol, 'cbor');
    assert.equal(matchCloudWatch('GET', '/2015-03-31/functions', {}, Buffer.alloc(0)), undefined);
  });

  it('turns query lists and structures into the JSON shape', () => {
    const body = Buffer.from(
      'Action=GetMetricData&Version=2010-08-01&StartTime=2026-01-10T12%3A00%3A00Z&MetricDataQueries.member.1.Id=m1' +
        '&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=FunctionName&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=f' +
        '&MetricDataQueries.member.1.MetricStat.Period=60&MetricDataQueries.member.2.Id=e&MetricDataQueries.member.2.Expression=m1*2&Statistics.member.1=Sum',
    );
    assert.deepEqual(parseQueryInput(body), {
      StartTime: '2026-01-10T12:00:00Z',
      MetricDataQueries: [
        { Id: 'm1', MetricStat: { Metric: { Dimensions: [{ Name: 'FunctionName', Value: 'f' }] }, Period: '60' } },
        { Id: 'e', Expression: 'm1*2' },
      ],
      Statistics: ['Sum'],
    });
  });

  it('decodes CBOR input with @smithy/core and refuses a body that is not an object', () => {
    const body = Buffer.from(cbor.serialize({ Namespace: 'AWS/Lambda', Period: 60 }));
    assert.deepEqual(decodeInput({ protocol: 'cbor', op: 'ListMetrics', body }), { Namespace: 'AWS/Lambda', Period: 60 });
    assert.throws(() => decodeInput({ protocol: 'json', op: 'ListMetrics', body: Buffer.from('[1]') }), /not a valid JSON object/);
  });
});
