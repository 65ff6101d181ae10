// One metrics panel per function and connection (a second "Show Metrics" reveals it). The host reads
// CloudWatch (GetMetricData through the connection's client: AWS and the local service alike), lists
// the function's aliases and versions for the series, runs the auto refresh only while the panel is
// visible, and opens the log panel's search when the page reports a clicked point. It belongs to its
// connection's SessionScope, so it closes with the session.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { fetchMetrics, isEmpty, listQualifiers, metricsErrorMessage, RANGE_PRESETS, type MetricsSpec, type Qualifier } from '../../lambda/metrics';
import type { Connection } from '../../core/types';
import { parseWebviewMessage, type HostMessage, type PanelQuery, type RefreshMs, type WebviewMessage } from '../../webview/metrics/protocol';
import { LogPanel } from '../logs/panel';
import { functionLogGroup } from '../logs/targets';
import type { WorkbenchServices } from '../services';
import { metricsHtml } from './html';

export const METRICS_VIEW_TYPE = 'lambdaWorkbench.metrics';

const PERIOD_NAMES: Record<number, string> = { 60: '1 min', 300: '5 min', 900: '15 min', 3600: '1 hour', 10800: '3 hours', 21600: '6 hours', 86400: '1 day' };

export function periodName(sec: number): string {
  return PERIOD_NAMES[sec] ?? `${sec} s`;
}

export class MetricsPanel implements vscode.Disposable {
  private static readonly open = new Map<string, MetricsPanel>();
  private query: PanelQuery;
  private refreshMs: RefreshMs = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private abort: AbortController | undefined;
  private qualifiers: Qualifier[] = [];
  private qualifiersError: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private ready = false;

