// Deploy in a real VS Code (code-server): the demo's HelloFunction is deployed from the template's
// "Deploy" CodeLens, its code is changed in the editor, the old package still answers, a second
// CodeLens deploy ships the change and the next invoke returns the new output; a third deploy of the
// same code uploads nothing and says so. Screenshots go to test-results/.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { e2eTest, Workbench } from './harness';

const FUNCTION = 'demo-hello-dev';
const HANDLER_FILE = 'src/hello/index.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('deploy from the template CodeLens in code-server', () => {
  let wb: Workbench | undefined;
  let lambda: LambdaClient | undefined;
  let port = 0;

  before(async () => {
    port = await freePort();
    // A fixed port lets this test invoke the extension's own local service with the SDK.
    wb = await Workbench.start({ fixture: 'demo', seedLocalService: true, settings: { 'lambdaWorkbench.localService.port': port } });
  }, { timeout: 15 * 60_000 });
  after(async () => {
    lambda?.destroy();
    await wb?.close();
  });

  /** The message of the greeting the deployed function returns now. */
  async function invokeMessage(wb: Workbench): Promise<string> {
    if (!lambda) {
      const keys = JSON.parse(readFileSync(join(wb.localDataDir!, 'credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
      lambda = new LambdaClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
    }
    const out = await lambda.send(new InvokeCommand({ FunctionName: FUNCTION, Payload: JSON.stringify({ queryStringParameters: { name: 'e2e' } }) }));
    const text = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
    assert.equal(out.FunctionError, undefined, `the function failed: ${text}`);
    return (JSON.parse((JSON.parse(text) as { body: string }).body) as { message: string }).message;
  }

  /** Clicks the first "Deploy" CodeLens of template.yaml (HelloFunction's: the layer has none). */
  async function clickDeployLens(wb: Workbench): Promise<void> {
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'template.yaml' }).first();
    // Quick Open once; afterwards its tab (Quick Open may keep the current editor when the file is open).
    if (await tab.isVisible().catch(() => false)) await tab.click();
    else await wb.openFile('template.yaml');
    await wb.waitForEditorText(/HelloFunction:/);
    const lens = wb.activeEditor().locator('.codelens-decoration a', { hasText: 'Deploy' }).first();
    await lens.waitFor({ timeout: 120_000 });
    await lens.click();
  }

  async function dismissNotifications(wb: Workbench): Promise<void> {
    await wb.runCommand('Notifications: Clear All Notifications');
  }

  e2eTest('a code change reaches the function only through the CodeLens deploy; a redeploy of the same code uploads nothing', () => wb, async (wb) => {
    // 1. First deploy: the seeded function (run from its source folder) gets a zip of the template's code.
    await clickDeployLens(wb);
    const first = await wb.waitForNotification(new RegExp(`Updated ${FUNCTION}|${FUNCTION} already runs`));
    assert.match(first, new RegExp(FUNCTION));
    await wb.screenshot('deploy-codelens-first', wb.page.locator('.monaco-workbench'));
    assert.equal(await invokeMessage(wb), 'Hello, e2e!');
    await dismissNotifications(wb);

    // 2. Change the handler in the editor and save: the deployed package is a snapshot, so the
    // function still answers the old way.
    await wb.openFile(HANDLER_FILE);
    const line = readFileSync(join(wb.workspace, HANDLER_FILE), 'utf8').split('\n').findIndex((l) => l.includes('message: greet(name)')) + 1;
    assert.ok(line > 0, 'the demo handler builds its message with greet(name)');
    const column = readFileSync(join(wb.workspace, HANDLER_FILE), 'utf8').split('\n')[line - 1].indexOf('greet(name)') + 'greet(name)'.length + 1;
    await wb.typeInEditor(" + ' (deployed v2)", { line, column });
    await wb.waitForEditorText(/greet\(name\) \+ ' \(deployed v2\)'/);
    await wb.page.keyboard.press('Control+S');
    const deadline = Date.now() + 60_000;
    while (!readFileSync(join(wb.workspace, HANDLER_FILE), 'utf8').includes("greet(name) + ' (deployed v2)'")) {
      assert.ok(Date.now() < deadline, `the edit was not saved: ${readFileSync(join(wb.workspace, HANDLER_FILE), 'utf8')}`);
      await wb.page.waitForTimeout(250);
    }
    await wb.screenshot('deploy-code-changed', wb.activeEditor());
    assert.equal(await invokeMessage(wb), 'Hello, e2e!', 'nothing changes before the deploy');

    // 3. Deploy from the CodeLens: the next invoke returns the new output.
    await clickDeployLens(wb);
    const second = await wb.waitForNotification(new RegExp(`Updated ${FUNCTION}`));
    assert.match(second, /Updated demo-hello-dev \(\d/);
    await wb.screenshot('deploy-codelens-updated', wb.page.locator('.monaco-workbench'));
    assert.equal(await invokeMessage(wb), 'Hello, e2e! (deployed v2)');
    await dismissNotifications(wb);

    // 4. The same code again: nothing uploaded, and the user is told.
    await clickDeployLens(wb);
    const third = await wb.waitForNotification(/No change/);
    assert.match(third, /already runs this code/);
    await wb.screenshot('deploy-codelens-unchanged', wb.page.locator('.monaco-workbench'));
    const log = wb.outputLog();
    assert.match(log, /Updated demo-hello-dev/);
    assert.ok(!log.includes(JSON.parse(readFileSync(join(wb.localDataDir!, 'credentials.json'), 'utf8')).secretAccessKey), 'the local secret key never reaches the log');
  });
});
