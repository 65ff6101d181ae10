// The less common operations through the real AWS CLI v2: layer version permissions, the read-only
// configs the local service answers for, update-function-code from a source folder, and paging flags.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_CLI, startLocal, type LocalHarness } from './harness';
import { makeZip } from './zip';

type J = Record<string, unknown>;

describe('less common operations through the AWS CLI v2', { skip: !existsSync(AWS_CLI) && 'AWS CLI v2 not installed at /usr/bin/aws' }, () => {
  let h: LocalHarness;
  let dir: string;
  const ok = async (args: string[]): Promise<J> => {
    const r = await h.cli(args);
    assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
    return (r.json ?? {}) as J;
  };

  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
    dir = mkdtempSync(join(tmpdir(), 'lwb-cli-x-'));
    writeFileSync(join(dir, 'layer.zip'), await makeZip({ 'x.txt': 'x' }));
    writeFileSync(join(dir, 'fn.zip'), await makeZip({ 'index.js': 'exports.handler = async () => "zip";\n' }));
  });
  after(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, reads and removes layer version permissions', async () => {
    await ok(['lambda', 'publish-layer-version', '--layer-name', 'shared', '--zip-file', `fileb://${join(dir, 'layer.zip')}`]);
    const added = await ok([
      'lambda',
      'add-layer-version-permission',
      '--layer-name',
      'shared',
      '--version-number',
      '1',
      '--statement-id',
      'org',
      '--action',
      'lambda:GetLayerVersion',
      '--principal',
      '123456789012',
    ]);
    assert.equal((JSON.parse(String(added['Statement'])) as J)['Sid'], 'org');
    const policy = await ok(['lambda', 'get-layer-version-policy', '--layer-name', 'shared', '--version-number', '1']);
    assert.equal(policy['RevisionId'], added['RevisionId']);
    await ok(['lambda', 'remove-layer-version-permission', '--layer-name', 'shared', '--version-number', '1', '--statement-id', 'org']);
    const gone = await h.cli(['lambda', 'get-layer-version-policy', '--layer-name', 'shared', '--version-number', '1']);
    assert.match(gone.stderr, /\(ResourceNotFoundException\)/);
  });

  it('switches a function between zip and a source folder with update-function-code', async () => {
    await ok([
      'lambda',
      'create-function',
      '--function-name',
      'switch',
      '--runtime',
      'nodejs20.x',
      '--handler',
      'index.handler',
      '--role',
      'arn:aws:iam::000000000000:role/r',
      '--zip-file',
      `fileb://${join(dir, 'fn.zip')}`,
    ]);
    const src = join(dir, 'src');
    rmSync(src, { recursive: true, force: true });
    mkdirSync(src);
    writeFileSync(join(src, 'index.js'), 'exports.handler = async () => "source";\n');
    await ok(['lambda', 'update-function-code', '--function-name', 'switch', '--s3-bucket', 'lambda-workbench-local-source', '--s3-key', src]);
    const out = join(dir, 'out.json');
    await ok(['lambda', 'invoke', '--function-name', 'switch', out]);
    assert.equal(readFileSync(out, 'utf8'), '"source"');
  });

  it('answers the read-only configs and STS', async () => {
    assert.equal((await ok(['lambda', 'get-function-code-signing-config', '--function-name', 'switch']))['FunctionName'], 'switch');
    assert.equal((await ok(['lambda', 'get-runtime-management-config', '--function-name', 'switch']))['UpdateRuntimeOn'], 'Auto');
    assert.deepEqual((await ok(['lambda', 'list-provisioned-concurrency-configs', '--function-name', 'switch']))['ProvisionedConcurrencyConfigs'], []);
    const pc = await h.cli(['lambda', 'get-provisioned-concurrency-config', '--function-name', 'switch', '--qualifier', '1']);
    assert.match(pc.stderr, /\(ProvisionedConcurrencyConfigNotFoundException\)/);
    assert.equal((await ok(['sts', 'get-caller-identity']))['Account'], '000000000000');
  });
});
