// Logs Insights in the real local service through the Debian AWS CLI: functions invoked (some
// failing) and a group written with PutLogEvents, then `aws logs start-query` / `get-query-results`
// count, aggregate and sort as CloudWatch does, REPORT fields included, across several log groups.
// The status flow (Scheduled / Running -> Complete) and StopQuery are checked in process on a big
// group scanned in small slices.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, InvokeCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand, DescribeQueriesCommand, GetLogRecordCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startLocal, startLogsApi, type CliResult, type LocalHarness } from '../harness';
import { makeZip } from '../zip';

const HANDLER = `
exports.handler = async (event) => {
  console.log(JSON.stringify({ level: event.n % 3 === 0 ? 'ERROR' : 'INFO', n: event.n, user: 'u' + (event.n % 2) }));
  if (event.fail) throw new Error('boom ' + event.n);
  return { n: event.n };
};
`;

type Row = Record<string, string>;

interface QueryResult {
  status: string;
  results: { field: string; value: string }[][];
  statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number };
}

describe('Logs Insights in the local service (AWS CLI)', () => {
  let h: LocalHarness;
  const start = Math.floor(Date.now() / 1000) - 3600;
  const INVOKES = 9;
  const FAILING = [2, 5, 8];

  const cliOk = async (args: string[]): Promise<CliResult> => {
    const r = await h.cli(args);
    assert.equal(r.code, 0, `aws ${args.join(' ')}: ${r.stderr}`);
    return r;
  };

  /** start-query, then get-query-results until the query is Complete. */
  async function query(groups: string[], q: string, extra: string[] = []): Promise<{ rows: Row[]; raw: QueryResult }> {
    const end = Math.floor(Date.now() / 1000) + 60;
    const started = await cliOk([
      'logs',
      'start-query',
      '--log-group-names',
      ...groups,
      '--start-time',
      String(start),
      '--end-time',
      String(end),
      '--query-string',
      q,
      ...extra,
    ]);
    const id = (started.json as { queryId: string }).queryId;
    assert.match(id, /^[0-9a-f-]{36}$/);
    for (;;) {
      const r = (await cliOk(['logs', 'get-query-results', '--query-id', id])).json as QueryResult;
      if (r.status === 'Complete') return { rows: r.results.map((row) => Object.fromEntries(row.map((f) => [f.field, f.value]))), raw: r };
      assert.ok(['Scheduled', 'Running'].includes(r.status), `unexpected status ${r.status}`);
    }
  }

  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
    for (const name of ['ins-a', 'ins-b']) {
      await h.lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: 'arn:aws:iam::000000000000:role/r',
          MemorySize: name === 'ins-a' ? 128 : 256,
          Code: { ZipFile: await makeZip({ 'index.js': HANDLER }) },
        }),
      );
      await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: name });
    }
    for (let n = 0; n < INVOKES; n++) {
      const fail = FAILING.includes(n);
      const r = await h.lambda.send(new InvokeCommand({ FunctionName: 'ins-a', Payload: Buffer.from(JSON.stringify({ n, fail })) }));
      assert.equal(Boolean(r.FunctionError), fail);
    }
    for (let n = 0; n < 3; n++) await h.lambda.send(new InvokeCommand({ FunctionName: 'ins-b', Payload: Buffer.from(JSON.stringify({ n })) }));
    await cliOk(['logs', 'create-log-group', '--log-group-name', 'app-events']);
    await cliOk(['logs', 'create-log-stream', '--log-group-name', 'app-events', '--log-stream-name', 's1']);
    const now = Date.now();
    const events = [
      { timestamp: now - 3000, message: 'GET /a 200 12ms' },
      { timestamp: now - 2000, message: 'GET /b 500 40ms' },
      { timestamp: now - 1000, message: 'POST /a 201 7ms' },
    ];
    await cliOk(['logs', 'put-log-events', '--log-group-name', 'app-events', '--log-stream-name', 's1', '--log-events', JSON.stringify(events)]);
  });
  after(async () => {
    await h?.stop();
  });

  it('counts invocations and failures from the REPORT lines', async () => {
    const { rows, raw } = await query(
      ['/aws/lambda/ins-a'],
      'filter @type = "REPORT" | stats count(*) as invocations, sum(strcontains(@message, "Status: error")) as errors',
    );
    assert.deepEqual(rows, [{ invocations: String(INVOKES), errors: String(FAILING.length) }]);
    assert.equal(raw.statistics.recordsMatched, INVOKES);
    assert.ok(raw.statistics.recordsScanned >= INVOKES * 4, 'START, the JSON line, END, REPORT per invoke');
  });

  it('aggregates REPORT fields: memory in bytes, durations in ms, one cold start per function', async () => {
    const { rows } = await query(
      ['/aws/lambda/ins-a', '/aws/lambda/ins-b'],
      'filter @type = "REPORT" | stats count(*) as n, max(@memorySize) as mem, count(@initDuration) as cold, min(@billedDuration) >= 1 as billedOk, avg(@maxMemoryUsed) > 0 as used by @log | sort @log asc',
    );
    assert.deepEqual(rows, [
      { '@log': '000000000000:/aws/lambda/ins-a', n: String(INVOKES), mem: '128000000', cold: '1', billedOk: 'true', used: 'true' },
      { '@log': '000000000000:/aws/lambda/ins-b', n: '3', mem: '256000000', cold: '1', billedOk: 'true', used: 'true' },
    ]);
  });

  it('sorts REPORT rows by @duration and returns the fields asked for, with @ptr', async () => {
    const { rows } = await query(
      ['/aws/lambda/ins-a'],
      'filter @type = "REPORT" | fields @requestId, @duration, @billedDuration | sort @duration desc | limit 3',
    );
    assert.equal(rows.length, 3);
    const d = rows.map((r) => Number(r['@duration']));
    assert.deepEqual(
      d,
      [...d].sort((a, b) => b - a),
    );
    for (const r of rows) {
      assert.deepEqual(Object.keys(r), ['@requestId', '@duration', '@billedDuration', '@ptr']);
      assert.ok(Number(r['@billedDuration']) >= Math.floor(Number(r['@duration'])));
    }
    // @ptr opens the whole event.
    const rec = (await cliOk(['logs', 'get-log-record', '--log-record-pointer', rows[0]['@ptr']])).json as { logRecord: Record<string, string> };
    assert.equal(rec.logRecord['@requestId'], rows[0]['@requestId']);
    assert.match(rec.logRecord['@message'], /^REPORT RequestId: /);
  });

  it('JSON fields of the function output, grouped, across log groups', async () => {
    const { rows } = await query(
      ['/aws/lambda/ins-a', '/aws/lambda/ins-b'],
      'filter ispresent(level) | stats count(*) as n by level, user | sort level asc, user asc',
    );
    // ins-a: n = 0..8, ins-b: n = 0..2; ERROR when n % 3 == 0; user u0 / u1 by parity.
    assert.deepEqual(rows, [
      { level: 'ERROR', user: 'u0', n: '3' },
      { level: 'ERROR', user: 'u1', n: '1' },
      { level: 'INFO', user: 'u0', n: '4' },
      { level: 'INFO', user: 'u1', n: '4' },
    ]);
  });

  it('parse, bin() and the default newest-first order over a PutLogEvents group', async () => {
    const p = await query(
      ['app-events'],
      'parse @message "* * * *ms" as method, path, status, ms | filter status >= 500 or method = "POST" | fields method, path, ms',
    );
    assert.deepEqual(
      p.rows.map((r) => [r.method, r.path, r.ms]),
      [
        ['POST', '/a', '7'],
        ['GET', '/b', '40'],
      ],
    );
    const s = await query(['app-events'], 'parse @message "* * * *ms" as method, path, status, ms | stats sum(ms) as total, count(*) as n by bin(1h)');
    assert.equal(s.rows.length, 1);
    assert.equal(s.rows[0].total, '59');
    assert.match(s.rows[0]['bin(1h)'], /^\d{4}-\d\d-\d\d \d\d:00:00\.000$/);
  });

  it('a malformed query fails with MalformedQueryException and its place', async () => {
    const r = await h.cli([
      'logs',
      'start-query',
      '--log-group-name',
      'app-events',
      '--start-time',
      String(start),
      '--end-time',
      String(start + 10),
      '--query-string',
      'fields @message\n| stats count(*) by',
    ]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /MalformedQueryException/);
    assert.match(r.stderr, /unexpected symbol found end of query at line 2 and position 19/);
  });

  it('an unknown group is ResourceNotFoundException; bad times and too many groups are InvalidParameterException', async () => {
    const nf = await h.cli([
      'logs',
      'start-query',
      '--log-group-names',
      'app-events',
      'no-such-group',
      '--start-time',
      String(start),
      '--end-time',
      String(start + 10),
      '--query-string',
      'fields @message',
    ]);
    assert.match(nf.stderr, /ResourceNotFoundException/);
    assert.match(nf.stderr, /no-such-group/);
    const times = await h.cli([
      'logs',
      'start-query',
      '--log-group-name',
      'app-events',
      '--start-time',
      String(start + 10),
      '--end-time',
      String(start),
      '--query-string',
      'fields @message',
    ]);
    assert.match(times.stderr, /InvalidParameterException/);
    const many = Array.from({ length: 51 }, (_, i) => `g${i}`);
    const tooMany = await h.cli([
      'logs',
      'start-query',
      '--log-group-names',
      ...many,
      '--start-time',
      String(start),
      '--end-time',
      String(start + 10),
      '--query-string',
      'fields @message',
    ]);
    assert.match(tooMany.stderr, /InvalidParameterException/);
    assert.match(tooMany.stderr, /less than or equal to 50/);
  });

  it('describe-queries lists the queries, newest first, filtered by group and status', async () => {
    await query(['app-events'], 'fields @message | limit 1');
    const d = (await cliOk(['logs', 'describe-queries', '--log-group-name', 'app-events', '--status', 'Complete'])).json as {
      queries: { queryId: string; queryString: string; status: string; createTime: number; logGroupName: string }[];
    };
    assert.ok(d.queries.length >= 3);
    assert.equal(d.queries[0].queryString, 'fields @message | limit 1');
    for (const q of d.queries) {
      assert.equal(q.status, 'Complete');
      assert.equal(q.logGroupName, 'app-events');
    }
    const times = d.queries.map((q) => q.createTime);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
  });
});

