// The Logs Insights panel's host side (src/vscode/insights/panel.ts) under a stand-in vscode module
// (../fakeVscode): the page's messages run queries through the connection's Logs client, the page gets
// progress and rows, and a panel that is hidden or closed stops its query (StopQuery).
import { createdPanels, FakePanel, FakeUri } from '../fakeVscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeLogGroupsCommand, GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InsightsPanel } from '../../../../src/vscode/insights/panel';
import type { InsightsConfig } from '../../../../src/webview/insights/protocol';

// The stand-in panel learns visibility: what a hidden panel does is under test here.
const viewListeners = new Map<FakePanel, Array<() => void>>();
Object.assign(FakePanel.prototype, {
  visible: true,
  onDidChangeViewState(this: FakePanel, cb: () => void) {
    viewListeners.set(this, [...(viewListeners.get(this) ?? []), cb]);
    return { dispose() {} };
  },
});
function hide(p: FakePanel): void {
  (p as unknown as { visible: boolean }).visible = false;
  for (const cb of viewListeners.get(p) ?? []) cb();
}

/** A Logs client whose queries stay Running until `complete` is set. */
function fakeLogs() {
  const calls: string[] = [];
  const state = { complete: false };
  const client = {
    send: async (cmd: unknown) => {
      if (cmd instanceof DescribeLogGroupsCommand) return { logGroups: [{ logGroupName: '/other' }, { logGroupName: '/aws/lambda/b' }] };
      if (cmd instanceof StartQueryCommand) {
        calls.push(`StartQuery ${JSON.stringify(cmd.input.logGroupNames)}`);
        return { queryId: 'q1' };
      }
      if (cmd instanceof GetQueryResultsCommand) {
        calls.push('GetQueryResults');
        return state.complete
          ? { status: 'Complete', statistics: { recordsScanned: 5, recordsMatched: 1 }, results: [[{ field: 'n', value: '7' }]] }
          : { status: 'Running', statistics: { recordsScanned: 2, recordsMatched: 1 }, results: [[{ field: 'n', value: '3' }]] };
      }
      if (cmd instanceof StopQueryCommand) {
        calls.push(`StopQuery ${cmd.input.queryId}`);
        return { success: true };
      }
      throw new Error('unexpected command');
    },
  };
  return { client, calls, state };
}

function open(logs: ReturnType<typeof fakeLogs>) {
  const warnings: string[] = [];
  const owned: unknown[] = [];
  const services = {
    context: { extensionUri: new FakeUri('/ext') },
    clients: { logs: () => logs.client },
    sessions: { scope: () => ({ own: (d: unknown) => (owned.push(d), d) }) },
    log: { info() {}, warn: (m: string) => warnings.push(m), error() {} },
  };
  const config: InsightsConfig = { connectionId: 'local', connectionLabel: 'Local service', title: 'Insights: f', logGroups: ['/aws/lambda/f'] };
  const before = createdPanels.length;
  const panel = InsightsPanel.create(services as never, { id: 'local', label: 'Local service' } as never, config);
  const fake = createdPanels[before];
  return { panel, fake, warnings, owned };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const posted = (fake: FakePanel, type: string) => fake.posted.filter((m) => (m as { type: string }).type === type) as Record<string, unknown>[];
const run = { type: 'run', query: 'stats count(*) as n', logGroups: ['/aws/lambda/f', '/aws/lambda/b'], range: { kind: 'relative', minutes: 60 } };

test('ready: the page gets its config, the samples and the log groups, Lambda first; the panel belongs to the session', async () => {
  const logs = fakeLogs();
  const { panel, fake, owned } = open(logs);
  assert.deepEqual(owned, [panel]);
  assert.match(fake.webview.html, /media\/insights\.css/);
  fake.receive({ type: 'ready' });
  await until(() => posted(fake, 'groups').length === 1, 'the groups');
  const init = posted(fake, 'init')[0] as { config: InsightsConfig; samples: { name: string }[] };
  assert.deepEqual(init.config.logGroups, ['/aws/lambda/f']);
  assert.ok(init.samples.some((s) => s.name === 'Slowest invocations'));
  assert.deepEqual(posted(fake, 'groups')[0].available, ['/aws/lambda/b', '/other']);
  panel.dispose();
});

test('run: progress, then the rows; the query spans the log groups the page chose', async () => {
  const logs = fakeLogs();
  const { panel, fake } = open(logs);
  fake.receive(run);
  await until(() => posted(fake, 'progress').some((m) => (m.progress as { status: string }).status === 'Running'), 'Running');
  // CloudWatch's rows so far, while it runs: partial results.
  await until(() => posted(fake, 'results').length > 0, 'partial results');
  assert.deepEqual(posted(fake, 'results')[0].rows, [{ n: '3' }]);
  assert.equal(posted(fake, 'results')[0].partial, true);
  logs.state.complete = true;
  await until(() => posted(fake, 'results').some((m) => !m.partial), 'the results');
  const finals = posted(fake, 'results').filter((m) => !m.partial);
  assert.equal(finals.length, 1);
  const r = finals[0] as { fields: string[]; rows: unknown[]; progress: { recordsScanned: number } };
  assert.deepEqual(r.fields, ['n']);
  assert.deepEqual(r.rows, [{ n: '7' }]);
  assert.equal(r.progress.recordsScanned, 5);
  assert.equal(logs.calls[0], 'StartQuery ["/aws/lambda/f","/aws/lambda/b"]');
  assert.ok(!logs.calls.some((c) => c.startsWith('StopQuery')));
  // A reloaded page (after being hidden) is shown the last outcome again.
  fake.receive({ type: 'ready' });
  await until(() => posted(fake, 'results').filter((m) => !m.partial).length === 2, 'the results again');
  panel.dispose();
});

test('a hidden panel stops polling: StopQuery, and the page is told why', async () => {
  const logs = fakeLogs();
  const { panel, fake } = open(logs);
  fake.receive(run);
  await until(() => logs.calls.includes('GetQueryResults'), 'a poll');
  hide(fake);
  await until(() => posted(fake, 'failed').length === 1, 'the failure');
  assert.ok(logs.calls.includes('StopQuery q1'));
  const failed = posted(fake, 'failed')[0];
  assert.equal(failed.cancelled, true);
  assert.match(String(failed.message), /panel was hidden/);
  // The failure is posted when the polling loop has ended: nothing polls any more.
  panel.dispose();
});

test('Cancel and close stop the query; a malformed page message is ignored with a warning', async () => {
  const logs = fakeLogs();
  const { fake, warnings } = open(logs);
  fake.receive({ type: 'run', query: 'x', logGroups: 'all', range: {} });
  assert.equal(warnings.length, 1);
  assert.equal(logs.calls.length, 0);
  fake.receive(run);
  await until(() => logs.calls.includes('GetQueryResults'), 'a poll');
  fake.receive({ type: 'cancel' });
  await until(() => posted(fake, 'failed').length === 1, 'the cancel');
  assert.match(String(posted(fake, 'failed')[0].message), /cancelled/);
  fake.receive(run);
  await until(() => logs.calls.filter((c) => c === 'GetQueryResults').length >= 2, 'the second run polls');
  const before = InsightsPanel.count;
  fake.dispose();
  assert.equal(InsightsPanel.count, before - 1);
  await until(() => logs.calls.filter((c) => c === 'StopQuery q1').length === 2, 'StopQuery on close');
});
