import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidateNames } from '../../../src/vscode/templateTargets';

test('on the local service the local-run name comes first, then the deployed name', () => {
  assert.deepEqual(candidateNames({ kind: 'local' }, '/work/demo/template.yaml', 'HelloFunction', undefined), ['demo-HelloFunction', 'HelloFunction']);
  assert.deepEqual(candidateNames({ kind: 'local' }, '/work/demo/template.yaml', 'Hello', 'hello-prod'), ['demo-Hello', 'hello-prod']);
});

test('on AWS only the deployed name: FunctionName, else the logical id', () => {
  assert.deepEqual(candidateNames({ kind: 'aws' }, '/work/demo/template.yaml', 'Hello', 'hello-prod'), ['hello-prod']);
  assert.deepEqual(candidateNames({ kind: 'aws' }, '/work/demo/template.yaml', 'Hello', undefined), ['Hello']);
});
