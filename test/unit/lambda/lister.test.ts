import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FunctionLister, LayerLister, listLayerVersions, layerVersionDescription, compareNames } from '../../../src/lambda/lister';
import { awsError, fakeLambda, listFunctionsOver } from './fakeClient';

const names = (s: { items: readonly { FunctionName?: string }[] }) => s.items.map((f) => f.FunctionName);

test('first page comes from one ListFunctions call, sorted by name', async () => {
  const fake = fakeLambda({ ListFunctionsCommand: listFunctionsOver(['zeta', 'Alpha', 'mid', 'beta', 'omega']) });
  const lister = new FunctionLister(fake.client, { pageSize: 3 });
  const s = await lister.refresh();
  assert.equal(fake.count('ListFunctionsCommand'), 1);
  assert.deepEqual(names(s), ['Alpha', 'mid', 'zeta']);
  assert.equal(s.hasMore, true);
  assert.equal(fake.calls[0].input.MaxItems, 3);
  assert.equal(fake.calls[0].input.Marker, undefined);
});

test('loadMore follows NextMarker and merges in name order until the last page', async () => {
  const fake = fakeLambda({ ListFunctionsCommand: listFunctionsOver(['zeta', 'Alpha', 'mid', 'beta', 'omega']) });
  const lister = new FunctionLister(fake.client, { pageSize: 3 });
  await lister.refresh();
  const s = await lister.loadMore();
  assert.equal(fake.calls[1].input.Marker, '3');
  assert.deepEqual(names(s), ['Alpha', 'beta', 'mid', 'omega', 'zeta']);
  assert.equal(s.hasMore, false);
  await lister.loadMore();
  assert.equal(fake.count('ListFunctionsCommand'), 2, 'no call once the last page is loaded');
});

test('concurrent loadMore calls share one request', async () => {
  const fake = fakeLambda({ ListFunctionsCommand: listFunctionsOver(['a', 'b', 'c', 'd']) });
  const lister = new FunctionLister(fake.client, { pageSize: 2 });
  await lister.refresh();
  await Promise.all([lister.loadMore(), lister.loadMore(), lister.loadMore()]);
  assert.equal(fake.count('ListFunctionsCommand'), 2);
});

test('the filter narrows loaded functions by substring, case-insensitively, without fetching', async () => {
  const fake = fakeLambda({ ListFunctionsCommand: listFunctionsOver(['orders-api', 'Orders-worker', 'billing']) });
  const lister = new FunctionLister(fake.client);
  await lister.refresh();
  const s = lister.setFilter('ORDERS');
  assert.deepEqual(names(s), ['orders-api', 'Orders-worker']);
  assert.equal(s.loadedCount, 3);
  assert.deepEqual(names(lister.setFilter('')), ['billing', 'orders-api', 'Orders-worker']);
  assert.equal(fake.count('ListFunctionsCommand'), 1);
});

test('a slow older refresh never overwrites a newer one', async () => {
  let call = 0;
  const releases: (() => void)[] = [];
  const fake = fakeLambda({
    ListFunctionsCommand: async () => {
      const mine = ++call;
      await new Promise<void>((r) => releases.push(r));
      return { Functions: [{ FunctionName: mine === 1 ? 'old' : 'new', FunctionArn: `arn:${mine}` }] };
    },
  });
  const lister = new FunctionLister(fake.client);
  const seen: string[][] = [];
  lister.onDidChange((s) => seen.push(s.items.map((f) => f.FunctionName ?? '')));
  const first = lister.refresh();
  const second = lister.refresh();
  await new Promise((r) => setImmediate(r));
  releases[1](); // newer finishes first
  const s2 = await second;
  releases[0]();
  const s1 = await first;
  assert.deepEqual(names(s2), ['new']);
  assert.equal(s1.stale, true);
  assert.deepEqual(names(lister.snapshot()), ['new']);
  assert.deepEqual(seen, [['new']]);
});

test('a refresh aborts the request it supersedes', async () => {
  const signals: AbortSignal[] = [];
  const fake = fakeLambda({
    ListFunctionsCommand: (_i, o) => {
      signals.push(o!.abortSignal!);
      return { Functions: [] };
    },
  });
  const lister = new FunctionLister(fake.client);
  const p = lister.refresh();
  void lister.refresh();
  await p;
  assert.equal(signals[0].aborted, true);
  assert.equal(signals[1].aborted, false);
});

