import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VersionLister, eventSourceText, layerLabel, loadFunctionDetails, logGroupOf } from '../../../src/lambda/details';
import { functionDescription, functionTooltip, humanSize, routingText, formatDate } from '../../../src/lambda/format';
import { configurationDocument, environmentRows, isSecretEnvName, MASK, unmaskEnvironment } from '../../../src/lambda/configDocument';
import { runtimeStatus, runtimeWarning, isKnownRuntime, allRuntimes } from '../../../src/lambda/runtimes';
import { awsError, fakeLambda } from './fakeClient';

test('routing text shows the weights of both versions', () => {
  assert.equal(routingText({ Name: 'live', FunctionVersion: '3', RoutingConfig: { AdditionalVersionWeights: { '4': 0.1 } } }), 'live -> 3 (90%), 4 (10%)');
  assert.equal(routingText({ Name: 'live', FunctionVersion: '3' }), 'live -> 3');
  assert.equal(routingText({ Name: 'b', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.333 } } }), 'b -> 1 (66.7%), 2 (33.3%)');
});

test('sizes are human-readable', () => {
  assert.equal(humanSize(0), '0 B');
  assert.equal(humanSize(1536), '1.5 KB');
  assert.equal(humanSize(50 * 1024 * 1024), '50 MB');
  assert.equal(humanSize(undefined), '?');
});

test('description and tooltip carry runtime, memory, timeout, size, state and last modified', () => {
  const fn = {
    FunctionName: 'orders',
    Runtime: 'nodejs22.x' as const,
    MemorySize: 256,
    Timeout: 30,
    CodeSize: 2048,
    State: 'Active' as const,
    LastUpdateStatus: 'InProgress' as const,
    LastModified: '2024-05-01T12:34:56.000+0000',
    Handler: 'index.handler',
  };
  const now = new Date('2025-01-01T00:00:00Z');
  assert.equal(functionDescription(fn, now), 'nodejs22.x · 256 MB · 30 s · Active, update InProgress');
  const tip = functionTooltip(fn, now);
  for (const part of [
    'Runtime: nodejs22.x',
    'Memory: 256 MB',
    'Timeout: 30 s',
    'Code size: 2 KB',
    'State: Active, update InProgress',
    'Last modified: 2024-05-01 12:34 UTC',
  ]) {
    assert.ok(tip.includes(part), `${part} in ${tip}`);
  }
  assert.equal(formatDate('not a date'), 'not a date');
});

test('deprecated runtimes are marked from the data table', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  assert.match(functionDescription({ FunctionName: 'x', Runtime: 'nodejs14.x' }, now), /^nodejs14\.x \(deprecated\)/);
  assert.equal(runtimeStatus('nodejs12.x', now), 'update-blocked');
  assert.equal(runtimeStatus('python3.9', new Date('2025-10-01T00:00:00Z')), 'deprecation-scheduled');
  assert.equal(runtimeStatus('python3.13', now), 'supported');
  assert.equal(runtimeStatus('cobol1.0', now), 'unknown');
  assert.match(runtimeWarning('nodejs16.x', now)!, /deprecated \(since 2024-06-12\)|deprecated since 2024-06-12/);
  assert.ok(isKnownRuntime('provided.al2023'));
  for (const r of allRuntimes()) {
    assert.ok(Date.parse(r.blockCreate) <= Date.parse(r.blockUpdate) && !Number.isNaN(Date.parse(r.deprecation)), r.runtime);
  }
});

test('log group comes from LoggingConfig or the default', () => {
  assert.equal(logGroupOf({ FunctionName: 'f' }), '/aws/lambda/f');
  assert.equal(logGroupOf({ FunctionName: 'f', LoggingConfig: { LogGroup: '/custom/g' } }), '/custom/g');
});

