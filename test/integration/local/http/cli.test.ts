import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, copyFixture, request, runStartApi, startApi, until } from './startApi';

describe('start-api command line', () => {
  it('lists the sam local start-api flags with --help', async () => {
    const r = await runStartApi(['--help']);
    assert.equal(r.code, 0);
    for (const flag of [
      '--template',
      '--port',
      '--host',
      '--parameter-overrides',
      '--env-vars',
      '--disable-authorizer',
      '--data-dir',
      '--region',
      '--warm-containers',
    ]) {
      assert.ok(r.stdout.includes(flag), flag);
    }
  });

  it('refuses an unknown flag and a non-loopback --host', async () => {
    const unknown = await runStartApi(['--bogus']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option --bogus/);
    const host = await runStartApi(['-t', join(FIXTURES, 'httponly/template.yaml'), '--host', '0.0.0.0']);
    assert.equal(host.code, 2);
    assert.match(host.stderr, /--host 0\.0\.0\.0 is refused: the local API listens on loopback only/);
  });

  it('fails at start on a template with no API, naming the file', async () => {
    const file = join(FIXTURES, 'noapi/template.yaml');
    const r = await runStartApi(['-t', file, '-p', '0']);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`${file}`), r.stderr);
    assert.match(r.stderr, /no API to serve/);
    assert.equal(r.stdout, '');
  });

  it('answers a missing route on an HTTP API with 404, and applies --parameter-overrides and --env-vars', async () => {
    const dir = copyFixture('httponly');
    const api = await startApi(dir, ['--parameter-overrides', 'ParameterKey=Greeting,ParameterValue=bonjour', '--env-vars', join(dir, 'env.json')]);
    try {
      const miss = await request(api.info.endpoint, 'GET', '/nope');
      assert.equal(miss.status, 404);
      assert.deepEqual(JSON.parse(miss.body.toString()), { message: 'Not Found' });
      const hello = await request(api.info.endpoint, 'GET', '/hello');
      assert.equal(hello.status, 200);
      assert.deepEqual(JSON.parse(hello.body.toString()), { greeting: 'bonjour', name: 'from-env-file' });
      // a changed function definition retires its warm environment: the next request sees the new value
      const file = join(api.dir, 'template.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('GREETING: !Ref Greeting', "GREETING: !Sub '${Greeting}!'"));
      await until(
        async () => (await request(api.info.endpoint, 'GET', '/hello')).body.toString() === '{"greeting":"bonjour!","name":"from-env-file"}',
        'the new environment',
      );
    } finally {
      assert.equal(await api.stop(), 0);
    }
  });

  it('skips authorizers with --disable-authorizer', async () => {
    const api = await startApi(copyFixture('app'), ['--disable-authorizer']);
    try {
      const r = await request(api.info.endpoint, 'GET', '/secure');
      assert.equal(r.status, 200);
      assert.equal((JSON.parse(r.body.toString()) as { requestContext: Record<string, unknown> }).requestContext['authorizer'], undefined);
    } finally {
      assert.equal(await api.stop(), 0);
    }
  });
});
