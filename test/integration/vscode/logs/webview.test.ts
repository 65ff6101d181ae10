// The log panel's page in a real browser (Chromium): the bundled dist/webview script under the panel's
// real HTML and Content-Security-Policy, fed the messages the extension sends. Checks grouping with
// REPORT figures, level colours, filter, pause/resume, virtualisation, JSON folding, copy; no CSP error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../../../src/vscode/logs/html';
import type { TailEvent } from '../../../../src/logs/types';

const ROOT = resolve(__dirname, '../../../..');
const SCRIPT = join(ROOT, 'dist/webview/logs/logsPanel.js');
const SCRIPT_FLAT = join(ROOT, 'dist/webview/logsPanel.js');
const CODICONS = join(ROOT, 'node_modules/@vscode/codicons/dist');
const SHOTS = join(ROOT, 'test-results/logs');
const fixture = (name: string): TailEvent[] => JSON.parse(readFileSync(join(ROOT, 'test/unit/logs/fixtures', name), 'utf8'));

function scriptPath(): string {
  // The page is bundled from every module of its folder and the shared lib/: the newest of them counts.
  const sources = ['src/webview/logs', 'src/webview/lib'].flatMap((d) => readdirSync(join(ROOT, d)).map((f) => join(ROOT, d, f)));
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  const built = [SCRIPT, SCRIPT_FLAT].find((p) => existsSync(p) && statSync(p).mtimeMs >= newest);
  if (built) return built;
  execFileSync('flock', ['/tmp/lambda-workbench-build.lock', process.execPath, 'scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  return existsSync(SCRIPT) ? SCRIPT : SCRIPT_FLAT;
}

describe('log panel page in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const cspErrors: string[] = [];

  before(async () => {
    const script = scriptPath();
    let origin = '';
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      const send = (type: string, body: string | Buffer): void => {
        res.writeHead(200, { 'content-type': type });
        res.end(body);
      };
      if (url === '/panel.html')
        send(
          'text/html',
          panelHtml({
            cspSource: origin,
            scriptUri: `${origin}/logsPanel.js`,
            styleUri: `${origin}/logs.css`,
            codiconCssUri: `${origin}/codicons/codicon.css`,
            title: 'Logs',
          }),
        );
      else if (url === '/logsPanel.js') send('text/javascript', readFileSync(script));
      else if (url === '/logs.css') send('text/css', readFileSync(join(ROOT, 'media/logs.css')));
      else if (url === '/codicons/codicon.css') send('text/css', readFileSync(join(CODICONS, 'codicon.css')));
      else if (url.startsWith('/codicons/codicon.ttf')) send('font/ttf', readFileSync(join(CODICONS, 'codicon.ttf')));
      else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const addr = server.address() as { port: number };
    origin = `http://127.0.0.1:${addr.port}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 600 } });
    page.on('pageerror', (e) => console.error('PAGE ERROR', e.message));
    page.on('console', (m) => {
      if (process.env.LWB_DEBUG) console.error('console', m.text());
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
    await page.addInitScript(`
      window.__posted = [];
      window.__state = undefined;
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(m),
        getState: () => window.__state,
        setState: (s) => { window.__state = s; },
      });
    `);
    await page.goto(`${origin}/panel.html`);
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
    await post({
      type: 'init',
      config: { connectionId: 'local', connectionLabel: 'Local service', logGroups: ['/aws/lambda/orders'], title: 'Logs: orders' },
      lineCap: 20000,
      mode: 'live',
    });
    await post({ type: 'status', status: { mode: 'live', sampled: false } });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const post = (msg: unknown): Promise<void> => page.evaluate((m) => window.postMessage(m, '*'), msg);
  const frame = (): Promise<void> => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  const posted = (): Promise<Array<Record<string, unknown>>> =>
    page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted);

  it('groups an invocation with its REPORT figures, colours levels', async () => {
    await post({ type: 'events', events: fixture('node-text.json'), position: 'end' });
    await frame();
    const headers = await page.locator('.row.group').allInnerTexts();
    assert.equal(headers.length, 2);
    assert.match(headers[0], /c1a0b7e2-3f4d-4c8e-9a6b-5d2e1f0a9b8c/);
    assert.match(headers[0], /17\.52 ms/);
    assert.match(headers[0], /billed 18 ms/);
    assert.match(headers[0], /67\/128 MB/);
    assert.match(headers[0], /init 185\.04 ms/);
    assert.match(headers[1], /TypeError/);
    assert.equal(await page.locator('.row.group.s-error').count(), 1);
    assert.equal(await page.locator('.row.line.lvl-WARN').count(), 1);
    const warnColour = await page.locator('.row.line.lvl-WARN .msg').evaluate((el) => getComputedStyle(el).getPropertyValue('color'));
    const infoColour = await page
      .locator('.row.line.lvl-INFO .msg')
      .first()
      .evaluate((el) => getComputedStyle(el).getPropertyValue('color'));
    assert.ok(warnColour && infoColour);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'panel-groups.png') });
  });

  it('unfolds a JSON line pretty-printed, and folds it back', async () => {
    const jsonRow = page.locator('.row.line', { hasText: '"orderId"' }).first();
    await jsonRow.locator('.more').click();
    await frame();
    const open = page.locator('.row.line.open').first();
    const text = await open.innerText();
    assert.match(text, /"orderId": 42,\n/);
    // Nested blocks fold too: the items array collapses to one line.
    const lines = (await open.innerText()).split('\n').length;
    await open.locator('[data-jfold]', { hasText: '' }).nth(1).click();
    await frame();
    const after = await page.locator('.row.line.open').first().innerText();
    assert.match(after, /"items": \[ … \]/);
    assert.ok(after.split('\n').length < lines);
    await open.locator('.fold').click();
    await frame();
    assert.equal(await page.locator('.row.line.open', { hasText: '"orderId"' }).count(), 0);
    await page.locator('.row.line', { hasText: '"orderId"' }).first().locator('.ts').dblclick();
    const open2 = (await posted()).find((m) => m.type === 'openJson');
    assert.ok(open2, 'double-click asks the host to open the JSON');
    assert.deepEqual(JSON.parse(String(open2.text)), { orderId: 42, items: [{ sku: 'A-1', qty: 2 }], total: 19.9 });
  });

  it('collapses a group on click', async () => {
    const before = await page.locator('.row').count();
    await page.locator('.row.group').first().click();
    await frame();
    assert.equal(await page.locator('.row').count(), before - 6);
    await page.locator('.row.group').first().click();
    await frame();
  });

  it('filters instantly on the client, and tells the host', async () => {
    await page.fill('#filter', 'inventory');
    await frame();
    assert.equal(await page.locator('.row.line').count(), 1);
    assert.equal(await page.locator('.row.group').count(), 1);
    assert.ok((await posted()).some((m) => m.type === 'filterChanged'));
    await page.fill('#filter', '/([/');
    await frame();
    assert.equal(await page.locator('#filter.invalid').count(), 1);
    await page.fill('#filter', '');
    await frame();
    assert.equal(await page.locator('.row.group').count(), 2);
  });

  it('pause holds new lines back, resume shows them', async () => {
    await page.click('#pause');
    await post({
      type: 'events',
      events: [{ logGroup: '/aws/lambda/orders', logStream: 'x', timestamp: Date.now(), message: 'held while paused' }],
      position: 'end',
    });
    await frame();
    assert.equal(await page.locator('.row', { hasText: 'held while paused' }).count(), 0);
    assert.match(await page.locator('#status').innerText(), /paused · 1 waiting/);
    await page.screenshot({ path: join(SHOTS, 'panel-paused.png') });
    await page.click('#pause');
    await frame();
    assert.equal(await page.locator('.row', { hasText: 'held while paused' }).count(), 1);
  });

  it('renders only what is in view for thousands of lines, and follows the newest', async () => {
    const now = Date.now();
    const batch: TailEvent[] = Array.from({ length: 5000 }, (_, i) => ({
      logGroup: '/aws/lambda/orders',
      logStream: 'bulk',
      timestamp: now + i,
      message: `bulk line ${i}`,
    }));
    for (let i = 0; i < 5; i++) await post({ type: 'events', events: batch.slice(i * 1000, (i + 1) * 1000), position: 'end' });
    await frame();
    const inDom = await page.locator('.row').count();
    assert.ok(inDom < 200, `rows in the DOM: ${inDom}`);
    assert.equal(await page.locator('.row', { hasText: 'bulk line 4999' }).count(), 1, 'follow keeps the newest in view');
    assert.match(await page.locator('#status').innerText(), /50\d\d lines/);
    await page.screenshot({ path: join(SHOTS, 'panel-bulk.png') });
  });

  it('copy sends the visible lines to the host; sampled is shown; no CSP violation', async () => {
    await page.fill('#filter', 'inventory');
    await frame();
    await page.click('#copy');
    const copy = (await posted()).find((m) => m.type === 'copy');
    assert.ok(copy);
    assert.match(String(copy.text), /inventory low for A-1/);
    assert.doesNotMatch(String(copy.text), /bulk line/);
    await post({ type: 'status', status: { mode: 'live', sampled: true } });
    await frame();
    await page.evaluate(() => new Promise((r) => setTimeout(r, 1100)));
    assert.match(await page.locator('#status').innerText(), /sampled/);
    assert.deepEqual(cspErrors, []);
  });

  it('a failed tail offers a retry that asks the host to start it again', async () => {
    await post({
      type: 'status',
      status: { mode: 'failed', sampled: false, reason: 'ExpiredTokenException: The security token included in the request is expired' },
    });
    await frame();
    assert.match(await page.locator('#status').innerText(), /expired/);
    await page.click('#status [data-retry]');
    assert.ok((await posted()).some((m) => m.type === 'live'));
    assert.equal(await page.locator('#status [data-retry]').count(), 0);
  });

  it('ignores malformed messages', async () => {
    const before = await page.locator('#status').innerText();
    await post({ type: 'events', events: [{ nope: 1 }], position: 'end' });
    await post({ type: 'eval', code: 'document.body.remove()' });
    await frame();
    assert.equal(await page.locator('#status').count(), 1);
    assert.ok(before.length > 0);
  });
});
