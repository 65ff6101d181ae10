// The .cwlq TextMate grammar (syntaxes/cwlq.tmLanguage.json) is generated from the vocabulary and kept
// in step with it; its patterns compile and colour what they should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cwlqGrammar } from '../../../../src/vscode/insights/grammar';

const root = join(__dirname, '../../../..');
type Pattern = { name?: string; match?: string; begin?: string; captures?: Record<string, { name: string }> };

/** A TextMate (Oniguruma) pattern as a JS RegExp: the leading (?i) becomes the i flag. */
function js(p: string): RegExp {
  return p.startsWith('(?i)') ? new RegExp(p.slice(4), 'gi') : new RegExp(p, 'g');
}

test('syntaxes/cwlq.tmLanguage.json is what the generator writes (run `npm run gen:cwlq` after changing the vocabulary)', () => {
  const file = JSON.parse(readFileSync(join(root, 'syntaxes/cwlq.tmLanguage.json'), 'utf8'));
  assert.deepEqual(file, JSON.parse(JSON.stringify(cwlqGrammar())));
});

test('the package contributes the cwlq language with this grammar', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'cwlq');
  assert.deepEqual(lang.extensions, ['.cwlq']);
  const g = pkg.contributes.grammars.find((x: { language: string }) => x.language === 'cwlq');
  assert.equal(g.scopeName, 'source.cwlq');
  assert.equal(g.path, './syntaxes/cwlq.tmLanguage.json');
});

test('the patterns compile and colour commands, functions, fields, numbers and regexes', () => {
  const patterns = (cwlqGrammar().patterns as Pattern[]).filter((p) => p.match);
  const scope = (name: string) => js(patterns.find((p) => p.name === name)!.match!);
  const q = 'fields @timestamp, @duration | filter @message like /ERR/ | stats count(*) by bin(5m)';
  assert.deepEqual(
    [...q.matchAll(scope('keyword.control.command.cwlq'))].map((m) => m[0].trim()),
    ['fields', 'filter', 'stats'],
  );
  assert.deepEqual(
    [...q.matchAll(scope('support.function.cwlq'))].map((m) => m[0]),
    ['count', 'bin'],
  );
  assert.deepEqual(
    [...q.matchAll(scope('variable.language.field.cwlq'))].map((m) => m[0]),
    ['@timestamp', '@duration', '@message'],
  );
  assert.deepEqual(
    [...q.matchAll(scope('constant.numeric.cwlq'))].map((m) => m[0]),
    ['5m'],
  );
  const like = js(patterns.find((p) => p.captures && !p.captures['2'])!.match!);
  assert.equal([...q.matchAll(like)][0][1], '/ERR/');
  const parse = js(patterns.find((p) => p.captures?.['3'])!.match!);
  assert.equal([...'parse @message /id=(?<id>\\d+)/'.matchAll(parse)][0][3], '/id=(?<id>\\d+)/');
});
