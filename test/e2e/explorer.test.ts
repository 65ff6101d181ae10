// The Lambda explorer in a real VS Code (code-server + Chromium), on a local service seeded through the
// SDK: functions, versions, a weighted alias and a layer show in the tree; Load more fetches the second
// page; the filter from the view title narrows the list; a connection whose credential_process fails
// shows its message with Retry while the local connection keeps working; Show configuration opens a
// read-only JSON document with the secret masked. Screenshots go to test-results/.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { e2eTest, Workbench } from './harness';
import {
  ALIAS_NAME,
  BULK_COUNT,
  bulkName,
  DEPRECATED_RUNTIME,
  LAYER_NAME,
  MAIN_FUNCTION,
  SECRET_VALUE,
  seedExplorerDataDir,
  type ExplorerSeed,
} from './explorerSeed';

const MEDIUM = 30_000;
const LONG = 120_000;
const BROKEN_PROFILE = 'broken';
const BROKEN_REGION = 'eu-west-1';
const BROKEN_ROOT = `${BROKEN_PROFILE} · ${BROKEN_REGION}`;
const BROKEN_MESSAGE = 'simulated: the identity broker is unreachable';

/**
 * An AWS config with one profile whose credential_process always fails (and counts its runs, so the
 * test can tell that Retry really tried again). It never reaches the network.
 */
function writeBrokenAwsConfig(): { dir: string; configFile: string; callsFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-e2e-explorer-aws-'));
  const callsFile = join(dir, 'calls');
  const script = join(dir, 'credentials.sh');
  writeFileSync(script, `#!/bin/sh\necho run >> '${callsFile}'\necho '${BROKEN_MESSAGE}' >&2\nexit 1\n`, { mode: 0o755 });
  const configFile = join(dir, 'config');
  writeFileSync(configFile, `[profile ${BROKEN_PROFILE}]\nregion = ${BROKEN_REGION}\ncredential_process = /bin/sh ${script}\n`);
  return { dir, configFile, callsFile };
}

