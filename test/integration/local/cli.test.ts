// Every operation through the real AWS CLI v2 (/usr/bin/aws) pointed at the local service with
// --endpoint-url and the service's own credentials (no user config).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_CLI, startLocal, type CliResult, type LocalHarness } from './harness';
import { makeZip } from './zip';

type J = Record<string, unknown>;

const HANDLER = `exports.handler = async (event) => ({ got: event, v: process.env.AWS_LAMBDA_FUNCTION_VERSION });\n`;

describe('the AWS CLI v2 against the local service', { skip: !existsSync(AWS_CLI) && 'AWS CLI v2 not installed at /usr/bin/aws' }, () => {
  let h: LocalHarness;
  let dir: string;
  let zipPath: string;
  let zip2Path: string;
  const ok = async (args: string[]): Promise<J> => {
    const r = await h.cli(args);
    assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
    return (r.json ?? {}) as J;
  };
  const fails = async (args: string[], code: string, message?: RegExp): Promise<CliResult> => {
    const r = await h.cli(args);
    assert.notEqual(r.code, 0, `aws ${args.join(' ')} should fail`);
    assert.match(r.stderr, new RegExp(`\\(${code}\\)`), r.stderr);
    if (message) assert.match(r.stderr, message);
    return r;
  };

  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '50'] });
    dir = mkdtempSync(join(tmpdir(), 'lwb-cli-test-'));
    zipPath = join(dir, 'fn.zip');
    zip2Path = join(dir, 'fn2.zip');
    writeFileSync(zipPath, await makeZip({ 'index.js': HANDLER }));
    writeFileSync(zip2Path, await makeZip({ 'index.js': HANDLER + '// 2\n' }));
    writeFileSync(join(dir, 'layer.zip'), await makeZip({ 'nodejs/node_modules/greet/index.js': 'module.exports = () => "hi";\n' }));
  });
  after(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, waits for, gets and lists functions', async () => {
    const created = await ok([
      'lambda',
      'create-function',
      '--function-name',
      'cli-fn',
      '--runtime',
      'nodejs20.x',
      '--handler',
      'index.handler',
      '--role',
      'arn:aws:iam::000000000000:role/r',
      '--zip-file',
      `fileb://${zipPath}`,
      '--environment',
      'Variables={MODE=test}',
      '--tags',
      'team=a',
    ]);
    assert.equal(created['FunctionName'], 'cli-fn');
    await ok(['lambda', 'wait', 'function-active-v2', '--function-name', 'cli-fn']);
    const got = await ok(['lambda', 'get-function', '--function-name', 'cli-fn']);
    assert.equal((got['Configuration'] as J)['State'], 'Active');
    assert.deepEqual(got['Tags'], { team: 'a' });
    const cfg = await ok(['lambda', 'get-function-configuration', '--function-name', 'cli-fn']);
    assert.deepEqual(cfg['Environment'], { Variables: { MODE: 'test' } });
    for (let i = 0; i < 4; i++) {
      await ok([
        'lambda',
        'create-function',
        '--function-name',
        `cli-p${i}`,
        '--runtime',
        'python3.12',
        '--handler',
        'app.handler',
        '--role',
        'arn:aws:iam::000000000000:role/r',
        '--zip-file',
        `fileb://${zipPath}`,
      ]);
    }
    // The CLI pages by itself (page size 2) and merges the pages.
    const all = await ok(['lambda', 'list-functions', '--page-size', '2']);
    assert.deepEqual(
      (all['Functions'] as J[]).map((f) => f['FunctionName']),
      ['cli-fn', 'cli-p0', 'cli-p1', 'cli-p2', 'cli-p3'],
    );
    const first = await ok(['lambda', 'list-functions', '--max-items', '2']);
    assert.equal((first['Functions'] as J[]).length, 2);
    assert.ok(first['NextToken']);
  });

  it('answers errors in the shape the CLI prints', async () => {
    await fails(
      ['lambda', 'get-function', '--function-name', 'nope'],
      'ResourceNotFoundException',
      /Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope/,
    );
    await fails(
      [
        'lambda',
        'create-function',
        '--function-name',
        'cli-fn',
        '--runtime',
        'nodejs20.x',
        '--handler',
        'index.handler',
        '--role',
        'arn:aws:iam::000000000000:role/r',
        '--zip-file',
        `fileb://${zipPath}`,
      ],
      'ResourceConflictException',
    );
    await fails(['lambda', 'update-function-configuration', '--function-name', 'cli-fn', '--runtime', 'cobol1.0'], 'InvalidParameterValueException', /runtime/);
  });

  it('updates code and configuration and invokes', async () => {
    await ok(['lambda', 'update-function-configuration', '--function-name', 'cli-fn', '--timeout', '7']);
    await ok(['lambda', 'wait', 'function-updated-v2', '--function-name', 'cli-fn']);
    const code = await ok(['lambda', 'update-function-code', '--function-name', 'cli-fn', '--zip-file', `fileb://${zip2Path}`, '--publish']);
    assert.equal(code['Version'], '1');
    await ok(['lambda', 'wait', 'function-updated-v2', '--function-name', 'cli-fn']);
    const out = join(dir, 'out.json');
    const inv = await ok([
      'lambda',
      'invoke',
      '--function-name',
      'cli-fn',
      '--cli-binary-format',
      'raw-in-base64-out',
      '--payload',
      '{"x":1}',
      '--log-type',
      'Tail',
      out,
    ]);
    assert.equal(inv['StatusCode'], 200);
    assert.equal(inv['ExecutedVersion'], '$LATEST');
    assert.match(Buffer.from(String(inv['LogResult']), 'base64').toString(), /REPORT RequestId/);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), { got: { x: 1 }, v: '$LATEST' });
    const ev = await ok(['lambda', 'invoke', '--function-name', 'cli-fn', '--invocation-type', 'Event', out]);
    assert.equal(ev['StatusCode'], 202);
    const dry = await ok(['lambda', 'invoke', '--function-name', 'cli-fn', '--invocation-type', 'DryRun', out]);
    assert.equal(dry['StatusCode'], 204);
  });

  it('publishes versions and manages aliases', async () => {
    const again = await ok(['lambda', 'publish-version', '--function-name', 'cli-fn']);
    assert.equal(again['Version'], '1', 'nothing changed since version 1, so no new version');
    await ok(['lambda', 'update-function-configuration', '--function-name', 'cli-fn', '--description', 'second']);
    await ok(['lambda', 'wait', 'function-updated-v2', '--function-name', 'cli-fn']);
    const v2 = await ok(['lambda', 'publish-version', '--function-name', 'cli-fn']);
    assert.equal(v2['Version'], '2');
    await ok(['lambda', 'wait', 'published-version-active', '--function-name', 'cli-fn', '--qualifier', '2']);
    const versions = await ok(['lambda', 'list-versions-by-function', '--function-name', 'cli-fn']);
    assert.deepEqual(
      (versions['Versions'] as J[]).map((v) => v['Version']),
      ['$LATEST', '1', '2'],
    );
    const alias = await ok([
      'lambda',
      'create-alias',
      '--function-name',
      'cli-fn',
      '--name',
      'prod',
      '--function-version',
      '1',
      '--routing-config',
      'AdditionalVersionWeights={2=0.5}',
    ]);
    assert.deepEqual(alias['RoutingConfig'], { AdditionalVersionWeights: { '2': 0.5 } });
    const upd = await ok([
      'lambda',
      'update-alias',
      '--function-name',
      'cli-fn',
      '--name',
      'prod',
      '--function-version',
      '2',
      '--routing-config',
      'AdditionalVersionWeights={}',
    ]);
    assert.equal(upd['FunctionVersion'], '2');
    assert.equal((await ok(['lambda', 'get-alias', '--function-name', 'cli-fn', '--name', 'prod']))['FunctionVersion'], '2');
    assert.equal(((await ok(['lambda', 'list-aliases', '--function-name', 'cli-fn']))['Aliases'] as J[]).length, 1);
    await fails(['lambda', 'delete-function', '--function-name', 'cli-fn', '--qualifier', '2'], 'ResourceConflictException');
    await ok(['lambda', 'delete-alias', '--function-name', 'cli-fn', '--name', 'prod']);
    await fails(['lambda', 'get-alias', '--function-name', 'cli-fn', '--name', 'prod'], 'ResourceNotFoundException', /Alias not found/);
    await ok(['lambda', 'delete-function', '--function-name', 'cli-fn', '--qualifier', '2']);
  });

  it('publishes, lists, gets and deletes layers', async () => {
    const l1 = await ok([
      'lambda',
      'publish-layer-version',
      '--layer-name',
      'greet',
      '--zip-file',
      `fileb://${join(dir, 'layer.zip')}`,
      '--compatible-runtimes',
      'nodejs20.x',
    ]);
    assert.equal(l1['Version'], 1);
    const l2 = await ok(['lambda', 'publish-layer-version', '--layer-name', 'greet', '--zip-file', `fileb://${join(dir, 'layer.zip')}`]);
    assert.equal(l2['LayerVersionArn'], 'arn:aws:lambda:us-east-1:000000000000:layer:greet:2');
    const layers = await ok(['lambda', 'list-layers']);
    assert.equal(((layers['Layers'] as J[])[0]!['LatestMatchingVersion'] as J)['Version'], 2);
    const byRuntime = await ok(['lambda', 'list-layer-versions', '--layer-name', 'greet', '--compatible-runtime', 'nodejs20.x']);
    assert.deepEqual(
      (byRuntime['LayerVersions'] as J[]).map((v) => v['Version']),
      [1],
    );
    const got = await ok(['lambda', 'get-layer-version', '--layer-name', 'greet', '--version-number', '1']);
    const zip = await fetch(String((got['Content'] as J)['Location']));
    assert.equal(zip.status, 200);
    assert.deepEqual(Buffer.from(await zip.arrayBuffer()), readFileSync(join(dir, 'layer.zip')));
    const byArn = await ok(['lambda', 'get-layer-version-by-arn', '--arn', 'arn:aws:lambda:us-east-1:000000000000:layer:greet:2']);
    assert.equal(byArn['Version'], 2);
    await ok(['lambda', 'update-function-configuration', '--function-name', 'cli-fn', '--layers', String(l2['LayerVersionArn'])]);
    await ok(['lambda', 'wait', 'function-updated-v2', '--function-name', 'cli-fn']);
    await ok(['lambda', 'delete-layer-version', '--layer-name', 'greet', '--version-number', '1']);
    await fails(['lambda', 'get-layer-version', '--layer-name', 'greet', '--version-number', '1'], 'ResourceNotFoundException');
  });

  it('tags, concurrency and account settings', async () => {
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:cli-fn';
    await ok(['lambda', 'tag-resource', '--resource', arn, '--tags', 'env=dev,owner=me']);
    await ok(['lambda', 'untag-resource', '--resource', arn, '--tag-keys', 'owner', 'team']);
    assert.deepEqual((await ok(['lambda', 'list-tags', '--resource', arn]))['Tags'], { env: 'dev' });
    assert.deepEqual(await ok(['lambda', 'put-function-concurrency', '--function-name', 'cli-fn', '--reserved-concurrent-executions', '5']), {
      ReservedConcurrentExecutions: 5,
    });
    assert.deepEqual(await ok(['lambda', 'get-function-concurrency', '--function-name', 'cli-fn']), { ReservedConcurrentExecutions: 5 });
    const settings = await ok(['lambda', 'get-account-settings']);
    assert.equal((settings['AccountLimit'] as J)['UnreservedConcurrentExecutions'], 995);
    assert.equal((settings['AccountUsage'] as J)['FunctionCount'], 5);
    await ok(['lambda', 'delete-function-concurrency', '--function-name', 'cli-fn']);
    assert.deepEqual(await ok(['lambda', 'get-function-concurrency', '--function-name', 'cli-fn']), {});
  });

  it('stores event source mappings, function URLs, permissions and event-invoke configs', async () => {
    const esm = await ok([
      'lambda',
      'create-event-source-mapping',
      '--function-name',
      'cli-fn',
      '--event-source-arn',
      'arn:aws:sqs:us-east-1:000000000000:q',
      '--batch-size',
      '5',
    ]);
    const uuid = String(esm['UUID']);
    assert.equal((await ok(['lambda', 'get-event-source-mapping', '--uuid', uuid]))['BatchSize'], 5);
    await ok(['lambda', 'update-event-source-mapping', '--uuid', uuid, '--no-enabled']);
    const listed = await ok(['lambda', 'list-event-source-mappings', '--function-name', 'cli-fn']);
    assert.equal((listed['EventSourceMappings'] as J[])[0]!['State'], 'Disabled');
    await ok(['lambda', 'delete-event-source-mapping', '--uuid', uuid]);
    await fails(['lambda', 'get-event-source-mapping', '--uuid', uuid], 'ResourceNotFoundException');

    const url = await ok(['lambda', 'create-function-url-config', '--function-name', 'cli-fn', '--auth-type', 'NONE']);
    assert.match(String(url['FunctionUrl']), /^http:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+\/$/);
    await ok(['lambda', 'update-function-url-config', '--function-name', 'cli-fn', '--auth-type', 'AWS_IAM']);
    assert.equal((await ok(['lambda', 'get-function-url-config', '--function-name', 'cli-fn']))['AuthType'], 'AWS_IAM');
    assert.equal(((await ok(['lambda', 'list-function-url-configs', '--function-name', 'cli-fn']))['FunctionUrlConfigs'] as J[]).length, 1);
    await ok(['lambda', 'delete-function-url-config', '--function-name', 'cli-fn']);

    const perm = await ok([
      'lambda',
      'add-permission',
      '--function-name',
      'cli-fn',
      '--statement-id',
      's3',
      '--action',
      'lambda:InvokeFunction',
      '--principal',
      's3.amazonaws.com',
      '--source-arn',
      'arn:aws:s3:::bucket',
    ]);
    assert.equal((JSON.parse(String(perm['Statement'])) as J)['Sid'], 's3');
    const policy = JSON.parse(String((await ok(['lambda', 'get-policy', '--function-name', 'cli-fn']))['Policy'])) as J;
    assert.equal((policy['Statement'] as J[]).length, 1);
    await ok(['lambda', 'remove-permission', '--function-name', 'cli-fn', '--statement-id', 's3']);
    await fails(['lambda', 'get-policy', '--function-name', 'cli-fn'], 'ResourceNotFoundException');

    await ok(['lambda', 'put-function-event-invoke-config', '--function-name', 'cli-fn', '--maximum-retry-attempts', '1']);
    assert.equal((await ok(['lambda', 'get-function-event-invoke-config', '--function-name', 'cli-fn']))['MaximumRetryAttempts'], 1);
    await ok(['lambda', 'delete-function-event-invoke-config', '--function-name', 'cli-fn']);
  });

  it('survives a restart and deletes functions', async () => {
    h = await h.restart();
    const cfg = await ok(['lambda', 'get-function-configuration', '--function-name', 'cli-fn']);
    assert.equal(cfg['Timeout'], 7);
    assert.equal((cfg['Layers'] as J[])[0]!['Arn'], 'arn:aws:lambda:us-east-1:000000000000:layer:greet:2');
    assert.deepEqual((await ok(['lambda', 'list-tags', '--resource', 'arn:aws:lambda:us-east-1:000000000000:function:cli-fn']))['Tags'], { env: 'dev' });
    const versions = await ok(['lambda', 'list-versions-by-function', '--function-name', 'cli-fn']);
    assert.deepEqual(
      (versions['Versions'] as J[]).map((v) => v['Version']),
      ['$LATEST', '1'],
    );
    // The invoke after a restart runs code unpacked before it.
    const inv = await ok(['lambda', 'invoke', '--function-name', 'cli-fn', '--qualifier', '1', join(dir, 'out2.json')]);
    assert.equal(inv['ExecutedVersion'], '1');
    await ok(['lambda', 'delete-function', '--function-name', 'cli-p0']);
    await fails(['lambda', 'get-function', '--function-name', 'cli-p0'], 'ResourceNotFoundException');
  });

  it('refuses the CLI with the wrong secret', async () => {
    const r = await h.cli(['lambda', 'list-functions'], { env: { AWS_SECRET_ACCESS_KEY: 'wrong-secret' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /InvalidSignatureException/);
  });
});