test('layer labels and event source texts', () => {
  assert.equal(layerLabel({ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:common:3' }), 'common:3');
  assert.equal(
    eventSourceText({ EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:orders', State: 'Enabled', BatchSize: 10 }),
    'sqs: orders (Enabled, batch 10)',
  );
  assert.equal(eventSourceText({ EventSourceArn: 'arn:aws:dynamodb:us-east-1:1:table/T/stream/2024', State: 'Disabled' }), 'dynamodb: T (Disabled)');
});

test('versions page with $LATEST first, then newest first', async () => {
  const fake = fakeLambda({
    ListVersionsByFunctionCommand: (input) =>
      input.Marker
        ? { Versions: [{ Version: '3' }, { Version: '10' }] }
        : { Versions: [{ Version: '$LATEST' }, { Version: '1' }, { Version: '2' }], NextMarker: 'x' },
  });
  const lister = new VersionLister(fake.client, 'f');
  let s = await lister.refresh();
  assert.deepEqual(
    s.items.map((v) => v.Version),
    ['$LATEST', '2', '1'],
  );
  assert.equal(s.hasMore, true);
  s = await lister.loadMore();
  assert.deepEqual(
    s.items.map((v) => v.Version),
    ['$LATEST', '10', '3', '2', '1'],
  );
});

test('details load lazily per function; a failing part leaves the others', async () => {
  const fake = fakeLambda({
    GetFunctionCommand: () => ({
      Configuration: { FunctionName: 'f', Layers: [{ Arn: 'arn:aws:lambda:us-east-1:1:layer:l:2', CodeSize: 10 }] },
      Code: { Location: 'https://s3/x?sig=1' },
    }),
    ListAliasesCommand: (input) =>
      input.Marker ? { Aliases: [{ Name: 'beta', FunctionVersion: '2' }] } : { Aliases: [{ Name: 'live', FunctionVersion: '1' }], NextMarker: 'n' },
    ListEventSourceMappingsCommand: () => {
      throw awsError('AccessDeniedException', 'no');
    },
    GetFunctionUrlConfigCommand: () => {
      throw awsError('ResourceNotFoundException');
    },
  });
  const d = await loadFunctionDetails(fake.client, 'f');
  assert.ok(d.aliases.ok);
  assert.deepEqual(d.aliases.ok && d.aliases.value.map((a) => a.Name), ['beta', 'live']);
  assert.equal(d.eventSources.ok, false);
  assert.deepEqual(d.url, { ok: true, value: undefined });
  assert.equal(d.layers.length, 1);
  assert.equal(d.logGroup, '/aws/lambda/f');
});

test('configuration document masks secret env values and the presigned URL', () => {
  const text = configurationDocument({
    $metadata: {},
    Configuration: {
      FunctionName: 'f',
      Environment: {
        Variables: {
          STAGE: 'prod',
          DB_PASSWORD: 'hunter22',
          API_KEY: 'k-123',
          GITHUB_TOKEN: 'ghp_x',
          OTHER: 'AKIAABCDEFGHIJKLMNOP',
          URL: 'postgres://u:pw@h/db',
        },
      },
    },
    Code: { Location: 'https://bucket.s3.amazonaws.com/code.zip?X-Amz-Security-Token=abc&X-Amz-Signature=def' },
  });
  const doc = JSON.parse(text);
  assert.equal(doc.Configuration.Environment.Variables.STAGE, 'prod');
  for (const k of ['DB_PASSWORD', 'API_KEY', 'GITHUB_TOKEN', 'OTHER', 'URL']) assert.equal(doc.Configuration.Environment.Variables[k], MASK, k);
  assert.equal(doc.Code.Location, `https://bucket.s3.amazonaws.com/code.zip?${MASK}`);
  for (const secret of ['hunter22', 'k-123', 'ghp_x', 'AKIAABCDEFGHIJKLMNOP', 'abc', 'def']) assert.ok(!text.includes(secret), secret);
  assert.ok(!('$metadata' in doc));
  assert.ok(isSecretEnvName('stripe_secret') && !isSecretEnvName('TABLE_NAME'));
});

test('environment rows mask secrets and unmasking keeps untouched secret values', () => {
  const original = { STAGE: 'prod', API_KEY: 'k-1', DB_PASSWORD: 'pw' };
  assert.deepEqual(environmentRows(original), [
    { name: 'API_KEY', value: MASK, secret: true },
    { name: 'DB_PASSWORD', value: MASK, secret: true },
    { name: 'STAGE', value: 'prod', secret: false },
  ]);
  assert.deepEqual(unmaskEnvironment(original, { STAGE: 'dev', API_KEY: MASK, DB_PASSWORD: 'new', NEW_TOKEN: MASK }), {
    STAGE: 'dev',
    API_KEY: 'k-1',
    DB_PASSWORD: 'new',
    NEW_TOKEN: MASK,
  });
});
