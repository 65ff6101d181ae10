import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, MathError, parseExpression, referencedIds, type EvalContext, type Points, type Value } from '../../../../src/local/metrics/math';

const series = (entries: [number, number][]): Value => ({ kind: 'series', pts: new Map(entries) });

function ctx(values: Record<string, Value>, grid = [0, 60, 120]): EvalContext {
  return {
    get: (id, at) => {
      const v = values[id];
      if (!v) throw new MathError(`Unknown metric id '${id}' at column ${at}.`);
      return v;
    },
    metrics: (part) =>
      Object.entries(values)
        .filter(([id, v]) => id.includes(part) && v.kind === 'series')
        .map(([, v]) => (v as { pts: Points }).pts),
    grid,
  };
}

const run = (src: string, values: Record<string, Value>, grid?: number[]): Value => evaluate(parseExpression(src), ctx(values, grid));
const pts = (v: Value): [number, number][] => [...(v as { pts: Points }).pts.entries()].sort((a, b) => a[0] - b[0]);

describe('metric math', () => {
  const m1 = series([
    [0, 10],
    [60, 20],
    [120, 0],
  ]);
  const m2 = series([
    [0, 1],
    [60, 5],
  ]);

  it('applies arithmetic with precedence, parentheses and unary minus', () => {
    assert.deepEqual(run('1 + 2 * 3', {}), { kind: 'scalar', v: 7 });
    assert.deepEqual(run('(1 + 2) * 3', {}), { kind: 'scalar', v: 9 });
    assert.deepEqual(run('-2 ^ 2', {}), { kind: 'scalar', v: -4 });
    assert.deepEqual(run('10 / 4 - 1', {}), { kind: 'scalar', v: 1.5 });
  });

  it('combines series at the timestamps both have, dropping division by zero', () => {
    assert.deepEqual(pts(run('m2/m1*100', { m1, m2 })), [
      [0, 10],
      [60, 25],
    ]);
    assert.deepEqual(pts(run('m2/m1', { m1, m2: series([[120, 3]]) })), []);
    assert.deepEqual(pts(run('m1 + 1', { m1 })), [
      [0, 11],
      [60, 21],
      [120, 1],
    ]);
  });

  it('has SUM/AVG/MIN/MAX of arrays per timestamp, and of one series as a number', () => {
    assert.deepEqual(pts(run('SUM([m1, m2])', { m1, m2 })), [
      [0, 11],
      [60, 25],
      [120, 0],
    ]);
    assert.deepEqual(pts(run('MAX(METRICS())', { m1, m2 })), [
      [0, 10],
      [60, 20],
      [120, 0],
    ]);
    assert.deepEqual(pts(run('avg(METRICS("2"))', { m1, m2 })), [
      [0, 1],
      [60, 5],
    ]);
    assert.deepEqual(run('SUM(m1)', { m1 }), { kind: 'scalar', v: 30 });
    assert.deepEqual(run('MIN(m1) + MAX(m2)', { m1, m2 }), { kind: 'scalar', v: 5 });
  });

  it('FILLs the gaps of the period grid with a number or the last value', () => {
    assert.deepEqual(pts(run('FILL(m2, 0)', { m2 })), [
      [0, 1],
      [60, 5],
      [120, 0],
    ]);
    assert.deepEqual(pts(run('FILL(m2, REPEAT)', { m2 })), [
      [0, 1],
      [60, 5],
      [120, 5],
    ]);
  });

  it('lists the ids an expression uses', () => {
    assert.deepEqual(
      referencedIds(parseExpression('e1 / (m_2 + SUM([a, 3]))')).map((r) => r.name),
      ['e1', 'm_2', 'a'],
    );
  });

  it('says where a syntax error is and what was expected', () => {
    const err = (src: string): string => {
      try {
        parseExpression(src);
      } catch (e) {
        assert.ok(e instanceof MathError);
        return e.message;
      }
      throw new Error(`no error for ${src}`);
    };
    assert.equal(err('SUM(m1'), "Expected ')' at column 7 but found the end of the expression.");
    assert.equal(err('m1 +'), "Expected a number, a metric id, a function or '(' at column 5 but found the end of the expression.");
    assert.equal(err('m1 m2'), "Unexpected 'm2' at column 4: expected an operator or the end of the expression.");
    assert.equal(err('m1 % 2'), "Unexpected character '%' at column 4.");
    assert.equal(err('METRICS("x'), 'Unterminated string starting at column 9.');
  });

  it('refuses unknown functions, wrong arity and misuse with a message', () => {
    assert.throws(() => run('RATE(m1)', { m1 }), /Unknown function RATE at column 1; this service supports SUM, AVG/);
    assert.throws(() => run('FILL(m1)', { m1 }), /FILL at column 1 takes 2 argument\(s\), not 1\./);
    assert.throws(() => run('x + 1', {}), /Unknown metric id 'x' at column 1/);
    assert.throws(() => run('[m1] + [m1]', { m1 }), /Cannot apply '\+' to two arrays/);
    assert.throws(() => run('FILL(m1, LINEAR)', { m1 }), /the fill value must be a number or REPEAT, not LINEAR/);
  });
});
