import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lex } from '../../../src/insights/lex';
import { parseQuery, QueryError } from '../../../src/insights/parse';
import type { Command, Expr } from '../../../src/insights/ast';
import { COMMANDS, DISCOVERED_FIELDS, FUNCTIONS } from '../../../src/insights/vocabulary';

const cmds = (q: string): Command[] => parseQuery(q).commands;
const err = (q: string): QueryError => {
  try {
    parseQuery(q);
  } catch (e) {
    assert.ok(e instanceof QueryError, `expected a QueryError, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(q)} to fail`);
};

describe('insights vocabulary', () => {
  it('lists the commands, functions and Lambda fields the editor completes', () => {
    const names = COMMANDS.map((c) => c.name);
    for (const c of ['fields', 'filter', 'stats', 'sort', 'limit', 'parse', 'display', 'dedup', 'unmask', 'pattern']) assert.ok(names.includes(c), c);
    const fns = new Map(FUNCTIONS.map((f) => [f.name, f]));
    for (const f of [
      'count',
      'count_distinct',
      'sum',
      'avg',
      'min',
      'max',
      'pct',
      'stddev',
      'earliest',
      'latest',
      'sortsFirst',
      'sortsLast',
      'ispresent',
      'coalesce',
      'bin',
      'strlen',
      'isIpInSubnet',
      'abs',
    ]) {
      assert.ok(fns.get(f)?.signature.startsWith(`${f}(`), f);
    }
    const fields = DISCOVERED_FIELDS.map((f) => f.name);
    for (const f of [
      '@timestamp',
      '@message',
      '@logStream',
      '@log',
      '@type',
      '@requestId',
      '@duration',
      '@billedDuration',
      '@memorySize',
      '@maxMemoryUsed',
      '@initDuration',
    ]) {
      assert.ok(fields.includes(f), f);
    }
  });
});

describe('insights lexer', () => {
  it('reads strings, regexes with flags, durations, numbers, backquoted names and skips comments', () => {
    const t = lex('filter `a-b` like /x\\/y/i # note\n| stats count(*) by bin(5m) | fields 1.5e3, "q\\"s"');
    const kinds = t.map((x) => `${x.kind}:${x.value}`);
    assert.ok(kinds.includes('ident:a-b'));
    assert.ok(kinds.includes('regex:x\\/y'));
    assert.equal(t.find((x) => x.kind === 'regex')!.extra, 'i');
    assert.ok(kinds.includes('duration:5m'));
    assert.equal(t.find((x) => x.kind === 'number')!.num, 1500);
    assert.ok(kinds.includes('string:q"s'));
    assert.ok(!kinds.some((k) => k.includes('note')));
    assert.equal(t.find((x) => x.value === 'stats')!.line, 2);
  });

  it('tells division from a regex by what precedes the slash', () => {
    const t = lex('fields a / 2, b/c');
    assert.deepEqual(
      t.filter((x) => x.kind === 'op').map((x) => x.value),
      ['/', ',', '/'],
    );
  });

  it('locates an unterminated string', () => {
    const e = err('filter a = "open');
    assert.equal(e.line, 1);
    assert.equal(e.column, 12);
    assert.match(e.message, /unterminated string at line 1 and position 11/);
  });
});

describe('insights parser', () => {
  it('parses commands separated by pipes or new lines', () => {
    const c = cmds('fields @timestamp, @message\nfilter x > 1\n| sort @timestamp desc\nlimit 20');
    assert.deepEqual(
      c.map((x) => x.cmd),
      ['fields', 'filter', 'sort', 'limit'],
    );
  });

  it('fields: aliases and expressions keep their written text as name', () => {
    const [f] = cmds('fields @memorySize / 1000000 as mem, concat(a, "-", b), c') as [Extract<Command, { cmd: 'fields' }>];
    assert.deepEqual(
      f.items.map((p) => p.name),
      ['mem', 'concat(a, "-", b)', 'c'],
    );
  });

  it('filter: precedence of or / and / not, comparisons, like, =~, in, not in, arithmetic', () => {
    const [f] = cmds('filter a = 1 or not b like "x" and c in [1, 2] and d not in ["z"] and e =~ /(?i)err/ and (f + 2) * 3 >= 9') as [
      Extract<Command, { cmd: 'filter' }>,
    ];
    const e = f.expr as Extract<Expr, { type: 'binary' }>;
    assert.equal(e.op, 'or');
    const right = e.right as Extract<Expr, { type: 'binary' }>;
    assert.equal(right.op, 'and');
    const flat: string[] = [];
    const walk = (x: Expr): void => {
      flat.push(x.type === 'binary' ? x.op : x.type === 'like' || x.type === 'in' ? `${x.negated ? 'not ' : ''}${x.type}` : x.type);
      if (x.type === 'binary') {
        walk(x.left);
        walk(x.right);
      }
      if (x.type === 'unary' || x.type === 'like' || x.type === 'in') walk(x.arg);
    };
    walk(f.expr);
    for (const k of ['or', 'and', 'unary', 'like', 'in', 'not in', '>=', '*', '+', '=']) assert.ok(flat.includes(k), k);
    const regex = JSON.stringify(f.expr).match(/"type":"regex","source":"err","flags":"i"/);
    assert.ok(regex, '(?i) becomes the i flag');
  });

  it('stats: several functions, aliases, by with bin(), and a second stats', () => {
    const c = cmds('stats count(*) as n, pct(@duration, 90), avg(@duration) by bin(5m), @logStream | stats max(n)');
    const s = c[0] as Extract<Command, { cmd: 'stats' }>;
    assert.deepEqual(
      s.items.map((p) => p.name),
      ['n', 'pct(@duration, 90)', 'avg(@duration)'],
    );
    assert.deepEqual(
      s.by.map((p) => p.name),
      ['bin(5m)', '@logStream'],
    );
    assert.equal(c[1].cmd, 'stats');
  });

  it('sort with several keys (desc by default), limit, dedup, display', () => {
    const c = cmds('sort a asc, b | limit 5 | dedup x, y | display x');
    const s = c[0] as Extract<Command, { cmd: 'sort' }>;
    assert.deepEqual(
      s.keys.map((k) => [k.name, k.desc]),
      [
        ['a', false],
        ['b', true],
      ],
    );
    assert.equal((c[1] as { n: number }).n, 5);
    assert.deepEqual((c[2] as { fields: string[] }).fields, ['x', 'y']);
  });

  it('parse: a glob with one name per *, and a regex with named groups', () => {
    const [g, r] = cmds('parse @message "user=* id=*" as user, id | parse @message /took (?<ms>\\d+) ms/');
    assert.deepEqual((g as { names: string[] }).names, ['user', 'id']);
    assert.deepEqual((r as { names: string[] }).names, ['ms']);
  });

  it('errors say where and what was expected', () => {
    let e = err('fields a b');
    assert.equal(e.line, 1);
    assert.equal(e.column, 10);
    assert.match(e.message, /^unexpected symbol found b at line 1 and position 9\. Expected one of '\|', ','/);
    e = err('fields @message\n| filter x =');
    assert.equal(e.line, 2);
    assert.match(e.message, /unexpected symbol found end of query at line 2 .*Expected one of a field, a value, a function/);
    e = err('stats count(*) by');
    assert.match(e.message, /end of query/);
    e = err('fields a | sort');
    assert.match(e.message, /unexpected symbol found end of query/);
    e = err('filtr x = 1');
    assert.match(e.message, /unexpected symbol found filtr at line 1 and position 0\. Expected a command/);
    assert.deepEqual([e.offset, e.end], [0, 5]);
  });

  it('refuses what CloudWatch refuses: limit over 10000, pct without a percentile, wrong glob names, unknown functions', () => {
    assert.match(err('limit 10001').message, /above the maximum of 10000/);
    assert.match(err('stats pct(@duration)').message, /pct takes 2 arguments but got 1/);
    assert.match(err('parse @message "a=* b=*" as a').message, /has 2 \* but 1 field name/);
    assert.match(err('fields nosuch(a)').message, /Unknown function nosuch at line 1 and position 7/);
    assert.match(err('pattern @message').message, /not supported by the local CloudWatch Logs service/);
    assert.match(err('filter x like 3').message, /Expected one of a string in quotes, a \/regular expression\//);
    assert.match(err('filter x =~ /(/').message, /Invalid regular expression/);
  });
});