test('a failed page is reported in the snapshot and the same marker is retried', async () => {
  let fail = true;
  const inner = listFunctionsOver(['a', 'b', 'c']);
  const fake = fakeLambda({
    ListFunctionsCommand: (input, o) => {
      if (input.Marker && fail) {
        fail = false;
        throw awsError('ThrottlingException', 'Rate exceeded');
      }
      return inner(input, o);
    },
  });
  const lister = new FunctionLister(fake.client, { pageSize: 2 });
  await lister.refresh();
  const failed = await lister.loadMore();
  assert.equal((failed.error as Error).name, 'ThrottlingException');
  assert.deepEqual(names(failed), ['a', 'b'], 'what was loaded stays');
  const ok = await lister.loadMore();
  assert.equal(ok.error, undefined);
  assert.deepEqual(names(ok), ['a', 'b', 'c']);
  assert.equal(fake.calls[2].input.Marker, '2');
});

test('an error on the first page (e.g. AccessDenied) is surfaced, not thrown', async () => {
  const fake = fakeLambda({
    ListFunctionsCommand: () => {
      throw awsError('AccessDeniedException', 'not authorized');
    },
  });
  const s = await new FunctionLister(fake.client).refresh();
  assert.equal((s.error as Error).name, 'AccessDeniedException');
  assert.equal(s.items.length, 0);
});

test('loadAll walks every page', async () => {
  const all = Array.from({ length: 123 }, (_, i) => `f${String(i).padStart(3, '0')}`).reverse();
  const fake = fakeLambda({ ListFunctionsCommand: listFunctionsOver(all) });
  const s = await new FunctionLister(fake.client).loadAll();
  assert.equal(s.items.length, 123);
  assert.equal(s.items[0].FunctionName, 'f000');
  assert.equal(fake.count('ListFunctionsCommand'), 3);
});

test('names sort case-insensitively with a stable tie-break', () => {
  assert.deepEqual(['b', 'B', 'a', 'C'].sort(compareNames), ['a', 'B', 'b', 'C']);
});

test('layers are listed and their versions come newest first', async () => {
  const fake = fakeLambda({
    ListLayersCommand: () => ({
      Layers: [
        { LayerName: 'zlib', LayerArn: 'arn:z' },
        { LayerName: 'common', LayerArn: 'arn:c' },
      ],
    }),
    ListLayerVersionsCommand: (input) =>
      input.Marker
        ? { LayerVersions: [{ Version: 3, CompatibleRuntimes: ['nodejs20.x', 'nodejs22.x'], CreatedDate: '2024-05-01T10:00:00.000+0000' }] }
        : { LayerVersions: [{ Version: 1 }, { Version: 2 }], NextMarker: 'm' },
  });
  const layers = await new LayerLister(fake.client).refresh();
  assert.deepEqual(
    layers.items.map((l) => l.LayerName),
    ['common', 'zlib'],
  );
  const versions = await listLayerVersions(fake.client, 'common');
  assert.deepEqual(
    versions.map((v) => v.Version),
    [3, 2, 1],
  );
  assert.equal(layerVersionDescription(versions[0]), '3 · nodejs20.x, nodejs22.x · 2024-05-01');
});

test('removeWhere drops a loaded item and keeps the other pages and the marker', async () => {
  const fake = fakeLambda({ ListFunctionsCommand: listFunctionsOver(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']) });
  const lister = new FunctionLister(fake.client, { pageSize: 3 });
  await lister.refresh();
  await lister.loadMore();
  const s = lister.removeWhere((f) => f.FunctionName === 'a2');
  assert.deepEqual(names(s), ['a1', 'a3', 'a4', 'a5', 'a6']);
  assert.equal(s.hasMore, true);
  assert.equal(fake.count('ListFunctionsCommand'), 2, 'nothing fetched');
  const last = await lister.loadMore();
  assert.equal(fake.calls[2].input.Marker, '6', 'the next page follows on from where it was');
  assert.deepEqual(names(last), ['a1', 'a3', 'a4', 'a5', 'a6', 'a7']);
  assert.equal(lister.removeWhere((f) => f.FunctionName === 'nope').loadedCount, 6);
});
