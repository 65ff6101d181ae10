// The lambdaWorkbench.sam.rules setting: a severity per diagnostic code, or off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './helpers';
import { applyRuleSettings, readRuleSettings } from '../../../src/sam/ruleSettings';

const URI = 'untitled:template.yaml';

test('a code can be switched off or given another severity; invalid entries are ignored', () => {
  const text =
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs12.x\n      Handler: a.b\n      MemorySise: 1\n';
  const all = open(text, URI).diagnostics(URI);
  assert.deepEqual(all.map((d) => [d.code, d.severity]).sort(), [
    ['deprecated-runtime', 'warning'],
    ['unknown-property', 'error'],
  ]);
  const rules = readRuleSettings({ 'deprecated-runtime': 'off', 'unknown-property': 'warning', handler: 'loud', x: 3 });
  assert.equal(rules.size, 2);
  assert.deepEqual(
    applyRuleSettings(all, rules).map((d) => [d.code, d.severity]),
    [['unknown-property', 'warning']],
  );
  assert.equal(applyRuleSettings(all, readRuleSettings(undefined)), all);
});
