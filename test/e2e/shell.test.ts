// The extension's shell in a real VS Code: the Lambda view from the activity bar, the local connection
// in the explorer and the status bar, the activation time in the output channel, and a screenshot.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { e2eTest, suiteWorkbench } from './harness';

describe('extension shell in code-server', () => {
  const wb = suiteWorkbench({ fixture: 'demo' });

  e2eTest('the Lambda view opens from the activity bar', wb, async (wb) => {
    await wb.openLambdaView();
    const title = await wb.sideBarTitle();
    assert.match(title.toUpperCase(), /LAMBDA/, `side bar title is "${title}"`);
    const header = await wb.lambdaViewPane('Explorer').locator('.pane-header').innerText();
    assert.match(header.toUpperCase(), /EXPLORER/);
  });

  e2eTest('the explorer lists the local connection', wb, async (wb) => {
    await wb.openLambdaView();
    const row = await wb.treeItem('Local service');
    const items = await wb.treeItems();
    assert.ok(
      items.some((t) => t.includes('Local service')),
      `explorer rows: ${JSON.stringify(items)}`,
    );
    assert.equal(await row.getAttribute('aria-level'), '1', 'the connection is a top-level item');
  });

  e2eTest('the local connection expands to its functions and layers, without errors', wb, async (wb) => {
    await wb.openLambdaView();
    await wb.expandTreeItem('Local service');
    const pane = wb.lambdaViewPane('Explorer');
    const functions = pane.locator('.monaco-list-row', { hasText: 'Functions' }).first();
    const errorRow = pane.locator('.monaco-list-row:has(.codicon-error)').first();
    await functions.or(errorRow).first().waitFor({ timeout: 120_000 });
    const errors = await pane
      .locator('.monaco-list-row:has(.codicon-error)')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent));
    assert.deepEqual(errors, [], 'no error rows under the local connection');
    const items = await wb.treeItems();
    assert.ok(
      items.some((t) => t.startsWith('Functions')),
      `explorer rows: ${JSON.stringify(items)}`,
    );
    assert.ok(
      items.some((t) => t.startsWith('Layers')),
      `explorer rows: ${JSON.stringify(items)}`,
    );
  });

  e2eTest('the status bar shows the active connection', wb, async (wb) => {
    const text = await wb.statusBarText('lambdaWorkbench.connection');
    assert.match(text, /Local service/, `status bar item says "${text}"`);
  });

  e2eTest('the output channel reports the activation time', wb, async (wb) => {
    const m = await wb.waitForOutput(/Activated in (\d+(?:\.\d+)?) ?ms/);
    const ms = Number(m[1]);
    assert.ok(Number.isFinite(ms) && ms >= 0, `activation time "${m[1]}" is a number`);
    // And a user sees the same line in the Output panel.
    const shown = await wb.showOutput(/Activated in/);
    assert.ok(shown.includes(m[0]), `the Output panel shows "${m[0]}"`);
    console.log(`e2e: extension activated in ${ms} ms (from the "Lambda Workbench" output channel)`);
  });

  e2eTest('a screenshot of the Lambda view is saved', wb, async (wb) => {
    const sidebar = await wb.openLambdaView();
    await wb.treeItem('Local service');
    const view = await wb.screenshot('lambda-view', sidebar.locator('xpath=ancestor::div[contains(@class,"part") and contains(@class,"sidebar")]'));
    const whole = await wb.screenshot('lambda-view-workbench');
    for (const file of [view, whole]) {
      assert.ok(statSync(file).size > 5_000, `${file} holds a real picture`);
      console.log(`e2e: screenshot ${file}`);
    }
  });
});
