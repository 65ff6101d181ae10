// The in-host suite, run inside a desktop VS Code's extension host by runTests.ts: what only the
// extension API can see (every contributed command registered, the activation API, view commands).
// A tiny sequential runner, because the host loads one `run()` and waits for its promise.
// eslint-disable-next-line no-restricted-imports -- in-host tests talk to VS Code itself
import * as vscode from 'vscode';
import assert from 'node:assert/strict';

const EXTENSION_ID = 'lambda-workbench.lambda-workbench';

interface Manifest {
  contributes?: { commands?: { command: string }[]; views?: Record<string, { id: string }[]> };
}

const tests: [string, () => Promise<void>][] = [
  [
    'the extension is installed and activates',
    async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is installed`);
      await ext.activate();
      assert.equal(ext.isActive, true);
    },
  ],
  [
    'every command in the manifest is registered',
    async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      await ext.activate();
      const contributed = ((ext.packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
      const registered = new Set(await vscode.commands.getCommands(true));
      assert.deepEqual(
        contributed.filter((c) => !registered.has(c)),
        [],
        'contributed but not registered',
      );
    },
  ],
  [
    'the Lambda view container opens',
    async () => {
      await vscode.commands.executeCommand('workbench.view.extension.lambdaWorkbench');
      await vscode.commands.executeCommand('lambdaWorkbench.explorer.focus');
    },
  ],
];

export async function run(): Promise<void> {
  let failed = 0;
  for (const [name, fn] of tests) {
    try {
      await fn();
      console.log(`ok - ${name}`);
    } catch (err) {
      failed++;
      console.error(`not ok - ${name}\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  console.log(`${tests.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} in-host test(s) failed`);
}
