import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeError as describeWorkbenchError } from '../../../src/core/errors';
import { describeError } from '../../../src/logs/errors';

test("logs words errors with core's describeError, led by the AWS error name", () => {
  const sso = Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), { name: 'UnauthorizedException' });
  assert.equal(describeError(sso), `UnauthorizedException: ${describeWorkbenchError(sso)}`);
  assert.match(describeError(sso), /The SSO session of the active profile has expired or was never started\. Run: aws sso login$/);
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  assert.equal(describeError(throttled), 'ThrottlingException: Rate exceeded');
});
