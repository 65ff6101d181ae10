// End-to-end check of the log panel in a real VS Code (code-server), driven from Chromium. Run it alone
// with `bash scripts/run-tests.sh test/e2e` filtered, or
//   node --import tsx --test test/e2e/logs.test.ts
// (LWB_E2E_VSIX=path/to.vsix to reuse a packaged extension).
//
// Flow: a function that logs is created on the extension's own local service and invoked; "Lambda: Tail
// Function Logs" opens the panel; the invocation shows as a group with its REPORT figures; the filter
// narrows it; pause holds a second invocation back until resume. Screenshots in test-results/.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { e2eTest, Workbench } from './harness';
import { makeZip } from '../integration/local/zip';

const HANDLER = `exports.handler = async (event) => {
  console.log('hello from the panel test', JSON.stringify(event));
  console.warn('a warning worth seeing');
  console.log(JSON.stringify({ level: 'info', order: { id: 7, items: [1, 2, 3] } }));
  return { ok: true };
};`;

describe('log panel in code-server', () => {
  let wb: Workbench | undefined;
  let lambda: LambdaClient | undefined;
  const invoke = async (n: number): Promise<string> => {
    const out = await lambda!.send(new InvokeCommand({ FunctionName: 'panel-logger', Payload: Buffer.from(JSON.stringify({ n })) }));
    return out.$metadata.requestId!;
  };

  before(
    async () => {
      wb = await Workbench.start({ fixture: 'demo', seedLocalService: true });
      // The extension's own local service (started by the explorer): its endpoint from the output
      // channel, its keys from its data dir.
      await wb.openLambdaView();
      await wb.expandTreeItem('Local service');
      const m = await wb.waitForOutput(/Local service listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const keys = JSON.parse(readFileSync(join(wb.localDataDir!, 'credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
      lambda = new LambdaClient({ endpoint: m[1], region: 'us-east-1', credentials: keys, maxAttempts: 2 });
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'panel-logger',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: 'arn:aws:iam::000000000000:role/r',
          Code: { ZipFile: await makeZip({ 'index.js': HANDLER }) },
        }),
      );
      await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1 }, { FunctionName: 'panel-logger' });
    },
    { timeout: 15 * 60_000 },
  );
  after(async () => {
    lambda?.destroy();
    await wb?.close();
  });

  const panel = () => wb!.page.frameLocator('iframe.webview').first().frameLocator('iframe');

  e2eTest(
    'tailing a function shows its invocation as a group with the REPORT figures',
    () => wb,
    async (wb) => {
      const requestId = await invoke(1);
      await wb.openLambdaView();
      await wb.runCommand('Lambda: Tail Function Logs');
      await wb.pickQuickItem('panel-logger');
      const group = panel().locator('.row.group', { hasText: requestId });
      await group.waitFor({ timeout: 120_000 });
      const header = (await group.innerText()).replace(/\s+/g, ' ');
      assert.match(header, /\d+(\.\d+)? ms billed \d+ ms/, header);
      assert.match(header, /\d+\/128 MB/, header);
      assert.match(header, /init \d/, `a cold start shows its init duration: ${header}`);
      assert.equal(await panel().locator('.row.line.lvl-WARN', { hasText: 'a warning worth seeing' }).count(), 1);
      await wb.screenshot('logs-panel-group');
    },
  );

  e2eTest(
    'the filter narrows the lines at once',
    () => wb,
    async (wb) => {
      await panel().locator('#filter').fill('warning worth');
      await panel().locator('.row.line', { hasText: 'hello from the panel test' }).waitFor({ state: 'detached', timeout: 30_000 });
      assert.equal(await panel().locator('.row.line').count(), 1);
      await wb.screenshot('logs-panel-filtered');
      await panel().locator('#filter').fill('');
    },
  );

  e2eTest(
    'pause holds new invocations back until resume',
    () => wb,
    async (wb) => {
      await panel().locator('#pause').click();
      const requestId = await invoke(2);
      await panel()
        .locator('#status', { hasText: /paused · [1-9]\d* waiting/ })
        .waitFor({ timeout: 60_000 });
      assert.equal(await panel().locator('.row.group', { hasText: requestId }).count(), 0);
      await wb.screenshot('logs-panel-paused');
      await panel().locator('#pause').click();
      await panel().locator('.row.group', { hasText: requestId }).waitFor({ timeout: 30_000 });
    },
  );
});
