// Versions, aliases and traffic shifting against the local service.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetAliasCommand } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../local/harness';
import {
  createAlias,
  deleteAlias,
  deployCode,
  invokeFunction,
  listAliases,
  promoteTraffic,
  publishVersion,
  rollBackTraffic,
  routingText,
  shiftTraffic,
  updateAlias,
  VersionLister,
  ValidationError,
} from '../../../src/lambda';
import { nodeHandler, tempTree } from './fixtures';

let h: LocalHarness;
before(async () => {
  h = await startLocal();
});
after(async () => {
  await h?.stop();
});

test('publish versions, alias with weighted routing, roll back and promote', async (t) => {
  const dir = tempTree({ 'index.js': nodeHandler('one') }, t);
  const fn = 'it-versions';
  await deployCode(h.lambda, { functionName: fn, source: { kind: 'folder', dir }, create: { Runtime: 'nodejs20.x', Handler: 'index.handler' } });
  const v1 = await publishVersion(h.lambda, fn, { description: 'first' });
  assert.equal(v1.Version, '1');
  assert.equal(v1.Description, 'first');
  writeFileSync(join(dir, 'index.js'), nodeHandler('two'));
  const r = await deployCode(h.lambda, { functionName: fn, source: { kind: 'folder', dir }, publish: { description: 'second' } });
  assert.equal(r.version, '2');

  const versions = await new VersionLister(h.lambda, fn, 2).loadAll();
  assert.deepEqual(
    versions.items.map((v) => v.Version),
    ['$LATEST', '2', '1'],
  );

  const live = await createAlias(h.lambda, { functionName: fn, name: 'live', version: '1', description: 'prod' });
  assert.equal(routingText(live), 'live -> 1');
  const shifted = await shiftTraffic(h.lambda, { functionName: fn, alias: 'live', fromVersion: '1', toVersion: '2', weight: '10' });
  assert.equal(routingText(shifted), 'live -> 1 (90%), 2 (10%)');
  const listed = await listAliases(h.lambda, fn);
  assert.equal(routingText(listed[0]), 'live -> 1 (90%), 2 (10%)');

  // Invocations through the alias land on both versions over enough calls. At 10% a run of n calls
  // misses version 2 with probability 0.9^n: 60 calls failed one CI run in a few hundred, 400 calls
  // fail once in 10^18 (the loop stops as soon as both have answered, usually within 20 calls).
  const seen = new Set<string>();
  for (let i = 0; i < 400 && seen.size < 2; i++) {
    const out = await invokeFunction(h.lambda, { functionName: fn, qualifier: 'live', payload: '{}', logTail: false });
    seen.add(out.executedVersion ?? '?');
  }
  assert.deepEqual([...seen].sort(), ['1', '2']);

  const back = await rollBackTraffic(h.lambda, fn, 'live');
  assert.equal(routingText(back), 'live -> 1');
  await shiftTraffic(h.lambda, { functionName: fn, alias: 'live', fromVersion: '1', toVersion: '2', weight: 33.333 });
  const g = await h.lambda.send(new GetAliasCommand({ FunctionName: fn, Name: 'live' }));
  assert.equal(g.RoutingConfig?.AdditionalVersionWeights?.['2'], 0.33333);
  const promoted = await promoteTraffic(h.lambda, fn, 'live');
  assert.equal(routingText(promoted), 'live -> 2');
  const all = await shiftTraffic(h.lambda, { functionName: fn, alias: 'live', fromVersion: '2', toVersion: '1', weight: 100 });
  assert.equal(routingText(all), 'live -> 1');

  const beta = await createAlias(h.lambda, { functionName: fn, name: 'beta', version: '$LATEST' });
  assert.equal(beta.FunctionVersion, '$LATEST');
  const moved = await updateAlias(h.lambda, { functionName: fn, name: 'beta', version: '2', description: 'moved' });
  assert.equal(moved.FunctionVersion, '2');
  assert.equal(JSON.parse((await invokeFunction(h.lambda, { functionName: fn, qualifier: 'beta' })).payloadText).value, 'two');
  await deleteAlias(h.lambda, fn, 'beta');
  assert.deepEqual(
    (await listAliases(h.lambda, fn)).map((a) => a.Name),
    ['live'],
  );
});

test('traffic and alias input is validated before sending', async () => {
  const base = { functionName: 'whatever', alias: 'live', fromVersion: '1', toVersion: '2' };
  for (const weight of [-5, 101, 'x', '']) {
    await assert.rejects(
      shiftTraffic(h.lambda, { ...base, weight }),
      (e: unknown) => e instanceof ValidationError && /0 to 100/.test(e.message),
      String(weight),
    );
  }
  await assert.rejects(shiftTraffic(h.lambda, { ...base, toVersion: '1', weight: 10 }), /two different versions/);
  await assert.rejects(shiftTraffic(h.lambda, { ...base, toVersion: '$LATEST', weight: 10 }), /cannot be split onto \$LATEST/);
  await assert.rejects(createAlias(h.lambda, { functionName: 'f', name: '42', version: '1' }), /not only digits/);
  await assert.rejects(createAlias(h.lambda, { functionName: 'f', name: 'ok', version: 'latest' }), /version number or \$LATEST/);
  await assert.rejects(publishVersion(h.lambda, 'f', { description: 'd'.repeat(300) }), /at most 256/);
});
