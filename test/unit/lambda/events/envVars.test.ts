import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvVarsFile, envOverridesFor } from '../../../../src/lambda/events';

test('sam --env-vars format: Parameters for all, the function section wins, undeclared ignored', () => {
  const file = parseEnvVarsFile(JSON.stringify({ Parameters: { STAGE: 'dev', EXTRA: 'x' }, Hello: { STAGE: 'local', TABLE: 7 }, Other: { STAGE: 'no' } }));
  const r = envOverridesFor(file, { STAGE: 'prod', TABLE: 'orders' }, [], ['Hello', 'my-hello']);
  assert.deepEqual(r.environment, { STAGE: 'local', TABLE: '7' });
  assert.deepEqual(r.ignored, ['EXTRA']);
});

test('variables declared from intrinsics can be overridden too', () => {
  const r = envOverridesFor(parseEnvVarsFile('{"Fn": {"ARN": "arn:x"}}'), {}, ['ARN'], ['Fn']);
  assert.deepEqual(r.environment, { ARN: 'arn:x' });
});

test('bad files get messages saying what shape is expected', () => {
  assert.throws(() => parseEnvVarsFile('{'), /not valid JSON.*Parameters/);
  assert.throws(() => parseEnvVarsFile('[]'), /JSON object of sections/);
  assert.throws(() => parseEnvVarsFile('{"A": 1}'), /"A" must be an object/);
  assert.throws(() => parseEnvVarsFile('{"A": {"B": {}}}'), /A\.B must be a string/);
});
