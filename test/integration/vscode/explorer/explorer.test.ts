// The explorer tree model against the real local service: paging with Load more, filter, sort,
// versions, aliases with routing text, layers, function children, error nodes that leave other
// connections working, and a refresh that overlaps an older load.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import yazl from 'yazl';
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionUrlConfigCommand,
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { DefaultClientFactory } from '../../../../src/core/clientFactory';
import { ConnectionRegistry, type KeyValueStore } from '../../../../src/core/connectionRegistry';
import { LOCAL_SOURCE_BUCKET } from '../../../../src/contract/localService';
import { ExplorerModel } from '../../../../src/vscode/explorer/tree';
import { arnOf, rowId, type ExplorerNode } from '../../../../src/vscode/explorer/nodes';
import { startLocal, type RunningLocal } from './localService';

class MemoryStore implements KeyValueStore {
  private readonly m = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.m.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.m.set(key, value);
  }
}

function zipOf(files: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const [name, text] of Object.entries(files)) z.addBuffer(Buffer.from(text), name);
    z.end();
    const chunks: Buffer[] = [];
    z.outputStream
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The local service, like Lambda, keeps a new or updated function Pending / InProgress for a moment. */
async function settled(client: LambdaClient, name: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const c = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    if (c.State !== 'Pending' && c.LastUpdateStatus !== 'InProgress') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not settle`);
}

const NAMES = ['zeta', 'Alpha', 'beta-orders', 'gamma', 'delta-orders', 'epsilon', 'eta'];

describe('explorer model on the local service', () => {
  let local: RunningLocal;
  let clients: DefaultClientFactory;
  let registry: ConnectionRegistry;
  let model: ExplorerModel;
  let lambda: LambdaClient;
  let layerArn = '';
  const awsHome: { dir?: string } = {};
  const health = new Map<string, string | undefined>();
  const savedEnv = { ...process.env };

  before(async () => {
    local = await startLocal();
    // An AWS config with one profile whose endpoint is a closed port (network error) and static keys.
    awsHome.dir = join(local.dir, 'home');
    mkdirSync(join(awsHome.dir, '.aws'), { recursive: true });
    const port = await closedPort();
    writeFileSync(
      join(awsHome.dir, '.aws', 'config'),
      `[profile offline]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:${port}\n` +
        `[profile sso-dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:${port}\n` +
        `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n`,
    );
    writeFileSync(
      join(awsHome.dir, '.aws', 'credentials'),
      `[offline]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`,
    );
    process.env.HOME = awsHome.dir;
    delete process.env.AWS_CONFIG_FILE;
    delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    delete process.env.AWS_PROFILE;

    clients = new DefaultClientFactory({ extraConfig: { maxAttempts: 1 } });
    registry = new ConnectionRegistry(new MemoryStore(), local.service, clients);
    model = new ExplorerModel({ registry, clients, pageSize: 3, onHealth: (id, err) => health.set(id, err?.code) });
    lambda = clients.lambda(await registry.resolve({ kind: 'local' }));

    const src = join(local.dir, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'index.js'), 'exports.handler = async (e) => ({ ok: true, e });\n');
    const layer = await lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'shared-utils',
        Content: { ZipFile: await zipOf({ 'nodejs/util.js': 'module.exports = 1;\n' }) },
        CompatibleRuntimes: ['nodejs20.x', 'nodejs22.x'],
      }),
    );
    layerArn = layer.LayerVersionArn!;
    await lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'shared-utils',
        Content: { ZipFile: await zipOf({ 'nodejs/util.js': 'module.exports = 2;\n' }) },
        CompatibleRuntimes: ['nodejs22.x'],
      }),
    );
    for (const name of NAMES) {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: name === 'eta' ? 'nodejs16.x' : 'nodejs22.x',
          Handler: 'index.handler',
          Role: 'arn:aws:iam::000000000000:role/lambda',
          Code: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: src },
          MemorySize: 256,
          Timeout: 10,
          Layers: name === 'gamma' ? [layerArn] : undefined,
        }),
      );
    }
    for (const name of NAMES) await settled(lambda, name);
    await lambda.send(new PublishVersionCommand({ FunctionName: 'gamma', Description: 'first' }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'gamma', Timeout: 11 }));
    await settled(lambda, 'gamma');
    await lambda.send(new PublishVersionCommand({ FunctionName: 'gamma', Description: 'second' }));
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'gamma', Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } }),
    );
    await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'beta-orders', AuthType: 'NONE' }));
    await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'beta-orders', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:orders-queue', BatchSize: 10 }),
    );
  });

  after(async () => {
    model?.dispose();
    clients?.dispose();
    await local?.stop();
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
  });

  const child = async (parent: ExplorerNode | undefined, label: string): Promise<ExplorerNode> => {
    const kids = await model.getChildren(parent);
    const n = kids.find((k) => k.label === label);
    assert.ok(n, `no child "${label}" under ${parent?.id ?? 'roots'}: ${kids.map((k) => k.label).join(', ')}`);
    return n;
  };

  test('roots list the local service, active and expanded', async () => {
    const roots = await model.getChildren();
    assert.deepEqual(
      roots.map((r) => r.label),
      ['Local service'],
    );
    assert.equal(roots[0].collapsible, 'expanded');
    assert.match(roots[0].contextValue, /connection\.local\.active/);
  });

  test('functions page with Load more, sorted by name, with descriptions and runtime icons', async () => {
    const conn = await child(undefined, 'Local service');
    const kids = await model.getChildren(conn);
    assert.deepEqual(
      kids.map((k) => k.label),
      ['Functions', 'Layers'],
    );
    const functions = kids[0];
    let list = await model.getChildren(functions);
    assert.equal(list.length, 4, 'first page of 3 plus Load more');
    assert.equal(list[3].kind, 'loadMore');
    assert.equal(functions.description, '3+');
    assert.equal(rowId(functions), 'lambdaWorkbench.functions.more', 'inline Load More while pages remain');
    await model.loadMore(list[3]);
    list = await model.getChildren(functions);
    assert.equal(list.filter((n) => n.kind === 'function').length, 6);
    await model.loadMore(functions);
    list = await model.getChildren(functions);
    const names = list.filter((n) => n.kind === 'function').map((n) => n.label);
    assert.deepEqual(names, ['Alpha', 'beta-orders', 'delta-orders', 'epsilon', 'eta', 'gamma', 'zeta']);
    assert.ok(!list.some((n) => n.kind === 'loadMore'), 'no Load more after the last page');
    assert.equal(functions.description, '7');
    assert.equal(rowId(functions), 'lambdaWorkbench.functions');
    const alpha = list.find((n) => n.label === 'Alpha')!;
    assert.equal(alpha.description, 'nodejs22.x · 256 MB · 10 s');
    assert.equal(alpha.icon, 'runtime:nodejs');
    assert.match(alpha.tooltip ?? '', /Memory: 256 MB/);
    const eta = list.find((n) => n.label === 'eta')!;
    assert.equal(eta.icon, 'deprecated', 'deprecated runtime is marked');
    assert.match(eta.description ?? '', /deprecated/);
    assert.equal(rowId(eta), 'lambdaWorkbench.function.deprecated');
  });

  test('the filter narrows loaded functions without a request and says when nothing matches', async () => {
    const functions = model.getNode('local/functions')!;
    model.setFilter('ORDERS');
    let list = await model.getChildren(functions);
    assert.deepEqual(
      list.map((n) => n.label),
      ['beta-orders', 'delta-orders'],
    );
    assert.match(functions.description ?? '', /2 of 7 · filter "ORDERS"/);
    model.setFilter('nothing-like-this');
    list = await model.getChildren(functions);
    assert.equal(list.length, 1);
    assert.equal(list[0].kind, 'info');
    model.setFilter('');
    list = await model.getChildren(functions);
    assert.equal(list.length, 7);
  });

  test('a function expands to versions, aliases with routing, layers, event sources and log group', async () => {
    const gamma = model.getNode('local/fn/gamma')!;
    const kids = await model.getChildren(gamma);
    assert.deepEqual(
      kids.map((k) => k.label),
      ['Versions', 'Aliases', 'Layers', 'Event source mappings', 'Log group'],
    );
    const versions = await model.getChildren(kids[0]);
    assert.deepEqual(
      versions.map((v) => v.label),
      ['$LATEST', '2', '1'],
    );
    assert.equal(versions[1].description?.startsWith('second'), true);
    const aliases = await model.getChildren(kids[1]);
    assert.equal(aliases.length, 1);
    assert.equal(aliases[0].label, 'live');
    assert.equal(aliases[0].description, '-> 1 (90%), 2 (10%)');
    assert.equal(rowId(aliases[0]), 'lambdaWorkbench.alias.weighted');
    const layers = await model.getChildren(kids[2]);
    assert.deepEqual(
      layers.map((l) => l.label),
      ['shared-utils:1'],
    );
    assert.equal(arnOf(layers[0]), layerArn);
    assert.equal(kids[3].collapsible, 'none', 'no event source mappings');
    assert.equal(kids[4].kind === 'logGroup' && kids[4].logGroup, '/aws/lambda/gamma');
  });

  test('a function URL and an event source mapping show under their function', async () => {
    const beta = model.getNode('local/fn/beta-orders')!;
    const kids = await model.getChildren(beta);
    assert.deepEqual(
      kids.map((k) => k.label),
      ['Versions', 'Aliases', 'Layers', 'Event source mappings', 'Function URL', 'Log group'],
    );
    const url = kids[4];
    assert.match(url.description ?? '', /^https?:\/\//);
    assert.equal(url.kind === 'functionUrl' && url.url, url.description);
    assert.match(url.tooltip ?? '', /Auth: NONE/);
    assert.equal(kids[3].description, '1');
    const esms = await model.getChildren(kids[3]);
    assert.equal(esms.length, 1);
    assert.match(esms[0].label, /^sqs: orders-queue \(\w+, batch 10\)$/);
    assert.equal(rowId(esms[0]), 'lambdaWorkbench.eventSource');
  });

  test('layers list with their versions, newest first', async () => {
    const layersNode = model.getNode('local/layers')!;
    const layers = await model.getChildren(layersNode);
    assert.deepEqual(
      layers.map((l) => l.label),
      ['shared-utils'],
    );
    assert.match(layers[0].description ?? '', /latest 2/);
    const versions = await model.getChildren(layers[0]);
    assert.deepEqual(
      versions.map((v) => v.label),
      ['2', '1'],
    );
    assert.match(versions[1].description ?? '', /nodejs20\.x, nodejs22\.x/);
  });

  test('a refresh that overlaps an older load never shows the older answer', async () => {
    const zeta = model.getNode('local/fn/zeta')!;
    // Slow down the next GetFunction so the first load is still in flight when the refresh starts.
    let delayNext = true;
    lambda.middlewareStack.add(
      (next, ctx) => async (args) => {
        if (ctx.commandName === 'GetFunctionCommand' && delayNext) {
          delayNext = false;
          const out = await next(args);
          await new Promise((r) => setTimeout(r, 400));
          return out;
        }
        return next(args);
      },
      { step: 'initialize', name: 'lwTestDelay' },
    );
    try {
      const older = model.getChildren(zeta);
      await new Promise((r) => setTimeout(r, 100));
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'zeta', MemorySize: 1024 }));
      await settled(lambda, 'zeta');
      model.refresh(zeta);
      const newer = model.getChildren(zeta);
      await Promise.all([older, newer]);
      assert.equal(zeta.kind === 'function' && zeta.fn.MemorySize, 1024);
      assert.match(zeta.description ?? '', /1024 MB/);
    } finally {
      lambda.middlewareStack.remove('lwTestDelay');
    }
  });

  test('refreshing a connection while its first page loads answers from the newer load', async () => {
    const conn = model.getNode('local')!;
    model.refresh(conn);
    const older = model.getChildren(conn);
    model.refresh(conn);
    const newer = model.getChildren(conn);
    const [a, b] = await Promise.all([older, newer]);
    assert.deepEqual(
      a.map((k) => k.label),
      ['Functions', 'Layers'],
    );
    assert.deepEqual(
      b.map((k) => k.label),
      ['Functions', 'Layers'],
    );
    const list = await model.getChildren(b[0]);
    assert.equal(list.filter((n) => n.kind === 'function').length, 3, 'one first page, no duplicates');
    assert.equal(list[list.length - 1].kind, 'loadMore');
  });

  test('a broken connection shows an error node with Retry while the local one keeps working', async () => {
    await registry.add({ kind: 'aws', profile: 'offline', region: 'eu-west-1' });
    await registry.add({ kind: 'aws', profile: 'ghost', region: 'us-east-1' });
    const roots = await model.getChildren();
    assert.deepEqual(
      roots.map((r) => r.label),
      ['Local service', 'offline · eu-west-1', 'ghost · us-east-1'],
    );
    const offline = (await model.getChildren(roots[1]))[0];
    assert.equal(offline.kind, 'error');
    assert.equal(offline.kind === 'error' && offline.error.code, 'NetworkError');
    assert.equal(rowId(offline), 'lambdaWorkbench.error');
    const ghost = (await model.getChildren(roots[2]))[0];
    assert.equal(ghost.kind, 'error');
    assert.equal(ghost.kind === 'error' && ghost.error.code, 'ProfileNotFound');
    assert.equal(health.get('aws:ghost:us-east-1'), 'ProfileNotFound', 'the failure is reported (status bar)');
    assert.equal(health.get('aws:offline:eu-west-1'), 'NetworkError');
    assert.ok(health.has('local') && health.get('local') === undefined, 'the local connection is healthy');
    assert.match(ghost.label, /profile "ghost" was not found/);
    // Retry re-runs the connection (still failing here) without touching the local connection.
    model.refresh(ghost);
    assert.equal((await model.getChildren(roots[2]))[0].kind, 'error');
    const list = await model.getChildren(model.getNode('local/functions')!);
    assert.ok(
      list.some((n) => n.kind === 'function' && n.label === 'Alpha'),
      'the local connection still lists',
    );
    await registry.add({ kind: 'aws', profile: 'sso-dev', region: 'eu-west-1' });
    const ssoRoot = (await model.getChildren()).find((r) => r.label === 'sso-dev · eu-west-1')!;
    const sso = (await model.getChildren(ssoRoot))[0];
    assert.equal(sso.kind === 'error' && sso.error.code, 'SsoTokenExpired');
    assert.equal(rowId(sso), 'lambdaWorkbench.error.sso', 'offers the SSO sign-in action');
    assert.equal(sso.description, 'Run: aws sso login --profile sso-dev');
    await registry.remove('aws:sso-dev:eu-west-1');
    await registry.remove('aws:ghost:us-east-1');
    const localFunctions = model.getNode('local/functions');
    model.connectionsChanged();
    assert.deepEqual(
      (await model.getChildren()).map((r) => r.label),
      ['Local service', 'offline · eu-west-1'],
    );
    assert.equal(model.getNode('local/functions'), localFunctions, 'what the remaining connections loaded is kept');
    assert.equal(model.getNode('aws:ghost:us-east-1/error'), undefined, 'the removed connection is forgotten');
  });

  test('a local service restart on a new port drops the cached state and lists again', async () => {
    const conn = model.getNode('local')!;
    const before = model.connectionOf(conn);
    assert.equal(before?.kind, 'local');
    const fired: Array<string | undefined> = [];
    const off = model.onDidChange((n) => fired.push(n?.id));
    model.localServiceStarted('local', before!.kind === 'local' ? before!.endpoint : '');
    assert.deepEqual(fired, [], 'the same endpoint (first start) keeps the cache');
    const info = await local.service.restart();
    model.localServiceStarted('local', info.endpoint);
    off();
    assert.deepEqual(fired, ['local']);
    const kids = await model.getChildren(conn);
    assert.deepEqual(
      kids.map((k) => k.label),
      ['Functions', 'Layers'],
    );
    const after = model.connectionOf(conn);
    assert.equal(after?.kind === 'local' && after.endpoint, info.endpoint);
    lambda = clients.lambda(after!);
    const list = await model.getChildren(kids[0]);
    assert.ok(
      list.some((n) => n.label === 'Alpha'),
      'functions persisted in the data dir are listed again',
    );
  });

  test('a deleted function disappears after functionDeleted, and the pages already loaded stay loaded', async () => {
    const { DeleteFunctionCommand } = await import('@aws-sdk/client-lambda');
    const functions = model.getNode('local/functions')!;
    let list = await model.getChildren(functions);
    while (list.some((n) => n.kind === 'loadMore')) {
      await model.loadMore(functions);
      list = await model.getChildren(functions);
    }
    assert.equal(list.filter((n) => n.kind === 'function').length, 7, 'every page loaded (page size 3)');
    const fired: (string | undefined)[] = [];
    const off = model.onDidChange((n) => fired.push(n?.id));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'epsilon' }));
    model.functionDeleted('local', 'epsilon');
    off();
    assert.deepEqual(fired, ['local/functions']);
    list = await model.getChildren(functions);
    assert.ok(!list.some((n) => n.label === 'epsilon'));
    assert.ok(!list.some((n) => n.kind === 'loadMore'), 'no fall back to the first page');
    assert.equal(list.filter((n) => n.kind === 'function').length, 6);
    assert.equal(model.getNode('local/fn/epsilon'), undefined, 'its node is forgotten');
  });
});
