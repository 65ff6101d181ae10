// Local APIs in a real VS Code (code-server): "Start local API" from the demo template's CodeLens
// (its HelloFunction has an HttpApi GET /hello event), the status bar item and the explorer's Local
// APIs folder with the route, the request panel opened from the route: send a request and read the
// JSON answer, edit the handler on disk and see the new answer on the next Send without a restart,
// copy the request as curl, then stop the API and find its port closed.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eTest, Workbench } from './harness';

const STATUS_ID = 'lambdaWorkbench.localApi';

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('local APIs in code-server', () => {
  let wb: Workbench | undefined;
  let port = 0;
  before(
    async () => {
      // Port 0: a free port, so the test never meets another program on 3000.
      wb = await Workbench.start({ fixture: 'demo', settings: { 'lambdaWorkbench.localApi.port': 0 } });
    },
    { timeout: 15 * 60_000 },
  );
  after(async () => {
    await wb?.close();
  });

  /** The request panel's page (the newest webview). */
  const panel = () => wb!.page.frameLocator('iframe.webview').last().frameLocator('iframe');

  e2eTest(
    'Start local API from the CodeLens: status bar item, Local APIs folder with the route',
    () => wb,
    async (wb) => {
      await wb.openFile('template.yaml');
      const lens = wb.activeEditor().locator('.codelens-decoration a', { hasText: 'Start local API' }).first();
      await lens.waitFor({ timeout: 120_000 });
      await lens.click();
      await wb.waitForNotification(/Serving 1 route of template\.yaml at http:\/\/127\.0\.0\.1:\d+/);
      const text = await wb.statusBarText(STATUS_ID);
      const m = /API :(\d+)/.exec(text);
      assert.ok(m, `status bar item: ${text}`);
      port = Number(m[1]);
      assert.ok(await listening(port), `the API listens on ${port}`);
      // The function behind the route was created on the local service from source.
      await wb.waitForOutput(/Local function \S+-HelloFunction created/);
      await wb.waitForOutput(new RegExp(`Local API of template\\.yaml at http://127\\.0\\.0\\.1:${port}: GET /hello → HelloFunction`));

      await wb.openLambdaView();
      await wb.expandTreeItem('Local service');
      await wb.expandTreeItem('Local APIs');
      const api = await wb.treeItem(/template\.yaml/);
      assert.match(await wb.rowText(api), new RegExp(`http://127\\.0\\.0\\.1:${port} · 1 route`));
      const route = await wb.treeItem('GET /hello → HelloFunction');
      assert.match(await wb.rowText(route), /HTTP API/);
      await wb.screenshot('local-api-explorer', wb.page.locator('.monaco-workbench'));

      // The status item's click lists the routes (and copy / stop).
      await wb.statusBarItem(STATUS_ID).click();
      const items = await wb.quickPickItems();
      assert.ok(
        items.some((i) => i.includes('GET /hello → HelloFunction')),
        JSON.stringify(items),
      );
      assert.ok(
        items.some((i) => i.includes('Stop')),
        JSON.stringify(items),
      );
      await wb.page.keyboard.press('Escape');
    },
  );

  e2eTest(
    'the request panel sends a request from the route, shows the JSON answer, an edited handler answers without a restart, and the logs are in the log panel',
    () => wb,
    async (wb) => {
      const route = await wb.treeItem('GET /hello → HelloFunction');
      await route.click();
      const send = panel().locator('#send');
      await send.waitFor({ timeout: 60_000 });
      assert.equal(await panel().locator('#method').inputValue(), 'GET');
      assert.equal(await panel().locator('#path').inputValue(), '/hello');
      await panel().locator('#addQuery').click();
      await panel().locator('#query .row input.name').first().fill('name');
      await panel().locator('#query .row input.value').first().fill('Ada');
      assert.equal(await panel().locator('#url').innerText(), `http://127.0.0.1:${port}/hello?name=Ada`);
      await send.click();
      const status = panel().locator('#status');
      await status.waitFor({ timeout: 120_000 });
      assert.match(await status.innerText(), /200 OK/);
      assert.match(await status.innerText(), /\d+(\.\d+)? ms/);
      const body = await panel().locator('#responseBody').innerText();
      assert.match(body, /"message": "Hello, Ada!"/);
      // Globals' STAGE (!Ref Stage, default dev) reached the function.
      assert.match(body, /"stage": "dev"/);
      assert.match(await panel().locator('#responseHeaders').innerText(), /Headers \(\d+\)/);
      await wb.screenshot('local-api-request', wb.page.locator('.monaco-workbench'));

      // Edit the handler on disk: the next request runs it, with no restart of anything.
      const file = join(wb.workspace, 'src/hello/index.js');
      writeFileSync(file, readFileSync(file, 'utf8').replace('message: greet(name)', "message: greet(name) + ' (edited)'"));
      await send.click();
      await panel().locator('#responseBody', { hasText: 'Hello, Ada! (edited)' }).waitFor({ timeout: 120_000 });
      await panel().locator('#history li').nth(1).waitFor({ timeout: 30_000 });
      assert.match(await panel().locator('#history').innerText(), /GET \/hello\?name=Ada/);
      await wb.screenshot('local-api-edited', wb.page.locator('.monaco-workbench'));

      // Copy as curl: the same request as a command line.
      await panel().locator('#curl').click();
      const deadline = Date.now() + 30_000;
      let copied = '';
      while (!copied.startsWith('curl') && Date.now() < deadline) {
        copied = await wb.clipboardText();
        if (!copied.startsWith('curl')) await wb.page.waitForTimeout(100);
      }
      assert.equal(copied, `curl -i 'http://127.0.0.1:${port}/hello?name=Ada'`);

      // The requests' log lines are in the function's log group: Tail Logs opens its log panel.
      await panel().locator('#tailLogs').click();
      const logs = wb.page.frameLocator('iframe.webview').last().frameLocator('iframe');
      await logs.locator('.row.line', { hasText: 'hello invoked' }).first().waitFor({ timeout: 120_000 });
      assert.match(await logs.locator('#title').innerText(), /HelloFunction/);
      await wb.screenshot('local-api-logs', wb.page.locator('.monaco-workbench'));
      // Close the log panel's tab: the request panel is the newest webview again.
      const tab = wb.page.locator('.tabs-container .tab', { hasText: 'Logs:' }).first();
      await tab.hover();
      await tab.locator('.tab-actions .action-label').first().click();
      await tab.waitFor({ state: 'detached', timeout: 30_000 });
    },
  );

  e2eTest(
    'Stop Local API frees the port; the status item and the explorer say no API runs',
    () => wb,
    async (wb) => {
      // Keys typed while the webview has focus go to its page: give the workbench the focus back first.
      await wb.page.locator('.part.sidebar .composite.title').first().click();
      await wb.runCommand('Lambda: Stop Local API');
      await wb.statusBarItem(STATUS_ID).waitFor({ state: 'detached', timeout: 60_000 });
      assert.equal(await listening(port), false, `port ${port} is closed once Stop returned`);
      await wb.treeItem('No API running');
      // The panel stays for its history; Send is off until the API runs again.
      assert.equal(await panel().locator('#send').isDisabled(), true);
      await wb.screenshot('local-api-stopped', wb.page.locator('.monaco-workbench'));
    },
  );
});
