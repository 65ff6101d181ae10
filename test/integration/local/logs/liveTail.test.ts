import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateLogGroupCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  StartLiveTailCommand,
  type LiveTailSessionLogEvent,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { startLogsApi, type LogsApiHarness } from '../harness';

const ARN = (name: string) => `arn:aws:logs:us-east-1:000000000000:log-group:${name}`;

async function next(it: AsyncIterator<StartLiveTailResponseStream>): Promise<StartLiveTailResponseStream> {
  const r = await it.next();
  assert.equal(r.done, false, 'the stream ended early');
  return r.value;
}

describe('StartLiveTail through the SDK', () => {
  let h: LogsApiHarness;
  before(async () => {
    h = await startLogsApi({ liveTailUpdateMs: 100 });
  });
  after(async () => {
    await h.close();
  });

  it('goes to the plain endpoint with disableHostPrefix, starts, and delivers appended events in order, none twice', async () => {
    const g = '/aws/lambda/tail-fn';
    await h.client.send(new CreateLogGroupCommand({ logGroupName: g }));
    const abort = new AbortController();
    const before = h.seen.length;
    const out = await h.client.send(new StartLiveTailCommand({ logGroupIdentifiers: [ARN(g)] }), { abortSignal: abort.signal });
    const seen = h.seen.slice(before);
    assert.equal(seen[0].target, 'Logs_20140328.StartLiveTail');
    assert.equal(seen[0].host, new URL(h.endpoint).host, 'the SDK must not prefix the host for the local endpoint');

    const it = out.responseStream![Symbol.asyncIterator]();
    const start = await next(it);
    assert.ok(start.sessionStart);
    assert.deepEqual(start.sessionStart.logGroupIdentifiers, [ARN(g)]);
    assert.match(start.sessionStart.sessionId!, /^[0-9a-f-]{36}$/);
    assert.equal(start.sessionStart.logEventFilterPattern, '');

    // Append while tailing, in several bursts from two streams.
    const total = 300;
    let sent = 0;
    const t0 = Date.now();
    const writer = setInterval(() => {
      for (let k = 0; k < 30 && sent < total; k++, sent++) {
        h.store.append(g, sent % 2 ? '2026/01/01/[$LATEST]b' : '2026/01/01/[$LATEST]a', [{ timestamp: t0 + sent, message: `line ${sent}` }]);
      }
      if (sent >= total) clearInterval(writer);
    }, 20);
    const got: LiveTailSessionLogEvent[] = [];
    while (got.length < total) {
      const ev = await next(it);
      assert.ok(ev.sessionUpdate, 'only sessionUpdate events follow sessionStart');
      assert.equal(ev.sessionUpdate.sessionMetadata?.sampled, false);
      got.push(...(ev.sessionUpdate.sessionResults ?? []));
    }
    assert.deepEqual(
      got.map((e) => e.message),
      Array.from({ length: total }, (_, i) => `line ${i}`),
    );
    const e0 = got[0];
    assert.equal(e0.logGroupIdentifier, ARN(g));
    assert.equal(e0.logStreamName, '2026/01/01/[$LATEST]a');
    assert.equal(e0.timestamp, t0);
    assert.equal(typeof e0.ingestionTime, 'number');
    // Heartbeats keep coming while nothing is appended.
    const idle = await next(it);
    assert.deepEqual(idle.sessionUpdate?.sessionResults, []);
    abort.abort();
    await waitFor(() => h.api.tails.active === 0);
  });

  it('applies the filter pattern and stream filters, and accepts a group name', async () => {
    const g = 'tail-filter';
    await h.client.send(new CreateLogGroupCommand({ logGroupName: g }));
    const abort = new AbortController();
    const out = await h.client.send(
      new StartLiveTailCommand({
        logGroupIdentifiers: [g],
        logStreamNamePrefixes: ['keep'],
        logEventFilterPattern: '{ $.level = "ERROR" }',
      }),
      { abortSignal: abort.signal },
    );
    const it = out.responseStream![Symbol.asyncIterator]();
    const start = await next(it);
    assert.deepEqual(start.sessionStart?.logStreamNamePrefixes, ['keep']);
    assert.equal(start.sessionStart?.logEventFilterPattern, '{ $.level = "ERROR" }');
    const now = Date.now();
    h.store.append(g, 'keep-1', [
      { timestamp: now, message: '{"level":"INFO","n":1}' },
      { timestamp: now, message: '{"level":"ERROR","n":2}' },
      { timestamp: now, message: 'ERROR plain text' },
    ]);
    h.store.append(g, 'drop-1', [{ timestamp: now, message: '{"level":"ERROR","n":3}' }]);
    const got: LiveTailSessionLogEvent[] = [];
    for (let i = 0; i < 3; i++) got.push(...((await next(it)).sessionUpdate?.sessionResults ?? []));
    assert.deepEqual(
      got.map((e) => e.message),
      ['{"level":"ERROR","n":2}'],
    );
    assert.equal(got[0].logGroupIdentifier, ARN(g));
    abort.abort();
    await waitFor(() => h.api.tails.active === 0);
  });

  it('samples to 500 results per update and says so', async () => {
    const g = 'tail-flood';
    await h.client.send(new CreateLogGroupCommand({ logGroupName: g }));
    const abort = new AbortController();
    const out = await h.client.send(new StartLiveTailCommand({ logGroupIdentifiers: [g] }), { abortSignal: abort.signal });
    const it = out.responseStream![Symbol.asyncIterator]();
    await next(it);
    const now = Date.now();
    h.store.append(
      g,
      's',
      Array.from({ length: 2000 }, (_, i) => ({ timestamp: now + i, message: `flood ${i}` })),
    );
    let update;
    do update = (await next(it)).sessionUpdate;
    while (!update?.sessionResults?.length);
    assert.equal(update.sessionMetadata?.sampled, true);
    assert.equal(update.sessionResults.length, 500);
    const ts = update.sessionResults.map((e) => e.timestamp!);
    assert.deepEqual(
      ts,
      [...ts].sort((a, b) => a - b),
    );
    assert.equal(new Set(ts).size, 500);
    abort.abort();
    await waitFor(() => h.api.tails.active === 0);
  });

  it('rejects unknown groups and bad arguments as AWS does, before streaming', async () => {
    await assert.rejects(h.client.send(new StartLiveTailCommand({ logGroupIdentifiers: [ARN('nope')] })), ResourceNotFoundException);
    await h.client.send(new CreateLogGroupCommand({ logGroupName: 'tail-a' }));
    await h.client.send(new CreateLogGroupCommand({ logGroupName: 'tail-b' }));
    await assert.rejects(
      h.client.send(new StartLiveTailCommand({ logGroupIdentifiers: ['tail-a', 'tail-b'], logStreamNames: ['x'] })),
      InvalidParameterException,
    );
    await assert.rejects(h.client.send(new StartLiveTailCommand({ logGroupIdentifiers: [`${ARN('tail-a')}:*`] })), InvalidParameterException);
    await assert.rejects(
      h.client.send(new StartLiveTailCommand({ logGroupIdentifiers: ['tail-a'], logEventFilterPattern: '{ $.x = ' })),
      InvalidParameterException,
    );
    assert.equal(h.api.tails.active, 0);
  });

  it('ends a session when its log group is deleted, with a SessionStreamingException', async () => {
    const g = 'tail-deleted';
    await h.client.send(new CreateLogGroupCommand({ logGroupName: g }));
    const out = await h.client.send(new StartLiveTailCommand({ logGroupIdentifiers: [g] }));
    const it = out.responseStream![Symbol.asyncIterator]();
    await next(it);
    h.store.deleteGroup(g);
    h.api.tails.groupDeleted(g);
    await assert.rejects(
      async () => {
        for (;;) if ((await it.next()).done) break;
      },
      (e: Error) => e.name === 'SessionStreamingException',
    );
    assert.equal(h.api.tails.active, 0);
  });
});

