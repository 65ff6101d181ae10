import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryRun, type QueryOutput } from '../../../src/insights/run';
import { lambdaFields, jsonFields } from '../../../src/insights/discover';
import { formatTimestamp } from '../../../src/insights/values';
import { QueryError } from '../../../src/insights/parse';

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
const rid = (i: number): string => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`;

interface Ev {
  ts: number;
  msg: string;
  stream: string;
  log: string;
}

/** Ten invocations, 30 s apart, of /aws/lambda/f: START, a JSON line, a text line, END, REPORT (the first one a cold start). */
function events(): Ev[] {
  const out: Ev[] = [];
  for (let i = 0; i < 10; i++) {
    const t = T0 + i * 30_000;
    const stream = i < 5 ? 'a' : 'b';
    const log = '000000000000:/aws/lambda/f';
    out.push({ ts: t, msg: `START RequestId: ${rid(i)} Version: $LATEST`, stream, log });
    out.push({
      ts: t + 1,
      msg: JSON.stringify({ level: i % 3 === 0 ? 'ERROR' : 'INFO', msg: `hello ${i}`, user: { id: i % 4, tags: ['x', 'y'] } }),
      stream,
      log,
    });
    out.push({ ts: t + 2, msg: `2026-01-01T10:00:00.000Z\t${rid(i)}\tINFO\tuser=u${i % 2} took ${i * 10} ms`, stream, log });
    out.push({ ts: t + 3, msg: `END RequestId: ${rid(i)}`, stream, log });
    out.push({
      ts: t + 4,
      msg: `REPORT RequestId: ${rid(i)}\tDuration: ${10 + i}.5 ms\tBilled Duration: ${11 + i} ms\tMemory Size: 128 MB\tMax Memory Used: ${60 + i} MB\t${i === 0 ? 'Init Duration: 150.25 ms\t' : ''}`,
      stream,
      log,
    });
  }
  return out;
}

function run(q: string, evs: Ev[] = events(), limit?: number): QueryOutput {
  const r = new QueryRun(q, { now: T0 + 600_000, limit });
  evs.forEach((e, i) => r.push(e.ts, e.msg, e.stream, e.log, e.ts + 5, i));
  return r.finish();
}

/** Rows as plain objects (field -> value). */
const rows = (o: QueryOutput): Record<string, string>[] => o.results.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])));

describe('insights discovered fields', () => {
  it('reads REPORT lines: durations in ms, memory in bytes (MB x 1,000,000), init duration, X-Ray ids', () => {
    const f = lambdaFields(
      `REPORT RequestId: ${rid(1)}\tDuration: 2.51 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 150.25 ms\t\nXRAY TraceId: 1-abc\tSegmentId: def\tSampled: true`,
    );
    assert.deepEqual(f, {
      '@type': 'REPORT',
      '@requestId': rid(1),
      '@duration': 2.51,
      '@billedDuration': 3,
      '@memorySize': 128_000_000,
      '@maxMemoryUsed': 70_000_000,
      '@initDuration': 150.25,
      '@xrayTraceId': '1-abc',
      '@xraySegmentId': 'def',
    });
    assert.deepEqual(lambdaFields(`START RequestId: ${rid(2)} Version: $LATEST`), { '@type': 'START', '@requestId': rid(2) });
    assert.equal(lambdaFields('REPORTER says hi'), undefined);
  });

  it('flattens JSON lines with dots, list items by index; other lines have none', () => {
    assert.deepEqual(jsonFields('{"a":{"b":1,"c":[true,"x"]},"d":null}'), { 'a.b': 1, 'a.c.0': true, 'a.c.1': 'x' });
    assert.equal(jsonFields('not json {'), undefined);
    assert.equal(jsonFields('{broken'), undefined);
  });
});

describe('insights queries', () => {
  it('a query without fields returns @timestamp, @message and @ptr, newest first', () => {
    const r = rows(run('filter @type = "END"'));
    assert.equal(r.length, 10);
    assert.deepEqual(Object.keys(r[0]), ['@timestamp', '@message', '@ptr']);
    assert.equal(r[0]['@timestamp'], formatTimestamp(T0 + 9 * 30_000 + 3));
    assert.equal(r[0]['@timestamp'], '2026-01-01 10:04:30.003');
    assert.equal(r[9]['@message'], `END RequestId: ${rid(0)}`);
  });

  it('stats count(*) by bin(1m): one row per minute, newest first, counts as integers', () => {
    const o = run('stats count(*) by bin(1m)');
    assert.deepEqual(rows(o), [
      { 'bin(1m)': '2026-01-01 10:04:00.000', 'count(*)': '10' },
      { 'bin(1m)': '2026-01-01 10:03:00.000', 'count(*)': '10' },
      { 'bin(1m)': '2026-01-01 10:02:00.000', 'count(*)': '10' },
      { 'bin(1m)': '2026-01-01 10:01:00.000', 'count(*)': '10' },
      { 'bin(1m)': '2026-01-01 10:00:00.000', 'count(*)': '10' },
    ]);
    assert.deepEqual(o.statistics, { recordsMatched: 50, recordsScanned: 50, bytesScanned: o.statistics.bytesScanned });
    assert.ok(o.statistics.bytesScanned > 1000);
  });

  it('REPORT fields: avg, min, max, sum, pct, count of cold starts, memory headroom in MB', () => {
    const [r] = rows(
      run(
        'filter @type = "REPORT" | stats avg(@duration) as avg, min(@duration) as lo, max(@billedDuration) as hi, sum(@billedDuration) as billed, pct(@duration, 50) as p50, count(@initDuration) as cold, max(@memorySize / 1000 / 1000) as mem, max(@maxMemoryUsed / 1000 / 1000) as used, mem - used as headroom, stddev(@duration) as sd',
      ),
    );
    assert.deepEqual(r, {
      avg: '15',
      lo: '10.5',
      hi: '20',
      billed: '155',
      p50: '14.5',
      cold: '1',
      mem: '128',
      used: '69',
      headroom: '59',
      sd: '3.02765035409749',
    });
  });

  it('filter on JSON fields (nested), and comparisons across numbers and strings', () => {
    assert.equal(run('filter level = "ERROR"').results.length, 4);
    assert.equal(run('filter user.id = 1').results.length, 3);
    assert.equal(run('filter user.id >= 2 and level != "ERROR"').results.length, 2);
    assert.equal(run('filter user.tags.1 = "y"').results.length, 10);
    assert.equal(run('filter level in ["ERROR", "WARN"]').results.length, 4);
    assert.equal(run('filter level not in ["ERROR"]').results.length, 6);
    assert.equal(run('filter not ispresent(level)').results.length, 40);
  });

  it('like with a string (substring), a regex, (?i), =~ and not like', () => {
    assert.equal(run('filter @message like "took 90 ms"').results.length, 1);
    assert.equal(run('filter @message like /took [1-3]0 ms/').results.length, 3);
    assert.equal(run('filter @message like /(?i)HELLO/').results.length, 10);
    assert.equal(run('filter @message =~ /^END/').results.length, 10);
    assert.equal(run('filter @message not like /RequestId/').results.length, 20);
  });

  it('parse with a glob and with a regex creates fields that later commands use', () => {
    const g = rows(run('parse @message "user=* took * ms" as user, ms | filter ispresent(ms) | stats sum(ms) as total, count(*) as n by user | sort user asc'));
    assert.deepEqual(g, [
      { user: 'u0', total: '200', n: '5' },
      { user: 'u1', total: '250', n: '5' },
    ]);
    const r = rows(run('parse @message /took (?<ms>\\d+) ms/ | filter ms > 70 | fields ms | sort ms desc'));
    assert.deepEqual(
      r.map((x) => x.ms),
      ['90', '80'],
    );
  });

  it('fields with expressions and functions; display chooses the columns; @ptr stays', () => {
    const r = rows(
      run(
        'filter @type = "REPORT" | fields @requestId, @billedDuration * 2 as double, concat(@logStream, "!") as s, toupper(@type) as t | display double, s | sort double desc | limit 2',
      ),
    );
    assert.deepEqual(
      r.map((x) => Object.keys(x)),
      [
        ['double', 's', '@ptr'],
        ['double', 's', '@ptr'],
      ],
    );
    assert.deepEqual(
      r.map((x) => [x.double, x.s]),
      [
        ['40', 'b!'],
        ['38', 'b!'],
      ],
    );
  });

  it('sort on several keys, limit, and dedup keep the first row of each value', () => {
    const r = rows(run('filter ispresent(level) | fields level, user.id | sort level asc, user.id desc | dedup level'));
    assert.deepEqual(
      r.map((x) => [x.level, x['user.id']]),
      [
        ['ERROR', '3'],
        ['INFO', '3'],
      ],
    );
    assert.equal(run('fields @message | limit 3').results.length, 3);
  });

  it('stats by several fields, count_distinct, earliest / latest, sortsFirst / sortsLast', () => {
    const r = rows(
      run(
        'filter ispresent(level) | stats count(*) as n, count_distinct(user.id) as users, earliest(msg) as first, latest(msg) as last, sortsLast(msg) as top by level, @logStream | sort level asc, @logStream asc',
      ),
    );
    assert.deepEqual(r, [
      { level: 'ERROR', '@logStream': 'a', n: '2', users: '2', first: 'hello 0', last: 'hello 3', top: 'hello 3' },
      { level: 'ERROR', '@logStream': 'b', n: '2', users: '2', first: 'hello 6', last: 'hello 9', top: 'hello 9' },
      { level: 'INFO', '@logStream': 'a', n: '3', users: '3', first: 'hello 1', last: 'hello 4', top: 'hello 4' },
      { level: 'INFO', '@logStream': 'b', n: '3', users: '3', first: 'hello 5', last: 'hello 8', top: 'hello 8' },
    ]);
  });

  it('a second stats aggregates the first one, and filter / sort work after stats', () => {
    const r = rows(run('stats count(*) as n by bin(1m) | filter n >= 10 | stats sum(n) as total, avg(n) as per'));
    assert.deepEqual(r, [{ total: '50', per: '10' }]);
    const s = rows(run('filter @type = "REPORT" | stats max(@duration) as d by @requestId | sort d desc | limit 1'));
    assert.deepEqual(s, [{ '@requestId': rid(9), d: '19.5' }]);
  });

  it('stats over no events still gives its one row (count 0) without by; none with by', () => {
    assert.deepEqual(rows(run('filter @message like "nothing" | stats count(*) as n')), [{ n: '0' }]);
    assert.deepEqual(rows(run('filter @message like "nothing" | stats count(*) as n by level')), []);
  });

  it('string, numeric, datetime, IP and general functions', () => {
    const one: Ev[] = [{ ts: T0 + 61_234, msg: '{"ip":"10.1.2.3","v6":"2001:db8::1","s":"  Hi There  ","n":-2.5,"e":""}', stream: 's', log: 'g' }];
    const [r] = rows(
      run(
        'fields trim(s) as t, ltrim(s) as l, rtrim(s) as r, strlen(trim(s)) as len, tolower(trim(s)) as lo, substr(trim(s), 3) as sub, substr(trim(s), 0, 2) as sub2, replace(s, "i", "I") as rep, strcontains(s, "Hi") as has, isempty(e) as empty, isblank(s) as blank, coalesce(missing, n) as co, abs(n) as a, ceil(n) as c, floor(n) as f, greatest(n, 1, 7) as g, least(n, 1) as le, sqrt(16) as sq, n ^ 2 as pow, 10 % 3 as mod, isValidIp(ip) as v, isValidIpV6(v6) as v6ok, isIpv4InSubnet(ip, "10.1.0.0/16") as inside, isIpInSubnet(ip, "10.2.0.0/16") as outside, isIpv6InSubnet(v6, "2001:db8::/32") as in6, datefloor(@timestamp, 1m) as fl, bin(1h) as hour, toMillis(@timestamp) as ms, fromMillis(0) as epoch, tonumber("42") + 1 as num',
        one,
      ),
    );
    assert.deepEqual(r, {
      t: 'Hi There',
      l: 'Hi There  ',
      r: '  Hi There',
      len: '8',
      lo: 'hi there',
      sub: 'There',
      sub2: 'Hi',
      rep: '  HI There  ',
      has: '1',
      empty: 'true',
      blank: 'false',
      co: '-2.5',
      a: '2.5',
      c: '-2',
      f: '-3',
      g: '7',
      le: '-2.5',
      sq: '4',
      pow: '6.25',
      mod: '1',
      v: 'true',
      v6ok: 'true',
      inside: 'true',
      outside: 'false',
      in6: 'true',
      fl: '2026-01-01 10:01:00.000',
      hour: '2026-01-01 10:00:00.000',
      ms: String(T0 + 61_234),
      epoch: '1970-01-01 00:00:00.000',
      num: '43',
      '@ptr': r['@ptr'],
    });
  });

  it('@requestId of the function own text lines, @log, @logStream, @ingestionTime', () => {
    const r = rows(run(`filter @requestId = "${rid(3)}" | fields @type, @log, @logStream, @ingestionTime | sort @timestamp asc`));
    assert.equal(r.length, 4, 'START, the text line, END and REPORT (the JSON line has no requestId)');
    assert.deepEqual(
      r.map((x) => x['@type'] ?? '-'),
      ['START', '-', 'END', 'REPORT'],
    );
    assert.equal(r[0]['@log'], '000000000000:/aws/lambda/f');
    assert.equal(r[0]['@logStream'], 'a');
    assert.equal(r[0]['@ingestionTime'], formatTimestamp(T0 + 3 * 30_000 + 5));
  });

  it('keeps the newest rows under the row limits (default 10000, the limit command, StartQuery limit)', () => {
    const many: Ev[] = Array.from({ length: 25_000 }, (_, i) => ({ ts: T0 + i, msg: `m${i}`, stream: 's', log: 'g' }));
    const all = rows(run('fields @message', many));
    assert.equal(all.length, 10_000);
    assert.equal(all[0]['@message'], 'm24999');
    assert.equal(all[9999]['@message'], 'm15000');
    assert.deepEqual(
      rows(run('fields @message | limit 3', many)).map((x) => x['@message']),
      ['m24999', 'm24998', 'm24997'],
    );
    assert.deepEqual(
      rows(run('fields @message | sort @timestamp asc | limit 2', many)).map((x) => x['@message']),
      ['m0', 'm1'],
    );
    assert.equal(run('fields @message', many, 7).results.length, 7);
  });

  it('a stats function outside stats, or an unknown name inside it, is an error with its place', () => {
    assert.throws(
      () => new QueryRun('fields count(*)'),
      (e: unknown) => e instanceof QueryError && /count is a stats function: use it in a stats command \(at line 1 and position 7\)/.test(e.message),
    );
    assert.throws(
      () => new QueryRun('stats count(*) as n, m * 2'),
      (e: unknown) => e instanceof QueryError && /m is neither a stats function nor an earlier stats name/.test(e.message),
    );
  });
});

describe('insights JSON in Lambda text lines', () => {
  it('reads the first JSON fragment after the time / request id / level prefix', () => {
    assert.deepEqual(jsonFields(`2026-01-01T10:00:00.000Z\t${rid(1)}\tINFO\t{"level":"WARN","n":3}\n`), { level: 'WARN', n: 3 });
    assert.deepEqual(jsonFields('prefix {"a":"}{"} and {"b":2}'), { a: '}{' });
    assert.equal(jsonFields('just {text'), undefined);
    const r = new QueryRun('filter level = "WARN" | stats count(*) as n');
    r.push(T0, `2026-01-01T10:00:00.000Z\t${rid(1)}\tINFO\t{"level":"WARN"}`, 's', 'g', T0, 0);
    r.push(T0, `2026-01-01T10:00:00.000Z\t${rid(2)}\tINFO\tplain`, 's', 'g', T0, 1);
    assert.deepEqual(r.finish().results, [[{ field: 'n', value: '1' }]]);
  });
});

describe('insights errors after stats', () => {
  it('are found when the query is compiled, before any event', () => {
    assert.throws(
      () => new QueryRun('stats count(*) as n by bin(1m) | fields sum(n)'),
      (e: unknown) => e instanceof QueryError && /sum is a stats function/.test(e.message),
    );
  });
});
