// The query editor's colouring (src/webview/insights/tokens.ts): each piece of a query gets its kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, type TokenKind } from '../../../../src/webview/insights/tokens';

const kinds = (q: string): [string, TokenKind][] => tokenize(q).map((t) => [q.slice(t.start, t.end), t.kind]);

test('commands, fields, functions, keywords, numbers with units and pipes', () => {
  assert.deepEqual(kinds('stats count(*) as n by bin(5m) | sort n desc'), [
    ['stats', 'command'],
    ['count', 'function'],
    ['(', 'punct'],
    ['*', 'operator'],
    [')', 'punct'],
    ['as', 'keyword'],
    ['n', 'ident'],
    ['by', 'keyword'],
    ['bin', 'function'],
    ['(', 'punct'],
    ['5m', 'number'],
    [')', 'punct'],
    ['|', 'pipe'],
    ['sort', 'command'],
    ['n', 'ident'],
    ['desc', 'keyword'],
  ]);
});

test('strings, regexes, backticked fields, comments; a slash after a value divides', () => {
  assert.deepEqual(kinds('filter @type = "REPORT" and @message like /Err(or)?\\//i # errors\n| fields `my-field`, @maxMemoryUsed / 1000'), [
    ['filter', 'command'],
    ['@type', 'field'],
    ['=', 'operator'],
    ['"REPORT"', 'string'],
    ['and', 'keyword'],
    ['@message', 'field'],
    ['like', 'keyword'],
    ['/Err(or)?\\//i', 'regex'],
    ['# errors', 'comment'],
    ['|', 'pipe'],
    ['fields', 'command'],
    ['`my-field`', 'field'],
    [',', 'punct'],
    ['@maxMemoryUsed', 'field'],
    ['/', 'operator'],
    ['1000', 'number'],
  ]);
});

test('parse with a regex right after the field; =~ is one operator', () => {
  const k = kinds('parse @message /(?<id>\\d+)/ | filter x =~ /a/');
  assert.deepEqual(k[2], ['/(?<id>\\d+)/', 'regex']);
  assert.deepEqual(k.slice(6), [
    ['=~', 'operator'],
    ['/a/', 'regex'],
  ]);
});

test('an unknown word where a command belongs is invalid; a known function name not called is a plain word', () => {
  assert.deepEqual(kinds('felds @message | fields bin'), [
    ['felds', 'invalid'],
    ['@message', 'field'],
    ['|', 'pipe'],
    ['fields', 'command'],
    ['bin', 'ident'],
  ]);
});

test('never throws and covers text without overlap, even unterminated', () => {
  for (const q of ['filter @m like "abc', 'parse @m /unclosed', '', '|||', '`x', '1.5e3ms', '@a.b.c']) {
    const toks = tokenize(q);
    let at = 0;
    for (const t of toks) {
      assert.ok(t.start >= at && t.end > t.start && t.end <= q.length, `${q}: ${JSON.stringify(t)}`);
      at = t.end;
    }
  }
  assert.deepEqual(kinds('fields 1.5e3ms'), [
    ['fields', 'command'],
    ['1.5e3ms', 'number'],
  ]);
});

test('a command word at the start of a line starts a command, as the parser reads it; elsewhere it is a word', () => {
  assert.deepEqual(kinds('fields @message\nfilter @message like /x/\n  and ispresent(@type)'), [
    ['fields', 'command'],
    ['@message', 'field'],
    ['filter', 'command'],
    ['@message', 'field'],
    ['like', 'keyword'],
    ['/x/', 'regex'],
    ['and', 'keyword'],
    ['ispresent', 'function'],
    ['(', 'punct'],
    ['@type', 'field'],
    [')', 'punct'],
  ]);
  assert.deepEqual(kinds('stats count(*) as fields')[6], ['fields', 'ident']);
});
