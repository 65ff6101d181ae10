// Every snippet expands (placeholders removed) to YAML the language service accepts without error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { open } from './helpers';

const snippets = JSON.parse(readFileSync(resolve(__dirname, '../../../snippets/sam.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;

/** Expands a snippet body the way VS Code would with every default accepted. */
function expand(body: string[]): string {
  let s = body.join('\n');
  s = s.replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1');
  const values = new Map<string, string>();
  for (const line of body) for (const m of line.matchAll(/\$\{(\d+)(?::([^}|]*)|\|([^,|]+)[^}]*)\}/g)) values.set(m[1], m[2] ?? m[3]);
  s = s.replace(/\$(\d+)/g, (_m, n: string) => values.get(n) ?? '');
  return s.replace(/\\\$/g, '$');
}

test('every snippet expands to a template without errors', () => {
  for (const [name, sn] of Object.entries(snippets)) {
    const body = expand(sn.body);
    const text =
      sn.prefix === 'sam-template'
        ? body
        : `Transform: AWS::Serverless-2016-10-31\nResources:\n  Existing:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k\n      Handler: a.b\n      Runtime: nodejs22.x\n${body
            .split('\n')
            .map((l) => (l ? `  ${l}` : l))
            .join('\n')}\n`;
    const errors = open(text)
      .diagnostics('untitled:template.yaml')
      .filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((e) => e.message),
      [],
      `${name}:\n${text}`,
    );
  }
});
