// The end-to-end harness: a real VS Code (code-server) with the packaged extension installed, on a copy
// of a fixture workspace, driven from Chromium through playwright-core. Later tests reuse it:
//
//   const wb = await Workbench.start({ fixture: 'demo' });
//   after(() => wb.close());
//   e2eTest('my flow', wb, async () => { await wb.openLambdaView(); ... });
//
// Waits are generous (a shared 2-core machine); assertions are on content, never on time.
import { after, before, test } from 'node:test';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ensureTools, type Tools } from './env';
import { seedDataDir } from './demoSeed';
import { copyWorkspace, extensionId, findFiles, REPO_ROOT, removeDir, startCodeServer, type CodeServer } from './codeserver';

export const RESULTS_DIR = join(REPO_ROOT, 'test-results');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures');
export const OUTPUT_CHANNEL = 'Lambda Workbench';
/** The id of the extension's Lambda view container, and so of its side bar part. */
export const LAMBDA_CONTAINER = 'workbench.view.extension.lambdaWorkbench';

const LONG = 120_000;
const MEDIUM = 30_000;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export interface WorkbenchOptions {
  /** A folder under test/fixtures, copied to a temp dir before opening. */
  fixture: string;
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and the extension host. */
  env?: NodeJS.ProcessEnv;
  /** Install this .vsix instead of packaging one (default: $LWB_E2E_VSIX, else `npm run package`). */
  vsix?: string;
  /**
   * Deploy the workspace's template to the extension's local service before VS Code starts (as
   * `npm run demo` does), so the explorer opens on its functions and layers.
   */
  seedLocalService?: boolean;
}

/** One code-server + one browser page on one workspace. */
export class Workbench {
  private constructor(
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly page: Page,
    readonly workspace: string,
    /** Empty AWS config files: the tests never see the machine's own profiles. */
    readonly awsDir: string,
    /** The local service's data folder when seeded (else the extension's global storage). */
    readonly localDataDir?: string,
  ) {}

