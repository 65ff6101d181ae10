// The session scope: when a connection stops being listed, or the local service comes back on a new
// endpoint, everything opened for that connection goes in one place (owned disposables, its log and
// invoke result panels, its SDK clients) and the others stay. The vscode module is a stand-in.
import { FakePanel, FakeUri } from './fakeVscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sessions } from '../../../src/vscode/session';
import { LogPanel } from '../../../src/vscode/logs/panel';
import type { PanelDeps } from '../../../src/vscode/logs/deps';
import { ResultPanel, type PanelActions } from '../../../src/vscode/invoke/panel';
import type { ConnectionRef } from '../../../src/core/connections';
import type { Connection } from '../../../src/core/types';

type Ctor = ConstructorParameters<typeof Sessions>;
const AWS: ConnectionRef = { kind: 'aws', profile: 'dev', region: 'eu-west-1' };
const AWS_ID = 'aws:dev:eu-west-1';

function harness() {
  let refs: ConnectionRef[] = [{ kind: 'local' }, AWS];
  const listeners = new Map<string, Array<(arg?: unknown) => void>>();
  const on = (event: string, cb: (arg?: unknown) => void) => {
    listeners.set(event, [...(listeners.get(event) ?? []), cb]);
    return () =>
      listeners.set(
        event,
        (listeners.get(event) ?? []).filter((l) => l !== cb),
      );
  };
  const emit = (event: string, arg?: unknown) => (listeners.get(event) ?? []).forEach((l) => l(arg));
  const registry = { list: () => refs, on } as unknown as Ctor[0];
  const disposedClients: string[] = [];
  const clients = { dispose: (id: string) => disposedClients.push(id) } as unknown as Ctor[1];
  const localService = { current: () => ({ endpoint: 'http://127.0.0.1:4001' }), on } as unknown as Ctor[2];
  const log = { info() {}, warn() {}, error() {} } as unknown as Ctor[3];
  const sessions = new Sessions(registry, clients, localService, log);
  const ended: string[] = [];
  sessions.onDidEnd((id) => ended.push(id));
  return { sessions, ended, disposedClients, emit, setRefs: (r: ConnectionRef[]) => (refs = r) };
}

const extensionUri = new FakeUri('/ext') as unknown as PanelDeps['extensionUri'];
const deps = { extensionUri, log: { info() {}, warn() {}, error() {} } } as unknown as PanelDeps;
const noActions: PanelActions = { invoke() {}, rerun() {}, showHistory() {}, showLogs() {}, openFrame() {}, openResponse() {} };

function panels(connectionId: string): { log: FakePanel; result: FakePanel } {
  const log = new FakePanel();
  const config = { connectionId, connectionLabel: connectionId, logGroups: ['/aws/lambda/f'], title: `Logs ${connectionId}` };
  new LogPanel(log as unknown as LogPanel['panel'], deps, { id: connectionId } as unknown as Connection, config, {});
  const result = new ResultPanel(extensionUri, `Invoke ${connectionId}`, 'sub', true, noActions, () => {}, connectionId);
  return { log, result: result.panel as unknown as FakePanel };
}

test('removing a connection ends its session: owned things, panels and clients go; the other connection keeps its own', () => {
  const h = harness();
  const aws = panels(AWS_ID);
  const local = panels('local');
  const owned: string[] = [];
  h.sessions.scope(AWS_ID).own({ dispose: () => owned.push('aws tail') });
  h.sessions.scope('local').own({ dispose: () => owned.push('local tail') });

  h.setRefs([{ kind: 'local' }]);
  h.emit('list');

  assert.deepEqual(owned, ['aws tail']);
  assert.equal(aws.log.disposed, true);
  assert.equal(aws.result.disposed, true);
  assert.equal(local.log.disposed, false);
  assert.equal(local.result.disposed, false);
  assert.deepEqual(h.disposedClients, [AWS_ID]);
  assert.deepEqual(h.ended, [AWS_ID]);

  // Something opened for the ended connection afterwards gets a fresh scope, not the ended one.
  const late: string[] = [];
  h.sessions.scope(AWS_ID).own({ dispose: () => late.push('x') });
  assert.deepEqual(late, []);
  h.sessions.dispose();
  assert.deepEqual(late, ['x']);
  LogPanel.disposeAll();
  ResultPanel.disposeForConnection('local');
});

test('the local service back on a new endpoint ends the local session; its first start and a same-endpoint start do not', () => {
  const h = harness();
  const local = panels('local');
  h.emit('started', { endpoint: 'http://127.0.0.1:4001' });
  assert.equal(local.log.disposed, false);
  assert.deepEqual(h.ended, []);
  h.emit('started', { endpoint: 'http://127.0.0.1:4999' });
  assert.equal(local.log.disposed, true);
  assert.equal(local.result.disposed, true);
  assert.deepEqual(h.ended, ['local']);
  assert.deepEqual(h.disposedClients, ['local']);
  h.sessions.dispose();
});
