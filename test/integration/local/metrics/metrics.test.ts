// CloudWatch metrics of the local service, end to end: a series of invokes of which some fail, some go
// through an alias, one is an Event and some are throttled; then the Debian AWS CLI (query protocol)
// and the SDK's CloudWatchClient (awsJson1_0) must add up exactly to what ran, REPORT durations
// included, and still do after a restart on the same data dir.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  waitUntilFunctionActiveV2,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { startLocal, type LocalHarness } from '../harness';
import { makeZip } from '../zip';

const FN = 'metrics-fn';
const THROTTLED = 'metrics-zero';
const HANDLER = `exports.handler = async (event) => {
  if (event && event.fail) throw new Error('failing on purpose');
  return { ok: true };
};
`;

async function create(lambda: LambdaClient, name: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::000000000000:role/r',
      Code: { ZipFile: await makeZip({ 'index.js': HANDLER }) },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: name });
}

const iso = (ms: number): string => new Date(ms).toISOString();

describe('CloudWatch metrics of the local service', () => {
  let h: LocalHarness;
  let cw: CloudWatchClient;
  let start: number;
  let end: number;
  /** REPORT durations of every invocation of FN, as the log says them. */
  let durations: number[] = [];

  const client = (harness: LocalHarness): CloudWatchClient =>
    new CloudWatchClient({
      endpoint: harness.info.endpoint,
      region: harness.info.region,
      credentials: { accessKeyId: harness.info.accessKeyId, secretAccessKey: harness.info.secretAccessKey },
      maxAttempts: 1,
    });

  /** Sum of a statistic over every datapoint the CLI's get-metric-statistics returns. */
  async function cliStat(metric: string, dims: string[], stat: string): Promise<{ total: number; points: Record<string, unknown>[] }> {
    const r = await h.cli([
      'cloudwatch',
      'get-metric-statistics',
      '--namespace',
      'AWS/Lambda',
      '--metric-name',
      metric,
      ...(dims.length ? ['--dimensions', ...dims] : []),
      '--start-time',
      iso(start),
      '--end-time',
      iso(end),
      '--period',
      '60',
      '--statistics',
      stat,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const points = (r.json as { Datapoints: Record<string, unknown>[] }).Datapoints;
    return { total: points.reduce((a, p) => a + (p[stat] as number), 0), points };
  }

  async function reportDurations(): Promise<number[]> {
    const out = await h.logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${FN}`, filterPattern: 'REPORT' }));
    return (out.events ?? []).map((e) => Number(/Duration: ([0-9.]+) ms/.exec(e.message ?? '')![1]));
  }

  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
    cw = client(h);
    start = Date.now() - 60_000;
    await create(h.lambda, FN);
    await create(h.lambda, THROTTLED);
    await h.lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: THROTTLED, ReservedConcurrentExecutions: 0 }));
    const v = await h.lambda.send(new PublishVersionCommand({ FunctionName: FN }));
    await h.lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: v.Version! }));
    const invoke = (payload: object, qualifier?: string) =>
      h.lambda.send(new InvokeCommand({ FunctionName: FN, Qualifier: qualifier, Payload: Buffer.from(JSON.stringify(payload)) }));
    for (let i = 0; i < 5; i++) assert.equal((await invoke({ i })).FunctionError, undefined);
    for (let i = 0; i < 3; i++) assert.equal((await invoke({ fail: true })).FunctionError, 'Unhandled');
    assert.equal((await invoke({}, 'live')).ExecutedVersion, '1');
    assert.equal((await invoke({ fail: true }, 'live')).FunctionError, 'Unhandled');
    const ev = await h.lambda.send(new InvokeCommand({ FunctionName: FN, InvocationType: 'Event', Payload: Buffer.from('{}') }));
    assert.equal(ev.StatusCode, 202);
    for (let i = 0; i < 2; i++)
      await assert.rejects(h.lambda.send(new InvokeCommand({ FunctionName: THROTTLED, Payload: Buffer.from('{}') })), { name: 'TooManyRequestsException' });
    // The Event invoke runs in the background: wait for its REPORT line (11 invocations in all).
    while ((durations = await reportDurations()).length < 11) await new Promise((r) => setTimeout(r, 100));
    end = Date.now() + 60_000;
  });

  after(async () => {
    cw?.destroy();
    await h?.stop();
  });

  it('get-metric-statistics (CLI, query protocol) adds up to what ran', async () => {
    const fn = [`Name=FunctionName,Value=${FN}`];
    assert.equal((await cliStat('Invocations', fn, 'Sum')).total, 11);
    assert.equal((await cliStat('Errors', fn, 'Sum')).total, 4);
    assert.equal((await cliStat('Errors', fn, 'SampleCount')).total, 11);
    const duration = await cliStat('Duration', fn, 'Sum');
    assert.equal(duration.total.toFixed(2), durations.reduce((a, b) => a + b, 0).toFixed(2));
    assert.equal(duration.points[0]!['Unit'], 'Milliseconds');
    assert.equal(Math.max(...(await cliStat('Duration', fn, 'Maximum')).points.map((p) => p['Maximum'] as number)), Math.max(...durations));
    assert.equal((await cliStat('Invocations', [`Name=FunctionName,Value=${FN}`, `Name=Resource,Value=${FN}:live`], 'Sum')).total, 2);
    assert.equal((await cliStat('Errors', [`Name=FunctionName,Value=${FN}`, `Name=Resource,Value=${FN}:live`], 'Sum')).total, 1);
    assert.equal((await cliStat('Invocations', [`Name=FunctionName,Value=${FN}`, 'Name=ExecutedVersion,Value=1'], 'Sum')).total, 2);
    assert.equal((await cliStat('Invocations', [`Name=FunctionName,Value=${FN}`, `Name=Resource,Value=${FN}`], 'Sum')).total, 9);
    assert.equal((await cliStat('Invocations', [], 'Sum')).total, 11);
    assert.equal((await cliStat('AsyncEventsReceived', fn, 'Sum')).total, 1);
    assert.equal((await cliStat('Throttles', [`Name=FunctionName,Value=${THROTTLED}`], 'Sum')).total, 2);
    assert.equal((await cliStat('Throttles', [], 'Sum')).total, 2);
    assert.ok((await cliStat('ConcurrentExecutions', fn, 'Maximum')).total >= 1);
  });

  it('get-metric-statistics returns percentiles as ExtendedStatistics', async () => {
    const r = await h.cli([
      'cloudwatch',
      'get-metric-statistics',
      '--namespace',
      'AWS/Lambda',
      '--metric-name',
      'Duration',
      '--dimensions',
      `Name=FunctionName,Value=${FN}`,
      '--start-time',
      iso(start),
      '--end-time',
      iso(end),
      '--period',
      '3600',
      '--extended-statistics',
      'p100',
      'p0',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [dp] = (r.json as { Datapoints: { ExtendedStatistics: Record<string, number> }[] }).Datapoints;
    assert.equal(dp!.ExtendedStatistics['p100'], Math.max(...durations));
    assert.equal(dp!.ExtendedStatistics['p0'], Math.min(...durations));
  });

  it('get-metric-data (CLI) computes stats, percentiles and metric math', async () => {
    const queries = [
      {
        Id: 'inv',
        MetricStat: {
          Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: FN }] },
          Period: 3600,
          Stat: 'Sum',
        },
        ReturnData: false,
      },
      {
        Id: 'err',
        MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: FN }] }, Period: 3600, Stat: 'Sum' },
      },
      { Id: 'rate', Expression: 'err/inv*100', Label: 'Error rate' },
      {
        Id: 'p50',
        MetricStat: {
          Metric: { Namespace: 'AWS/Lambda', MetricName: 'Duration', Dimensions: [{ Name: 'FunctionName', Value: FN }] },
          Period: 3600,
          Stat: 'p50',
        },
      },
    ];
    const r = await h.cli([
      'cloudwatch',
      'get-metric-data',
      '--metric-data-queries',
      JSON.stringify(queries),
      '--start-time',
      iso(start),
      '--end-time',
      iso(end),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const results = (r.json as { MetricDataResults: { Id: string; Label: string; Values: number[]; StatusCode: string }[] }).MetricDataResults;
    assert.deepEqual(
      results.map((x) => x.Id),
      ['err', 'rate', 'p50'],
    );
    assert.deepEqual(results[0]!.Values, [4]);
    assert.equal(results[1]!.Label, 'Error rate');
    assert.equal(results[1]!.Values[0]!.toFixed(6), ((4 / 11) * 100).toFixed(6));
    const sorted = [...durations].sort((a, b) => a - b);
    assert.equal(results[2]!.Values[0], sorted[Math.ceil(0.5 * sorted.length) - 1]);
    assert.ok(results.every((x) => x.StatusCode === 'Complete'));
  });

  it('list-metrics (CLI) lists the series Lambda publishes, filtered', async () => {
    const r = await h.cli(['cloudwatch', 'list-metrics', '--namespace', 'AWS/Lambda', '--dimensions', `Name=FunctionName,Value=${FN}`]);
    assert.equal(r.code, 0, r.stderr);
    const metrics = (r.json as { Metrics: { MetricName: string; Dimensions: { Name: string; Value: string }[] }[] }).Metrics;
    const names = new Set(metrics.map((m) => m.MetricName));
    for (const n of ['Invocations', 'Errors', 'Duration', 'ConcurrentExecutions', 'AsyncEventsReceived']) assert.ok(names.has(n), n);
    assert.ok(!names.has('Throttles'), 'no throttles for this function');
    assert.ok(metrics.some((m) => m.Dimensions.some((d) => d.Name === 'Resource' && d.Value === `${FN}:live`)));
    assert.ok(metrics.every((m) => m.Dimensions.some((d) => d.Name === 'FunctionName' && d.Value === FN)));
    const recent = await h.cli(['cloudwatch', 'list-metrics', '--metric-name', 'Throttles', '--recently-active', 'PT3H']);
    assert.equal(recent.code, 0, recent.stderr);
    assert.deepEqual((recent.json as { Metrics: { Dimensions: unknown[] }[] }).Metrics.map((m) => m.Dimensions.length).sort(), [0, 1, 2]);
  });

  it('answers bad requests with CloudWatch errors (CLI and SDK)', async () => {
    const base = [
      'cloudwatch',
      'get-metric-statistics',
      '--namespace',
      'AWS/Lambda',
      '--metric-name',
      'Invocations',
      '--start-time',
      iso(start),
      '--end-time',
      iso(end),
    ];
    const period = await h.cli([...base, '--period', '61', '--statistics', 'Sum']);
    assert.notEqual(period.code, 0);
    assert.match(period.stderr, /\(InvalidParameterValue\).*The parameter Period must be a multiple of 60\./);
    const both = await h.cli([...base, '--period', '60']);
    assert.match(both.stderr, /\(InvalidParameterCombination\).*Must specify either Statistics or ExtendedStatistics/);
    const put = await h.cli(['cloudwatch', 'put-metric-data', '--namespace', 'X', '--metric-name', 'Y', '--value', '1']);
    assert.match(put.stderr, /\(InvalidAction\).*not PutMetricData/);
    await assert.rejects(
      cw.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/Lambda',
          MetricName: 'Invocations',
          StartTime: new Date(end - 7_200_000),
          EndTime: new Date(end),
          Period: 1,
          Statistics: ['Sum'],
        }),
      ),
      // The SDK names the error by its model shape and keeps the query code, as against AWS.
      (e: Error & { Code?: string }) =>
        e.name === 'InvalidParameterCombinationException' &&
        e.Code === 'InvalidParameterCombination' &&
        /^You have requested up to 7,200 datapoints, which exceeds the limit of 1,440\./.test(e.message),
    );
    await assert.rejects(
      cw.send(new GetMetricDataCommand({ StartTime: new Date(start), EndTime: new Date(end), MetricDataQueries: [{ Id: 'e', Expression: 'SUM(x' }] })),
      (e: Error) => /Error in expression e.*Expected '\)' at column 6/.test(e.message),
    );
  });

  it('the SDK (awsJson1_0) reads the same figures, and they survive a restart', async () => {
    const read = async (c: CloudWatchClient): Promise<number[]> => {
      const out = await c.send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: new Date(end),
          ScanBy: 'TimestampAscending',
          MetricDataQueries: ['Invocations', 'Errors', 'Duration'].map((m, i) => ({
            Id: `m${i}`,
            MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: m, Dimensions: [{ Name: 'FunctionName', Value: FN }] }, Period: 60, Stat: 'Sum' },
          })),
        }),
      );
      const results = out.MetricDataResults ?? [];
      for (const r of results) {
        const t = (r.Timestamps ?? []).map((d) => d.getTime());
        assert.deepEqual(
          t,
          [...t].sort((a, b) => a - b),
        );
      }
      return results.map((r) => Number((r.Values ?? []).reduce((a, b) => a + b, 0).toFixed(2)));
    };
    const expected = [11, 4, Number(durations.reduce((a, b) => a + b, 0).toFixed(2))];
    assert.deepEqual(await read(cw), expected);
    const listed = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/Lambda', MetricName: 'Duration', Dimensions: [{ Name: 'ExecutedVersion' }] }));
    assert.deepEqual(
      listed.Metrics?.map((m) => m.Dimensions?.find((d) => d.Name === 'ExecutedVersion')?.Value),
      ['1'],
    );
    cw.destroy();
    h = await h.restart();
    cw = client(h);
    assert.deepEqual(await read(cw), expected);
  });
});
