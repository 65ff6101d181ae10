// AWS::LanguageExtensions (Fn::ForEach, Fn::Length, Fn::ToJsonString), the Rules section's functions
// and module types: understood or left alone, never reported as errors (issue 17, class 6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { open } from './helpers';

const URI = 'untitled:template.yaml';
const fixture = readFileSync(resolve(__dirname, 'fixtures/extensions.yaml'), 'utf8');

test('a template with Fn::ForEach, Fn::Length, Fn::ToJsonString, Rules functions and a MODULE type has no diagnostic', () => {
  assert.deepEqual(
    open(fixture, URI)
      .diagnostics(URI)
      .map((d) => `${d.severity} ${d.message}`),
    [],
  );
});

test('a Ref to a name no loop generates is still reported', () => {
  const text = fixture.replace('!GetAtt TopicA.TopicArn', '!GetAtt Bucket9.Arn');
  const d = open(text, URI).diagnostics(URI);
  assert.equal(d.length, 1);
  assert.match(d[0].message, /Bucket9/);
});
