// The language paths of the runtimes added for issue 14 (ruby, java): where the package's and the
// layers' libraries are found, layers in /opt's merge order (later layers win).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildEnvironment } from '../../../src/local/executor/env-vars';
import type { ResolvedFunction } from '../../../src/local/contracts';
import type { RunnerSpec } from '../../../src/local/executor/runners';

const fn = (over: Partial<ResolvedFunction> = {}): ResolvedFunction => ({
  functionName: 'f',
  functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
  version: '$LATEST',
  runtime: 'ruby3.3',
  handler: 'lambda_function.handler',
  codeDir: '/code',
  sourceMode: false,
  layerDirs: ['/l1', '/l2'],
  memorySize: 512,
  timeout: 3,
  environment: { GEM_HOME: '/mine' },
  logGroup: '/aws/lambda/f',
  logFormat: 'Text',
  architectures: ['x86_64'],
  revisionId: 'r',
  codeSha256: 'x',
  ...over,
});
const inputs = { region: 'eu-west-1', runtimeApi: '127.0.0.1:9', logStream: 's', tmpDir: '/tmp/x' };

describe('ruby function environment', () => {
  const ruby: RunnerSpec = {
    family: 'ruby',
    command: '/usr/bin/ruby3.1',
    args: [],
    runtimeDir: '/rt/ruby',
    runtimeVersion: 'ruby:3.1.local',
    languageVersion: '3.3.0',
    actualLanguageVersion: '3.1.0',
  };

  it("searches the declared and the running ruby's gem folders in the package, then in the layers", () => {
    const env = buildEnvironment({ fn: fn(), runner: ruby, ...inputs });
    assert.equal(
      env.GEM_PATH,
      [
        '/code/vendor/bundle/ruby/3.3.0',
        '/code/vendor/bundle/ruby/3.1.0',
        '/l2/ruby/gems/3.3.0',
        '/l2/ruby/gems/3.1.0',
        '/l1/ruby/gems/3.3.0',
        '/l1/ruby/gems/3.1.0',
      ].join(':'),
    );
    assert.equal(env.RUBYLIB, '/code:/rt/ruby:/l2/ruby/lib:/l1/ruby/lib');
    assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_ruby3.3');
    assert.equal(env.GEM_HOME, '/mine', "the function's own variables still apply");
  });

  it('lists a gem folder once when the running ruby is the declared one', () => {
    const env = buildEnvironment({ fn: fn({ layerDirs: [] }), runner: { ...ruby, actualLanguageVersion: '3.3.0' }, ...inputs });
    assert.equal(env.GEM_PATH, '/code/vendor/bundle/ruby/3.3.0');
  });
});