function callCount(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** Polls `read` until `ok` holds; the last value goes into the failure message. */
async function eventually<T>(wb: Workbench, read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + LONG;
  for (;;) {
    const v = await read().catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}; last seen: ${JSON.stringify(v)}`);
    await wb.page.waitForTimeout(300);
  }
}

/** The "label description" text of the tree row whose label is exactly `label`, or undefined when not rendered. */
async function rowText(wb: Workbench, label: string): Promise<string | undefined> {
  const rows = await wb.treeItems();
  return rows.find((r) => r === label || r.startsWith(`${label} `));
}

async function collapseTreeItem(wb: Workbench, text: string): Promise<void> {
  const row = await wb.treeItem(text);
  if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
  await wb.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'false', await row.elementHandle(), { timeout: MEDIUM });
}

/** Clicks one of a row's inline action icons (they show on hover), by its title. */
async function clickInlineAction(row: Locator, title: string): Promise<void> {
  await row.hover();
  const action = row.locator(`.actions .action-label[aria-label^="${title}"]`).first();
  await action.waitFor({ timeout: MEDIUM });
  await action.click();
}

/** Clicks an action of the Explorer view's title bar (shown on hover of its header), by its title. */
async function clickViewTitleAction(wb: Workbench, title: string): Promise<void> {
  const pane = wb.lambdaViewPane('Explorer');
  const header = pane.locator('.pane-header');
  // With a single view in the container the header is hidden and the actions sit in the side bar's title.
  if (await header.isVisible()) await header.hover();
  else await wb.page.locator('.part.sidebar .composite.title').hover();
  const inHeader = pane.locator(`.pane-header .actions .action-label[aria-label^="${title}"]`).first();
  const inTitle = wb.page.locator(`.part.sidebar .composite.title .action-label[aria-label^="${title}"]`).first();
  const action = inHeader.or(inTitle).first();
  await action.waitFor({ timeout: MEDIUM });
  await action.click();
}

/** The Explorer row whose label and description are exactly these (rows render them apart, without a space). */
function labelledRow(wb: Workbench, label: string, description: string): Locator {
  const { page } = wb;
  return wb
    .lambdaViewPane('Explorer')
    .locator('.monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }),
    })
    .filter({ has: page.locator('.label-description', { hasText: new RegExp(`^${description}$`) }) })
    .first();
}

/** Scrolls the Explorer's list with the mouse wheel (its rows are virtual) until a row containing `text` is rendered. */
async function scrollToRow(wb: Workbench, text: string, direction: 1 | -1 = 1): Promise<Locator> {
  const pane = wb.lambdaViewPane('Explorer');
  const row = pane.locator('.monaco-list-row', { hasText: text }).first();
  await pane.locator('.monaco-list').first().hover();
  for (let i = 0; i < 40 && !(await row.isVisible().catch(() => false)); i++) {
    await wb.page.mouse.wheel(0, direction * 400);
    await wb.page.waitForTimeout(150);
  }
  await row.waitFor({ timeout: MEDIUM });
  return row;
}

/** Right-clicks a tree row and picks an entry of its context menu. */
async function contextMenu(wb: Workbench, row: Locator, entry: string): Promise<void> {
  await row.click({ button: 'right' });
  const item = wb.page.locator('.context-view .monaco-menu .action-item', { hasText: entry }).first();
  await item.waitFor({ timeout: MEDIUM });
  // A menu ignores a click that lands right as it opens: click again while it is still open.
  const menu = wb.page.locator('.context-view .monaco-menu').first();
  for (let attempt = 0; attempt < 5; attempt++) {
    await item.click().catch(() => undefined);
    try {
      await menu.waitFor({ state: 'hidden', timeout: 2000 });
      return;
    } catch {
      // still open: try again
    }
  }
  throw new Error(`the context menu entry "${entry}" did not run`);
}

/** Reloads the browser window (a new extension host, state from storage), as "Developer: Reload Window" does. */
async function reloadWindow(wb: Workbench): Promise<void> {
  await wb.page.reload({ waitUntil: 'domcontentloaded', timeout: LONG });
  await wb.page.locator('.monaco-workbench').waitFor({ timeout: LONG });
  await wb.page.locator('.part.statusbar').waitFor({ timeout: LONG });
  await wb.page.waitForFunction(() => !document.querySelector('.monaco-workbench .loading'), undefined, { timeout: LONG });
}

/** Types into the open input box (a command's showInputBox) and accepts. */
async function answerInputBox(wb: Workbench, text: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: MEDIUM });
  await input.fill(text);
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: MEDIUM });
}

/** What the tree shows once filtered by "bulk-05": the five matching functions, the count and the view message. */
async function checkFiltered(wb: Workbench): Promise<void> {
  const filtered = await eventually(
    wb,
    () => wb.treeItems(),
    (rows) => !rows.some((r) => r.startsWith(`${MAIN_FUNCTION} `)),
    'the filter never hid the other functions',
  );
  const names = filtered.filter((r) => r.startsWith('bulk-')).map((r) => r.split(' ')[0]);
  assert.deepEqual(names, [50, 51, 52, 53, 54].map(bulkName), `only the matching functions show: ${JSON.stringify(filtered)}`);
  const counted = `Functions 5 of ${BULK_COUNT + 1} · filter "bulk-05"`;
  assert.equal(
    await eventually(
      wb,
      () => rowText(wb, 'Functions'),
      (t) => t === counted,
      'the Functions row never showed the filtered count',
    ),
    counted,
  );
  const message = await wb
    .lambdaViewPane('Explorer')
    .locator('.message')
    .innerText()
    .catch(() => '');
  assert.match(message, /filtered by "bulk-05"/);
  await wb.screenshot('explorer-filter', wb.page.locator('.part.sidebar'));
}

describe('the Lambda explorer in code-server', () => {
  let wb: Workbench | undefined;
  let seed: ExplorerSeed | undefined;
  let aws: ReturnType<typeof writeBrokenAwsConfig> | undefined;

  before(
    async () => {
      seed = await seedExplorerDataDir();
      aws = writeBrokenAwsConfig();
      wb = await Workbench.start({
        fixture: 'demo',
        settings: { 'lambdaWorkbench.localService.dataDir': seed.dataDir },
        env: { AWS_CONFIG_FILE: aws.configFile },
      });
    },
    { timeout: 15 * 60_000 },
  );

  after(async () => {
    await wb?.close();
    for (const dir of [seed?.dataDir, seed?.sourceDir, aws?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  e2eTest(
    'functions, versions, a weighted alias and layers show in the tree',
    () => wb,
    async (wb) => {
      await wb.openLambdaView();
      await wb.expandTreeItem('Local service');
      await wb.expandTreeItem('Functions');
      await wb.treeItem(MAIN_FUNCTION);
      // The first ListFunctions page holds 50 of the 55: the count says there is more.
      assert.equal(await rowText(wb, 'Functions'), 'Functions 50+');
      assert.equal(await rowText(wb, MAIN_FUNCTION), `${MAIN_FUNCTION} nodejs22.x · 512 MB · 10 s`);
      assert.equal(await rowText(wb, bulkName(2)), `${bulkName(2)} nodejs22.x · 128 MB · 3 s`);
      // A deprecated runtime is said so, with a warning icon in place of the runtime's.
      assert.equal(await rowText(wb, bulkName(1)), `${bulkName(1)} ${DEPRECATED_RUNTIME} (deprecated) · 128 MB · 3 s`);
      assert.equal(await (await wb.treeItem(bulkName(1))).locator('.codicon-warning').count(), 1, 'the deprecated function has a warning icon');

      // The tooltip has what the row has no room for.
      await (await wb.treeItem(MAIN_FUNCTION)).hover();
      const tooltip = wb.page.locator('.monaco-hover, .workbench-hover', { hasText: 'Handler: index.handler' }).first();
      await tooltip.waitFor({ timeout: MEDIUM });
      const tip = await tooltip.innerText();
      for (const fact of ['Runtime: nodejs22.x', 'Memory: 512 MB', 'Timeout: 10 s', 'State: Active', 'Last modified:'])
        assert.ok(tip.includes(fact), `the tooltip says "${fact}": ${tip}`);
      await wb.page.keyboard.press('Escape');

      await wb.expandTreeItem(MAIN_FUNCTION);
      await wb.expandTreeItem('Versions');
      const versions = await eventually(
        wb,
        () => wb.treeItems(),
        (rows) => rows.some((r) => r.startsWith('2 canary')),
        'version 2 never showed',
      );
      assert.ok(
        versions.some((r) => r.startsWith('1 first release')),
        `version 1: ${JSON.stringify(versions)}`,
      );
      assert.ok(
        versions.some((r) => r === '$LATEST' || r.startsWith('$LATEST ')),
        `$LATEST: ${JSON.stringify(versions)}`,
      );

      assert.equal(await rowText(wb, 'Aliases'), 'Aliases 1');
      await wb.expandTreeItem('Aliases');
      const alias = await eventually(wb, () => rowText(wb, ALIAS_NAME), Boolean, 'the alias never showed');
      assert.equal(alias, `${ALIAS_NAME} -> 1 (90%), 2 (10%)`);

      // The layer the function uses, under the function.
      const fnLayers = labelledRow(wb, 'Layers', '1');
      await fnLayers.waitFor({ timeout: LONG });
      await fnLayers.locator('.monaco-tl-twistie').click();
      const used = await eventually(
        wb,
        () => wb.treeItems(),
        (rows) => rows.some((r) => r.startsWith(`${LAYER_NAME}:1`) || r.startsWith(`${LAYER_NAME} `)),
        'the used layer never showed',
      );
      assert.ok(
        used.some((r) => r.includes(LAYER_NAME)),
        JSON.stringify(used),
      );
      assert.ok(await fnLayers.isVisible());
      assert.ok(await rowText(wb, 'Log group'), 'the log group row shows');
      assert.match((await rowText(wb, 'Log group')) ?? '', /\/aws\/lambda\/app-orders/);
      await wb.screenshot('explorer-function', wb.page.locator('.part.sidebar'));

      // The connection's Layers sit below the 50 functions: fold those away to reach it.
      await collapseTreeItem(wb, MAIN_FUNCTION);
      await collapseTreeItem(wb, 'Functions');
      const layersRow = wb.lambdaViewPane('Explorer').locator('.monaco-list-row[aria-level="2"]', { hasText: 'Layers' }).first();
      await layersRow.waitFor({ timeout: LONG });
      await layersRow.locator('.monaco-tl-twistie').click();
      const layer = await eventually(wb, () => rowText(wb, LAYER_NAME), Boolean, 'the layer never showed');
      assert.equal(layer, `${LAYER_NAME} latest 1 · nodejs22.x, nodejs20.x`);
      await wb.expandTreeItem(LAYER_NAME);
      const layerVersions = await eventually(
        wb,
        () => wb.treeItems(),
        (rows) => rows.some((r) => /^1 \S/.test(r)),
        'the layer version never showed',
      );
      assert.ok(
        layerVersions.some((r) => /^1 .*nodejs22\.x/.test(r)),
        `layer version 1 with its runtime: ${JSON.stringify(layerVersions)}`,
      );
      await wb.screenshot('explorer-layers', wb.page.locator('.part.sidebar'));
      await collapseTreeItem(wb, LAYER_NAME);
      await layersRow.locator('.monaco-tl-twistie').click();
      await wb.expandTreeItem('Functions');
    },
  );

  e2eTest(
    'Load more fetches the next page of functions',
    () => wb,
    async (wb) => {
      await wb.openLambdaView();
      await wb.expandTreeItem('Functions');
      const last = bulkName(BULK_COUNT);
      assert.equal(await rowText(wb, 'Functions'), 'Functions 50+');
      // Scroll to the end of the list as a user would, and click "Load more…".
      const loadMore = await scrollToRow(wb, 'Load more');
      assert.match((await loadMore.innerText()).replace(/\s+/g, ' '), /Load more…\s*50 loaded/);
      await loadMore.click();
      await scrollToRow(wb, last);
      const rows = await eventually(
        wb,
        () => wb.treeItems(),
        (r) => r.some((t) => t.startsWith(`${last} `)) && !r.some((t) => t.startsWith('Load more')),
        'the second page never replaced Load more',
      );
      assert.ok(
        rows.some((t) => t.startsWith(`${bulkName(50)} `)),
        `the second page starts with ${bulkName(50)}: ${JSON.stringify(rows)}`,
      );
      await wb.screenshot('explorer-load-more', wb.page.locator('.part.sidebar'));
      await scrollToRow(wb, 'Local service', -1);
      const count = await eventually(
        wb,
        () => rowText(wb, 'Functions'),
        (t) => t === `Functions ${BULK_COUNT + 1}`,
        'the Functions count never became the total',
      );
      assert.equal(count, `Functions ${BULK_COUNT + 1}`);
    },
  );

  e2eTest(
    'the filter from the view title narrows the functions, and clears',
    () => wb,
    async (wb) => {
      await wb.openLambdaView();
      await clickViewTitleAction(wb, 'Filter Functions');
      await answerInputBox(wb, 'bulk-05');
      try {
        await checkFiltered(wb);
      } catch (err) {
        // Leave the tree unfiltered for the next tests whatever happened.
        await clickViewTitleAction(wb, 'Clear Filter').catch(() => undefined);
        throw err;
      }
      await clickViewTitleAction(wb, 'Clear Filter');
      const all = await eventually(
        wb,
        () => rowText(wb, 'Functions'),
        (t) => t === `Functions ${BULK_COUNT + 1}`,
        'clearing the filter never brought the list back',
      );
      assert.equal(all, `Functions ${BULK_COUNT + 1}`);
      await wb.treeItem(MAIN_FUNCTION);
    },
  );

  e2eTest(
    'a broken profile shows its error with Retry while the local connection keeps working',
    () => wb,
    async (wb) => {
      const files = aws!;
      await wb.openLambdaView();
      await collapseTreeItem(wb, 'Functions');
      await wb.runCommand('Lambda: Add AWS Connection');
      await wb.pickQuickItem(BROKEN_PROFILE);
      // The region list comes checked with the profile's region: accept it.
      const regionRow = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: BROKEN_REGION }).first();
      await regionRow.waitFor({ timeout: MEDIUM });
      // The list renders its rows first and their check state a frame later (seen on a loaded machine):
      // wait for the state to settle rather than read the first frame.
      const checkState = () =>
        regionRow.evaluate(
          (el) =>
            el.getAttribute('aria-checked') ??
            el.querySelector('[aria-checked]')?.getAttribute('aria-checked') ??
            (el.querySelector<HTMLInputElement>('input[type="checkbox"]')?.checked ? 'true' : 'false'),
        );
      const checked = await eventually(wb, checkState, (c) => c === 'true', 'the profile region is never shown checked').catch(() => checkState());
      assert.equal(checked, 'true', 'the profile region is pre-checked');
      await wb.page.keyboard.press('Enter');

      await wb.treeItem(BROKEN_ROOT);
      await wb.expandTreeItem(BROKEN_ROOT);
      const pane = wb.lambdaViewPane('Explorer');
      const errorRow = pane.locator('.monaco-list-row:has(.codicon-error)').first();
      await errorRow.waitFor({ timeout: LONG });
      const text = (await errorRow.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /credential_process of profile "broken" failed: simulated: the identity broker/, `the error row says what failed and why: ${text}`);
      assert.ok(text.includes(BROKEN_MESSAGE), `the process's own message shows: ${text}`);
      assert.equal(await errorRow.getAttribute('aria-level'), '2', 'the error sits under the broken connection');
      const before = callCount(files.callsFile);
      assert.ok(before >= 1, 'the credential process ran');
      // The sidebar is narrow: the row's tooltip has the whole message and what to do about it.
      await errorRow.hover();
      const tooltip = wb.page.locator('.monaco-hover, .workbench-hover', { hasText: BROKEN_MESSAGE }).first();
      await tooltip.waitFor({ timeout: MEDIUM });
      assert.match(await tooltip.innerText(), /Run the credential_process command of the profile in a terminal/);
      await wb.screenshot('explorer-error-node');
      await wb.page.keyboard.press('Escape');

      // Retry runs the credential process again and shows the error again (it still fails).
      await clickInlineAction(errorRow, 'Retry');
      await eventually(
        wb,
        async () => callCount(files.callsFile),
        (n) => n > before,
        'Retry never ran the credential process again',
      );
      await pane.locator('.monaco-list-row:has(.codicon-error)').first().waitFor({ timeout: LONG });
      assert.match((await pane.locator('.monaco-list-row:has(.codicon-error)').first().innerText()).replace(/\s+/g, ' '), /credential_process/);

      // The local connection still lists and expands its functions; its rows have no error.
      await wb.expandTreeItem('Functions');
      await wb.treeItem(MAIN_FUNCTION);
      assert.equal(await rowText(wb, 'Functions'), `Functions ${BULK_COUNT + 1}`);
      await wb.expandTreeItem(MAIN_FUNCTION);
      await wb.treeItem('Versions');
      const errorLevels = await pane.locator('.monaco-list-row:has(.codicon-error)').evaluateAll((els) => els.map((e) => e.getAttribute('aria-level')));
      assert.deepEqual(
        errorLevels.filter((l) => l !== '2'),
        [],
        'no error under the local connection',
      );
      await collapseTreeItem(wb, MAIN_FUNCTION);
    },
  );

  e2eTest(
    'an added connection persists across a window reload, and Remove Connection removes it',
    () => wb,
    async (wb) => {
      await wb.openLambdaView();
      // The local connection's 55 functions would push the other root out of the (virtual) list.
      await collapseTreeItem(wb, 'Local service');
      await wb.treeItem(BROKEN_ROOT);
      await reloadWindow(wb);
      await wb.openLambdaView();
      await collapseTreeItem(wb, 'Local service');
      const root = await wb.treeItem(BROKEN_ROOT);
      assert.equal(await root.getAttribute('aria-level'), '1', 'the connection is still a root after the reload');
      await clickInlineAction(root, 'Remove Connection');
      await eventually(
        wb,
        () => wb.treeItems(),
        (rows) => !rows.some((r) => r.startsWith(BROKEN_ROOT)),
        'the removed connection stayed in the tree',
      );
      // The local connection is untouched and still lists its functions.
      await wb.expandTreeItem('Local service');
      await wb.expandTreeItem('Functions');
      await wb.treeItem(MAIN_FUNCTION);
      await wb.screenshot('explorer-after-remove', wb.page.locator('.part.sidebar'));
    },
  );

  e2eTest(
    'Show configuration opens a read-only JSON document with the secret masked',
    () => wb,
    async (wb) => {
      await wb.openLambdaView();
      await wb.expandTreeItem('Functions');
      const row = await wb.treeItem(MAIN_FUNCTION);
      await contextMenu(wb, row, 'Show Configuration');
      await wb.page
        .locator('.tabs-container .tab', { hasText: `${MAIN_FUNCTION}.json` })
        .first()
        .waitFor({ timeout: LONG });
      const text = await wb.waitForEditorText(/"DB_PASSWORD"/);
      assert.match(text, /"FunctionName": "app-orders"/);
      assert.match(text, /"DB_PASSWORD": "\*\*\*\*"/, 'the secret is masked');
      assert.match(text, /"STAGE": "e2e"/, 'a plain value shows as it is');
      assert.ok(!text.includes(SECRET_VALUE), 'the secret value is not on screen');
      await wb.screenshot('explorer-configuration');

      // Read-only: typing changes nothing.
      await wb.activeEditor().locator('.view-lines').click();
      await wb.page.keyboard.type('zzz');
      const after = await wb.editorText();
      assert.ok(!after.includes('zzz'), 'the configuration document cannot be edited');
      assert.ok(!wb.outputLog().includes(SECRET_VALUE), 'the secret never reaches the output channel');
    },
  );

  e2eTest(
    'Copy ARN copies it, and Delete asks for the typed name before deleting',
    () => wb,
    async (wb) => {
      const victim = bulkName(2);
      await wb.openLambdaView();
      await wb.expandTreeItem('Functions');
      await contextMenu(wb, await wb.treeItem(victim), 'Copy ARN');
      const arn = `arn:aws:lambda:us-east-1:000000000000:function:${victim}`;
      assert.equal(
        await eventually(
          wb,
          () => wb.clipboardText(),
          (t) => t === arn,
          'the ARN never reached the clipboard',
        ),
        arn,
      );

      await contextMenu(wb, await wb.treeItem(victim), 'Delete Function');
      const input = wb.page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ timeout: MEDIUM });
      await input.fill(bulkName(3));
      const warning = wb.page.locator('.quick-input-widget .quick-input-message', { hasText: `Type "${victim}" exactly` }).first();
      await warning.waitFor({ timeout: MEDIUM });
      await wb.page.keyboard.press('Enter');
      assert.ok(await input.isVisible(), 'a wrong name does not confirm');
      await answerInputBox(wb, victim);
      await wb.waitForNotification(`Deleted ${victim}.`);
      const rows = await eventually(
        wb,
        () => wb.treeItems(),
        (r) => !r.some((t) => t.startsWith(`${victim} `)) && r.some((t) => t.startsWith(`${bulkName(3)} `)),
        'the deleted function stayed in the tree',
      );
      assert.ok(
        rows.some((t) => t.startsWith(`${bulkName(1)} `)),
        `the other functions stay: ${JSON.stringify(rows)}`,
      );
    },
  );
});
