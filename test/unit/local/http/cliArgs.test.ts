import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartApiHelp, parseParameterOverrides, parseStartApiArgs } from '../../../../src/local/http/cliArgs';

describe('start-api flags', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cliargs-'));
  writeFileSync(join(cwd, 'template.yml'), 'Resources: {}\n');

  it('defaults as sam local start-api: template.yaml/yml here, port 3000, 127.0.0.1', () => {
    const o = parseStartApiArgs([], cwd, {});
    assert.equal(o.templatePath, join(cwd, 'template.yml'));
    assert.equal(o.port, 3000);
    assert.equal(o.host, '127.0.0.1');
    assert.equal(o.region, 'us-east-1');
    assert.equal(o.disableAuthorizer, false);
    assert.deepEqual(o.parameterOverrides, {});
  });

  it('reads short and long flags, --flag=value, and the region from the environment', () => {
    const o = parseStartApiArgs(
      ['-t', 'other.yaml', '-p', '8080', '--host=localhost', '--disable-authorizer', '--warm-containers', 'EAGER', '--data-dir', 'd', '-n', 'env.json'],
      cwd,
      {
        AWS_REGION: 'eu-west-1',
      },
    );
    assert.equal(o.templatePath, join(cwd, 'other.yaml'));
    assert.equal(o.port, 8080);
    assert.equal(o.host, 'localhost');
    assert.equal(o.disableAuthorizer, true);
    assert.equal(o.dataDir, join(cwd, 'd'));
    assert.equal(o.envVarsFile, join(cwd, 'env.json'));
    assert.equal(o.region, 'eu-west-1');
  });

  it("accepts and ignores sam local's Docker flags, with their values", () => {
    const o = parseStartApiArgs(['--skip-pull-image', '--docker-network', 'my-net', '-p', '4000', '--debug'], cwd, {});
    assert.deepEqual(o.ignored, ['--skip-pull-image', '--docker-network', '--debug']);
    assert.equal(o.port, 4000);
  });

  it('parses both SAM forms of --parameter-overrides', () => {
    assert.deepEqual(parseParameterOverrides('ParameterKey=Stage,ParameterValue=dev ParameterKey=Name,ParameterValue="a b"'), { Stage: 'dev', Name: 'a b' });
    assert.deepEqual(parseParameterOverrides('Stage=dev Size=3 Empty='), { Stage: 'dev', Size: '3', Empty: '' });
    assert.deepEqual(parseParameterOverrides("List='a,b,c'"), { List: 'a,b,c' });
    assert.throws(() => parseParameterOverrides('novalue'), /neither ParameterKey=K,ParameterValue=V nor K=V/);
  });

  it('refuses bad values with a message saying what to do', () => {
    assert.throws(() => parseStartApiArgs(['--host', '192.168.1.2'], cwd, {}), /loopback only/);
    assert.throws(() => parseStartApiArgs(['--port', 'abc'], cwd, {}), /--port must be an integer/);
    assert.throws(() => parseStartApiArgs(['--port'], cwd, {}), /--port needs a value/);
    assert.throws(() => parseStartApiArgs(['--nope'], cwd, {}), /Unknown option --nope/);
    assert.throws(() => parseStartApiArgs(['--warm-containers', 'SOMETIMES'], cwd, {}), /EAGER or LAZY/);
    assert.throws(() => parseStartApiArgs(['--help'], cwd, {}), StartApiHelp);
    assert.throws(() => parseStartApiArgs([], tmpdir() + '/definitely-missing-dir', {}), /No template/);
  });
});
