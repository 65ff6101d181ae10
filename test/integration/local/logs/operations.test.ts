import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagResourceCommand,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
  paginateGetLogEvents,
  ResourceNotFoundException,
  ResourceAlreadyExistsException,
  InvalidParameterException,
} from '@aws-sdk/client-cloudwatch-logs';
import { startLogsApi, type LogsApiHarness } from '../harness';

const ARN = (name: string) => `arn:aws:logs:us-east-1:000000000000:log-group:${name}`;

describe('Logs API through the SDK', () => {
  let h: LogsApiHarness;
  before(async () => {
    h = await startLogsApi();
  });
  after(async () => {
    await h.close();
  });

  it('creates, describes (prefix, pattern, paging) and deletes log groups', async () => {
    for (let i = 0; i < 7; i++) await h.client.send(new CreateLogGroupCommand({ logGroupName: `/aws/lambda/fn-${i}` }));
    await h.client.send(new CreateLogGroupCommand({ logGroupName: 'other-Group', tags: { team: 'a' } }));
    await assert.rejects(h.client.send(new CreateLogGroupCommand({ logGroupName: 'other-Group' })), ResourceAlreadyExistsException);
    await assert.rejects(h.client.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })), InvalidParameterException);

    const first = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/', limit: 3 }));
    assert.deepEqual(
      first.logGroups!.map((g) => g.logGroupName),
      ['/aws/lambda/fn-0', '/aws/lambda/fn-1', '/aws/lambda/fn-2'],
    );
    assert.ok(first.nextToken);
    const g0 = first.logGroups![0];
    assert.equal(g0.arn, `${ARN('/aws/lambda/fn-0')}:*`);
    assert.equal(g0.logGroupArn, ARN('/aws/lambda/fn-0'));
    assert.equal(g0.storedBytes, 0);
    assert.equal(typeof g0.creationTime, 'number');

    const names: string[] = [];
    for await (const page of paginateDescribeLogGroups({ client: h.client, pageSize: 2 }, { logGroupNamePrefix: '/aws/lambda/' })) {
      names.push(...page.logGroups!.map((g) => g.logGroupName!));
    }
    assert.equal(names.length, 7);
    assert.equal(new Set(names).size, 7);

    const byPattern = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'group' }));
    assert.deepEqual(
      byPattern.logGroups!.map((g) => g.logGroupName),
      ['other-Group'],
    );

    await h.client.send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/fn-6' }));
    await assert.rejects(h.client.send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/fn-6' })), ResourceNotFoundException);
    const after = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/fn-6' }));
    assert.deepEqual(after.logGroups, []);
  });

  it('answers ResourceNotFoundException with the AWS message for an unknown group and stream', async () => {
    const err = await h.client.send(new FilterLogEventsCommand({ logGroupName: '/nope' })).catch((e: unknown) => e);
    assert.ok(err instanceof ResourceNotFoundException);
    assert.equal(err.message, 'The specified log group does not exist.');
    assert.equal(err.$metadata.httpStatusCode, 400);
    await h.client.send(new CreateLogGroupCommand({ logGroupName: 'g-nf' }));
    await assert.rejects(
      h.client.send(new GetLogEventsCommand({ logGroupName: 'g-nf', logStreamName: 'missing' })),
      (e: unknown) => e instanceof ResourceNotFoundException && e.message === 'The specified log stream does not exist.',
    );
  });

  it('creates, orders, pages and deletes log streams', async () => {
    const g = 'streams-g';
    await h.client.send(new CreateLogGroupCommand({ logGroupName: g }));
    const now = Date.now();
    // Stream c has the newest event, a the oldest.
    for (const [name, offset] of [
      ['b', -2000],
      ['a', -3000],
      ['c', -1000],
      ['d', 0],
    ] as const) {
      await h.client.send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: name }));
      if (name !== 'd')
        await h.client.send(new PutLogEventsCommand({ logGroupName: g, logStreamName: name, logEvents: [{ timestamp: now + offset, message: `m-${name}` }] }));
    }
    await assert.rejects(h.client.send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: 'a' })), ResourceAlreadyExistsException);
    await assert.rejects(h.client.send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: 'x:y' })), InvalidParameterException);

    const byName = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: g }));
    assert.deepEqual(
      byName.logStreams!.map((s) => s.logStreamName),
      ['a', 'b', 'c', 'd'],
    );
    const a = byName.logStreams![0];
    assert.equal(a.firstEventTimestamp, now - 3000);
    assert.equal(a.lastEventTimestamp, now - 3000);
    assert.equal(typeof a.lastIngestionTime, 'number');
    assert.equal(a.arn, `${ARN(g)}:log-stream:a`);
    assert.equal(byName.logStreams![3].firstEventTimestamp, undefined);

    const byTime = await h.client.send(new DescribeLogStreamsCommand({ logGroupIdentifier: ARN(g), orderBy: 'LastEventTime', descending: true }));
    assert.deepEqual(
      byTime.logStreams!.map((s) => s.logStreamName),
      ['c', 'b', 'a', 'd'],
    );

    const p1 = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: g, orderBy: 'LastEventTime', descending: true, limit: 2 }));
    const p2 = await h.client.send(
      new DescribeLogStreamsCommand({ logGroupName: g, orderBy: 'LastEventTime', descending: true, limit: 2, nextToken: p1.nextToken }),
    );
    assert.deepEqual(
      [...p1.logStreams!, ...p2.logStreams!].map((s) => s.logStreamName),
      ['c', 'b', 'a', 'd'],
    );
    assert.equal(p2.nextToken, undefined);

    const prefixed = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: g, logStreamNamePrefix: 'c' }));
    assert.deepEqual(
      prefixed.logStreams!.map((s) => s.logStreamName),
      ['c'],
    );
    await assert.rejects(
      h.client.send(new DescribeLogStreamsCommand({ logGroupName: g, logStreamNamePrefix: 'c', orderBy: 'LastEventTime' })),
      InvalidParameterException,
    );

    await h.client.send(new DeleteLogStreamCommand({ logGroupName: g, logStreamName: 'd' }));
    await assert.rejects(h.client.send(new DeleteLogStreamCommand({ logGroupName: g, logStreamName: 'd' })), ResourceNotFoundException);
    const left = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: g }));
    assert.deepEqual(
      left.logStreams!.map((s) => s.logStreamName),
      ['a', 'b', 'c'],
    );
  });

  it('PutLogEvents needs no sequence token and reports too old / too new events', async () => {
    const g = 'put-g';
    await h.client.send(new CreateLogGroupCommand({ logGroupName: g }));
    await h.client.send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: 's' }));
    const now = Date.now();
    const r1 = await h.client.send(new PutLogEventsCommand({ logGroupName: g, logStreamName: 's', logEvents: [{ timestamp: now, message: 'one' }] }));
    assert.equal(r1.rejectedLogEventsInfo, undefined);
    // A second put with no token (and a stale one) is accepted, as AWS does now.
    await h.client.send(
      new PutLogEventsCommand({ logGroupName: g, logStreamName: 's', sequenceToken: 'stale', logEvents: [{ timestamp: now + 1, message: 'two' }] }),
    );
    const r2 = await h.client
      .send(
        new PutLogEventsCommand({
          logGroupName: g,
          logStreamName: 's',
          logEvents: [
            { timestamp: now - 15 * 86_400_000, message: 'ancient' },
            { timestamp: now - 15 * 86_400_000 + 1, message: 'ancient2' },
            { timestamp: now + 2, message: 'three' },
          ],
        }),
      )
      .catch((e: unknown) => e);
    // The batch spans more than 24 hours: rejected as a whole, as AWS does.
    assert.ok(r2 instanceof InvalidParameterException);
    const r3 = await h.client.send(
      new PutLogEventsCommand({
        logGroupName: g,
        logStreamName: 's',
        logEvents: [
          { timestamp: now + 2, message: 'three' },
          { timestamp: now + 3 * 3_600_000, message: 'future' },
        ],
      }),
    );
    assert.deepEqual(r3.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 });
    const r4 = await h.client.send(
      new PutLogEventsCommand({
        logGroupName: g,
        logStreamName: 's',
        logEvents: [
          { timestamp: now - 14 * 86_400_000 - 60_000, message: 'old' },
          { timestamp: now - 14 * 86_400_000 + 3_600_000, message: 'ok-old' },
        ],
      }),
    );
    assert.deepEqual(r4.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 1 });
    const all = await h.client.send(new GetLogEventsCommand({ logGroupName: g, logStreamName: 's', startFromHead: true }));
    assert.deepEqual(
      all.events!.map((e) => e.message),
      ['ok-old', 'one', 'two', 'three'],
    );
    await assert.rejects(
      h.client.send(new PutLogEventsCommand({ logGroupName: g, logStreamName: 'nope', logEvents: [{ timestamp: now, message: 'x' }] })),
      ResourceNotFoundException,
    );
    await assert.rejects(h.client.send(new PutLogEventsCommand({ logGroupName: g, logStreamName: 's', logEvents: [] })), InvalidParameterException);
  });

  it('GetLogEvents pages forward and backward with AWS-like tokens', async () => {
    const g = 'get-g';
    const t0 = Date.now() - 100_000;
    h.store.append(
      g,
      's',
      Array.from({ length: 25 }, (_, i) => ({ timestamp: t0 + i * 10, message: `e${i}` })),
    );

    // Default (no startFromHead): the newest `limit` events, oldest first.
    const tail = await h.client.send(new GetLogEventsCommand({ logGroupName: g, logStreamName: 's', limit: 5 }));
    assert.deepEqual(
      tail.events!.map((e) => e.message),
      ['e20', 'e21', 'e22', 'e23', 'e24'],
    );
    assert.match(tail.nextForwardToken!, /^f\/\d+$/);
    assert.match(tail.nextBackwardToken!, /^b\/\d+$/);
    const back = await h.client.send(new GetLogEventsCommand({ logGroupName: g, logStreamName: 's', limit: 5, nextToken: tail.nextBackwardToken }));
    assert.deepEqual(
      back.events!.map((e) => e.message),
      ['e15', 'e16', 'e17', 'e18', 'e19'],
    );
    // Forward from the end: nothing new, and the same token comes back.
    const end = await h.client.send(new GetLogEventsCommand({ logGroupName: g, logStreamName: 's', nextToken: tail.nextForwardToken }));
    assert.deepEqual(end.events, []);
    assert.equal(end.nextForwardToken, tail.nextForwardToken);
    // New events appear on the next forward call with that token.
    h.store.append(g, 's', [{ timestamp: t0 + 1000, message: 'late' }]);
    const more = await h.client.send(new GetLogEventsCommand({ logGroupName: g, logStreamName: 's', nextToken: tail.nextForwardToken }));
    assert.deepEqual(
      more.events!.map((e) => e.message),
      ['late'],
    );

    // The SDK paginator walks the stream from the head; with stopOnSameToken (needed on AWS too) it stops on the repeated token.
    const seen: string[] = [];
    for await (const page of paginateGetLogEvents(
      { client: h.client, pageSize: 7, stopOnSameToken: true },
      { logGroupName: g, logStreamName: 's', startFromHead: true },
    )) {
      seen.push(...page.events!.map((e) => e.message!));
    }
    assert.deepEqual(seen, [...Array.from({ length: 25 }, (_, i) => `e${i}`), 'late']);

    // Backward paging to the beginning also ends by repeating the token.
    let token = tail.nextBackwardToken;
    let backwards = 0;
    for (let i = 0; i < 10; i++) {
      const r = await h.client.send(new GetLogEventsCommand({ logGroupName: g, logStreamName: 's', limit: 10, nextToken: token }));
      backwards += r.events!.length;
      if (r.nextBackwardToken === token) break;
      token = r.nextBackwardToken;
    }
    assert.equal(backwards, 20);

    const ranged = await h.client.send(
      new GetLogEventsCommand({ logGroupName: g, logStreamName: 's', startTime: t0 + 50, endTime: t0 + 100, startFromHead: true }),
    );
    assert.deepEqual(
      ranged.events!.map((e) => e.message),
      ['e5', 'e6', 'e7', 'e8', 'e9'],
    );
    const e = ranged.events![0];
    assert.equal(e.timestamp, t0 + 50);
    assert.equal(typeof e.ingestionTime, 'number');
    await assert.rejects(h.client.send(new GetLogEventsCommand({ logGroupName: g, logStreamName: 's', nextToken: 'garbage' })), InvalidParameterException);
  });

  it('FilterLogEvents merges streams in time order, filters by stream, time and pattern, and pages', async () => {
    const g = 'filter-g';
    const t0 = Date.now() - 100_000;
    h.store.append(
      g,
      'app/1',
      Array.from({ length: 30 }, (_, i) => ({ timestamp: t0 + i * 2, message: i % 3 === 0 ? `ERROR job ${i}` : `INFO job ${i}` })),
    );
    h.store.append(
      g,
      'app/2',
      Array.from({ length: 30 }, (_, i) => ({
        timestamp: t0 + i * 2 + 1,
        message: JSON.stringify({ level: i % 5 === 0 ? 'ERROR' : 'INFO', i, latency: i * 10 }),
      })),
    );
    h.store.append(g, 'other', [{ timestamp: t0, message: 'ERROR other' }]);

    const all = await h.client.send(new FilterLogEventsCommand({ logGroupName: g }));
    assert.equal(all.events!.length, 61);
    const ts = all.events!.map((e) => e.timestamp!);
    assert.deepEqual(
      ts,
      [...ts].sort((a, b) => a - b),
    );
    assert.equal(new Set(all.events!.map((e) => e.eventId)).size, 61);
    assert.equal(all.nextToken, undefined);

    const errors = await h.client.send(new FilterLogEventsCommand({ logGroupName: g, filterPattern: 'ERROR', logStreamNamePrefix: 'app/' }));
    assert.equal(errors.events!.length, 10 + 6);
    const jsonErrors = await h.client.send(new FilterLogEventsCommand({ logGroupName: g, filterPattern: '{ $.level = "ERROR" && $.latency > 100 }' }));
    assert.deepEqual(
      jsonErrors.events!.map((e) => JSON.parse(e.message!).i),
      [15, 20, 25],
    );
    const byName = await h.client.send(new FilterLogEventsCommand({ logGroupIdentifier: ARN(g), logStreamNames: ['other', 'missing'] }));
    assert.deepEqual(
      byName.events!.map((e) => e.message),
      ['ERROR other'],
    );
    const ranged = await h.client.send(new FilterLogEventsCommand({ logGroupName: g, startTime: t0 + 10, endTime: t0 + 14 }));
    assert.deepEqual(
      ranged.events!.map((e) => e.timestamp),
      [t0 + 10, t0 + 11, t0 + 12, t0 + 13],
    );

    const paged: string[] = [];
    let pages = 0;
    for await (const page of paginateFilterLogEvents({ client: h.client, pageSize: 7 }, { logGroupName: g })) {
      pages++;
      paged.push(...page.events!.map((e) => e.eventId!));
    }
    assert.equal(pages, 9);
    assert.deepEqual(
      paged,
      all.events!.map((e) => e.eventId),
    );

    await assert.rejects(h.client.send(new FilterLogEventsCommand({ logGroupName: g, filterPattern: '{ $.level = ' })), InvalidParameterException);
    await assert.rejects(
      h.client.send(new FilterLogEventsCommand({ logGroupName: g, logStreamNames: ['a'], logStreamNamePrefix: 'a' })),
      InvalidParameterException,
    );
    await assert.rejects(h.client.send(new FilterLogEventsCommand({ logGroupName: g, nextToken: '!!' })), InvalidParameterException);
  });

  it('FilterLogEvents returns partial pages with a token when the scan budget runs out, like AWS, and paging finds everything', async () => {
    const small = await startLogsApi({ filterScanBudget: 7 });
    try {
      const g = 'budget-g';
      const t0 = Date.now() - 10_000;
      for (let k = 0; k < 3; k++)
        small.store.append(
          g,
          `s${k}`,
          Array.from({ length: 20 }, (_, i) => ({ timestamp: t0 + i * 3 + k, message: i % 6 === 0 ? `hit ${k}/${i}` : `miss ${k}/${i}` })),
        );
      const first = await small.client.send(new FilterLogEventsCommand({ logGroupName: g, filterPattern: 'hit' }));
      assert.ok(first.nextToken, 'a page cut short by the budget carries a token');
      const hits: string[] = [];
      let empty = 0;
      for await (const page of paginateFilterLogEvents({ client: small.client }, { logGroupName: g, filterPattern: 'hit' })) {
        if (page.events!.length === 0) empty++;
        hits.push(...page.events!.map((e) => e.message!));
      }
      const expected = [0, 6, 12, 18].flatMap((i) => [0, 1, 2].map((k) => `hit ${k}/${i}`));
      assert.deepEqual(hits, expected);
      assert.ok(empty > 0, 'some pages are empty but still carry a token');
    } finally {
      await small.close();
    }
  });

  it('applies retention policies and reports them in DescribeLogGroups', async () => {
    const g = 'retention-g';
    const now = Date.now();
    h.store.append(g, 's', [
      { timestamp: now - 10 * 86_400_000, message: 'ten days old' },
      { timestamp: now - 2 * 86_400_000, message: 'two days old' },
      { timestamp: now, message: 'fresh' },
    ]);
    await assert.rejects(h.client.send(new PutRetentionPolicyCommand({ logGroupName: g, retentionInDays: 4 })), InvalidParameterException);
    await h.client.send(new PutRetentionPolicyCommand({ logGroupName: g, retentionInDays: 3 }));
    const d = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: g }));
    assert.equal(d.logGroups![0].retentionInDays, 3);
    assert.equal(d.logGroups![0].storedBytes, Buffer.byteLength('two days oldfresh'));
    const left = await h.client.send(new FilterLogEventsCommand({ logGroupName: g }));
    assert.deepEqual(
      left.events!.map((e) => e.message),
      ['two days old', 'fresh'],
    );
    // Events older than the retention are rejected as expired on PutLogEvents.
    const r = await h.client.send(
      new PutLogEventsCommand({
        logGroupName: g,
        logStreamName: 's',
        logEvents: [
          { timestamp: now - 3 * 86_400_000 - 60_000, message: 'x' },
          { timestamp: now - 2 * 86_400_000 - 7_200_000, message: 'y' },
        ],
      }),
    );
    assert.deepEqual(r.rejectedLogEventsInfo, { expiredLogEventEndIndex: 1 });
    await h.client.send(new DeleteRetentionPolicyCommand({ logGroupName: g }));
    const d2 = await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: g }));
    assert.equal(d2.logGroups![0].retentionInDays, undefined);
  });

  it('tags log groups both ways', async () => {
    const g = 'tags-g';
    await h.client.send(new CreateLogGroupCommand({ logGroupName: g, tags: { a: '1' } }));
    await h.client.send(new TagLogGroupCommand({ logGroupName: g, tags: { b: '2' } }));
    assert.deepEqual((await h.client.send(new ListTagsLogGroupCommand({ logGroupName: g }))).tags, { a: '1', b: '2' });
    await h.client.send(new TagResourceCommand({ resourceArn: ARN(g), tags: { c: '3' } }));
    await h.client.send(new UntagResourceCommand({ resourceArn: ARN(g), tagKeys: ['a'] }));
    assert.deepEqual((await h.client.send(new ListTagsForResourceCommand({ resourceArn: ARN(g) }))).tags, { b: '2', c: '3' });
    await assert.rejects(h.client.send(new ListTagsForResourceCommand({ resourceArn: ARN('missing') })), ResourceNotFoundException);
  });
});