  static async start(opts: WorkbenchOptions): Promise<Workbench> {
    const tools: Tools = await ensureTools();
    const workspace = copyWorkspace(join(FIXTURES_DIR, opts.fixture));
    const awsDir = mkdtempSync(join(tmpdir(), 'lwb-e2e-aws-'));
    writeFileSync(join(awsDir, 'config'), '');
    writeFileSync(join(awsDir, 'credentials'), '');
    // The machine's own AWS identity stays out: undefined unsets a variable for the child.
    const env: NodeJS.ProcessEnv = {
      AWS_CONFIG_FILE: join(awsDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'),
      AWS_PROFILE: undefined,
      AWS_DEFAULT_PROFILE: undefined,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      ...opts.env,
    };
    // LWB_E2E_VSIX: a .vsix this run already packaged (scripts/test-all.sh sets it), else package now.
    const vsix = opts.vsix ?? (process.env.LWB_E2E_VSIX ? resolve(REPO_ROOT, process.env.LWB_E2E_VSIX) : undefined);
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    let localDataDir: string | undefined;
    try {
      const settings = { ...opts.settings };
      if (opts.seedLocalService) {
        localDataDir = mkdtempSync(join(tmpdir(), 'lwb-e2e-local-'));
        await seedDataDir(join(REPO_ROOT, 'dist', 'local.js'), localDataDir, workspace);
        settings['lambdaWorkbench.localService.dataDir'] = localDataDir;
      }
      server = await startCodeServer({ tools, workspace, settings, env, vsix });
      browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: CHROMIUM_ARGS });
      // Clipboard permissions: commands that copy (ARNs, endpoints) must work as for a user.
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
      const page = await context.newPage();
      const wb = new Workbench(server, browser, page, workspace, awsDir, localDataDir);
      await wb.open();
      return wb;
    } catch (err) {
      await browser?.close().catch(() => undefined);
      if (server) {
        await server.stop();
        const logs = collectServerLogs(server, 'workbench-start');
        console.error(`e2e: the workbench did not start; logs are in ${logs}`);
        removeDir(server.stateDir);
      }
      removeDir(workspace);
      removeDir(awsDir);
      if (localDataDir) removeDir(localDataDir);
      throw err;
    }
  }

  private async open(): Promise<void> {
    const url = `${this.server.url}?folder=${encodeURIComponent(this.workspace)}`;
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: LONG });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: LONG });
    await this.page.locator('.part.statusbar').waitFor({ timeout: LONG });
    await this.page.locator('.part.activitybar, .part.sidebar .composite-bar').first().waitFor({ timeout: LONG });
    // The workbench restores its layout after the first paint: wait for the quick input service.
    await this.page.waitForFunction(() => !document.querySelector('.monaco-workbench .loading'), undefined, { timeout: LONG });
  }

  // ----- commands and quick input -----------------------------------------------------------

  /** Runs a command by its palette label ("Lambda: Refresh Explorer"), exactly as a user would. */
  async runCommand(label: string): Promise<void> {
    const input = await this.openQuickInput('>');
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: MEDIUM });
    await this.page.keyboard.press('Enter');
    // Done when the palette closed, or when the command opened its own quick input in the same widget.
    await this.page.waitForFunction(
      () => {
        const widget = document.querySelector<HTMLElement>('.quick-input-widget');
        const input = widget?.querySelector<HTMLInputElement>('.quick-input-box input');
        return !widget || widget.style.display === 'none' || !widget.offsetParent || !input?.value.startsWith('>');
      },
      undefined,
      { timeout: MEDIUM },
    );
  }

  /** Opens the palette (F1) and returns its input box, with `prefix` typed. */
  async openQuickInput(prefix = '>'): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    for (let attempt = 0; attempt < 5; attempt++) {
      // A key pressed while a webview (its iframe) has the focus may not reach the workbench's
      // keybindings: give the focus back to the workbench document first.
      await this.page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        if (active?.tagName === 'IFRAME') active.blur();
      });
      await this.page.keyboard.press('F1');
      if (await input.isVisible().catch(() => false)) break;
      await this.page
        .locator('.monaco-workbench')
        .click({ position: { x: 700, y: 400 } })
        .catch(() => undefined);
      await this.page.waitForTimeout(500);
    }
    await input.waitFor({ timeout: MEDIUM });
    await input.fill(prefix);
    return input;
  }

  /** The labels the open quick pick shows (e.g. after a command that asks). */
  async quickPickItems(): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: MEDIUM });
    return rowTexts(rows);
  }

  /** Filters the open quick pick by `text` (the list is virtual: unfiltered rows may not exist) and picks the match. */
  async pickQuickItem(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
    const deadline = Date.now() + MEDIUM;
    // A command's quick pick may replace the palette a moment after the filter was typed: type again until it shows.
    for (;;) {
      await input.waitFor({ timeout: MEDIUM });
      await input.fill(text);
      try {
        await row.waitFor({ timeout: 3000 });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
    await row.click({ timeout: MEDIUM });
  }

  // ----- the Lambda view --------------------------------------------------------------------

  /** Clicks the Lambda icon in the activity bar and waits for its side bar. */
  async openLambdaView(): Promise<Locator> {
    const icon = this.page.locator('.activitybar .action-item a[aria-label^="Lambda"], .composite-bar .action-item a[aria-label^="Lambda"]').first();
    await icon.waitFor({ timeout: LONG });
    const sidebar = this.lambdaSidebar();
    // Clicking the icon of the open container closes it, and right after a reload the workbench may
    // still be restoring (or hiding) the side bar: click only when it is not shown, and check again.
    const deadline = Date.now() + LONG;
    for (;;) {
      if (await sidebar.isVisible().catch(() => false)) return sidebar;
      await icon.click();
      try {
        await sidebar.waitFor({ timeout: 5000 });
        return sidebar;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
  }

  /** The title the side bar shows for the open view container ("LAMBDA"). */
  async sideBarTitle(): Promise<string> {
    const title = this.page.locator('.part.sidebar .composite.title .title-label').first();
    await title.waitFor({ timeout: MEDIUM });
    return (await title.innerText()).trim();
  }

  lambdaSidebar(): Locator {
    return this.page.locator(`[id="${LAMBDA_CONTAINER}"]`);
  }

  /** The view pane of the Lambda container whose title is `viewName` ("Explorer"). */
  lambdaViewPane(viewName = 'Explorer'): Locator {
    return this.lambdaSidebar()
      .locator('.pane', { has: this.page.locator('.pane-header', { hasText: viewName }) })
      .first();
  }

  /** The visible rows of a tree view in the Lambda container, as "label description". */
  async treeItems(viewName = 'Explorer', opts: { atLeast?: number } = {}): Promise<string[]> {
    const rows = this.lambdaViewPane(viewName).locator('.monaco-list-row');
    await rows.nth((opts.atLeast ?? 1) - 1).waitFor({ timeout: LONG });
    return rowTexts(rows);
  }

  /**
   * Waits for a tree row whose "label description" text (as treeItems() gives it) contains `text` or
   * matches it, and returns that row (click it, expand it, open its menu).
   */
  async treeItem(text: string | RegExp, viewName = 'Explorer'): Promise<Locator> {
    const rows = this.lambdaViewPane(viewName).locator('.monaco-list-row');
    const matches = (t: string) => (typeof text === 'string' ? t.includes(text) : text.test(t));
    const deadline = Date.now() + LONG;
    for (;;) {
      const texts = await rowTexts(rows).catch(() => [] as string[]);
      const i = texts.findIndex(matches);
      // The list re-renders as it loads: take the row only if it still says the same.
      if (i >= 0 && matches((await rowTexts(rows.nth(i)).catch(() => ['']))[0] ?? '')) return rows.nth(i);
      if (Date.now() > deadline) throw new Error(`no tree row matching ${String(text)} in "${viewName}"; rows: ${JSON.stringify(texts)}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** A row's text as treeItems() gives it: "label description". */
  async rowText(row: Locator): Promise<string> {
    return (await rowTexts(row))[0] ?? '';
  }

  /** Expands a collapsed tree row (no-op when already expanded); returns it. */
  async expandTreeItem(text: string | RegExp, viewName = 'Explorer'): Promise<Locator> {
    const row = await this.treeItem(text, viewName);
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: MEDIUM });
    return row;
  }

  // ----- status bar, notifications, problems, output -------------------------------------------

  /** The status bar item an extension created with `createStatusBarItem(id)`. */
  statusBarItem(id: string): Locator {
    // VS Code names the DOM entry `${extensionId}.${id}` (the extension id lower-cased).
    return this.page.locator(`.part.statusbar [id="${extensionId().toLowerCase()}.${id}"], .part.statusbar [id="${extensionId()}.${id}"]`).first();
  }

  async statusBarText(id: string): Promise<string> {
    const item = this.statusBarItem(id);
    await item.waitFor({ timeout: LONG });
    return (await item.innerText()).trim();
  }

  /** The messages of the notification toasts on screen now. */
  async notifications(): Promise<string[]> {
    const items = this.page.locator('.notifications-toasts .notification-list-item-message');
    return (await items.allInnerTexts()).map((t) => t.trim());
  }

  /** Waits for a notification whose message contains `text`; returns the full message. */
  async waitForNotification(text: string | RegExp): Promise<string> {
    const item = this.page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
    await item.waitFor({ timeout: LONG });
    return (await item.innerText()).trim();
  }

  /** Opens the Problems panel and returns its rows' text ("message ... source [Ln, Col]"). */
  async problems(opts: { atLeast?: number } = {}): Promise<string[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ timeout: MEDIUM });
    const rows = panel.locator('.monaco-list-row');
    if (opts.atLeast) await rows.nth(opts.atLeast - 1).waitFor({ timeout: LONG });
    return (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))).map((t) => t.trim());
  }

  /** The output channel's log file as the extension host wrote it (every line, not just what is on screen). */
  outputLog(channel = OUTPUT_CHANNEL): string {
    const files = findFiles(join(this.server.userDataDir, 'logs'), (n) => n === `${channel}.log` || n.endsWith(`-${channel}.log`));
    return files.length ? readFileSync(files[0], 'utf8') : '';
  }

  /** Waits until the output channel has a line matching `re`; returns the match. */
  async waitForOutput(re: RegExp, channel = OUTPUT_CHANNEL): Promise<RegExpExecArray> {
    const deadline = Date.now() + LONG;
    for (;;) {
      const m = re.exec(this.outputLog(channel));
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`output channel "${channel}" has no line matching ${re}; it has:\n${this.outputLog(channel).slice(-2000)}`);
      await this.page.waitForTimeout(500);
    }
  }

  /** Shows an output channel in the Output panel; waits until it shows text matching `re` and returns what is on screen. */
  async showOutput(re: RegExp = /\S/, channel = OUTPUT_CHANNEL): Promise<string> {
    await this.waitForOutput(/./, channel); // the channel is listed once it exists
    await this.runCommand('Output: Show Output Channels...');
    await this.pickQuickItem(channel);
    const view = this.page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first();
    await view.waitFor({ timeout: MEDIUM });
    const editor = view.locator('.monaco-editor').first();
    return this.waitForText(() => this.renderedLines(editor), re, `the Output panel (${channel})`);
  }

  /** What the workbench last copied to the clipboard. */
  async clipboardText(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  // ----- editors ---------------------------------------------------------------------------------

  /** Opens a workspace file through Quick Open, as a user would; waits for its editor. */
  async openFile(relativePath: string): Promise<Locator> {
    const input = await this.openQuickInput('');
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: basename(relativePath) }).first();
    // A file a test has just written may not be in Quick Open's file list yet (the watcher reports it
    // a moment later): type the name again until it is found, within the usual wait.
    const deadline = Date.now() + MEDIUM;
    for (;;) {
      await input.fill(relativePath);
      try {
        await row.waitFor({ timeout: 3_000 });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await input.fill('');
      }
    }
    await this.page.keyboard.press('Enter');
    const tab = this.page.locator('.tabs-container .tab', { hasText: basename(relativePath) }).first();
    await tab.waitFor({ timeout: MEDIUM });
    return this.activeEditor();
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Types into the active editor: at its cursor, or at `line` (and `column`, both 1-based) through Go to Line. */
  async typeInEditor(text: string, opts: { line?: number; column?: number } = {}): Promise<void> {
    const editor = this.activeEditor();
    await editor.waitFor({ timeout: MEDIUM });
    if (opts.line) {
      await this.runCommand('Go to Line/Column...');
      await this.page.keyboard.type(opts.column ? `${opts.line}:${opts.column}` : String(opts.line));
      await this.page.keyboard.press('Enter');
    } else {
      await editor.locator('.view-lines').click();
    }
    await this.page.keyboard.type(text);
  }

  /** The text the active editor shows (its rendered lines, top to bottom). */
  async editorText(): Promise<string> {
    return this.renderedLines(this.activeEditor());
  }

  /** Waits until the active editor shows text matching `re` (edits render a frame later); returns the text. */
  async waitForEditorText(re: RegExp): Promise<string> {
    return this.waitForText(() => this.editorText(), re, 'the active editor');
  }

  /** Monaco's lines in screen order, once at least one is rendered; spaces are non-breaking there. */
  private async renderedLines(editor: Locator): Promise<string> {
    const lines = editor.locator('.view-lines .view-line');
    await lines.first().waitFor({ timeout: MEDIUM });
    const rows = await lines.evaluateAll((els) =>
      els
        .map((e) => ({ top: parseFloat((e as HTMLElement).style.top) || 0, text: e.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((r) => r.text),
    );
    return rows.join('\n').replace(/\u00a0/g, ' ');
  }

  private async waitForText(read: () => Promise<string>, re: RegExp, what: string): Promise<string> {
    const deadline = Date.now() + LONG;
    let text = '';
    for (;;) {
      text = await read().catch(() => '');
      if (re.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`${what} never showed ${re}; it shows:\n${text.slice(0, 2000)}`);
      await this.page.waitForTimeout(250);
    }
  }

  // ----- artefacts -------------------------------------------------------------------------------

  /** Saves a screenshot into test-results/<name>.png; returns the path. */
  async screenshot(name: string, target?: Locator): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${safeName(name)}.png`);
    if (target) await target.screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    return file;
  }

  /** Copies code-server's log, the extension host's logs (the output channel included) and a screenshot. */
  async collectFailure(name: string): Promise<string> {
    const dir = collectServerLogs(this.server, name);
    await this.page.screenshot({ path: join(dir, 'screen.png') }).catch(() => undefined);
    return dir;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    removeDir(this.server.stateDir);
    removeDir(this.workspace);
    removeDir(this.awsDir);
    if (this.localDataDir) removeDir(this.localDataDir);
  }
}

/** List rows as "label description" (VS Code renders the two in separate elements, with no space). */
async function rowTexts(rows: Locator): Promise<string[]> {
  const texts = await rows.evaluateAll((els) =>
    els.map((e) => {
      const parts = ['.label-name', '.label-description'].map((sel) => e.querySelector(sel)?.textContent?.trim()).filter(Boolean);
      return parts.length ? parts.join(' ') : (e.textContent ?? '');
    }),
  );
  return texts.map((t) => t.replace(/\s+/g, ' ').trim());
}

function collectServerLogs(server: CodeServer, name: string): string {
  const dir = join(RESULTS_DIR, `${safeName(name)}-logs`);
  mkdirSync(dir, { recursive: true });
  if (existsSync(server.logFile)) copyFileSync(server.logFile, join(dir, 'code-server.log'));
  const logs = join(server.userDataDir, 'logs');
  if (existsSync(logs)) cpSync(logs, join(dir, 'vscode-logs'), { recursive: true });
  return dir;
}

function safeName(name: string): string {
  return name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);
}

/**
 * For a suite that only needs a started workbench: starts it before the suite's tests and closes it
 * after them (call inside `describe`); returns the getter `e2eTest` takes.
 */
export function suiteWorkbench(opts: WorkbenchOptions): () => Workbench | undefined {
  let wb: Workbench | undefined;
  before(
    async () => {
      wb = await Workbench.start(opts);
    },
    { timeout: 15 * 60_000 },
  );
  after(async () => {
    await wb?.close();
  });
  return () => wb;
}

/**
 * A node:test test that, when it fails, leaves the logs and a screenshot in test-results/<name>-logs/
 * before reporting the failure.
 */
export function e2eTest(name: string, getWorkbench: () => Workbench | undefined, fn: (wb: Workbench) => Promise<void>): void {
  test(name, { timeout: 10 * 60_000 }, async () => {
    const wb = getWorkbench();
    if (!wb) throw new Error("the workbench did not start (see the before hook's error)");
    try {
      await fn(wb);
    } catch (err) {
      const dir = await wb.collectFailure(name);
      console.error(`e2e: "${name}" failed; logs and a screenshot are in ${dir}`);
      throw err;
    }
  });
}
