// One log panel: a webview that shows one tail (or one search). The tail engine runs here, in the
// extension host; events reach the page in batches at most every 100 ms so a burst of thousands of
// lines per second costs ten messages, not thousands.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { startTail, type LogsClient, type TailHandle } from '../../logs/engine';
import { describeError } from '../../logs/errors';
import { parseWebviewMessage, type HostMessage, type PanelConfig, type WebviewMessage } from '../../webview/logs/protocol';
import { findRequestEvents, HistorySearch } from '../../logs/search';
import type { TailEvent } from '../../logs/types';
import type { Connection } from '../../core/types';
import { connectionFromId, type PanelDeps as LogDeps } from './deps';
import { panelHtml } from './html';

export const LOG_PANEL_VIEW_TYPE = 'lambdaWorkbench.logs';
const FLUSH_MS = 100;

export interface PanelStart {
  /** Resume from here (a revived panel): events since then are read first. */
  resumeFrom?: number;
  /** Open on a search instead of the live tail. */
  search?: { start: number; end: number };
}

export class LogPanel implements vscode.Disposable {
  private static readonly open = new Set<LogPanel>();
  private tail: TailHandle | undefined;
  private search: HistorySearch | undefined;
  private searchAbort: AbortController | undefined;
  private buffer: TailEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastTimestamp: number | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private ready = false;

  static create(deps: LogDeps, connection: Connection, config: PanelConfig, start: PanelStart = {}): LogPanel {
    const panel = vscode.window.createWebviewPanel(
      LOG_PANEL_VIEW_TYPE,
      config.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(deps),
    );
    return new LogPanel(panel, deps, connection, config, start);
  }

  /** Closes every panel of this connection (it was removed, or its session ended): their tails stop. */
  static disposeForConnection(connectionId: string): void {
    for (const p of [...LogPanel.open]) if (p.config.connectionId === connectionId) p.dispose();
  }

  /** Closes every panel (the extension deactivates). */
  static disposeAll(): void {
    for (const p of [...LogPanel.open]) p.dispose();
  }

  /** The connection this panel tails. */
  get connectionId(): string {
    return this.config.connectionId;
  }

  /** After a connection change: each panel picks up its connection's new state (endpoint, keys). */
  static async refreshConnections(deps: LogDeps): Promise<void> {
    for (const p of LogPanel.open) {
      const c = await connectionFromId(deps, p.config.connectionId).catch(() => undefined);
      if (c) p.connection = c;
    }
  }

