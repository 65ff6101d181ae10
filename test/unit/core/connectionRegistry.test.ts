import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionRegistry, STATE_ACTIVE, STATE_CONNECTIONS, type KeyValueStore } from '../../../src/core/connectionRegistry';
import type { ClientFactory } from '../../../src/core/types';
import { clientConfigFor } from '../../../src/core/clientFactory';
import type { LocalServiceInfo } from '../../../src/contract/localService';
import { makeAwsHome, KEY_ID, SECRET, type AwsHome } from './helpers';

class MemoryStore implements KeyValueStore {
  readonly m = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.m.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.m.set(key, structuredClone(value));
  }
}

const INFO: LocalServiceInfo = {
  endpoint: 'http://127.0.0.1:4999',
  region: 'us-east-1',
  accessKeyId: 'local',
  secretAccessKey: 'local-secret-1234567',
  pid: 1,
  dataDir: '/tmp/x',
};
let starts = 0;
const local = { start: async () => (starts++, INFO), current: () => undefined };

function fakeClients(): ClientFactory & { disposed: Array<string | undefined> } {
  const disposed: Array<string | undefined> = [];
  return {
    disposed,
    lambda: () => assert.fail('not used'),
    logs: () => assert.fail('not used'),
    cloudwatch: () => assert.fail('not used'),
    dispose: (id?: string) => void disposed.push(id),
  };
}

let home: AwsHome;
beforeEach(() => {
  home = makeAwsHome();
  starts = 0;
});
afterEach(() => home.cleanup());

test('with no profiles the local service is the default connection', async () => {
  const r = new ConnectionRegistry(new MemoryStore(), local, fakeClients());
  assert.deepEqual(await r.chooseInitialActive(), { kind: 'local' });
  assert.deepEqual(r.list(), [{ kind: 'local' }]);
  const c = await r.resolveActive();
  assert.equal(c.kind, 'local');
  assert.equal(c.kind === 'local' && c.endpoint, INFO.endpoint);
  assert.equal(starts, 1, 'resolving the local connection starts the service');
});

test('with a default profile it becomes active with its region; a stored choice wins', async () => {
  home.write('[default]\nregion = eu-north-1\n', `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`);
  const store = new MemoryStore();
  const r = new ConnectionRegistry(store, local, fakeClients());
  assert.deepEqual(await r.chooseInitialActive(), { kind: 'aws', profile: 'default', region: 'eu-north-1' });
  assert.equal(r.label(r.activeRef()), 'default · eu-north-1');
  assert.deepEqual(store.get(STATE_ACTIVE), { kind: 'aws', profile: 'default', region: 'eu-north-1' });
  await r.setActive({ kind: 'local' });
  const again = new ConnectionRegistry(store, local, fakeClients());
  assert.deepEqual(await again.chooseInitialActive(), { kind: 'local' }, 'the persisted choice is kept');
});

test('added connections persist, remove disposes their clients, events fire', async () => {
  home.write('[profile dev]\nregion = us-west-2\nendpoint_url = http://localhost:4566\n');
  const store = new MemoryStore();
  const clients = fakeClients();
  const r = new ConnectionRegistry(store, local, clients);
  const events: string[] = [];
  r.on('list', () => events.push('list'));
  r.on('active', () => events.push('active'));
  await r.add({ kind: 'aws', profile: 'dev', region: 'us-west-2' });
  await r.add({ kind: 'aws', profile: 'dev', region: 'us-west-2' });
  assert.equal(r.list().length, 2, 'no duplicates');
  assert.deepEqual(store.get(STATE_CONNECTIONS), [{ kind: 'aws', profile: 'dev', region: 'us-west-2' }]);
  const reloaded = new ConnectionRegistry(store, local, fakeClients());
  assert.deepEqual(
    reloaded.list().map((x) => x.kind),
    ['local', 'aws'],
  );
  const conn = await r.resolve({ kind: 'aws', profile: 'dev', region: 'us-west-2' });
  assert.equal(conn.kind === 'aws' && conn.endpoint, 'http://localhost:4566', 'endpoint_url is picked up');
  await r.setActive({ kind: 'aws', profile: 'dev', region: 'us-west-2' });
  await r.remove('aws:dev:us-west-2');
  assert.deepEqual(r.activeRef(), { kind: 'local' }, 'removing the active connection falls back to local');
  assert.ok(clients.disposed.includes('aws:dev:us-west-2'));
  assert.ok(events.includes('active') && events.includes('list'));
  await assert.rejects(r.remove('local'), /cannot be removed/);
});

test('switching away from a connection that is not shown disposes its clients', async () => {
  const clients = fakeClients();
  const r = new ConnectionRegistry(new MemoryStore(), local, clients);
  await r.setActive({ kind: 'aws', profile: 'temp', region: 'us-east-1' });
  assert.equal(r.list().length, 2, 'the active AWS connection is shown even if not added');
  await r.setActive({ kind: 'local' });
  assert.deepEqual(clients.disposed, ['aws:temp:us-east-1']);
});

test('a services section gives Lambda and CloudWatch Logs their own endpoints', async () => {
  home.write(
    '[profile split]\nregion = us-west-2\nservices = split-svc\n[services split-svc]\nlambda =\n  endpoint_url = http://127.0.0.1:9001\ncloudwatch_logs =\n  endpoint_url = http://127.0.0.1:9002\n',
  );
  const r = new ConnectionRegistry(new MemoryStore(), local, fakeClients());
  const c = await r.resolve({ kind: 'aws', profile: 'split', region: 'us-west-2' });
  assert.equal(c.kind === 'aws' && c.endpoint, 'http://127.0.0.1:9001');
  assert.equal(c.kind === 'aws' && c.logsEndpoint, 'http://127.0.0.1:9002');
  assert.equal(clientConfigFor(c, {}, 'logs').endpoint, 'http://127.0.0.1:9002');
  assert.equal(clientConfigFor(c, {}, 'lambda').endpoint, 'http://127.0.0.1:9001');
});

test('resolving a profile that no longer exists is an actionable error', async () => {
  home.write('');
  const r = new ConnectionRegistry(new MemoryStore(), local, fakeClients());
  await assert.rejects(r.resolve({ kind: 'aws', profile: 'gone', region: 'us-east-1' }), /profile "gone" was not found/);
});
