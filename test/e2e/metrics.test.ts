// The metrics panel in a real VS Code (code-server), against the extension's own local service: a
// function is invoked four times (one fails), "Show Metrics" from its context menu draws the charts
// with uPlot, the legend adds the invocations and errors up, a longer range redraws them, a click on
// the chart opens the log search of that time, and a function never invoked shows the empty state.
// Screenshots in test-results/ (metrics-panel.png).
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  PublishVersionCommand,
  InvokeCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
  type InvokeCommandOutput,
} from '@aws-sdk/client-lambda';
import type { Locator } from 'playwright-core';
import { e2eTest, Workbench } from './harness';
import { makeZip } from '../integration/local/zip';

const HANDLER = `exports.handler = async (event) => {
  if (event && event.fail) throw new Error('asked to fail');
  console.log('metrics e2e', JSON.stringify(event));
  return { ok: true };
};`;

const FN = 'metrics-demo';
const IDLE = 'metrics-idle';
const INVOKES = 4;
const ALIAS = 'live';

describe('metrics panel in code-server', () => {
  let wb: Workbench | undefined;
  let lambda: LambdaClient | undefined;

  before(
    async () => {
      wb = await Workbench.start({ fixture: 'demo', seedLocalService: true });
      await wb.openLambdaView();
      await wb.expandTreeItem('Local service');
      const m = await wb.waitForOutput(/Local service listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const keys = JSON.parse(readFileSync(join(wb.localDataDir!, 'credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
      lambda = new LambdaClient({ endpoint: m[1], region: 'us-east-1', credentials: keys, maxAttempts: 2 });
      for (const name of [FN, IDLE]) {
        await lambda.send(
          new CreateFunctionCommand({
            FunctionName: name,
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role: 'arn:aws:iam::000000000000:role/r',
            Code: { ZipFile: await makeZip({ 'index.js': HANDLER }) },
          }),
        );
        await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: name });
      }
      // A published version with an alias: the first invoke goes through the alias.
      const version = await lambda.send(new PublishVersionCommand({ FunctionName: FN }));
      await lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: ALIAS, FunctionVersion: version.Version! }));
      for (let i = 0; i < INVOKES; i++) {
        const out: InvokeCommandOutput = await lambda.send(
          new InvokeCommand({
            FunctionName: FN,
            Payload: Buffer.from(JSON.stringify({ n: i, fail: i === INVOKES - 1 })),
            ...(i === 0 ? { Qualifier: ALIAS } : {}),
          }),
        );
        assert.equal(out.FunctionError === 'Unhandled', i === INVOKES - 1, `invoke ${i}`);
      }
    },
    { timeout: 15 * 60_000 },
  );
  after(async () => {
    lambda?.destroy();
    await wb?.close();
  });

  /** The metrics page: the webview whose inner frame has the chart list. */
  const panel = () => wb!.page.frameLocator('iframe.webview').first().frameLocator('iframe');
  const legendValue = (metric: string) => panel().locator(`.chart .legend-item[data-metric="${metric}"][data-target="0"] .value`).first();

  async function contextMenu(row: Locator, entry: string): Promise<void> {
    await row.click({ button: 'right' });
    const item = wb!.page.locator('.context-view .monaco-menu .action-item', { hasText: entry }).first();
    await item.waitFor({ timeout: 30_000 });
    // A menu ignores a click that lands right as it opens (as explorer.test.ts found): click again while it is still open.
    const menu = wb!.page.locator('.context-view .monaco-menu').first();
    for (let attempt = 0; attempt < 5; attempt++) {
      await item.click().catch(() => undefined);
      if (
        await menu.waitFor({ state: 'hidden', timeout: 2000 }).then(
          () => true,
          () => false,
        )
      )
        return;
    }
    throw new Error(`the context menu entry "${entry}" did not run`);
  }

  e2eTest(
    'Show Metrics from the context menu draws the charts; the legend counts the invocations and the error',
    () => wb,
    async (wb) => {
      await wb.openLambdaView();
      // The functions were created behind the explorer's back: refresh its list (the row's inline action).
      const functions = await wb.expandTreeItem('Functions');
      await functions.hover();
      await functions.locator('.actions .action-label[aria-label^="Refresh"]').first().click();
      await contextMenu(await wb.treeItem(FN), 'Show Metrics');
      await wb.page
        .locator('.tabs-container .tab', { hasText: `Metrics: ${FN}` })
        .first()
        .waitFor({ timeout: 60_000 });
      await panel().locator('.chart[data-chart="invocations"] canvas').first().waitFor({ timeout: 120_000 });
      for (const id of ['invocations', 'duration', 'throttles', 'concurrency']) {
        assert.equal(await panel().locator(`.chart[data-chart="${id}"] canvas`).count(), 1, `${id} chart drawn on a canvas`);
      }
      assert.equal(await legendValue('invocations').innerText(), String(INVOKES));
      assert.equal(await legendValue('errors').innerText(), '1');
      assert.match(await legendValue('p50').innerText(), /^\d+(\.\d+)? ms$/);
      assert.match(await panel().locator('#status').innerText(), /Period 1 min · 60 points/);
      assert.equal(await panel().locator('#series input[data-all]').isChecked(), true);
      await wb.screenshot('metrics-panel');
    },
  );

  e2eTest(
    'the alias and the version are offered as series; the alias counts only what ran through it',
    () => wb,
    async (wb) => {
      const alias = panel().locator(`#series input[data-qualifier="${ALIAS}"]`);
      assert.equal(await alias.isChecked(), false);
      assert.equal(await panel().locator('#series input[data-qualifier="1"]').count(), 1, 'version 1 is offered');
      await alias.check();
      const aliasInvocations = panel().locator(`.chart .legend-item[data-metric="invocations"][data-target="1"] .value`).first();
      await aliasInvocations.waitFor({ timeout: 60_000 });
      assert.equal(await aliasInvocations.innerText(), '1');
      assert.match(
        await panel().locator('.chart .legend-item[data-metric="invocations"][data-target="1"] .name').first().innerText(),
        new RegExp(`Invocations · ${ALIAS}`),
      );
      assert.equal(await legendValue('invocations').innerText(), String(INVOKES));
      await wb.screenshot('metrics-panel-alias');
      await alias.uncheck();
      await panel().locator('.chart .legend-item[data-target="1"]').first().waitFor({ state: 'detached', timeout: 60_000 });
    },
  );

  e2eTest(
    'a longer range redraws with the same totals at the period the range calls for',
    () => wb,
    async (wb) => {
      await panel().locator('#range').selectOption('1w');
      await panel()
        .locator('#status', { hasText: /Period 15 min · 672 points/ })
        .waitFor({ timeout: 60_000 });
      await panel().locator('.chart[data-chart="invocations"] canvas').first().waitFor({ timeout: 60_000 });
      assert.equal(await legendValue('invocations').innerText(), String(INVOKES));
      await panel().locator('#duration').selectOption('avgmax');
      await legendValue('avg').waitFor({ timeout: 60_000 });
      assert.equal(await legendValue('p50').count(), 0);
      await wb.screenshot('metrics-panel-week');
    },
  );

  e2eTest(
    'the charts follow the theme: switching between light and dark redraws them in its colours',
    () => wb,
    async (wb) => {
      const themeBlue = () =>
        panel()
          .locator('body')
          .evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-charts-blue').trim());
      const item = (extra = '') => panel().locator(`.chart[data-chart="invocations"] .legend-item[data-metric="invocations"]${extra}`).first();
      const before = await themeBlue();
      assert.ok(before, 'the theme sets --vscode-charts-blue');
      assert.equal(await item().getAttribute('data-colour'), before);
      await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
      // Redrawn: the invocations series takes the new theme's blue.
      const redrawn = item(`:not([data-colour="${before}"])`);
      await redrawn.waitFor({ timeout: 60_000 });
      const after = await themeBlue();
      assert.notEqual(after, before);
      assert.equal(await redrawn.getAttribute('data-colour'), after);
      assert.equal(await panel().locator('.chart[data-chart="invocations"] canvas').count(), 1);
      await wb.screenshot('metrics-panel-light');
      await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
      await item(`[data-colour="${before}"]`).waitFor({ timeout: 60_000 });
    },
  );

  e2eTest(
    'auto refresh reads the metrics again while the panel is shown',
    () => wb,
    async (wb) => {
      const status = panel().locator('#status');
      const first = /updated ([^·]+)/.exec(await status.innerText())?.[1]?.trim();
      assert.ok(first, 'the status says when the data was read');
      await panel().locator('#refresh').selectOption('10000');
      await wb.waitForOutput(new RegExp(`Metrics of ${FN}: auto refresh every 10 s`));
      await status.filter({ hasText: 'auto refresh every 10 s' }).waitFor({ timeout: 30_000 });
      // The next read lands within the interval: the time it was read moves on.
      await status
        .filter({ hasNotText: `updated ${first}` })
        .filter({ hasText: /updated / })
        .waitFor({ timeout: 30_000 });
      assert.equal(await legendValue('invocations').innerText(), String(INVOKES));
    },
  );

  e2eTest(
    'a click on the chart opens the log search of that time',
    () => wb,
    async (wb) => {
      const over = panel().locator('.chart[data-chart="invocations"] .u-over').first();
      const box = await over.boundingBox();
      assert.ok(box, 'the chart has a plot area');
      // The invokes ran in the last slot of the range: its point sits at the right edge.
      await over.click({ position: { x: box.width - 2, y: box.height / 2 } });
      await wb.page
        .locator('.tabs-container .tab', { hasText: `Logs: ${FN}` })
        .first()
        .waitFor({ timeout: 60_000 });
      // The log panel covers the metrics panel: its auto refresh stops while it is hidden.
      await wb.waitForOutput(new RegExp(`Metrics of ${FN}: auto refresh paused \\(panel hidden\\)`));
    },
  );

  e2eTest(
    'the Metrics CodeLens over a template function opens the panel of the function it was deployed as',
    () => wb,
    async (wb) => {
      // Keys typed while a webview has the focus go to its page: give the workbench the focus back first.
      await wb.page.locator('.part.sidebar .composite.title').first().click();
      await wb.openFile('template.yaml');
      const lens = wb.activeEditor().locator('.codelens-decoration a', { hasText: 'Metrics' }).first();
      await lens.waitFor({ timeout: 120_000 });
      await lens.click();
      await wb.page.locator('.tabs-container .tab', { hasText: 'Metrics: demo-hello-dev' }).first().waitFor({ timeout: 60_000 });
      const page = wb.page.frameLocator('iframe.webview').last().frameLocator('iframe');
      await page.locator('#title', { hasText: 'demo-hello-dev' }).waitFor({ timeout: 60_000 });
      // The seed invoked each demo function once.
      await page.locator('.chart[data-chart="invocations"] .legend-item[data-metric="invocations"] .value', { hasText: /^1$/ }).waitFor({ timeout: 60_000 });
    },
  );

  e2eTest(
    'a function never invoked shows the empty state',
    () => wb,
    async (wb) => {
      await wb.page.locator('.part.sidebar .composite.title').first().click();
      await wb.runCommand('Lambda: Show Metrics');
      await wb.pickQuickItem(IDLE);
      const idle = wb.page.frameLocator('iframe.webview').last().frameLocator('iframe');
      await idle.locator('.empty', { hasText: 'No invocations in this range.' }).waitFor({ timeout: 120_000 });
      await wb.screenshot('metrics-panel-empty');
    },
  );
});
