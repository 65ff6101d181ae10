// The harness's own helpers against what VS Code itself does (built-in JSON diagnostics, the Output
// panel, the palette), so a later flow that fails points at the extension, not at the harness.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { e2eTest, suiteWorkbench } from './harness';

describe('e2e harness helpers in code-server', () => {
  const wb = suiteWorkbench({ fixture: 'demo' });

  e2eTest('openFile and editorText show a workspace file', wb, async (wb) => {
    await wb.openFile('.lambda-workbench/events/OrdersFunction/two-lines.json');
    const text = await wb.editorText();
    assert.match(text, /"orderId": "ord-1001"/);
  });

  e2eTest('typeInEditor edits, and problems() reads the diagnostics it causes', wb, async (wb) => {
    await wb.openFile('.lambda-workbench/events/OrdersFunction/two-lines.json');
    await wb.typeInEditor('oops ', { line: 2, column: 3 });
    assert.match(await wb.waitForEditorText(/oops/), /^ {2}oops "orderId"/m);
    const problems = await wb.problems({ atLeast: 1 });
    assert.ok(
      problems.some((p) => /two-lines\.json/.test(p)),
      `problems: ${JSON.stringify(problems)}`,
    );
    assert.ok(
      problems.some((p) => /line 2/.test(p)),
      `a problem on line 2: ${JSON.stringify(problems)}`,
    );
    await wb.runCommand('File: Revert File');
  });

  e2eTest("showOutput shows the extension's output channel in the Output panel", wb, async (wb) => {
    const text = await wb.showOutput(/Activated in/);
    assert.match(text, /\[info\] Activated in \d+ ms/);
  });

  e2eTest("runCommand opens a command's quick pick, and quickPickItems reads it", wb, async (wb) => {
    await wb.runCommand('Lambda: Switch Connection');
    const items = await wb.quickPickItems();
    await wb.page.keyboard.press('Escape');
    assert.ok(
      items.some((i) => i.startsWith('Local service')),
      `items: ${JSON.stringify(items)}`,
    );
  });

  e2eTest('waitForNotification, notifications() and clipboardText() read what a copy command did', wb, async (wb) => {
    await wb.runCommand('Lambda: Copy Local Service Endpoint');
    const message = await wb.waitForNotification(/^Copied http:\/\/127\.0\.0\.1:\d+/);
    assert.ok((await wb.notifications()).includes(message));
    const endpoint = /^Copied (http:\/\/127\.0\.0\.1:\d+)/.exec(message)?.[1];
    assert.equal(await wb.clipboardText(), endpoint);
    // The message names the keys file; the keys themselves never reach the screen or the log.
    const keysFile = /in (\/\S+credentials\.json)/.exec(message)?.[1];
    assert.ok(keysFile && existsSync(keysFile), `the keys file ${keysFile} exists`);
    const { secretAccessKey } = JSON.parse(readFileSync(keysFile, 'utf8')) as { secretAccessKey: string };
    assert.ok(secretAccessKey.length >= 20);
    assert.ok(!message.includes(secretAccessKey), 'the notification does not show the secret key');
    assert.ok(!wb.outputLog().includes(secretAccessKey), 'the output channel does not show the secret key');
  });
});