describe('Logs Insights query lifecycle (in process)', () => {
  it('goes Scheduled/Running -> Complete on a large scan, can be stopped, and pages DescribeQueries', async () => {
    const h = await startLogsApi({ warn: () => {}, insightsSliceEvents: 100 });
    try {
      const t0 = Date.UTC(2026, 0, 1);
      for (let b = 0; b < 20; b++) {
        h.store.append(
          'big',
          `s${b % 2}`,
          Array.from({ length: 10_000 }, (_, i) => ({ timestamp: t0 + b * 10_000 + i, message: `line ${b * 10_000 + i}` })),
        );
      }
      const range = { logGroupName: 'big', startTime: Math.floor(t0 / 1000), endTime: Math.floor(t0 / 1000) + 3600 };
      const { queryId } = await h.client.send(new StartQueryCommand({ ...range, queryString: 'stats count(*) as n' }));
      const seen: string[] = [];
      let out;
      do {
        out = await h.client.send(new GetQueryResultsCommand({ queryId }));
        if (seen[seen.length - 1] !== out.status) seen.push(out.status!);
      } while (out.status !== 'Complete');
      assert.ok(['Scheduled', 'Running'].includes(seen[0]), `first status ${seen[0]}`);
      assert.equal(seen[seen.length - 1], 'Complete');
      assert.deepEqual(out.results, [[{ field: 'n', value: '200000' }]]);
      assert.equal(out.statistics!.recordsScanned, 200_000);

      const second = await h.client.send(new StartQueryCommand({ ...range, queryString: 'fields @message' }));
      assert.equal((await h.client.send(new StopQueryCommand({ queryId: second.queryId }))).success, true);
      assert.equal((await h.client.send(new GetQueryResultsCommand({ queryId: second.queryId }))).status, 'Cancelled');
      assert.equal((await h.client.send(new StopQueryCommand({ queryId: second.queryId }))).success, false, 'already stopped');

      const page1 = await h.client.send(new DescribeQueriesCommand({ logGroupName: 'big', maxResults: 1 }));
      assert.equal(page1.queries!.length, 1);
      assert.ok(page1.nextToken);
      const page2 = await h.client.send(new DescribeQueriesCommand({ logGroupName: 'big', maxResults: 1, nextToken: page1.nextToken }));
      assert.equal(page2.queries!.length, 1);
      assert.notEqual(page2.queries![0].queryId, page1.queries![0].queryId);
      assert.equal(page2.nextToken, undefined);

      // By ARN, over the first 10 seconds only (the range is inclusive of its end second).
      const byArn = await h.client.send(
        new StartQueryCommand({
          logGroupIdentifiers: ['arn:aws:logs:us-east-1:000000000000:log-group:big:*'],
          startTime: Math.floor(t0 / 1000),
          endTime: Math.floor(t0 / 1000) + 9,
          queryString: 'stats count(*) as n, min(@timestamp) as first, max(@timestamp) as last',
        }),
      );
      let ranged;
      do ranged = await h.client.send(new GetQueryResultsCommand({ queryId: byArn.queryId }));
      while (ranged.status !== 'Complete');
      assert.deepEqual(ranged.results, [
        [
          { field: 'n', value: '10000' },
          { field: 'first', value: '2026-01-01 00:00:00.000' },
          { field: 'last', value: '2026-01-01 00:00:09.999' },
        ],
      ]);
      assert.equal(ranged.statistics!.recordsScanned, 10_000, 'events outside the range are not scanned');

      await assert.rejects(h.client.send(new GetQueryResultsCommand({ queryId: '00000000-0000-0000-0000-000000000000' })), {
        name: 'ResourceNotFoundException',
      });
      await assert.rejects(h.client.send(new GetLogRecordCommand({ logRecordPointer: 'nonsense' })), { name: 'InvalidParameterException' });
    } finally {
      await h.close();
    }
  });
});
