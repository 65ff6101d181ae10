import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanNpmEnv } from '../../../../src/local/executor/tool-cache';

describe('the npm the service starts to fetch a Node', () => {
  it("gets none of an outer npm script's settings, nor its node_modules/.bin on PATH", () => {
    const env = cleanNpmEnv({
      PATH: '/repo/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:/usr/bin',
      npm_config_user_agent: 'npm/10 node/v20.0.0',
      npm_lifecycle_event: 'test',
      INIT_CWD: '/repo',
      HOME: '/home/u',
    });
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/u' });
  });
});
