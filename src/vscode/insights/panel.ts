// One Logs Insights panel: a webview whose queries run here, in the extension host, through the
// connection's CloudWatch Logs client (AWS and the local service alike: src/logs/insights.ts). The
// panel belongs to its connection's session scope; a panel that is hidden or closed stops polling
// (and StopQuery ends the query on the service).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InsightsError, runInsightsQuery, type InsightsProgress } from '../../logs/insights';
import { describeError } from '../../logs/errors';
import type { Connection } from '../../core/types';
import {
  parseWebviewMessage,
  type HostMessage,
  type InsightsConfig,
  type QueryProgress,
  type TimeRange,
  type WebviewMessage,
} from '../../webview/insights/protocol';
import type { WorkbenchServices } from '../services';
import { insightsHtml } from './html';
import { SAMPLE_QUERIES } from './samples';
import { listSavedQueries, readSavedQuery, saveQuery } from './savedQueries';

export const INSIGHTS_VIEW_TYPE = 'lambdaWorkbench.insights';
/** Rows a query returns when it has no `limit` of its own (CloudWatch's default is 1000; its maximum 10000). */
const ROW_LIMIT = 10_000;
/** The abort reason of a run a newer run replaced. */
const SUPERSEDED = Symbol('superseded');

export class InsightsPanel implements vscode.Disposable {
  private static readonly open = new Set<InsightsPanel>();
  private running: AbortController | undefined;
  /** The last run's outcome, shown again when the page reloads (after being hidden). */
  private last: HostMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  static create(s: WorkbenchServices, connection: Connection, config: InsightsConfig): InsightsPanel {
    const panel = vscode.window.createWebviewPanel(
      INSIGHTS_VIEW_TYPE,
      config.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, localResourceRoots: resourceRoots(s) },
    );
    const p = new InsightsPanel(panel, s, connection, config);
    s.sessions.scope(connection.id).own(p);
    return p;
  }

  /** Tells every panel the saved queries changed. */
  static async savedChanged(): Promise<void> {
    const saved = await listSavedQueries();
    for (const p of InsightsPanel.open) p.post({ type: 'saved', saved });
  }

  static disposeAll(): void {
    for (const p of [...InsightsPanel.open]) p.dispose();
  }

  static get count(): number {
    return InsightsPanel.open.size;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly s: WorkbenchServices,
    private readonly connection: Connection,
    private readonly config: InsightsConfig,
  ) {
    InsightsPanel.open.add(this);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
      // A hidden page is torn down (it reloads from its saved state when shown): stop the query it waits for.
      panel.onDidChangeViewState(() => {
        if (!panel.visible && this.running) this.cancel('The query was stopped because its panel was hidden. Run it again.');
      }),
    );
  }

  private html(): string {
    const w = this.panel.webview;
    const uri = (u: vscode.Uri | undefined) => (u ? w.asWebviewUri(u).toString() : undefined);
    const chart = firstExisting(this.s.context.extensionUri, [
      ['dist', 'webview', 'uplot', 'uPlot.min.css'],
      ['node_modules', 'uplot', 'dist', 'uPlot.min.css'],
    ]);
    const codicons = firstExisting(this.s.context.extensionUri, [
      ['dist', 'webview', 'codicons', 'codicon.css'],
      ['node_modules', '@vscode', 'codicons', 'dist', 'codicon.css'],
    ]);
    return insightsHtml({
      cspSource: w.cspSource,
      scriptUri: uri(scriptFile(this.s.context.extensionUri))!,
      styleUri: uri(vscode.Uri.joinPath(this.s.context.extensionUri, 'media', 'insights.css'))!,
      ...(chart ? { chartStyleUri: uri(chart) } : {}),
      ...(codicons ? { codiconCssUri: uri(codicons) } : {}),
      title: this.config.title,
    });
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.s.log.warn('Logs Insights panel: ignored a malformed message from the webview.');
      return;
    }
    void this.handle(msg).catch((err) => this.s.log.error(`Logs Insights panel: ${describeError(err)}`));
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.post({ type: 'init', config: this.config, samples: [...SAMPLE_QUERIES], saved: await listSavedQueries() });
        if (this.last) this.post(this.last);
        await this.sendGroups();
        return;
      case 'run':
        await this.run(msg.query, msg.logGroups, msg.range);
        return;
      case 'cancel':
        this.cancel();
        return;
      case 'save': {
        const file = await saveQuery(msg.query);
        if (file) {
          void vscode.window.setStatusBarMessage(`Saved .lambda-workbench/queries/${file}`, 3000);
          await InsightsPanel.savedChanged();
        }
        return;
      }
      case 'openSaved':
        try {
          this.post({ type: 'query', query: (await readSavedQuery(msg.file)).trimEnd(), name: msg.file.replace(/\.cwlq$/, '') });
        } catch (err) {
          void vscode.window.showErrorMessage(`Could not open the saved query ${msg.file}: ${describeError(err)}`);
        }
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(msg.text);
        void vscode.window.setStatusBarMessage(`Results copied as ${msg.format.toUpperCase()}`, 2000);
        return;
    }
  }

  private async run(query: string, logGroups: string[], range: TimeRange): Promise<void> {
    this.cancel(SUPERSEDED);
    const abort = new AbortController();
    this.running = abort;
    const now = Date.now();
    const { start, end } = range.kind === 'relative' ? { start: now - range.minutes * 60_000, end: now } : range;
    const started = Date.now();
    let last: InsightsProgress | undefined;
    try {
      const r = await runInsightsQuery(
        this.s.clients.logs(this.connection),
        { logGroups, queryString: query, startTime: start, endTime: end, limit: /\|\s*limit\b/i.test(query) ? undefined : ROW_LIMIT },
        {
          signal: abort.signal,
          onProgress: (p) => {
            last = p;
            this.post({ type: 'progress', progress: progressOf(p) });
          },
          onPartial: (r) => last && this.post({ type: 'results', ...r, progress: progressOf(last), partial: true }),
        },
      );
      this.s.log.info(`Logs Insights on ${this.connection.label}: ${r.rows.length} rows, ${r.recordsScanned} records scanned, ${Date.now() - started} ms`);
      this.finish({ type: 'results', fields: r.fields, rows: r.rows, progress: progressOf(r) });
    } catch (err) {
      // A run another run replaced says nothing: the page waits for the new one.
      if (this.running !== abort && abort.signal.reason === SUPERSEDED) return;
      const e = err instanceof InsightsError ? err : new InsightsError(describeError(err), 'request');
      const reason: unknown = abort.signal.reason;
      this.finish({
        type: 'failed',
        message: e.kind === 'cancelled' && typeof reason === 'string' ? reason : e.message,
        cancelled: e.kind === 'cancelled',
        ...(e.line !== undefined ? { line: e.line } : {}),
        ...(e.column !== undefined ? { column: e.column } : {}),
      });
    } finally {
      if (this.running === abort) this.running = undefined;
    }
  }

  private finish(m: HostMessage): void {
    this.last = m;
    this.post(m);
  }

  /** Stops the running query; the reason (when not the user's Cancel) is what the page shows. */
  private cancel(reason?: string | typeof SUPERSEDED): void {
    this.running?.abort(reason);
    this.running = undefined;
  }

  /** The connection's log groups, Lambda's first, for the page's log group box. */
  private async sendGroups(): Promise<void> {
    const names: string[] = [];
    try {
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const out = await this.s.clients.logs(this.connection).send(new DescribeLogGroupsCommand(nextToken ? { nextToken } : {}));
        for (const g of out.logGroups ?? []) if (g.logGroupName) names.push(g.logGroupName);
        nextToken = out.nextToken;
      } while (nextToken && ++pages < 20 && !this.disposed);
      names.sort((x, y) => Number(!x.startsWith('/aws/lambda/')) - Number(!y.startsWith('/aws/lambda/')) || x.localeCompare(y));
      this.post({ type: 'groups', available: names });
    } catch (err) {
      this.post({ type: 'groups', available: names, error: `Could not list log groups: ${describeError(err)}` });
    }
  }

  private post(m: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancel();
    InsightsPanel.open.delete(this);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function progressOf(p: InsightsProgress): QueryProgress {
  return { status: p.status, recordsScanned: p.recordsScanned, recordsMatched: p.recordsMatched, bytesScanned: p.bytesScanned, elapsedMs: p.elapsedMs };
}

function resourceRoots(s: WorkbenchServices): vscode.Uri[] {
  const root = s.context.extensionUri;
  return [
    vscode.Uri.joinPath(root, 'dist', 'webview'),
    vscode.Uri.joinPath(root, 'media'),
    vscode.Uri.joinPath(root, 'node_modules', 'uplot', 'dist'),
    vscode.Uri.joinPath(root, 'node_modules', '@vscode', 'codicons', 'dist'),
  ];
}

function scriptFile(root: vscode.Uri): vscode.Uri {
  const nested = vscode.Uri.joinPath(root, 'dist', 'webview', 'insights', 'insightsPanel.js');
  return existsSync(nested.fsPath) ? nested : vscode.Uri.joinPath(root, 'dist', 'webview', 'insightsPanel.js');
}

function firstExisting(root: vscode.Uri, candidates: string[][]): vscode.Uri | undefined {
  for (const parts of candidates) {
    const uri = vscode.Uri.joinPath(root, ...parts);
    if (existsSync(uri.fsPath)) return uri;
  }
  return undefined;
}
