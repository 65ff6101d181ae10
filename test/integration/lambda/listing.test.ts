// The explorer's model over the local service: paging, filter, details with routing, event sources,
// URL, log group, and the masked configuration document.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  GetFunctionCommand,
} from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../local/harness';
import {
  configurationDocument,
  eventSourceText,
  FunctionLister,
  functionDescription,
  functionTooltip,
  loadFunctionDetails,
  routingText,
  VersionLister,
  waitUntilActive,
  deployCode,
  publishVersion,
} from '../../../src/lambda';
import { buildZip } from '../../unit/lambda/zipTools';

let h: LocalHarness;
let zip: Buffer;
const COUNT = 120;
before(async () => {
  h = await startLocal();
  zip = await buildZip([{ name: 'index.js', content: 'exports.handler = async (e) => e;' }]);
  const names = Array.from({ length: COUNT }, (_, i) => `list-${String((i * 37) % COUNT).padStart(3, '0')}`);
  for (let i = 0; i < names.length; i += 20) {
    await Promise.all(
      names.slice(i, i + 20).map((n) =>
        h.lambda.send(
          new CreateFunctionCommand({
            FunctionName: n,
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role: 'arn:aws:iam::000000000000:role/r',
            Code: { ZipFile: zip },
          }),
        ),
      ),
    );
  }
});
after(async () => {
  await h?.stop();
});

test('functions page by 50 with one call each, sorted, and filter without refetching', async () => {
  let calls = 0;
  const counting = { send: (c: never, o?: never) => (calls++, h.lambda.send(c, o)) } as unknown as typeof h.lambda;
  const lister = new FunctionLister(counting);
  const first = await lister.refresh();
  assert.equal(calls, 1);
  assert.equal(first.items.length, 50);
  assert.equal(first.hasMore, true);
  const names = first.items.map((f) => f.FunctionName!);
  assert.deepEqual(names, [...names].sort());
  await lister.loadMore();
  const last = await lister.loadMore();
  assert.equal(calls, 3);
  assert.equal(last.items.length, COUNT);
  assert.equal(last.hasMore, false);
  assert.equal(last.items[0].FunctionName, 'list-000');
  assert.equal(last.items[COUNT - 1].FunctionName, `list-${COUNT - 1}`);
  const filtered = lister.setFilter('LIST-11');
  assert.deepEqual(
    filtered.items.map((f) => f.FunctionName),
    Array.from({ length: 10 }, (_, i) => `list-11${i}`),
  );
  assert.equal(calls, 3, 'filtering fetched nothing');
  assert.match(functionDescription(last.items[0]), /^nodejs20\.x.* · 128 MB · 3 s$/);
  assert.match(functionTooltip(last.items[0]), /Code size: \d+ B/);
});

test('details: versions, aliases with routing, event sources, URL, log group, masked configuration', async () => {
  const fn = 'list-007';
  // Through our own calls: they wait out the Pending state and retry conflicts.
  await waitUntilActive(h.lambda, fn);
  await publishVersion(h.lambda, fn);
  await deployCode(h.lambda, {
    functionName: fn,
    source: { kind: 'zip', zip: await buildZip([{ name: 'index.js', content: 'exports.handler = async () => 2;' }]) },
  });
  await publishVersion(h.lambda, fn);
  await h.lambda.send(
    new CreateAliasCommand({ FunctionName: fn, Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } }),
  );
  await h.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: fn, EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:orders', BatchSize: 10 }));
  await h.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: fn, AuthType: 'NONE' }));

  const d = await loadFunctionDetails(h.lambda, fn);
  assert.ok(d.aliases.ok);
  assert.deepEqual(d.aliases.ok && d.aliases.value.map(routingText), ['live -> 1 (90%), 2 (10%)']);
  assert.ok(d.eventSources.ok);
  assert.match(d.eventSources.ok ? eventSourceText(d.eventSources.value[0]) : '', /^sqs: orders \(/);
  assert.ok(d.url.ok && d.url.value?.FunctionUrl);
  assert.equal(d.logGroup, `/aws/lambda/${fn}`);
  const versions = await new VersionLister(h.lambda, fn).refresh();
  assert.deepEqual(
    versions.items.map((v) => v.Version),
    ['$LATEST', '2', '1'],
  );

  const none = await loadFunctionDetails(h.lambda, 'list-008');
  assert.deepEqual(none.url, { ok: true, value: undefined });
  assert.deepEqual(none.aliases, { ok: true, value: [] });

  const doc = configurationDocument(await h.lambda.send(new GetFunctionCommand({ FunctionName: fn })));
  const parsed = JSON.parse(doc);
  assert.equal(parsed.Configuration.FunctionName, fn);
  assert.match(parsed.Code.Location, /\?\*\*\*\*$/, 'the presigned query is masked');
  assert.equal(doc.includes(h.info.secretAccessKey), false);
});
