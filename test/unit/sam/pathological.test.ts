// Pathological inputs: deep nesting, huge lines, alias bombs. Every feature answers, nothing throws,
// the diagnostics stay few; the test timeout bounds the time (a hang fails it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SamLanguageService } from '../../../src/sam/service';

const CASES: [string, string][] = [
  ['deep flow nesting', 'Resources: ' + '['.repeat(100_000)],
  ['deep block nesting', 'Resources:\n' + Array.from({ length: 3000 }, (_, i) => ' '.repeat(i + 2) + 'a:').join('\n')],
  ['a 5 MB line', 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: ' + 'x'.repeat(5_000_000)],
  [
    'alias bomb',
    'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nResources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: *e\n',
  ],
  ['binary garbage', Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256)).toString('latin1')],
];

for (const [name, text] of CASES) {
  test(`pathological input: ${name}`, { timeout: 60_000 }, () => {
    const s = new SamLanguageService();
    s.open('untitled:x.yaml', text);
    const d = s.diagnostics('untitled:x.yaml');
    assert.ok(d.length <= 110, `${d.length} diagnostics`);
    assert.ok(
      d.every((x) => x.code !== 'internal'),
      JSON.stringify(d.find((x) => x.code === 'internal')),
    );
    for (const offset of [0, 15, text.length >> 1, text.length]) {
      s.completion('untitled:x.yaml', offset);
      s.hover('untitled:x.yaml', offset);
      s.definition('untitled:x.yaml', offset);
      s.references('untitled:x.yaml', offset);
    }
    assert.ok(Array.isArray(s.symbols('untitled:x.yaml')));
    assert.ok(Array.isArray(s.codeLenses('untitled:x.yaml')));
  });
}