  static get count(): number {
    return LogPanel.open.size;
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: LogDeps,
    private connection: Connection,
    private config: PanelConfig,
    private readonly start: PanelStart,
  ) {
    LogPanel.open.add(this);
    panel.webview.options = { enableScripts: true, localResourceRoots: resourceRoots(deps) };
    panel.title = config.title;
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
    );
  }

  private html(): string {
    const webview = this.panel.webview;
    const script = scriptFile(this.deps);
    const codicons = codiconCss(this.deps);
    return panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(script).toString(),
      styleUri: webview.asWebviewUri(styleFile(this.deps)).toString(),
      ...(codicons ? { codiconCssUri: webview.asWebviewUri(codicons).toString() } : {}),
      title: this.config.title,
    });
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.deps.log.warn('Log panel: ignored a malformed message from the webview.');
      return;
    }
    void this.handle(msg).catch((err) => this.notice(describeError(err), 'error'));
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        // Also sent after the page reloads (a revived or re-shown panel): start over cleanly.
        this.ready = true;
        this.post({ type: 'init', config: this.config, lineCap: lineCap(), mode: this.config.requestId || this.start.search ? 'search' : 'live' });
        if (this.config.requestId) await this.showRequest();
        else if (this.start.search) await this.runSearch(this.start.search.start, this.start.search.end);
        else this.startTail(this.lastTimestamp ?? this.start.resumeFrom);
        return;
      case 'setPattern':
        this.config = { ...this.config, filterPattern: msg.pattern || undefined };
        this.post({ type: 'init', config: this.config, lineCap: lineCap(), mode: 'live' });
        this.post({ type: 'clear' });
        this.startTail(Date.now() - 5 * 60_000);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(msg.text);
        void vscode.window.setStatusBarMessage('Log lines copied', 2000);
        return;
      case 'openJson': {
        const doc = await vscode.workspace.openTextDocument({ content: msg.text, language: 'json' });
        await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
        return;
      }
      case 'search':
        await this.runSearch(msg.start, msg.end);
        return;
      case 'loadOlder':
        await this.page('older');
        return;
      case 'loadNewer':
        await this.page('newer');
        return;
      case 'live':
        if (!this.search && !this.config.requestId) {
          // Already a live view (a retry after a failure): keep the lines, resume after the last one.
          this.startTail(this.lastTimestamp ?? Date.now() - 60_000);
          return;
        }
        this.stopSearch();
        this.config = { ...this.config, requestId: undefined, requestStartTime: undefined };
        this.post({ type: 'clear' });
        this.post({ type: 'init', config: this.config, lineCap: lineCap(), mode: 'live' });
        this.startTail(Date.now() - 60_000);
        return;
      case 'filterChanged':
        return;
    }
  }

  private startTail(from: number | undefined): void {
    void this.stopTail();
    this.stopSearch();
    const started = startTail(
      this.client(),
      {
        logGroups: this.config.logGroups,
        ...(this.config.filterPattern ? { filterPattern: this.config.filterPattern } : {}),
        ...(this.config.streamPrefix ? { streamPrefix: this.config.streamPrefix } : {}),
        ...(from !== undefined ? { startTime: from } : {}),
      },
      {
        events: (batch) => this.enqueue(batch),
        status: (status) => {
          if (status.reason && status.mode !== 'live') this.deps.log.info(`Log tail ${this.config.logGroups.join(', ')}: ${status.mode}: ${status.reason}`);
          this.post({ type: 'status', status });
        },
      },
    );
    this.tail = started;
  }

  private async stopTail(): Promise<void> {
    const tail = this.tail;
    this.tail = undefined;
    // What the old tail read but did not send yet belongs to the old view (a new pattern, a search).
    this.buffer = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await tail?.stop();
  }

  private enqueue(batch: TailEvent[]): void {
    for (const e of batch) {
      this.buffer.push(e);
      if (this.lastTimestamp === undefined || e.timestamp > this.lastTimestamp) this.lastTimestamp = e.timestamp;
    }
    // A page that cannot keep up must not grow the host's memory: keep the newest, like the page does.
    const cap = lineCap();
    if (this.buffer.length > cap) this.buffer.splice(0, this.buffer.length - cap);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer.length) return;
    const events = this.buffer;
    this.buffer = [];
    this.post({ type: 'events', events, position: 'end' });
  }

  private async runSearch(start: number, end: number): Promise<void> {
    await this.stopTail();
    this.stopSearch();
    this.searchAbort = new AbortController();
    this.search = new HistorySearch(this.client(), {
      logGroups: this.config.logGroups,
      ...(this.config.filterPattern ? { filterPattern: this.config.filterPattern } : {}),
      ...(this.config.streamPrefix ? { streamPrefix: this.config.streamPrefix } : {}),
      start,
      end,
      signal: this.searchAbort.signal,
    });
    this.post({ type: 'clear' });
    await this.page('newer', end);
  }

  private async page(direction: 'older' | 'newer', until?: number): Promise<void> {
    const search = this.search;
    if (!search) return;
    const state = { ...search.range, canLoadOlder: true, canLoadNewer: true };
    this.post({ type: 'search', state: { ...state, running: true } });
    try {
      const page = direction === 'older' ? await search.older() : await search.newer(until ?? Math.max(search.range.end, Date.now()));
      if (this.search !== search) return;
      if (page.events.length) this.post({ type: 'events', events: page.events, position: direction === 'older' ? 'start' : 'end' });
      this.post({ type: 'search', state: { ...search.range, running: false, canLoadOlder: direction === 'older' ? page.more : true, canLoadNewer: true } });
    } catch (err) {
      if (this.search !== search) return;
      this.post({ type: 'search', state: { ...search.range, running: false, canLoadOlder: true, canLoadNewer: true, error: describeError(err) } });
    }
  }

  private async showRequest(): Promise<void> {
    const { requestId, requestStartTime } = this.config;
    if (!requestId) return;
    const at = requestStartTime ?? Date.now();
    this.post({ type: 'search', state: { start: at - 5 * 60_000, end: at + 20 * 60_000, running: true, canLoadOlder: false, canLoadNewer: false } });
    const events = await findRequestEvents(this.client(), this.config.logGroups[0], requestId, at);
    this.post({ type: 'events', events, position: 'end' });
    const first = events[0]?.timestamp ?? at;
    const last = events.at(-1)?.timestamp ?? at;
    this.post({
      type: 'search',
      state: {
        start: first,
        end: last,
        running: false,
        canLoadOlder: false,
        canLoadNewer: false,
        ...(events.length
          ? {}
          : {
              error: `No log lines of request ${requestId} were found near ${new Date(at).toISOString()} (logs can take a few seconds to arrive; try again).`,
            }),
      },
    });
  }

  /**
   * The connection's current client at every call: a tail outlives client rebuilds (a connection
   * change disposes clients; the local service restarts with new keys), so it must not keep an old one.
   */
  private client(): LogsClient {
    const send = ((command: never, options?: never) => this.deps.clients.logs(this.connection).send(command, options)) as LogsClient['send'];
    return { send };
  }

  private stopSearch(): void {
    this.searchAbort?.abort();
    this.searchAbort = undefined;
    this.search = undefined;
  }

  private notice(message: string, level: 'info' | 'error'): void {
    if (level === 'error') this.deps.log.error(`Log panel: ${message}`);
    this.post({ type: 'notice', message, level });
  }

  private post(msg: HostMessage): void {
    if (this.disposed || !this.ready) return;
    void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    LogPanel.open.delete(this);
    if (this.timer) clearTimeout(this.timer);
    this.stopSearch();
    void this.tail?.stop();
    this.tail = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function lineCap(): number {
  const n = vscode.workspace.getConfiguration('lambdaWorkbench.logs').get<number>('lineCap', 20_000);
  return Number.isFinite(n) && n >= 100 ? Math.min(Math.floor(n), 1_000_000) : 20_000;
}

export function webviewOptions(deps: LogDeps): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  // Kept alive while hidden: a live tail keeps arriving, and its lines must be there when shown again.
  return { enableScripts: true, retainContextWhenHidden: true, enableFindWidget: true, localResourceRoots: resourceRoots(deps) };
}