  /** Opens (or reveals) the panel of a function; a qualifier (an alias or version row) is drawn as a series. */
  static show(s: WorkbenchServices, connection: Connection, functionName: string, qualifier?: string): MetricsPanel {
    const key = MetricsPanel.key(connection.id, functionName);
    const existing = MetricsPanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      if (qualifier && !existing.query.qualifiers.includes(qualifier)) {
        existing.query = { ...existing.query, qualifiers: [...existing.query.qualifiers, qualifier] };
        existing.sendInit();
        void existing.load();
      }
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      METRICS_VIEW_TYPE,
      `Metrics: ${functionName}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: resourceRoots(s.context.extensionUri) },
    );
    const p = new MetricsPanel(panel, s, connection, functionName, qualifier);
    s.sessions.scope(connection.id).own(p);
    return p;
  }

  static find(connectionId: string, functionName: string): MetricsPanel | undefined {
    return MetricsPanel.open.get(MetricsPanel.key(connectionId, functionName));
  }

  static get count(): number {
    return MetricsPanel.open.size;
  }

  static disposeAll(): void {
    for (const p of [...MetricsPanel.open.values()]) p.dispose();
  }

  private static key(connectionId: string, functionName: string): string {
    return `${connectionId}\u0000${functionName}`;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly s: WorkbenchServices,
    private readonly connection: Connection,
    readonly functionName: string,
    qualifier: string | undefined,
  ) {
    MetricsPanel.open.set(MetricsPanel.key(connection.id, functionName), this);
    this.query = { range: '1h', period: 'auto', duration: 'percentiles', all: !qualifier, qualifiers: qualifier ? [qualifier] : [] };
    panel.iconPath = vscode.Uri.joinPath(s.context.extensionUri, 'media', 'lambda.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
      // Auto refresh runs only while the panel is shown; coming back shows fresh data at once.
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.refreshMs) void this.load();
        this.schedule();
      }),
    );
  }

  private html(): string {
    const w = this.panel.webview;
    const root = this.s.context.extensionUri;
    const codicons = codiconCss(root);
    return metricsHtml({
      cspSource: w.cspSource,
      scriptUri: w.asWebviewUri(scriptFile(root)).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'metrics.css')).toString(),
      uplotCssUri: w.asWebviewUri(uplotCss(root)).toString(),
      ...(codicons ? { codiconCssUri: w.asWebviewUri(codicons).toString() } : {}),
      title: `Metrics: ${this.functionName}`,
    });
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.s.log.warn('Metrics panel: ignored a malformed message from the webview.');
      return;
    }
    void this.handle(msg).catch((err: unknown) => this.post({ type: 'error', message: metricsErrorMessage(err, 'cloudwatch:GetMetricData') }));
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        await this.loadQualifiers();
        this.sendInit();
        await this.load();
        return;
      case 'query':
        this.query = msg.query;
        await this.load();
        return;
      case 'refresh':
        this.refreshMs = msg.everyMs;
        this.schedule();
        return;
      case 'openLogs':
        await this.openLogs(msg.start, msg.end);
        return;
    }
  }

  private sendInit(): void {
    this.post({
      type: 'init',
      functionName: this.functionName,
      connectionLabel: this.connection.label,
      qualifiers: this.qualifiers,
      query: this.query,
      refreshMs: this.refreshMs,
      ...(this.qualifiersError ? { qualifiersError: this.qualifiersError } : {}),
    });
  }

  private async loadQualifiers(): Promise<void> {
    try {
      this.qualifiers = await listQualifiers(this.s.clients.lambda(this.connection), this.functionName);
      this.qualifiersError = undefined;
    } catch (err) {
      this.qualifiersError = `Aliases and versions are not listed: ${metricsErrorMessage(err, 'lambda:ListAliases and lambda:ListVersionsByFunction')}`;
      this.s.log.warn(`Metrics of ${this.functionName}: ${this.qualifiersError}`);
    }
  }

  /** The spec of the current query; a preset range ends now. */
  spec(now = Date.now()): MetricsSpec {
    const q = this.query;
    const start = q.range === 'custom' ? q.start! : now - RANGE_PRESETS[q.range];
    const end = q.range === 'custom' ? q.end! : now;
    const targets = [...(q.all ? [{}] : []), ...q.qualifiers.map((qualifier) => ({ qualifier }))];
    return { functionName: this.functionName, start, end, period: q.period, duration: q.duration, targets };
  }

  /** Reads the metrics of the current query and sends them (an older read still running is dropped). */
  async load(): Promise<void> {
    if (this.disposed || !this.ready) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const spec = this.spec();
    if (!spec.targets.length) {
      this.post({ type: 'error', message: 'Tick at least one series: the whole function, an alias or a version.' });
      return;
    }
    this.post({ type: 'loading' });
    try {
      const view = await fetchMetrics(this.s.clients.cloudwatch(this.connection), spec, { signal: abort.signal });
      if (abort.signal.aborted || this.disposed) return;
      const labels = spec.targets.map((t) => t.qualifier ?? 'all versions');
      const wanted = this.query.period;
      const note =
        wanted !== 'auto' && wanted !== view.period
          ? `Period ${periodName(view.period)}: ${periodName(wanted)} would draw more than 1,440 points per series, or is finer than CloudWatch keeps for data this old.`
          : undefined;
      this.post({ type: 'data', view, labels, empty: isEmpty(view), fetchedAt: Date.now(), ...(note ? { note } : {}) });
    } catch (err) {
      if (abort.signal.aborted || this.disposed) return;
      const message = metricsErrorMessage(err, 'cloudwatch:GetMetricData');
      this.s.log.warn(`Metrics of ${this.functionName} on ${this.connection.label}: ${message}`);
      this.post({ type: 'error', message });
    }
  }

  /** (Re)starts the auto refresh when it is on and the panel is visible; stops it otherwise. */
  private schedule(): void {
    const was = this.timer !== undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const run = !this.disposed && this.refreshMs > 0 && this.panel.visible;
    if (run) this.timer = setInterval(() => void this.load(), this.refreshMs);
    if (run && !was) this.s.log.info(`Metrics of ${this.functionName}: auto refresh every ${this.refreshMs / 1000} s.`);
    if (!run && was)
      this.s.log.info(
        `Metrics of ${this.functionName}: auto refresh paused (${this.disposed ? 'panel closed' : this.refreshMs ? 'panel hidden' : 'turned off'}).`,
      );
  }

  /** Whether the auto refresh timer runs (tests). */
  get refreshing(): boolean {
    return this.timer !== undefined;
  }

  private async openLogs(start: number, end: number): Promise<void> {
    const logGroup = await functionLogGroup(this.s, this.connection, this.functionName);
    const at = new Date(start).toISOString().slice(11, 16);
    LogPanel.create(
      { ...this.s, extensionUri: this.s.context.extensionUri },
      this.connection,
      {
        connectionId: this.connection.id,
        connectionLabel: this.connection.label,
        logGroups: [logGroup],
        title: `Logs: ${this.functionName} ${at}`,
      },
      { search: { start, end } },
    );
  }

  private post(msg: HostMessage): void {
    if (this.disposed || !this.ready) return;
    void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    MetricsPanel.open.delete(MetricsPanel.key(this.connection.id, this.functionName));
    this.schedule();
    this.abort?.abort();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function resourceRoots(root: vscode.Uri): vscode.Uri[] {
  const roots = [vscode.Uri.joinPath(root, 'dist', 'webview'), vscode.Uri.joinPath(root, 'media')];
  const css = codiconCss(root);
  if (css) roots.push(vscode.Uri.joinPath(css, '..'));
  const uplot = uplotCss(root);
  roots.push(vscode.Uri.joinPath(uplot, '..'));
  return roots;
}

function scriptFile(root: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(root, 'dist', 'webview', 'metrics', 'metricsPanel.js');
}

/** uPlot's stylesheet: copied to dist/webview/uplot by the build, else from node_modules (development). */
function uplotCss(root: vscode.Uri): vscode.Uri {
  const shipped = vscode.Uri.joinPath(root, 'dist', 'webview', 'uplot', 'uPlot.min.css');
  return existsSync(shipped.fsPath) ? shipped : vscode.Uri.joinPath(root, 'node_modules', 'uplot', 'dist', 'uPlot.min.css');
}

function codiconCss(root: vscode.Uri): vscode.Uri | undefined {
  for (const parts of [
    ['dist', 'webview', 'codicons', 'codicon.css'],
    ['node_modules', '@vscode', 'codicons', 'dist', 'codicon.css'],
  ]) {
    const uri = vscode.Uri.joinPath(root, ...parts);
    if (existsSync(uri.fsPath)) return uri;
  }
  return undefined;
}
