import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildEnvironment, LOCAL_FUNCTION_CREDENTIALS } from '../../../../src/local/executor/env-vars';
import type { ResolvedFunction } from '../../../../src/local/seams';
import type { RunnerSpec } from '../../../../src/local/executor/runners';

const fn = (over: Partial<ResolvedFunction> = {}): ResolvedFunction => ({
  functionName: 'f',
  functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
  version: '$LATEST',
  runtime: 'nodejs20.x',
  handler: 'index.handler',
  codeDir: '/code',
  sourceMode: false,
  layerDirs: ['/l1', '/l2'],
  memorySize: 512,
  timeout: 3,
  environment: {},
  logGroup: '/aws/lambda/f',
  logFormat: 'Text',
  architectures: ['x86_64'],
  revisionId: 'r',
  codeSha256: 'x',
  ...over,
});
const node: RunnerSpec = { family: 'node', command: '/usr/bin/node', args: [], runtimeDir: '/rt/node', runtimeVersion: 'nodejs:20.local' };
const python: RunnerSpec = {
  family: 'python',
  command: '/usr/bin/python3',
  args: [],
  runtimeDir: '/rt/python',
  runtimeVersion: 'python:3.12.local',
  languageVersion: '3.12',
};
const inputs = { region: 'eu-west-1', runtimeApi: '127.0.0.1:9', logStream: 's', tmpDir: '/tmp/x' };

describe('function environment variables', () => {
  it('orders node layer paths as /opt would merge them (later layers win)', () => {
    const env = buildEnvironment({ fn: fn(), runner: node, ...inputs });
    assert.equal(
      env.NODE_PATH,
      '/l2/nodejs/node20/node_modules:/l2/nodejs/node_modules:/l1/nodejs/node20/node_modules:/l1/nodejs/node_modules:/rt/node/node_modules:/rt/node:/code',
    );
    assert.ok(env.PATH.endsWith(':/l2/bin:/l1/bin'));
    assert.ok(env.LD_LIBRARY_PATH.startsWith('/l2/lib:/l1/lib'));
  });

  it('puts python layers on PYTHONPATH after the code, like sys.path in Lambda', () => {
    const env = buildEnvironment({ fn: fn({ runtime: 'python3.12' }), runner: python, ...inputs });
    assert.equal(env.PYTHONPATH, '/code:/l2/python/lib/python3.12/site-packages:/l2/python:/l1/python/lib/python3.12/site-packages:/l1/python:/rt/python');
    assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_python3.12');
  });

  it('lets the function extend unreserved variables but never override reserved ones or credentials', () => {
    const env = buildEnvironment({
      fn: fn({
        environment: { LANG: 'C', AWS_LAMBDA_FUNCTION_NAME: 'x', AWS_ACCESS_KEY_ID: 'AKIAREAL', FOO: 'bar' },
        logFormat: 'JSON',
        applicationLogLevel: 'warn',
      }),
      runner: node,
      ...inputs,
    });
    assert.equal(env.LANG, 'C');
    assert.equal(env.FOO, 'bar');
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'f');
    assert.equal(env.AWS_ACCESS_KEY_ID, LOCAL_FUNCTION_CREDENTIALS.AWS_ACCESS_KEY_ID);
    assert.equal(env.AWS_REGION, 'eu-west-1');
    assert.equal(env.AWS_LAMBDA_LOG_FORMAT, 'JSON');
    assert.equal(env.AWS_LAMBDA_LOG_LEVEL, 'WARN');
    assert.equal(env.TZ, ':UTC');
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '512');
  });

  it('inherits nothing from the service process but PATH and LD_LIBRARY_PATH', () => {
    process.env.LWB_TEST_SECRET = 'leak';
    try {
      const env = buildEnvironment({ fn: fn(), runner: node, ...inputs });
      assert.ok(!Object.values(env).includes('leak'));
      assert.equal(env.AWS_PROFILE, undefined);
    } finally {
      delete process.env.LWB_TEST_SECRET;
    }
  });
});
