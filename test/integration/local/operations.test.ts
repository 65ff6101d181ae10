// The rest of the Lambda API through the SDK: versions and aliases, layers used by an invoke, source
// mode, tags, concurrency, ESMs, URLs, policy, event-invoke configs, the Logs API route, and shutdown.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteAliasCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionUrlConfigCommand,
  DeleteLayerVersionCommand,
  GetAccountSettingsCommand,
  GetAliasCommand,
  GetEventSourceMappingCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  GetFunctionUrlConfigCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetPolicyCommand,
  InvokeCommand,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionEventInvokeConfigsCommand,
  ListFunctionUrlConfigsCommand,
  ListFunctionsCommand,
  ListLayerVersionsCommand,
  ListLayersCommand,
  ListTagsCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateEventSourceMappingCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionUrlConfigCommand,
  paginateListFunctions,
  paginateListVersionsByFunction,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  InvokeWithResponseStreamCommand,
  AddLayerVersionPermissionCommand,
  GetLayerVersionPolicyCommand,
  RemoveLayerVersionPermissionCommand,
  GetFunctionCodeSigningConfigCommand,
  GetRuntimeManagementConfigCommand,
  ListProvisionedConcurrencyConfigsCommand,
  GetProvisionedConcurrencyConfigCommand,
} from '@aws-sdk/client-lambda';
import { DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LOCAL_SOURCE_BUCKET } from '../../../src/contract/localService';
import { startLocal, type LocalHarness } from './harness';
import { makeZip } from './zip';

const ROLE = 'arn:aws:iam::000000000000:role/r';
const USES_LAYER = `const greet = require('greet');\nexports.handler = async () => ({ msg: greet() });\n`;