describe('StartLiveTail session limit', () => {
  let h: LogsApiHarness;
  before(async () => {
    h = await startLogsApi({ liveTailUpdateMs: 50, liveTailMaxSessionMs: 400 });
  });
  after(async () => {
    await h.close();
  });

  it('ends the stream with a SessionTimeoutException after the limit, delivering what came before', async () => {
    const g = 'tail-limit';
    await h.client.send(new CreateLogGroupCommand({ logGroupName: g }));
    const out = await h.client.send(new StartLiveTailCommand({ logGroupIdentifiers: [g] }));
    const messages: string[] = [];
    h.store.append(g, 's', [{ timestamp: Date.now(), message: 'before the limit' }]);
    const err = await (async () => {
      try {
        for await (const ev of out.responseStream!) messages.push(...(ev.sessionUpdate?.sessionResults ?? []).map((e) => e.message!));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    assert.equal(err?.name, 'SessionTimeoutException');
    assert.deepEqual(messages, ['before the limit']);
    assert.equal(h.api.tails.active, 0);
  });

  it('refuses more sessions than the limit with LimitExceededException', async () => {
    const g2 = 'tail-many';
    const h2 = await startLogsApi({ liveTailMaxSessions: 1, liveTailUpdateMs: 50 });
    try {
      await h2.client.send(new CreateLogGroupCommand({ logGroupName: g2 }));
      const abort = new AbortController();
      const first = await h2.client.send(new StartLiveTailCommand({ logGroupIdentifiers: [g2] }), { abortSignal: abort.signal });
      await first.responseStream![Symbol.asyncIterator]().next();
      await assert.rejects(h2.client.send(new StartLiveTailCommand({ logGroupIdentifiers: [g2] })), (e: Error) => e.name === 'LimitExceededException');
      abort.abort();
      await waitFor(() => h2.api.tails.active === 0);
    } finally {
      await h2.close();
    }
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), 'condition not reached');
}
