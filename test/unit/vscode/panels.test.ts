// disposeForConnection on both webview panel classes: every panel of that connection closes (and its
// owner hears of it), the others stay. The vscode module is a stand-in (./fakeVscode).
import { createdPanels, FakePanel, FakeUri } from './fakeVscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogPanel } from '../../../src/vscode/logs/panel';
import type { PanelDeps } from '../../../src/vscode/logs/deps';
import type { PanelConfig } from '../../../src/webview/logs/protocol';
import { ResultPanel, type PanelActions } from '../../../src/vscode/invoke/panel';
import type { Connection } from '../../../src/core/types';

// The vscode types come through the classes' own signatures (tests may not import vscode).
const extensionUri = new FakeUri('/ext') as unknown as PanelDeps['extensionUri'];
const deps = { extensionUri, log: { info() {}, warn() {}, error() {} } } as unknown as PanelDeps;
const connection = { id: 'local' } as unknown as Connection;

function logPanel(connectionId: string): { panel: LogPanel; fake: FakePanel } {
  const fake = new FakePanel();
  const config: PanelConfig = { connectionId, connectionLabel: connectionId, logGroups: ['/aws/lambda/f'], title: `Logs ${connectionId}` };
  const panel = new LogPanel(fake as unknown as LogPanel['panel'], deps, connection, config, {});
  return { panel, fake };
}

const noActions: PanelActions = { invoke() {}, rerun() {}, showHistory() {}, showLogs() {}, openFrame() {}, openResponse() {} };

test('LogPanel.disposeForConnection closes the panels of that connection only', () => {
  const a1 = logPanel('aws:dev@eu-west-1');
  const a2 = logPanel('aws:dev@eu-west-1');
  const b = logPanel('local');
  assert.equal(LogPanel.count, 3);
  LogPanel.disposeForConnection('aws:dev@eu-west-1');
  assert.equal(a1.fake.disposed, true);
  assert.equal(a2.fake.disposed, true);
  assert.equal(b.fake.disposed, false);
  assert.equal(LogPanel.count, 1);
  LogPanel.disposeForConnection('aws:other@us-east-1');
  assert.equal(LogPanel.count, 1);
  LogPanel.disposeAll();
  assert.equal(b.fake.disposed, true);
  assert.equal(LogPanel.count, 0);
});

test('a log panel closed by the user leaves the set; disposing it again is harmless', () => {
  const a = logPanel('local');
  a.fake.dispose();
  assert.equal(LogPanel.count, 0);
  LogPanel.disposeForConnection('local');
  assert.equal(a.fake.disposed, true);
});

test('the log page gets its stylesheet under the CSP, from a resource root', () => {
  const a = logPanel('local');
  assert.match(a.fake.webview.html, /<link rel="stylesheet" href="vscode-resource:\/ext\/media\/logs\.css"/);
  assert.match(a.fake.webview.html, /style-src vscode-resource: 'nonce-/);
  const roots = (a.fake.webview.options as { localResourceRoots: FakeUri[] }).localResourceRoots.map((r) => r.fsPath);
  assert.ok(roots.includes('/ext/media'));
  a.panel.dispose();
});

test('ResultPanel.disposeForConnection closes the panels of that connection, and their owners hear of it', () => {
  const closed: string[] = [];
  const make = (name: string, connectionId: string) => new ResultPanel(extensionUri, name, 'sub', true, noActions, () => closed.push(name), connectionId);
  const a = make('a', 'aws:dev@eu-west-1');
  const b = make('b', 'local');
  const c = make('c', 'aws:dev@eu-west-1');
  ResultPanel.disposeForConnection('aws:dev@eu-west-1');
  assert.deepEqual(closed.sort(), ['a', 'c']);
  assert.equal((a.panel as unknown as FakePanel).disposed, true);
  assert.equal((b.panel as unknown as FakePanel).disposed, false);
  assert.equal((c.panel as unknown as FakePanel).disposed, true);
  ResultPanel.disposeForConnection('aws:dev@eu-west-1');
  assert.deepEqual(closed.sort(), ['a', 'c']);
  b.dispose();
  assert.deepEqual(closed.sort(), ['a', 'b', 'c']);
});

test('the result page: stylesheet from media/, validated actions only, typed state once ready', () => {
  const calls: string[] = [];
  const actions: PanelActions = { ...noActions, rerun: (id) => calls.push(`rerun ${id}`), openFrame: (i) => calls.push(`frame ${i}`) };
  const p = new ResultPanel(extensionUri, 'Invoke: f', 'Local service', false, actions, () => {}, 'local');
  const fake = createdPanels.at(-1)!;
  assert.match(fake.webview.html, /<link rel="stylesheet" href="vscode-resource:\/ext\/media\/invoke\.css"/);
  p.update({ running: true });
  assert.equal(fake.posted.length, 0, 'nothing is posted before the page is ready');
  fake.receive({ type: 'ready' });
  fake.receive({ type: 'rerun', id: 'h1' });
  fake.receive({ type: 'openFrame', index: -1 });
  fake.receive({ type: 'runCommand', command: 'x' });
  assert.deepEqual(calls, ['rerun h1']);
  assert.deepEqual(fake.posted, [
    { type: 'state', state: { title: 'Invoke: f', subtitle: 'Local service', running: true, current: undefined, canShowLogs: false, history: [] } },
  ]);
  p.dispose();
});