function resourceRoots(deps: LogDeps): vscode.Uri[] {
  const roots = [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(styleFile(deps), '..')];
  const css = codiconCss(deps);
  if (css) roots.push(vscode.Uri.joinPath(css, '..'));
  return roots;
}

/** The bundled page script (the build puts it in dist/webview/, with or without the logs/ folder). */
function scriptFile(deps: LogDeps): vscode.Uri {
  const nested = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview', 'logs', 'logsPanel.js');
  return existsSync(nested.fsPath) ? nested : vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview', 'logsPanel.js');
}

/** The page's stylesheet (shipped in the .vsix with media/). */
function styleFile(deps: LogDeps): vscode.Uri {
  return vscode.Uri.joinPath(deps.extensionUri, 'media', 'logs.css');
}

/** Codicons: shipped in dist/webview/codicons when the build copies them, else from node_modules (development). */
function codiconCss(deps: LogDeps): vscode.Uri | undefined {
  for (const parts of [
    ['dist', 'webview', 'codicons', 'codicon.css'],
    ['node_modules', '@vscode', 'codicons', 'dist', 'codicon.css'],
  ]) {
    const uri = vscode.Uri.joinPath(deps.extensionUri, ...parts);
    if (existsSync(uri.fsPath)) return uri;
  }
  return undefined;
}
