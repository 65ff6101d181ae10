// Deploy in a real VS Code (code-server): the demo's HelloFunction is deployed from the template's
// "Deploy" CodeLens, its code is changed in the editor, the old package still answers, a second
// CodeLens deploy ships the change and the next invoke returns the new output; a third deploy of the
// same code uploads nothing and says so. Screenshots go to test-results/.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { freeLoopbackPort } from '../../src/core/ports';
import { basename, join } from 'node:path';
import { GetAliasCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { e2eTest, Workbench } from './harness';

const FUNCTION = 'demo-hello-dev';
const HANDLER_FILE = 'src/hello/index.js';

describe('deploy from the template CodeLens in code-server', () => {
  let wb: Workbench | undefined;
  let lambda: LambdaClient | undefined;
  let port = 0;

  before(
    async () => {
      port = await freeLoopbackPort();
      // A fixed port lets this test invoke the extension's own local service with the SDK.
      wb = await Workbench.start({ fixture: 'demo', seedLocalService: true, settings: { 'lambdaWorkbench.localService.port': port } });
    },
    { timeout: 15 * 60_000 },
  );
  after(async () => {
    lambda?.destroy();
    await wb?.close();
  });

  /** The message of the greeting the deployed function returns now. */
  function sdk(wb: Workbench): LambdaClient {
    if (!lambda) {
      const keys = JSON.parse(readFileSync(join(wb.localDataDir!, 'credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
      lambda = new LambdaClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
    }
    return lambda;
  }

  async function invokeMessage(wb: Workbench): Promise<string> {
    const out = await sdk(wb).send(new InvokeCommand({ FunctionName: FUNCTION, Payload: JSON.stringify({ queryStringParameters: { name: 'e2e' } }) }));
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

  /** The progress notification of a deploy is gone (it closes once the work is done). */
  async function settled(wb: Workbench): Promise<void> {
    await wb.page
      .locator('.notifications-toasts .notification-list-item-message', { hasText: /^Deploying / })
      .first()
      .waitFor({ state: 'hidden', timeout: 60_000 });
  }

  async function dismissNotifications(wb: Workbench): Promise<void> {
    await wb.runCommand('Notifications: Clear All Notifications');
  }

  e2eTest(
    'a code change reaches the function only through the CodeLens deploy; a redeploy of the same code uploads nothing',
    () => wb,
    async (wb) => {
      // 1. First deploy: the seeded function (run from its source folder) gets a zip of the template's code.
      await clickDeployLens(wb);
      const first = await wb.waitForNotification(new RegExp(`Updated ${FUNCTION}|${FUNCTION} already runs`));
      assert.match(first, new RegExp(FUNCTION));
      await settled(wb);
      await wb.screenshot('deploy-codelens-first', wb.page.locator('.monaco-workbench'));
      assert.equal(await invokeMessage(wb), 'Hello, e2e!');
      await dismissNotifications(wb);

      // 2. Change the handler in the editor and save: the deployed package is a snapshot, so the
      // function still answers the old way.
      await wb.openFile(HANDLER_FILE);
      const line =
        readFileSync(join(wb.workspace, HANDLER_FILE), 'utf8')
          .split('\n')
          .findIndex((l) => l.includes('message: greet(name)')) + 1;
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
      await settled(wb);
      await wb.screenshot('deploy-codelens-updated', wb.page.locator('.monaco-workbench'));
      assert.equal(await invokeMessage(wb), 'Hello, e2e! (deployed v2)');
      await dismissNotifications(wb);

      // 4. The same code again: nothing uploaded, and the user is told.
      await clickDeployLens(wb);
      const third = await wb.waitForNotification(/No change/);
      assert.match(third, /already runs this code; nothing uploaded/);
      await settled(wb);
      await wb.screenshot('deploy-codelens-unchanged', wb.page.locator('.monaco-workbench'));
      const log = wb.outputLog();
      assert.match(log, /Updated demo-hello-dev/);
      assert.ok(
        !log.includes(JSON.parse(readFileSync(join(wb.localDataDir!, 'credentials.json'), 'utf8')).secretAccessKey),
        'the local secret key never reaches the log',
      );
    },
  );

  /** Runs a palette command by clicking its own row (Enter would run the top match, maybe a longer title). */
  async function run(wb: Workbench, label: string): Promise<void> {
    const input = await wb.openQuickInput('>');
    await input.fill(`>${label}`);
    const name = wb.page.locator('.label-name', { hasText: new RegExp(`^${label}…?$`) });
    const row = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { has: name }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.click();
  }

  /** Waits until the quick input shows the step titled `title` (the previous step has closed). */
  async function step(wb: Workbench, title: string): Promise<void> {
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ timeout: 60_000 });
  }

  /** Types into the open InputBox and presses Enter. */
  async function answer(wb: Workbench, text: string): Promise<void> {
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 60_000 });
    await input.fill(text);
    await wb.page.keyboard.press('Enter');
  }

  /** Types into the open InputBox and returns the validation message it shows. */
  async function refused(wb: Workbench, text: string, re: RegExp): Promise<string> {
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 60_000 });
    await input.fill(text);
    const message = wb.page.locator('.quick-input-widget .quick-input-message', { hasText: re }).first();
    await message.waitFor({ timeout: 60_000 });
    return (await message.innerText()).trim();
  }

  e2eTest(
    'configuration, versions, alias and traffic shift from the palette, with validation before sending',
    () => wb,
    async (wb) => {
      const fn = () => sdk(wb).send(new GetFunctionConfigurationCommand({ FunctionName: FUNCTION }));
      // Memory: 64 MB is refused in the box, 512 is applied; the menu comes back and Escape closes it.
      await run(wb, 'Lambda: Edit Configuration');
      await step(wb, 'Edit Configuration');
      await wb.pickQuickItem(FUNCTION);
      await step(wb, `Configuration of ${FUNCTION}`);
      await wb.pickQuickItem('Memory');
      await step(wb, `Memory of ${FUNCTION}`);
      const memoryProblem = await refused(wb, '64', /128/);
      assert.match(memoryProblem, /10240/, 'the range is said');
      await wb.screenshot('deploy-config-memory-refused', wb.page.locator('.quick-input-widget'));
      await answer(wb, '512');
      await step(wb, `Configuration of ${FUNCTION}`);
      await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: '512 MB' }).first().waitFor({ timeout: 60_000 });
      await wb.page.keyboard.press('Escape');
      assert.equal((await fn()).MemorySize, 512);

      // Two versions: one of the current configuration, one after a description change.
      await run(wb, 'Lambda: Publish Version');
      await step(wb, 'Publish Version');
      await wb.pickQuickItem(FUNCTION);
      await step(wb, `Publish a version of ${FUNCTION}`);
      await answer(wb, 'first');
      const v1 = /Published version (\d+)/.exec(await wb.waitForNotification(/Published version \d+ of demo-hello-dev/))![1];
      await dismissNotifications(wb);
      await run(wb, 'Lambda: Edit Configuration');
      await step(wb, 'Edit Configuration');
      await wb.pickQuickItem(FUNCTION);
      await step(wb, `Configuration of ${FUNCTION}`);
      await wb.pickQuickItem('Description');
      await step(wb, `Description of ${FUNCTION}`);
      await answer(wb, 'second release');
      await step(wb, `Configuration of ${FUNCTION}`);
      await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'second release' }).first().waitFor({ timeout: 60_000 });
      await wb.page.keyboard.press('Escape');
      await run(wb, 'Lambda: Publish Version');
      await step(wb, 'Publish Version');
      await wb.pickQuickItem(FUNCTION);
      await step(wb, `Publish a version of ${FUNCTION}`);
      await answer(wb, 'second');
      const v2 = /Published version (\d+)/.exec(await wb.waitForNotification(new RegExp(`Published version (?!${v1}\\b)\\d+ of demo-hello-dev`)))![1];
      assert.notEqual(v1, v2);
      await dismissNotifications(wb);

      // Alias live -> v1, then 25% of its traffic to v2 (150 is refused first), then rolled back.
      await run(wb, 'Lambda: Create Alias');
      await step(wb, 'Create Alias');
      await wb.pickQuickItem(FUNCTION);
      await step(wb, `New alias of ${FUNCTION}`);
      await answer(wb, 'live');
      await step(wb, 'Version that live points to');
      await wb.pickQuickItem(v1);
      await wb.waitForNotification(new RegExp(`Alias live of demo-hello-dev points to version ${v1}`));
      await dismissNotifications(wb);
      await run(wb, 'Lambda: Shift Alias Traffic');
      await step(wb, 'Shift Traffic');
      await wb.pickQuickItem(FUNCTION);
      await step(wb, `which alias of ${FUNCTION}`);
      await wb.pickQuickItem('live');
      await step(wb, "Shift part of live's traffic");
      await wb.pickQuickItem(v2);
      await step(wb, `live: percent of traffic to version ${v2}`);
      assert.match(await refused(wb, '150', /0 to 100/), /150/);
      await wb.screenshot('deploy-traffic-weight-refused', wb.page.locator('.quick-input-widget'));
      await answer(wb, '25');
      const shifted = await wb.waitForNotification(/live -> /);
      assert.match(shifted, new RegExp(`${v1} \\(75%\\), ${v2} \\(25%\\)`));
      const alias = await sdk(wb).send(new GetAliasCommand({ FunctionName: FUNCTION, Name: 'live' }));
      assert.equal(alias.FunctionVersion, v1);
      assert.deepEqual(alias.RoutingConfig?.AdditionalVersionWeights, { [v2]: 0.25 });
      // The explorer reloads the function: its alias row shows the split, and later the roll back.
      await dismissNotifications(wb);
      await wb.openLambdaView();
      await wb.expandTreeItem('Local service');
      await wb.expandTreeItem('Functions');
      await wb.expandTreeItem(FUNCTION);
      await wb.expandTreeItem('Aliases');
      await wb.treeItem(new RegExp(`^live .*${v1} \\(75%\\), ${v2} \\(25%\\)`));
      await wb.screenshot('deploy-traffic-shifted', wb.page.locator('.part.sidebar'));
      await run(wb, 'Lambda: Roll Back Alias Traffic');
      await step(wb, 'Roll Back Traffic');
      await wb.pickQuickItem(FUNCTION);
      await step(wb, `which alias of ${FUNCTION}`);
      await wb.pickQuickItem('live');
      await wb.waitForNotification(new RegExp(`live -> ${v1}$`));
      const back = await sdk(wb).send(new GetAliasCommand({ FunctionName: FUNCTION, Name: 'live' }));
      assert.equal(Object.keys(back.RoutingConfig?.AdditionalVersionWeights ?? {}).length, 0);
      await wb.treeItem(new RegExp(`^live -> ${v1}$`));
      await wb.screenshot('deploy-traffic-rolled-back', wb.page.locator('.part.sidebar'));
    },
  );

  e2eTest(
    'Download Code writes the package into the workspace and asks before touching existing files',
    () => wb,
    async (wb) => {
      const target = join(wb.workspace, FUNCTION);
      const download = async () => {
        await run(wb, 'Lambda: Download Code');
        await step(wb, 'Download Code');
        await wb.pickQuickItem(FUNCTION);
        await step(wb, `Download ${FUNCTION} into`);
        await wb.pickQuickItem(join(basename(wb.workspace), FUNCTION));
      };
      await download();
      const first = await wb.waitForNotification(new RegExp(`Downloaded ${FUNCTION}: \\d+ files? into ${FUNCTION}`));
      assert.doesNotMatch(first, /kept/);
      assert.match(readFileSync(join(target, 'index.js'), 'utf8'), /deployed v2/, 'the deployed code, not the seed');
      await dismissNotifications(wb);

      // A local edit, then the same download: the user is asked, keeps their file, nothing is overwritten.
      writeFileSync(join(target, 'index.js'), '// mine\n');
      await download();
      const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'already exist' }).first();
      await dialog.waitFor({ timeout: 60_000 });
      assert.match(await dialog.innerText(), /index\.js/);
      await wb.screenshot('deploy-download-conflict', dialog);
      await dialog.locator('.monaco-button', { hasText: 'Keep Mine' }).first().click();
      const second = await wb.waitForNotification(/kept \d+ existing file/);
      assert.match(second, /Downloaded demo-hello-dev/);
      assert.equal(readFileSync(join(target, 'index.js'), 'utf8'), '// mine\n');
    },
  );
});
