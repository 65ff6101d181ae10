import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern } from '../../../../src/local/logs/pattern';

// A fixed set of lines; each pattern lists the indices it must match (and so must not match the rest).
const LINES = [
  /* 0 */ '[ERROR] Exception in handler: timeout after 3000 ms',
  /* 1 */ 'INFO request started',
  /* 2 */ 'WARN disk almost full',
  /* 3 */ 'ERROR Exiting: Failed to process batch',
  /* 4 */ '{"level":"ERROR","latency":250,"user":{"id":7,"name":"ana"},"tags":["a","b"],"ok":false,"trace":null}',
  /* 5 */ '{"level":"INFO","latency":40,"user":{"id":8},"tags":["b"],"ok":true}',
  /* 6 */ '{"level":"WARN","latency":"120","eventType":"UpdateTrail","ok":true}',
  /* 7 */ '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534',
  /* 8 */ '10.0.0.2 - bob [10/Oct/2000:13:26:00 -0700] "POST /api HTTP/1.0" 200 99',
  /* 9 */ '[1, 2, 3]',
];

const TABLE: [pattern: string, matches: number[]][] = [
  ['', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
  ['""', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
  // terms: substring, case sensitive, AND
  ['ERROR', [0, 3, 4]],
  ['error', []],
  ['ERROR Exception', [0]],
  ['ERROR timeout 3000', [0]],
  // quoted phrases
  ['"Failed to process"', [3]],
  ['"request started" INFO', [1]],
  ['"HTTP/1.0\\" 404"', [7]],
  // ? alternatives
  ['?WARN ?INFO', [1, 2, 5, 6]],
  ['?Exiting ?disk', [2, 3]],
  // - exclusions
  ['ERROR -Exiting', [0, 4]],
  ['ERROR -"Exception in"', [3, 4]],
  ['-ERROR -INFO -WARN', [7, 8, 9]],
  // regex
  ['%HTTP/1\\.0.\\s[45]\\d\\d%', [7]],
  ['%^\\[ERROR\\]|Exiting:%', [0, 3]],
  ['%a{2,}|ERR[O]R% -Exception', [3, 4]],
  // JSON: strings, numbers, nesting, arrays
  ['{ $.level = "ERROR" }', [4]],
  ['{ $.level != "ERROR" }', [5, 6]],
  ['{ $.level = ERROR }', [4]],
  ['{ $.latency > 100 }', [4, 6]],
  ['{ $.latency >= 250 }', [4]],
  ['{ $.latency < 100 }', [5]],
  ['{ $.latency <= 40 }', [5]],
  ['{ $.latency = 250 }', [4]],
  ['{ $.latency != 250 }', [5, 6]],
  ['{ $.user.id = 7 }', [4]],
  ['{ $.user.id = "7" }', [4]],
  ['{ $.ok = true }', [5, 6]],
  ['{ $.level = "ERROR" && $.user.name = "ana" }', [4]],
  ['{ $.user.name = "an*" }', [4]],
  ['{ $.eventType = "Update*" }', [6]],
  ['{ $.eventType = "*Trail" }', [6]],
  ['{ $.tags[0] = "a" }', [4]],
  ['{ $.tags[0] = "b" }', [5]],
  ['{ $[1] = 2 }', [9]],
  ['{ $.level = %^ERROR$|^WARN$% }', [4, 6]],
  // && / || and parentheses
  ['{ $.level = "ERROR" && $.latency > 100 }', [4]],
  ['{ $.level = "INFO" || $.latency > 200 }', [4, 5]],
  ['{ ($.level = "INFO" || $.level = "WARN") && $.ok IS TRUE }', [5, 6]],
  ['{ $.level = "ERROR" || ($.level = "WARN" && $.latency > 1000) }', [4]],
  // IS / NOT EXISTS
  ['{ $.trace IS NULL }', [4]],
  ['{ $.trace NOT EXISTS }', [5, 6, 9]],
  ['{ $.user NOT EXISTS }', [6, 9]],
  ['{ $.ok IS TRUE }', [5, 6]],
  ['{ $.ok IS FALSE }', [4]],
  ['{ $.ok is true }', [5, 6]],
  // space-delimited
  ['[ip, identity, user, timestamp, request, status_code = 404, bytes]', [7]],
  ['[ip, identity, user, timestamp, request, status_code = 4*, bytes > 1000]', [7]],
  ['[ip, identity, user, timestamp, request, status_code, bytes < 1000]', [8]],
  ['[ip = 10.*, ...]', [8]],
  ['[..., status_code = 200 || status_code = 404, bytes]', [7, 8]],
  ['[ip, identity, user = frank, ...]', [7]],
  ['[a, b]', []],
];

describe('CloudWatch filter patterns', () => {
  for (const [pattern, expected] of TABLE) {
    it(`${pattern || '(empty)'} matches lines ${JSON.stringify(expected)}`, () => {
      const m = compilePattern(pattern);
      const got = LINES.map((l, i) => (m(l) ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(got, expected);
    });
  }

  const BAD = ['{ $.level = ', '{ level = "x" }', '"unterminated', '%unterminated', '{ $.a IS MAYBE }', '[a, b', '{ $.a = 1 } trailing', '%(%'];
  // CloudWatch's regex subset: no () groups, no '!', no multi-byte characters, at most two regexes.
  BAD.push('%(ERROR|WARN)%', '%something!%', '%caf\u00e9%', '%a% %b% %c%', '{ $.level = %^(E)$% }', '%%');
  it('runs a pattern that backtracks exponentially in a backtracking engine in linear time', () => {
    const m = compilePattern('%a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b%');
    assert.equal(m('a'.repeat(5000)), false);
    assert.equal(m(`${'a'.repeat(5000)}b`), true);
  });

  it('says what CloudWatch does not support', () => {
    assert.throws(() => compilePattern('%(ERROR|WARN)%'), /the \(\) operator is not supported/);
    assert.throws(() => compilePattern('%something!%'), /'!' is not a supported character/);
    assert.throws(() => compilePattern('%a% %b% %c%'), /at most 2 regular expressions/);
  });

  for (const bad of BAD) {
    it(`rejects ${bad} with a clear InvalidParameterException`, () => {
      assert.throws(
        () => compilePattern(bad),
        (e: Error & { code?: string }) => e.name === 'InvalidParameterException' && /Invalid filter pattern/.test(e.message),
      );
    });
  }
});