describe('the rest of the Lambda API through the SDK', () => {
  let h: LocalHarness;
  let src: string;
  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
    src = mkdtempSync(join(tmpdir(), 'lwb-src-'));
  });
  after(async () => {
    const code = await h.stop();
    assert.equal(code, 0, 'SIGTERM shuts the service down cleanly');
    rmSync(src, { recursive: true, force: true });
  });

  it('publishes layers and runs a function that requires a module from one', async () => {
    const zip = await makeZip({ 'nodejs/node_modules/greet/index.js': 'module.exports = () => "hello from a layer";\n' });
    const l1 = await h.lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'greet',
        Content: { ZipFile: zip },
        CompatibleRuntimes: ['nodejs20.x'],
        CompatibleArchitectures: ['x86_64'],
      }),
    );
    assert.equal(l1.Version, 1);
    assert.equal(l1.LayerArn, 'arn:aws:lambda:us-east-1:000000000000:layer:greet');
    assert.equal(l1.Content?.CodeSize, zip.length);
    const got = await h.lambda.send(new GetLayerVersionCommand({ LayerName: 'greet', VersionNumber: 1 }));
    assert.equal(got.LayerVersionArn, l1.LayerVersionArn);
    const byArn = await h.lambda.send(new GetLayerVersionByArnCommand({ Arn: l1.LayerVersionArn }));
    assert.equal(byArn.Version, 1);
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'layered',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: await makeZip({ 'index.js': USES_LAYER }) },
        Layers: [l1.LayerVersionArn!],
      }),
    );
    const out = await h.lambda.send(new InvokeCommand({ FunctionName: 'layered', Payload: Buffer.from('{}') }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { msg: 'hello from a layer' });
    const l2 = await h.lambda.send(new PublishLayerVersionCommand({ LayerName: 'greet', Content: { ZipFile: zip }, CompatibleRuntimes: ['python3.12'] }));
    const layers = await h.lambda.send(new ListLayersCommand({ CompatibleRuntime: 'nodejs20.x' }));
    assert.equal(layers.Layers?.[0]?.LatestMatchingVersion?.Version, 1);
    const versions = await h.lambda.send(new ListLayerVersionsCommand({ LayerName: 'greet' }));
    assert.deepEqual(
      versions.LayerVersions?.map((v) => v.Version),
      [2, 1],
    );
    await h.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'greet', VersionNumber: l2.Version }));
    await assert.rejects(h.lambda.send(new GetLayerVersionCommand({ LayerName: 'greet', VersionNumber: 2 })), { name: 'ResourceNotFoundException' });
    await assert.rejects(
      h.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'layered', Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:greet:9'] })),
      { name: 'ResourceNotFoundException' },
    );
    // A deleted layer version keeps working for the functions that use it, and its number is not reused.
    await h.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'greet', VersionNumber: 1 }));
    const still = await h.lambda.send(new InvokeCommand({ FunctionName: 'layered', Payload: Buffer.from('{}') }));
    assert.equal(still.FunctionError, undefined);
    assert.equal((await h.lambda.send(new ListLayersCommand({}))).Layers?.length, 0);
    const l3 = await h.lambda.send(new PublishLayerVersionCommand({ LayerName: 'greet', Content: { ZipFile: zip } }));
    assert.equal(l3.Version, 3);
  });

  it('stores layer version permissions', async () => {
    const zip = await makeZip({ 'x.txt': 'x' });
    const lv = await h.lambda.send(new PublishLayerVersionCommand({ LayerName: 'shared', Content: { ZipFile: zip } }));
    const added = await h.lambda.send(
      new AddLayerVersionPermissionCommand({
        LayerName: 'shared',
        VersionNumber: lv.Version,
        StatementId: 'all',
        Action: 'lambda:GetLayerVersion',
        Principal: '*',
      }),
    );
    assert.equal((JSON.parse(added.Statement!) as { Resource: string }).Resource, lv.LayerVersionArn);
    const policy = await h.lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: lv.Version }));
    assert.equal(policy.RevisionId, added.RevisionId);
    await assert.rejects(
      h.lambda.send(
        new AddLayerVersionPermissionCommand({
          LayerName: 'shared',
          VersionNumber: lv.Version,
          StatementId: 'all',
          Action: 'lambda:GetLayerVersion',
          Principal: '*',
        }),
      ),
      { name: 'ResourceConflictException' },
    );
    await h.lambda.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: lv.Version, StatementId: 'all' }));
    await assert.rejects(h.lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: lv.Version })), {
      name: 'ResourceNotFoundException',
    });
    await h.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'shared', VersionNumber: lv.Version }));
  });

  it('runs a function from a source folder (local-only S3 bucket) and sees edits without a deploy', async () => {
    writeFileSync(join(src, 'app.js'), 'exports.handler = async () => "one";\n');
    mkdirSync(join(src, 'lib'));
    writeFileSync(join(src, 'lib', 'util.js'), 'module.exports = 1;\n');
    mkdirSync(join(src, '.git'));
    writeFileSync(join(src, '.git', 'HEAD'), 'x'.repeat(1000));
    const created = await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'from-source',
        Runtime: 'nodejs20.x',
        Handler: 'app.handler',
        Role: ROLE,
        Code: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: src },
      }),
    );
    assert.equal(created.CodeSize, 37 + 20, 'the bytes of its files, .git left out');
    const first = await h.lambda.send(new InvokeCommand({ FunctionName: 'from-source' }));
    assert.equal(Buffer.from(first.Payload!).toString(), '"one"');
    writeFileSync(join(src, 'app.js'), 'exports.handler = async () => "two";\n');
    const second = await h.lambda.send(new InvokeCommand({ FunctionName: 'from-source' }));
    assert.equal(Buffer.from(second.Payload!).toString(), '"two"');
    const got = await h.lambda.send(new GetFunctionCommand({ FunctionName: 'from-source' }));
    const zip = await fetch(got.Code!.Location!);
    assert.equal(zip.status, 200);
    assert.equal(
      Buffer.from(await zip.arrayBuffer())
        .subarray(0, 2)
        .toString(),
      'PK',
    );
    await assert.rejects(
      h.lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'bad-src',
          Runtime: 'nodejs20.x',
          Handler: 'a.b',
          Role: ROLE,
          Code: { S3Bucket: 'real-bucket', S3Key: 'k.zip' },
        }),
      ),
      (err: Error) => err.name === 'InvalidParameterValueException' && err.message.includes(LOCAL_SOURCE_BUCKET),
    );
  });

  it('pages versions and lists FunctionVersion=ALL across functions', async () => {
    for (let i = 1; i <= 3; i++) {
      await h.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'layered', Description: `d${i}` }));
      await waitUntilFunctionUpdatedV2({ client: h.lambda, maxWaitTime: 10 }, { FunctionName: 'layered' });
      const v = await h.lambda.send(new PublishVersionCommand({ FunctionName: 'layered' }));
      assert.equal(v.Version, String(i));
    }
    await assert.rejects(h.lambda.send(new PublishVersionCommand({ FunctionName: 'layered', CodeSha256: 'AAAA' })), { name: 'InvalidParameterValueException' });
    await assert.rejects(h.lambda.send(new PublishVersionCommand({ FunctionName: 'layered', RevisionId: 'stale' })), { name: 'PreconditionFailedException' });
    await assert.rejects(h.lambda.send(new PublishVersionCommand({ FunctionName: 'layered:1' })), { name: 'InvalidParameterValueException' });
    const same = await h.lambda.send(new PublishVersionCommand({ FunctionName: 'layered' }));
    assert.equal(same.Version, '3', 'nothing changed since version 3: no new version');
    const versions: string[] = [];
    for await (const page of paginateListVersionsByFunction({ client: h.lambda, pageSize: 2 }, { FunctionName: 'layered' })) {
      versions.push(...(page.Versions ?? []).map((v) => v.Version!));
    }
    assert.deepEqual(versions, ['$LATEST', '1', '2', '3']);
    const all: string[] = [];
    for await (const page of paginateListFunctions({ client: h.lambda, pageSize: 3 }, { FunctionVersion: 'ALL' })) {
      all.push(...(page.Functions ?? []).map((f) => `${f.FunctionName}:${f.Version}`));
    }
    assert.deepEqual(all, ['from-source:$LATEST', 'layered:$LATEST', 'layered:1', 'layered:2', 'layered:3']);
    const latestOnly = await h.lambda.send(new ListFunctionsCommand({}));
    assert.equal(latestOnly.Functions?.length, 2);
    const cfg = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'layered', Qualifier: '2' }));
    assert.equal(cfg.Description, 'd2');
    assert.equal(cfg.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:layered:2');
  });

  it('manages aliases with validation of routing', async () => {
    const a = await h.lambda.send(new CreateAliasCommand({ FunctionName: 'layered', Name: 'live', FunctionVersion: '1' }));
    assert.equal(a.AliasArn, 'arn:aws:lambda:us-east-1:000000000000:function:layered:live');
    await assert.rejects(h.lambda.send(new CreateAliasCommand({ FunctionName: 'layered', Name: 'live', FunctionVersion: '1' })), {
      name: 'ResourceConflictException',
    });
    await assert.rejects(
      h.lambda.send(new UpdateAliasCommand({ FunctionName: 'layered', Name: 'live', RoutingConfig: { AdditionalVersionWeights: { '2': 1.5 } } })),
      { name: 'ValidationException' },
    );
    await assert.rejects(h.lambda.send(new UpdateAliasCommand({ FunctionName: 'layered', Name: 'live', RevisionId: 'stale' })), {
      name: 'PreconditionFailedException',
    });
    const u = await h.lambda.send(
      new UpdateAliasCommand({ FunctionName: 'layered', Name: 'live', FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: { '3': 0.1 } } }),
    );
    assert.deepEqual(u.RoutingConfig?.AdditionalVersionWeights, { '3': 0.1 });
    const byAlias = await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'layered:live' }));
    assert.equal(byAlias.Version, '2');
    assert.equal((await h.lambda.send(new GetAliasCommand({ FunctionName: 'layered', Name: 'live' }))).FunctionVersion, '2');
    assert.equal((await h.lambda.send(new ListAliasesCommand({ FunctionName: 'layered', FunctionVersion: '2' }))).Aliases?.length, 1);
    await h.lambda.send(new DeleteAliasCommand({ FunctionName: 'layered', Name: 'live' }));
    await assert.rejects(h.lambda.send(new GetAliasCommand({ FunctionName: 'layered', Name: 'live' })), { name: 'ResourceNotFoundException' });
  });

  it('tags, reserves concurrency and reports account settings', async () => {
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:layered';
    await h.lambda.send(new TagResourceCommand({ Resource: arn, Tags: { a: '1', b: '2' } }));
    await h.lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['a'] }));
    assert.deepEqual((await h.lambda.send(new ListTagsCommand({ Resource: arn }))).Tags, { b: '2' });
    await h.lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'layered', ReservedConcurrentExecutions: 10 }));
    assert.equal((await h.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'layered' }))).ReservedConcurrentExecutions, 10);
    await assert.rejects(h.lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'from-source', ReservedConcurrentExecutions: 950 })), {
      name: 'InvalidParameterValueException',
    });
    const s = await h.lambda.send(new GetAccountSettingsCommand({}));
    assert.equal(s.AccountLimit?.ConcurrentExecutions, 1000);
    assert.equal(s.AccountLimit?.UnreservedConcurrentExecutions, 990);
    assert.equal(s.AccountUsage?.FunctionCount, 2);
  });

  it('stores event source mappings, URLs, permissions and event-invoke configs', async () => {
    const esm = await h.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'layered',
        EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s',
        StartingPosition: 'LATEST',
      }),
    );
    assert.equal(esm.BatchSize, 100);
    assert.ok(esm.LastModified instanceof Date);
    await h.lambda.send(new UpdateEventSourceMappingCommand({ UUID: esm.UUID, BatchSize: 7 }));
    assert.equal((await h.lambda.send(new GetEventSourceMappingCommand({ UUID: esm.UUID }))).BatchSize, 7);
    assert.equal(
      (await h.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s' }))).EventSourceMappings
        ?.length,
      1,
    );
    await h.lambda.send(new DeleteEventSourceMappingCommand({ UUID: esm.UUID }));
    assert.equal((await h.lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings?.length, 0);

    const url = await h.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'layered', AuthType: 'NONE', Cors: { AllowOrigins: ['*'] } }));
    assert.ok(url.FunctionUrl);
    await assert.rejects(h.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'layered', AuthType: 'NONE' })), {
      name: 'ResourceConflictException',
    });
    await h.lambda.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'layered', AuthType: 'AWS_IAM' }));
    assert.equal((await h.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'layered' }))).AuthType, 'AWS_IAM');
    assert.equal((await h.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'layered' }))).FunctionUrlConfigs?.length, 1);
    await h.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'layered' }));

    await h.lambda.send(
      new AddPermissionCommand({ FunctionName: 'layered', StatementId: 'sns', Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com' }),
    );
    await assert.rejects(
      h.lambda.send(new AddPermissionCommand({ FunctionName: 'layered', StatementId: 'sns', Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com' })),
      { name: 'ResourceConflictException' },
    );
    const policy = JSON.parse((await h.lambda.send(new GetPolicyCommand({ FunctionName: 'layered' }))).Policy!) as { Statement: { Principal: unknown }[] };
    assert.deepEqual(policy.Statement[0]!.Principal, { Service: 'sns.amazonaws.com' });
    await h.lambda.send(new RemovePermissionCommand({ FunctionName: 'layered', StatementId: 'sns' }));

    await h.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'layered', MaximumEventAgeInSeconds: 120 }));
    assert.equal((await h.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'layered' }))).MaximumEventAgeInSeconds, 120);
    assert.equal((await h.lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'layered' }))).FunctionEventInvokeConfigs?.length, 1);
  });

  it('routes CloudWatch Logs requests to the Logs API, signed like the rest', async () => {
    await h.lambda.send(new InvokeCommand({ FunctionName: 'layered' }));
    const groups = await h.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    assert.ok(
      groups.logGroups?.some((g) => g.logGroupName === '/aws/lambda/layered'),
      JSON.stringify(groups.logGroups),
    );
    const events = await h.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/layered', filterPattern: 'REPORT' }));
    assert.ok((events.events?.length ?? 0) >= 1);
  });

  it('streams responses with InvokeWithResponseStream, errors in InvokeComplete', async () => {
    const big = 'x'.repeat(150 * 1024);
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'streamer',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: await makeZip({ 'index.js': `exports.handler = async (e) => { if (e.fail) throw new TypeError('bad'); return '${big}'; };\n` }) },
      }),
    );
    const out = await h.lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streamer', Payload: Buffer.from('{}'), LogType: 'Tail' }));
    assert.equal(out.ExecutedVersion, '$LATEST');
    const chunks: Buffer[] = [];
    let complete: Record<string, unknown> | undefined;
    for await (const ev of out.EventStream!) {
      if (ev.PayloadChunk?.Payload) chunks.push(Buffer.from(ev.PayloadChunk.Payload));
      if (ev.InvokeComplete) complete = ev.InvokeComplete as Record<string, unknown>;
    }
    assert.ok(chunks.length >= 3, `payload came in ${chunks.length} chunks`);
    assert.equal(Buffer.concat(chunks).toString(), JSON.stringify(big));
    assert.ok(complete && !complete['ErrorCode']);
    assert.match(Buffer.from(String(complete['LogResult']), 'base64').toString(), /REPORT/);
    const failed = await h.lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streamer', Payload: Buffer.from('{"fail":1}') }));
    let errorCode: unknown;
    for await (const ev of failed.EventStream!) if (ev.InvokeComplete) errorCode = ev.InvokeComplete.ErrorCode;
    assert.equal(errorCode, 'TypeError');
  });

  it('answers the read-only configs it does not model as Lambda does for an unconfigured function', async () => {
    assert.equal((await h.lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'layered' }))).CodeSigningConfigArn, '');
    assert.equal((await h.lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName: 'layered' }))).UpdateRuntimeOn, 'Auto');
    assert.deepEqual((await h.lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'layered' }))).ProvisionedConcurrencyConfigs, []);
    await assert.rejects(h.lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'layered', Qualifier: '1' })), {
      name: 'ProvisionedConcurrencyConfigNotFoundException',
    });
  });

  it('waits out Pending when the function is created and invoked at once', async () => {
    const slow = await startLocal({ args: ['--state-delay-ms', '300'] });
    try {
      const created = await slow.lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'quick',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE,
          Code: { ZipFile: await makeZip({ 'index.js': 'exports.handler = async () => 42;\n' }) },
        }),
      );
      assert.equal(created.State, 'Pending');
      const out = await slow.lambda.send(new InvokeCommand({ FunctionName: 'quick' }));
      assert.equal(Buffer.from(out.Payload!).toString(), '42');
      await waitUntilFunctionActiveV2({ client: slow.lambda, maxWaitTime: 10 }, { FunctionName: 'quick' });
    } finally {
      await slow.stop();
    }
  });
});
