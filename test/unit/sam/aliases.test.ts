// Alias expansion is bounded: nested aliases and merge-key bombs get a diagnostic instead of a freeze,
// and many plain aliases cost linear time. The test timeout bounds the time (a freeze fails it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SamLanguageService } from '../../../src/sam/service';

const HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\n';
const TOPIC = 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n';

function nestedBomb(levels: number): string {
  const lines = ['x0: &x0 [l,o,l,l,o,l,l,o,l]'];
  for (let i = 1; i <= levels; i++) lines.push(`x${i}: &x${i} [${Array.from({ length: 9 }, () => `*x${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\n${TOPIC}    Metadata:\n      Bomb: *x${levels}\n`;
}

function mergeBomb(levels: number): string {
  const lines = ['m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}'];
  for (let i = 1; i <= levels; i++) {
    const refs = Array.from({ length: 9 }, (_, j) => `k${j}: *m${i - 1}`).join(', ');
    lines.push(`m${i}: &m${i} {<<: *m${i - 1}, ${refs}}`);
  }
  return `${lines.join('\n')}\n${TOPIC}    Metadata:\n      Bomb: *m${levels}\n`;
}

function diagnosticsOf(text: string): { message: string; severity?: unknown }[] {
  const s = new SamLanguageService();
  s.open('untitled:t.yaml', text);
  return s.diagnostics('untitled:t.yaml');
}

const BOMB = /aliases expand to more than 100000 nodes/;

test('a nested alias bomb (9 levels, under 700 bytes) is refused with a diagnostic, not expanded', { timeout: 20_000 }, () => {
  const text = HEAD + nestedBomb(9);
  assert.ok(text.length < 700, String(text.length));
  const d = diagnosticsOf(text);
  assert.ok(
    d.some((x) => BOMB.test(x.message)),
    JSON.stringify(d),
  );
});

test('a merge-key bomb is refused the same way', { timeout: 20_000 }, () => {
  const d = diagnosticsOf(HEAD + mergeBomb(9));
  assert.ok(
    d.some((x) => BOMB.test(x.message)),
    JSON.stringify(d),
  );
});

test('5,000 plain aliases of a small anchor are expanded, without a bomb diagnostic', { timeout: 20_000 }, () => {
  const refs = Array.from({ length: 5000 }, (_, i) => `      K${i}: *v`).join('\n');
  const d = diagnosticsOf(`${HEAD}Parameters:\n  P:\n    Type: String\n    Default: &v hello\n${TOPIC}    Metadata:\n${refs}\n`);
  assert.ok(!d.some((x) => BOMB.test(x.message)), JSON.stringify(d.slice(0, 3)));
});

test('a template using a few aliases is still checked through them', () => {
  const text = `${HEAD}Globals: {}\nResources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: &props\n      TopicName: t\n  B:\n    Type: AWS::SNS::Topic\n    Properties: *props\n  C:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: &bad 5\n  D:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: *bad\n`;
  const d = diagnosticsOf(text);
  assert.ok(!d.some((x) => BOMB.test(x.message)));
  // Tags must be a list: the finding shows at the anchor's use through the alias as well.
  const tagFindings = d.filter((x) => /Tags|array|list/i.test(x.message));
  assert.ok(tagFindings.length >= 2, JSON.stringify(d));
});
