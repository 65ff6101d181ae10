// End-to-end check of the Logs Insights panel in a real VS Code (code-server), driven from Chromium,
// against the extension's own local service (the same code path as AWS: the SDK's StartQuery and
// GetQueryResults). Run it alone with
//   bash scripts/run-e2e.sh test/e2e/insights.test.ts
//
// Flow: the demo function is invoked a few times; "Logs Insights…" from its context menu opens the
// panel on its log group; `stats count(*) by bin(1m)` gives rows and a chart; a REPORT query sorted
// by @duration gives one row per invocation, and a header click sorts the other way. Completion offers
// the Lambda fields. Screenshot: test-results/insights-panel.png.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Locator } from 'playwright-core';
import { e2eTest, Workbench } from './harness';

const FUNCTION = 'demo-hello-dev';
const INVOKES = 3;

describe('Logs Insights panel in code-server', () => {
  let wb: Workbench | undefined;
  let lambda: LambdaClient | undefined;

  before(
    async () => {
      wb = await Workbench.start({ fixture: 'demo', seedLocalService: true });
      await wb.openLambdaView();
      await wb.expandTreeItem('Local service');
      const m = await wb.waitForOutput(/Local service listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const keys = JSON.parse(readFileSync(join(wb.localDataDir!, 'credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
      const client = new LambdaClient({ endpoint: m[1], region: 'us-east-1', credentials: keys, maxAttempts: 2 });
      lambda = client;
      const event = readFileSync(join(wb.workspace, '.lambda-workbench/events/HelloFunction/get-hello.json'), 'utf8');
      for (let i = 0; i < INVOKES; i++) {
        const out = await client.send(new InvokeCommand({ FunctionName: FUNCTION, Payload: Buffer.from(event) }));
        assert.equal(out.FunctionError, undefined);
      }
    },
    { timeout: 15 * 60_000 },
  );
  after(async () => {
    lambda?.destroy();
    await wb?.close();
  });

  const panel = () => wb!.page.frameLocator('iframe.webview').last().frameLocator('iframe');

  /** Replaces the editor's query and runs it with Ctrl+Enter; waits for Complete. */
  async function runQuery(query: string): Promise<void> {
    const input = panel().locator('#query');
    await input.fill(query);
    await input.press('Control+Enter');
    await panel().locator('#progress[data-status="Complete"]').waitFor({ timeout: 60_000 });
  }

  /** The clipboard once a copy reached it (polled: the host writes it a moment after the click). */
  async function clipboardStartingWith(wb: Workbench, prefix: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const text = await wb.clipboardText().catch(() => '');
      if (text.startsWith(prefix)) return text;
      if (Date.now() > deadline) throw new Error(`the clipboard never got the copy; last seen: ${JSON.stringify(text.slice(0, 200))}`);
      await wb.page.waitForTimeout(200);
    }
  }

  async function column(field: string): Promise<string[]> {
    const headers = await panel().locator('#results th[data-field]').allInnerTexts();
    const i = headers.findIndex((h) => h.trim() === field);
    assert.ok(i >= 0, `a ${field} column in ${JSON.stringify(headers)}`);
    const cells: Locator = panel().locator(`#results tr.row td:nth-child(${i + 1 + ((await panel().locator('#results th.toggle').count()) ? 1 : 0)})`);
    return cells.allInnerTexts();
  }

  e2eTest(
    "opened from the function's context menu, a stats by bin query gives rows and a chart",
    () => wb,
    async (wb) => {
      await wb.openLambdaView();
      await wb.expandTreeItem('Functions');
      const row = await wb.treeItem(FUNCTION);
      await row.click({ button: 'right' });
      const item = wb.page.locator('.context-view .monaco-menu .action-item', { hasText: 'Logs Insights' }).first();
      await item.waitFor({ timeout: 30_000 });
      const menu = wb.page.locator('.context-view .monaco-menu').first();
      // A menu ignores a click that lands right as it opens: click again while it is still open.
      for (let attempt = 0; attempt < 5 && (await menu.isVisible()); attempt++) {
        await item.click().catch(() => undefined);
        await menu.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
      }
      await panel().locator(`.chip[data-group="/aws/lambda/${FUNCTION}"]`).waitFor({ timeout: 60_000 });
      await runQuery('stats count(*) by bin(1m)');
      const counts = (await column('count(*)')).map(Number);
      assert.ok(counts.length >= 1, 'at least one bin');
      // Each invoke writes at least START, END and REPORT; the seeding invoked it once more.
      const total = counts.reduce((a, b) => a + b, 0);
      assert.ok(total >= 3 * (INVOKES + 1), `count(*) adds up to ${total}`);
      assert.match(await panel().locator('#progress').innerText(), /records scanned/);
      await panel().locator('#chart canvas').first().waitFor({ timeout: 10_000 });
      assert.equal(await panel().locator('#chart').isVisible(), true);
      await wb.screenshot('insights-panel');
    },
  );

  e2eTest(
    'a REPORT query sorted by @duration: one row per invocation; a header click sorts the other way',
    () => wb,
    async (wb) => {
      await runQuery('fields @timestamp, @duration | filter @type = "REPORT" | sort @duration desc');
      const desc = (await column('@duration')).map(Number);
      // One REPORT per invoke: ours, and the one the seeding made.
      assert.ok(desc.length >= INVOKES, `one REPORT per invoke: ${JSON.stringify(desc)}`);
      assert.ok(desc.every((d) => d > 0));
      assert.deepEqual(
        desc,
        [...desc].sort((a, b) => b - a),
      );
      assert.equal(await panel().locator('#chart').isVisible(), false, 'no chart without bin()');
      await panel().locator('#results th[data-field="@duration"]').click();
      await panel().locator('#results th[data-field="@duration"][aria-sort="ascending"]').waitFor({ timeout: 5000 });
      const asc = (await column('@duration')).map(Number);
      assert.deepEqual(
        asc,
        [...desc].sort((a, b) => a - b),
      );
      await wb.screenshot('insights-panel-sorted');
      await panel().locator('#copyCsv').click();
      const csv = await clipboardStartingWith(wb, '@timestamp,@duration');
      assert.equal(csv.trim().split(/\r?\n/).length, desc.length + 1, csv);
    },
  );

  e2eTest(
    'the editor completes Lambda fields and says where a malformed query is wrong',
    () => wb,
    async (wb) => {
      const input = panel().locator('#query');
      await input.fill('');
      await input.pressSequentially('fields @maxMem');
      const item = panel().locator('#completions .completion', { hasText: '@maxMemoryUsed' });
      await item.waitFor({ timeout: 5000 });
      await wb.screenshot('insights-completion');
      await input.press('Enter');
      assert.equal(await input.inputValue(), 'fields @maxMemoryUsed');
      assert.ok((await panel().locator('#highlight .tok-command').count()) >= 1, 'the command is coloured');
      await input.fill('fields @message\n| stats count(* by bin(1m)');
      await input.press('Control+Enter');
      const error = panel().locator('#error');
      await error.waitFor({ timeout: 60_000 });
      assert.match(await error.innerText(), /line 2/);
      await panel().locator('#highlight .tok-error-at').waitFor({ timeout: 5000 });
      await wb.screenshot('insights-panel-error');
    },
  );

  e2eTest(
    'a query saved in the workspace is listed and opens again; saving over it asks first',
    () => wb,
    async (wb) => {
      const query = 'filter @type = "REPORT"\n| stats max(@duration) as slowest by bin(5m)';
      const file = join(wb.workspace, '.lambda-workbench', 'queries', 'slowest.cwlq');
      const nameBox = wb.page.locator('.quick-input-widget .quick-input-box input');
      const saveAs = async (name: string) => {
        await panel().locator('#save').click();
        await nameBox.waitFor({ timeout: 30_000 });
        await nameBox.fill(name);
        await nameBox.press('Enter');
      };
      await panel().locator('#query').fill(query);
      await saveAs('slowest');
      await panel().locator('#saved option[value="slowest.cwlq"]').waitFor({ state: 'attached', timeout: 30_000 });
      assert.equal(readFileSync(file, 'utf8'), `${query}\n`);
      // The same name again: VS Code asks, and Cancel leaves the file as it was.
      await panel().locator('#query').fill('fields @message');
      await saveAs('slowest');
      const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'already exists' }).first();
      await dialog.waitFor({ timeout: 30_000 });
      await dialog.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      assert.equal(readFileSync(file, 'utf8'), `${query}\n`);
      await panel().locator('#saved').selectOption('slowest.cwlq');
      await panel().locator('#highlight', { hasText: 'slowest' }).waitFor({ timeout: 10_000 });
      assert.equal(await panel().locator('#query').inputValue(), query);
    },
  );

  e2eTest(
    'a sample query from the dropdown runs: memory headroom from the REPORT fields',
    () => wb,
    async () => {
      await panel().locator('#samples').selectOption({ label: 'Memory headroom' });
      await panel().locator('#highlight', { hasText: 'provisionedMB' }).waitFor({ timeout: 10_000 });
      await panel().locator('#query').press('Control+Enter');
      await panel().locator('#progress[data-status="Complete"]').waitFor({ timeout: 60_000 });
      const provisioned = (await column('provisionedMB')).map(Number);
      const used = (await column('maxUsedMB')).map(Number);
      assert.equal(provisioned.length, 1);
      assert.ok(provisioned[0] >= 128 && used[0] > 0 && used[0] <= provisioned[0], `${provisioned[0]} MB provisioned, ${used[0]} MB used`);
    },
  );

  e2eTest(
    'several log groups: a second group added by name counts in; a message row expands to its text',
    () => wb,
    async () => {
      const input = panel().locator('#groupInput');
      await input.fill('/aws/lambda/demo-orders-dev');
      await input.press('Enter');
      await panel().locator('.chip[data-group="/aws/lambda/demo-orders-dev"]').waitFor({ timeout: 5000 });
      await runQuery('stats count(*) as n by @log');
      const logs = await column('@log');
      assert.ok(logs.some((l) => l.endsWith(':/aws/lambda/demo-orders-dev')) && logs.some((l) => l.endsWith(`:/aws/lambda/${FUNCTION}`)), JSON.stringify(logs));
      await runQuery('fields @timestamp, @message | filter @type = "REPORT" | limit 3');
      await panel().locator('#results tr.row').first().click();
      const detail = panel().locator('#results tr.detail pre');
      await detail.waitFor({ timeout: 5000 });
      assert.match(await detail.innerText(), /^REPORT RequestId: /);
    },
  );

  e2eTest(
    'a saved .cwlq file is coloured in the editor, and its title bar opens it in Logs Insights',
    () => wb,
    async (wb) => {
      // Keys typed while the webview has focus go to its page: give the workbench the focus first.
      await wb.page.locator('.part.sidebar .composite.title').first().click();
      const editor = await wb.openFile('.lambda-workbench/queries/slowest.cwlq');
      await wb.waitForEditorText(/stats max/);
      // Monaco renders each run of one colour as one span: a word's span, matched by its text.
      const tokenClass = (text: RegExp) => editor.locator('.view-line span span', { hasText: text }).first().getAttribute('class');
      const plain = await tokenClass(/slowest/);
      assert.notEqual(await tokenClass(/^filter$/), plain, 'the command has its own colour');
      assert.notEqual(await tokenClass(/^@duration$/), plain, 'a field has its own colour');
      assert.notEqual(await tokenClass(/^"REPORT"$/), plain, 'a string has its own colour');
      await wb.screenshot('insights-cwlq-editor');
      await wb.page.locator('.editor-actions .action-label[aria-label^="Logs Insights"]').first().click();
      await wb.page.locator('.tabs-container .tab', { hasText: 'Insights: slowest' }).first().waitFor({ timeout: 30_000 });
      await panel().locator('#highlight', { hasText: 'slowest' }).waitFor({ timeout: 30_000 });
      assert.match(await panel().locator('#query').inputValue(), /stats max\(@duration\) as slowest by bin\(5m\)/);
    },
  );
});
