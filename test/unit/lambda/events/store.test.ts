import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { SavedEventStore, eventNameProblem, functionFolderName } from '../../../../src/lambda/events';
import { PayloadError } from '../../../../src/lambda/invoke';

let root: string;
let store: SavedEventStore;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lw-events-'));
  store = new SavedEventStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('create, list, read: files under .lambda-workbench/events/<function>/<name>.json', async () => {
  assert.deepEqual(await store.list('orders'), []);
  const e = await store.create('orders', 'small order', '{"id": 1}');
  assert.equal(e.file, join(root, '.lambda-workbench', 'events', 'orders', 'small order.json'));
  await store.create('orders', 'big order', '{"id": 2}');
  assert.deepEqual(
    (await store.list('orders')).map((x) => x.name),
    ['big order', 'small order'],
  );
  assert.equal(await store.read('orders', 'small order'), '{"id": 1}\n');
  assert.equal(readFileSync(e.file, 'utf8'), '{"id": 1}\n');
});

test('create refuses a taken name; save overwrites', async () => {
  await store.create('f', 'a', '{}');
  await assert.rejects(store.create('f', 'a', '[]'), /already has an event named "a"/);
  await store.save('f', 'a', '[1]');
  assert.equal(await store.read('f', 'a'), '[1]\n');
});

test('invalid JSON is refused with its line and column, nothing written', async () => {
  await assert.rejects(store.save('f', 'bad', '{\n  "a": 1,\n}'), (err: unknown) => {
    assert.ok(err instanceof PayloadError);
    assert.equal(err.line, 3);
    assert.equal(err.column, 1);
    return true;
  });
  assert.equal(existsSync(join(root, '.lambda-workbench')), false);
});

test('rename moves the file, refuses an existing target, allows a case-only change', async () => {
  await store.create('f', 'one', '{}');
  await store.create('f', 'two', '{}');
  await assert.rejects(store.rename('f', 'one', 'two'), /already has an event named "two"/);
  await store.rename('f', 'one', 'uno');
  assert.deepEqual(
    (await store.list('f')).map((x) => x.name),
    ['two', 'uno'],
  );
  await store.rename('f', 'uno', 'Uno');
  assert.ok((await store.list('f')).some((x) => x.name === 'Uno'));
  await assert.rejects(store.rename('f', 'missing', 'x'), /no saved event "missing"/);
});

test('delete removes the event and an emptied function folder', async () => {
  await store.create('f', 'only', '{}');
  await store.delete('f', 'only');
  assert.deepEqual(await store.list('f'), []);
  assert.deepEqual(readdirSync(join(root, '.lambda-workbench', 'events')), []);
  await assert.rejects(store.delete('f', 'only'), /no saved event/);
});

test('names that could escape the folder or break on some disk are refused', async () => {
  for (const bad of ['', '  ', '../x', 'a/b', 'a\\b', '.hidden', 'x.', 'a'.repeat(101), 'tab\there']) {
    assert.ok(eventNameProblem(bad), `accepted ${JSON.stringify(bad)}`);
    await assert.rejects(store.save('f', bad, '{}'), /EventName|name/i);
  }
  assert.equal(eventNameProblem('S3 put (large)_v2.1'), undefined);
});

test('events belong to the function whatever the qualifier or ARN form', () => {
  assert.equal(functionFolderName('orders'), 'orders');
  assert.equal(functionFolderName('orders:live'), 'orders');
  assert.equal(functionFolderName('arn:aws:lambda:us-east-1:123456789012:function:orders:3'), 'orders');
  assert.throws(() => functionFolderName('../etc'), /not a function name/);
});

test('listAll walks every function folder', async () => {
  await store.create('b-fn', 'x', '{}');
  await store.create('a-fn', 'y', '{}');
  assert.deepEqual(
    (await store.listAll()).map((e) => `${e.functionName}/${e.name}`),
    ['a-fn/y', 'b-fn/x'],
  );
});
