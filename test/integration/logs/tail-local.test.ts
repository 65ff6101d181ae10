// The tail engine, history search and panel model against the real local service (dist/local.js):
// live tail and polling over the CloudWatch Logs API it serves, a stream dropped mid-way, and a real
// function's invocation grouped with its REPORT figures.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  type StartLiveTailCommandOutput,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, InvokeCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../local/harness';
import { makeZip } from '../local/zip';
import { startTail, type LogsClient } from '../../../src/logs/engine';
import { findRequestEvents, HistorySearch } from '../../../src/logs/search';
import { PanelModel } from '../../../src/logs/model';
import type { TailEvent, TailStatus } from '../../../src/logs/types';

async function until(cond: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function collector() {
  const events: TailEvent[] = [];
  const statuses: TailStatus[] = [];
  return { events, statuses, sink: { events: (b: TailEvent[]) => events.push(...b), status: (s: TailStatus) => statuses.push(s) } };
}

describe('log tailing against the local service', () => {
  let h: LocalHarness;
  const group = '/test/tail';
  let seq = 0;
  const put = async (stream: string, messages: string[], timestamp = Date.now()): Promise<void> => {
    await h.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: messages.map((message) => ({ message, timestamp })) }));
  };

  let logs: CloudWatchLogsClient;
  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
    // As the extension's client factory builds it for the local connection.
    logs = new CloudWatchLogsClient({
      endpoint: h.info.endpoint,
      region: h.info.region,
      credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
      disableHostPrefix: true,
      maxAttempts: 1,
    });
    await h.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    for (const s of ['a', 'b', 'c']) await h.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: s }));
  });
  after(async () => {
    logs.destroy();
    await h.stop();
  });

  it('live tail delivers new events once, by group name', async () => {
    const c = collector();
    const tail = startTail(logs, { logGroups: [group] }, c.sink);
    await until(() => c.statuses.some((s) => s.mode === 'live'), 'live');
    const tag = `live-${seq++}`;
    await put('a', [`${tag} one`, `${tag} two`]);
    await until(() => c.events.filter((e) => e.message.startsWith(tag)).length === 2, 'two events');
    await tail.stop();
    assert.deepEqual(
      c.events.filter((e) => e.message.startsWith(tag)).map((e) => [e.logGroup, e.logStream, e.message]),
      [
        [group, 'a', `${tag} one`],
        [group, 'a', `${tag} two`],
      ],
    );
    assert.equal(c.statuses.at(-1)!.mode, 'stopped');
  });

  it('live tail applies the server-side filter pattern', async () => {
    const c = collector();
    const tail = startTail(logs, { logGroups: [group], filterPattern: 'ERROR' }, c.sink);
    await until(() => c.statuses.some((s) => s.mode === 'live'), 'live');
    const tag = `pat-${seq++}`;
    await put('b', [`${tag} INFO fine`, `${tag} ERROR broken`]);
    await until(() => c.events.some((e) => e.message.startsWith(tag)), 'filtered event');
    await new Promise((r) => setTimeout(r, 1200));
    await tail.stop();
    assert.deepEqual(
      c.events.filter((e) => e.message.startsWith(tag)).map((e) => e.message),
      [`${tag} ERROR broken`],
    );
  });

  it('polling mode reads the same events through FilterLogEvents', async () => {
    const c = collector();
    const tail = startTail(logs, { logGroups: [group], mode: 'poll', pollIntervalMs: 100 }, c.sink);
    const tag = `poll-${seq++}`;
    await new Promise((r) => setTimeout(r, 50));
    await put('c', [`${tag} 1`, `${tag} 2`, `${tag} 3`]);
    await until(() => c.events.filter((e) => e.message.startsWith(tag)).length >= 3, 'three polled');
    await new Promise((r) => setTimeout(r, 400));
    await tail.stop();
    assert.deepEqual(
      c.events.filter((e) => e.message.startsWith(tag)).map((e) => e.message),
      [`${tag} 1`, `${tag} 2`, `${tag} 3`],
    );
  });

  it('a stream dropped mid-way loses nothing and repeats nothing (backfill from the real service)', async () => {
    // Wrap the real client: the first session's stream fails after its first update.
    let sessions = 0;
    const client: LogsClient = {
      send: (async (cmd: { constructor: { name: string } }, opts?: unknown) => {
        const out = await (logs.send as (c: unknown, o?: unknown) => Promise<unknown>)(cmd, opts);
        if (cmd.constructor.name !== 'StartLiveTailCommand' || sessions++ > 0) return out;
        const live = out as StartLiveTailCommandOutput;
        const inner = live.responseStream!;
        async function* dropping(): AsyncGenerator<StartLiveTailResponseStream> {
          let updates = 0;
          for await (const item of inner) {
            yield item;
            if (item.sessionUpdate?.sessionResults?.length && ++updates === 1) throw Object.assign(new Error('socket hang up'), { name: 'Error' });
          }
        }
        return { ...live, responseStream: dropping() };
      }) as LogsClient['send'],
    };
    const c = collector();
    const tail = startTail(client, { logGroups: [group], reconnectDelayMs: 300 }, c.sink);
    await until(() => c.statuses.some((s) => s.mode === 'live'), 'live');
    const tag = `drop-${seq++}`;
    const t = Date.now();
    await put('a', [`${tag} first`], t);
    await until(() => c.statuses.some((s) => s.mode === 'reconnecting'), 'the drop');
    // Written while no session listens, at the boundary millisecond, then more after.
    await put('a', [`${tag} same ms`], t);
    await put('b', [`${tag} in the gap`]);
    await until(() => sessions >= 2 && c.statuses.filter((s) => s.mode === 'live').length >= 2, 'second session');
    await put('a', [`${tag} after`]);
    await until(() => c.events.filter((e) => e.message.startsWith(tag)).length >= 4, 'four events');
    await new Promise((r) => setTimeout(r, 1200));
    await tail.stop();
    assert.deepEqual(
      c.events
        .filter((e) => e.message.startsWith(tag))
        .map((e) => e.message)
        .sort(),
      [`${tag} after`, `${tag} first`, `${tag} in the gap`, `${tag} same ms`],
    );
  });

  it('history search pages newer and older', async () => {
    const g = '/test/history';
    await h.logs.send(new CreateLogGroupCommand({ logGroupName: g }));
    await h.logs.send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: 's' }));
    const base = Date.now() - 60_000;
    await h.logs.send(
      new PutLogEventsCommand({
        logGroupName: g,
        logStreamName: 's',
        logEvents: Array.from({ length: 25 }, (_, i) => ({ message: `h${i}`, timestamp: base + i * 100 })),
      }),
    );
    const search = new HistorySearch(logs, { logGroups: [g], start: base + 1000, end: base + 1500, pageSize: 4 });
    const first = await search.newer();
    assert.deepEqual(
      first.events.map((e) => e.message),
      ['h10', 'h11', 'h12', 'h13'],
    );
    const next = await search.newer(base + 100_000);
    assert.deepEqual(
      next.events.map((e) => e.message),
      ['h14', 'h15', 'h16', 'h17'],
    );
    const older = await search.older();
    assert.deepEqual(
      older.events.map((e) => e.message),
      ['h6', 'h7', 'h8', 'h9'],
    );
    const older2 = await search.older();
    assert.deepEqual(
      older2.events.map((e) => e.message),
      ['h2', 'h3', 'h4', 'h5'],
    );
  });

  it('without disableHostPrefix the stream- host cannot resolve: the engine falls back to polling', async () => {
    const plain = new CloudWatchLogsClient({
      endpoint: h.info.endpoint,
      region: h.info.region,
      credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
      maxAttempts: 1,
    });
    const c = collector();
    const tail = startTail(plain, { logGroups: [group], pollIntervalMs: 100 }, c.sink);
    await until(() => c.statuses.some((s) => s.mode === 'polling'), 'polling');
    const tag = `nohost-${seq++}`;
    await put('a', [`${tag} x`]);
    await until(() => c.events.some((e) => e.message === `${tag} x`), 'polled event');
    await tail.stop();
    plain.destroy();
    assert.match(c.statuses.find((s) => s.mode === 'polling')!.reason!, /does not support live tail/);
  });

  it('a real function: its invocation becomes a group with REPORT figures, and "show request logs" finds it', async () => {
    const handler = `exports.handler = async (event) => { console.log('hello', JSON.stringify(event)); console.warn('careful'); return { ok: true }; };`;
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'talker',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/r',
        Code: { ZipFile: await makeZip({ 'index.js': handler }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'talker' });
    // The log group only exists once the function has logged: the tail polls until it appears, then goes live.
    const model = new PanelModel();
    const statuses: TailStatus[] = [];
    const tail = startTail(
      logs,
      { logGroups: ['/aws/lambda/talker'], pollIntervalMs: 100, liveRetryMs: 500 },
      { events: (b) => model.ingest(b), status: (s) => statuses.push(s) },
    );
    const started = Date.now();
    const out = await h.lambda.send(new InvokeCommand({ FunctionName: 'talker', Payload: Buffer.from('{"n":1}') }));
    const requestId = out.$metadata.requestId!;
    assert.ok(requestId);
    await until(() => model.group(requestId)?.report?.durationMs !== undefined, 'the REPORT of the invocation');
    await tail.stop();
    const g = model.group(requestId)!;
    assert.equal(g.status, 'success');
    assert.equal(g.report!.memorySizeMb, 128);
    assert.ok(g.report!.maxMemoryUsedMb! > 0);
    assert.ok(g.report!.billedDurationMs! >= 1);
    const lines = model.rows().filter((r) => r.type === 'line' && r.line.requestId === requestId);
    assert.ok(
      lines.some((r) => r.type === 'line' && r.line.level === 'WARN' && r.line.text === 'careful'),
      'console.warn line with its level',
    );
    const found = await findRequestEvents(logs, '/aws/lambda/talker', requestId, started);
    assert.ok(found.some((e) => e.message.startsWith(`START RequestId: ${requestId}`)));
    assert.ok(found.some((e) => e.message.startsWith(`REPORT RequestId: ${requestId}`)));
    assert.ok(found.some((e) => e.message.includes('hello {"n":1}')));
  });
});
