// The Logs API inside the real local service (dist/local.js): signed SDK requests through the front,
// a function's console.log arriving through StartLiveTail, the AWS CLI v2, and a restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, InvokeCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  StartLiveTailCommand,
  type LiveTailSessionLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { startLocal, type LocalHarness } from '../harness';
import { makeZip } from '../zip';

const HANDLER = `
exports.handler = async (event) => {
  console.log('tick', event.n);
  console.log(JSON.stringify({ level: event.n % 2 ? 'ERROR' : 'INFO', n: event.n }));
  return { n: event.n };
};
`;

describe('Logs API in the local service', () => {
  let h: LocalHarness;
  let tailClient: CloudWatchLogsClient;
  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
    // StartLiveTail carries the `stream-` host prefix; a local endpoint needs disableHostPrefix.
    tailClient = new CloudWatchLogsClient({
      endpoint: h.info.endpoint,
      region: h.info.region,
      disableHostPrefix: true,
      maxAttempts: 1,
      credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
    });
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'talker',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/r',
        Code: { ZipFile: await makeZip({ 'index.js': HANDLER }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'talker' });
  });
  after(async () => {
    tailClient?.destroy();
    await h?.stop();
  });

  it('tails a function invoked while tailing: every console.log arrives, in order, none twice', async () => {
    const g = '/aws/lambda/talker';
    await h.lambda.send(new InvokeCommand({ FunctionName: 'talker', Payload: Buffer.from('{"n":0}') })); // creates the group
    const abort = new AbortController();
    const out = await tailClient.send(
      new StartLiveTailCommand({
        logGroupIdentifiers: [`arn:aws:logs:${h.info.region}:000000000000:log-group:${g}`],
        logEventFilterPattern: 'tick',
      }),
      { abortSignal: abort.signal },
    );
    const it = out.responseStream![Symbol.asyncIterator]();
    assert.ok((await it.next()).value?.sessionStart);
    const N = 8;
    for (let n = 1; n <= N; n++) await h.lambda.send(new InvokeCommand({ FunctionName: 'talker', Payload: Buffer.from(JSON.stringify({ n })) }));
    const got: LiveTailSessionLogEvent[] = [];
    const deadline = Date.now() + 15_000;
    while (got.length < N && Date.now() < deadline) {
      const r = await it.next();
      assert.equal(r.done, false);
      got.push(...(r.value.sessionUpdate?.sessionResults ?? []));
    }
    const ticks = got.map((e) => /tick (\d+)/.exec(e.message!)?.[1]);
    assert.deepEqual(
      ticks,
      Array.from({ length: N }, (_, i) => String(i + 1)),
    );
    abort.abort();
  });

  it('serves the function log through GetLogEvents and FilterLogEvents (JSON pattern), signed through the front', async () => {
    const g = '/aws/lambda/talker';
    const streams = await h.logs.send(new DescribeLogStreamsCommand({ logGroupName: g, orderBy: 'LastEventTime', descending: true }));
    assert.ok(streams.logStreams!.length >= 1);
    const events = await h.logs.send(new GetLogEventsCommand({ logGroupName: g, logStreamName: streams.logStreams![0].logStreamName, startFromHead: true }));
    assert.ok(events.events!.some((e) => /^START RequestId: /.test(e.message!)));
    assert.ok(events.events!.some((e) => /^REPORT RequestId: /.test(e.message!)));
    const errors = await h.logs.send(new FilterLogEventsCommand({ logGroupName: g, filterPattern: 'ERROR "\\"n\\":3"' }));
    assert.equal(errors.events!.length, 1);
  });

  it('works with the AWS CLI v2', async () => {
    const g = 'cli-group';
    assert.equal((await h.cli(['logs', 'create-log-group', '--log-group-name', g])).code, 0);
    assert.equal((await h.cli(['logs', 'create-log-stream', '--log-group-name', g, '--log-stream-name', 's1'])).code, 0);
    const now = Date.now();
    const put = await h.cli([
      'logs',
      'put-log-events',
      '--log-group-name',
      g,
      '--log-stream-name',
      's1',
      '--log-events',
      JSON.stringify([
        { timestamp: now, message: 'hello from the cli' },
        { timestamp: now + 1, message: '{"level":"ERROR","latency":500}' },
      ]),
    ]);
    assert.equal(put.code, 0, put.stderr);
    const groups = await h.cli(['logs', 'describe-log-groups', '--log-group-name-prefix', 'cli-']);
    assert.deepEqual(
      (groups.json as { logGroups: { logGroupName: string }[] }).logGroups.map((x) => x.logGroupName),
      [g],
    );
    const filtered = await h.cli(['logs', 'filter-log-events', '--log-group-name', g, '--filter-pattern', '{ $.latency > 100 }']);
    assert.equal(filtered.code, 0, filtered.stderr);
    assert.deepEqual(
      (filtered.json as { events: { message: string }[] }).events.map((e) => e.message),
      ['{"level":"ERROR","latency":500}'],
    );
    const got = await h.cli(['logs', 'get-log-events', '--log-group-name', g, '--log-stream-name', 's1', '--start-from-head']);
    assert.deepEqual(
      (got.json as { events: { message: string }[] }).events.map((e) => e.message),
      ['hello from the cli', '{"level":"ERROR","latency":500}'],
    );
    // `aws logs tail` (FilterLogEvents underneath) prints the lines.
    const tail = await h.cli(['logs', 'tail', g, '--since', '1h', '--format', 'short']);
    assert.equal(tail.code, 0, tail.stderr);
    assert.match(tail.stdout, /hello from the cli/);
    const retention = await h.cli(['logs', 'put-retention-policy', '--log-group-name', g, '--retention-in-days', '5']);
    assert.equal(retention.code, 0, retention.stderr);
    const missing = await h.cli(['logs', 'filter-log-events', '--log-group-name', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /ResourceNotFoundException/);
    const bad = await h.cli(['logs', 'filter-log-events', '--log-group-name', g, '--filter-pattern', '{ $.x = ']);
    assert.match(bad.stderr, /InvalidParameterException.*Invalid filter pattern/);
  });

  it('keeps the logs across a restart of the service', async () => {
    h = await h.restart();
    const again = await h.logs.send(new FilterLogEventsCommand({ logGroupName: 'cli-group' }));
    assert.deepEqual(
      again.events!.map((e) => e.message),
      ['hello from the cli', '{"level":"ERROR","latency":500}'],
    );
    const fn = await h.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/talker', filterPattern: 'tick' }));
    assert.equal(fn.events!.length, 9);
  });
});
