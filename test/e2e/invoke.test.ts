// Invoke in a real VS Code (code-server): from the explorer's inline action with a saved event of the
// workspace, reading the result panel; then "Invoke locally" from the demo template's CodeLens, which
// runs the function from source on the local service; then a code edit shows on the next run.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eTest, Workbench } from './harness';

describe('invoke in code-server', () => {
  let wb: Workbench | undefined;
  before(
    async () => {
      wb = await Workbench.start({ fixture: 'demo', seedLocalService: true });
      // A saved event of the deployed function, as a team would have it in git.
      const dir = join(wb.workspace, '.lambda-workbench', 'events', 'demo-hello-dev');
      mkdirSync(dir, { recursive: true });
      const event = JSON.parse(readFileSync(join(wb.workspace, '.lambda-workbench/events/HelloFunction/get-hello.json'), 'utf8')) as {
        queryStringParameters: { name: string };
      };
      event.queryStringParameters.name = 'Grace';
      writeFileSync(join(dir, 'grace.json'), JSON.stringify(event, null, 2));
    },
    { timeout: 15 * 60_000 },
  );
  after(async () => {
    await wb?.close();
  });

  /** Keys typed while the webview has focus go to its page: give the workbench the focus back first. */
  async function closeEditors(wb: Workbench): Promise<void> {
    await wb.page.locator('.part.sidebar .composite.title').first().click();
    await wb.runCommand('View: Close All Editors');
  }

  /** The result panel's page (the newest webview). */
  const panel = () => wb!.page.frameLocator('iframe.webview').last().frameLocator('iframe');

  e2eTest(
    'invoke from the tree with a saved event shows the response, figures, log tail and history',
    () => wb,
    async (wb) => {
      await wb.openLambdaView();
      await wb.expandTreeItem('Local service');
      await wb.expandTreeItem('Functions');
      const row = await wb.treeItem('demo-hello-dev');
      await row.hover();
      const action = row.locator('.actions .action-label[aria-label^="Invoke Function"]').first();
      await action.waitFor({ timeout: 30_000 });
      await action.click();
      const items = await wb.quickPickItems();
      assert.ok(
        items.some((i) => /Sample events|S3 Put/.test(i)),
        `samples are offered: ${JSON.stringify(items)}`,
      );
      await wb.pickQuickItem('grace');
      const status = panel().locator('#status');
      await status.waitFor({ timeout: 120_000 });
      assert.match(await status.innerText(), /Succeeded/);
      assert.match(await status.innerText(), /HTTP 200/);
      const response = await panel().locator('#response').innerText();
      assert.match(response, /"statusCode": 200/);
      assert.match(response, /Hello, Grace!/);
      const report = (await panel().locator('#report').innerText()).replace(/\s+/g, ' ');
      assert.match(report, /Duration \d/);
      assert.match(report, /Memory \d+ MB of 256 MB/);
      assert.match(await panel().locator('#logTail').innerText(), /hello invoked/);
      assert.match(await panel().locator('#history').innerText(), /saved: grace/);
      assert.equal(await panel().locator('#showLogs').count(), 1);
      await wb.screenshot('invoke-result-tree', wb.page.locator('.monaco-workbench'));
      // Run again from the history: a second entry appears.
      await panel().locator('#runAgain').click();
      await panel().locator('#history li').nth(1).waitFor({ timeout: 120_000 });
      await closeEditors(wb);
    },
  );

  e2eTest(
    'invoke locally from the template CodeLens runs the source; an edit shows on the next run',
    () => wb,
    async (wb) => {
      await wb.openFile('template.yaml');
      const lens = wb.activeEditor().locator('.codelens-decoration a', { hasText: 'Invoke locally' }).first();
      await lens.waitFor({ timeout: 120_000 });
      await lens.click();
      await wb.pickQuickItem('get-hello');
      const status = panel().locator('#status');
      await status.waitFor({ timeout: 120_000 });
      assert.match(await status.innerText(), /Succeeded/);
      const response = await panel().locator('#response').innerText();
      assert.match(response, /Hello, Ada!/);
      // Globals' STAGE (!Ref Stage, default dev) reached the function.
      assert.match(response, /\\"stage\\":\\"dev\\"/);
      await wb.screenshot('invoke-local-codelens', wb.page.locator('.monaco-workbench'));

      // Edit the handler on disk: the next run uses it without any deploy.
      const file = join(wb.workspace, 'src/hello/index.js');
      writeFileSync(file, readFileSync(file, 'utf8').replace('message: greet(name)', "message: greet(name) + ' (edited)'"));
      await panel().locator('#runAgain').click();
      await panel().locator('#response', { hasText: '(edited)' }).waitFor({ timeout: 120_000 });
      await wb.waitForOutput(/Local function \S+-HelloFunction created/);
      await wb.screenshot('invoke-local-edited', wb.page.locator('.monaco-workbench'));
      await closeEditors(wb);
    },
  );

  e2eTest(
    'a function error shows its type and message, and its stack frame opens the handler file',
    () => wb,
    async (wb) => {
      await wb.runCommand('Lambda: Invoke Locally from Template…');
      await wb.pickQuickItem('OrdersFunction');
      await wb.pickQuickItem('empty-order');
      const error = panel().locator('#error');
      await error.waitFor({ timeout: 120_000 });
      assert.match(await panel().locator('#status').innerText(), /Function error \(Unhandled\)/);
      assert.match(await error.innerText(), /An order needs at least one line/);
      const link = error.locator('a', { hasText: 'index.mjs' }).first();
      await link.waitFor({ timeout: 30_000 });
      await wb.screenshot('invoke-local-function-error', wb.page.locator('.monaco-workbench'));
      await link.click();
      await wb.page.locator('.tabs-container .tab', { hasText: 'index.mjs' }).first().waitFor({ timeout: 30_000 });
      await closeEditors(wb);
    },
  );

  e2eTest(
    'debug locally stops at a breakpoint in the handler, then shows the result',
    () => wb,
    async (wb) => {
      await wb.openFile('src/orders/index.mjs');
      // Breakpoint on line 8 (the total): go to the line, toggle with F9.
      await wb.activeEditor().click();
      await wb.page.keyboard.press('Control+G');
      await wb.page.keyboard.type('8');
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.press('F9');
      await wb.activeEditor().locator('.codicon-debug-breakpoint').first().waitFor({ timeout: 30_000 });
      await wb.runCommand('Lambda: Debug Locally from Template…');
      await wb.pickQuickItem('OrdersFunction');
      await wb.pickQuickItem('two-lines');
      // Paused: the editor marks the stopped line and the debug toolbar offers Continue.
      await wb.page.locator('.codicon-debug-stackframe, .debug-top-stack-frame-column').first().waitFor({ timeout: 120_000 });
      await wb.page
        .locator('.debug-call-stack', { hasText: /Paused On Breakpoint/i })
        .first()
        .waitFor({ timeout: 30_000 });
      assert.match(await wb.page.locator('.debug-call-stack').first().innerText(), /handler/);
      await wb.screenshot('debug-local-breakpoint', wb.page.locator('.monaco-workbench'));
      const cont = wb.page.locator('.debug-toolbar .action-label.codicon-debug-continue').first();
      await cont.waitFor({ timeout: 30_000 });
      await cont.click();
      const response = panel().locator('#response');
      await response.waitFor({ timeout: 120_000 });
      assert.match(await response.innerText(), /"total": 28\.6/);
      assert.match(await response.innerText(), /"currency": "EUR"/);
      // It ran in a local-service environment: the log tail shows its inspector and Lambda's own lines.
      const tail = await panel().locator('#logTail').innerText();
      assert.match(tail, /Debugger listening on ws:\/\/127\.0\.0\.1:\d+\//);
      assert.match(tail, /^REPORT RequestId: /m);
      await wb.screenshot('debug-local-result', wb.page.locator('.monaco-workbench'));
      // The debug environment serves that one invocation: its process exits and the session ends.
      await wb.page.locator('.debug-toolbar').first().waitFor({ state: 'hidden', timeout: 30_000 });
    },
  );

  e2eTest(
    'from the palette, an invalid JSON payload in the editor is refused with its line and column',
    () => wb,
    async (wb) => {
      // Close any toast; opening the file below makes it the active editor the invoke reads.
      await wb.page.keyboard.press('Escape');
      writeFileSync(join(wb.workspace, 'bad-payload.json'), '{\n  "name": "x",\n}\n');
      await wb.openFile('bad-payload.json');
      // The ended debug session may bring its handler file back to the front: make the payload file the
      // active editor before invoking (the palette reads the active editor).
      await wb.page.locator('.tabs-container .tab.active', { hasText: 'bad-payload.json' }).first().waitFor({ timeout: 30_000 });
      await wb.activeEditor().click();
      await wb.page.locator('.tabs-container .tab.active', { hasText: 'bad-payload.json' }).first().waitFor({ timeout: 30_000 });
      await wb.runCommand('Lambda: Invoke Function…');
      await wb.pickQuickItem('demo-hello-dev');
      // The qualifier: empty means $LATEST. Wait for the qualifier box itself (its placeholder): the
      // function picker's own input is still on screen for a moment, and an Enter there was lost.
      await wb.page.locator('.quick-input-widget .quick-input-box input[placeholder="$LATEST"]').waitFor({ timeout: 30_000 });
      await wb.page.keyboard.press('Enter');
      await wb.pickQuickItem('Active editor');
      const text = await wb.waitForNotification(/not valid JSON/);
      assert.match(text, /line 3, column 1/);
      await wb.screenshot('invoke-invalid-json', wb.page.locator('.monaco-workbench'));
    },
  );
});
