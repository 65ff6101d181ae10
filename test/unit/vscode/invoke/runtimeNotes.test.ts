// The local service's runtime notes in the extension: the WARNING lines after INIT_START are said
// once per function; a local Node function's first run says its Node may be fetched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeNotes, runtimeWarnings } from '../../../../src/vscode/invoke/runtimeNotes';
import type { InvokeTarget } from '../../../../src/vscode/invoke/args';
import type { WorkbenchServices } from '../../../../src/vscode/services';
import { FunctionNotes } from '../../../../src/vscode/functionNotes';

const tail = [
  'INIT_START Runtime Version: python:3.11.local\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:lambda-workbench-local',
  'WARNING: python3.12 runs on Python 3.11 (/usr/bin/python3.11), not Python 3.12: no python3.12 on PATH.',
  'START RequestId: 1 Version: $LATEST',
  "a WARNING: inside a line is the function's own",
  'REPORT RequestId: 1\tDuration: 1.00 ms',
].join('\n');

const target = (runtime: string, kind: 'local' | 'aws' = 'local') =>
  ({
    connection: { id: 'c', kind, label: 'Local service', region: 'us-east-1' },
    functionName: 'demo-report-dev',
    local: { templatePath: '/t/template.yaml', logicalId: 'ReportFunction', codeDir: '/t/src', runtime },
  }) as unknown as InvokeTarget;

test('the WARNING lines of a log tail, once each', () => {
  assert.deepEqual(runtimeWarnings(tail + '\n' + tail), [
    'WARNING: python3.12 runs on Python 3.11 (/usr/bin/python3.11), not Python 3.12: no python3.12 on PATH.',
  ]);
  assert.deepEqual(runtimeWarnings(undefined), []);
});

test("a runtime warning, from the tail or the function's log group, is said once per function in the output channel", async () => {
  const warned: string[] = [];
  const asked: unknown[] = [];
  const logLine = 'WARNING: nodejs24.x runs on Node 22.1.0: Node 24 could not be fetched.';
  const changed: unknown[] = [];
  const functionNotes = new FunctionNotes();
  const s = {
    functionNotes,
    notifyResourcesChanged: (e: unknown) => changed.push(e),
    log: { warn: (m: string) => warned.push(m), debug: () => undefined },
    clients: { logs: () => ({ send: async (c: { input: unknown }) => (asked.push(c.input), { events: [{ message: logLine + '\n' }] }) }) },
  } as unknown as WorkbenchServices;
  const notes = new RuntimeNotes();
  await notes.note(s, target('python3.12'), tail);
  await notes.note(s, target('python3.12'), tail);
  assert.equal(warned.length, 2);
  assert.match(warned[1]!, /^ReportFunction: WARNING: nodejs24\.x runs on Node 22/);
  assert.match(JSON.stringify(asked[0]), /"logGroupName":"\/aws\/lambda\/demo-report-dev"/);
  assert.match(warned[0]!, /^ReportFunction: WARNING: python3\.12 runs on Python 3\.11/);
  // The tooltip's notes: both warnings, and the function's row was told to redraw once.
  assert.equal(functionNotes.of('c', 'demo-report-dev').length, 2);
  assert.deepEqual(changed, [{ connectionId: 'c', functionName: 'demo-report-dev' }]);
  // A warm invocation (REPORT without Init Duration) cannot carry a new warning: the log group is not read.
  const reads = asked.length;
  await notes.note(s, target('python3.12'), 'START RequestId: 2 Version: $LATEST\nREPORT RequestId: 2\tDuration: 1.00 ms');
  assert.equal(asked.length, reads);
});

test("a local Node function's first run says its Node may be fetched; later runs and other runtimes don't", () => {
  const notes = new RuntimeNotes();
  assert.match(notes.progressTitle(target('nodejs24.x'), 'Invoking f'), /^Invoking f \(first nodejs24\.x run: the local service fetches Node 24/);
  assert.equal(notes.progressTitle(target('nodejs24.x'), 'Invoking f'), 'Invoking f');
  assert.equal(notes.progressTitle(target('python3.12'), 'Invoking f'), 'Invoking f');
  assert.equal(notes.progressTitle(target('nodejs22.x', 'aws'), 'Invoking f'), 'Invoking f');
});
