// One result panel per function (connection + name): shows the current result and the history, and
// turns the page's few actions into calls on its owner. The messages both ways are the protocol's
// (src/webview/invoke/protocol.ts); what the page sends is validated.
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../lambda/events';
import { parsePageMessage, type HistoryItem, type HostMessage, type ShownResult } from '../../webview/invoke/protocol';
import { resultPanelHtml } from './html';

export type { ShownResult } from '../../webview/invoke/protocol';

export const RESULT_VIEW_TYPE = 'lambdaWorkbench.invokeResult';

export interface PanelActions {
  invoke(): void;
  rerun(historyId: string): void;
  showHistory(historyId: string): void;
  showLogs(): void;
  openFrame(index: number): void;
  openResponse(): void;
}

export class ResultPanel {
  private static readonly open = new Set<ResultPanel>();
  readonly panel: vscode.WebviewPanel;
  current?: ShownResult;
  running = false;
  private history: HistoryEntry[] = [];
  private ready = false;

  /** Closes every result panel of this connection (it was removed, or its session ended). */
  static disposeForConnection(connectionId: string): void {
    for (const p of [...ResultPanel.open]) if (p.connectionId === connectionId) p.dispose();
  }

  /**
   * @param connectionId the connection whose function this panel shows; a panel created without one
   * is never closed by disposeForConnection.
   */
  constructor(
    extensionUri: vscode.Uri,
    readonly title: string,
    private readonly subtitle: string,
    private readonly canShowLogs: boolean,
    actions: PanelActions,
    onDispose: () => void,
    readonly connectionId?: string,
  ) {
    const scriptDir = vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'invoke');
    const mediaDir = vscode.Uri.joinPath(extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel(
      RESULT_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [scriptDir, mediaDir] },
    );
    const webview = this.panel.webview;
    webview.html = resultPanelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(scriptDir, 'resultPanel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaDir, 'invoke.css')).toString(),
      title,
    });
    webview.onDidReceiveMessage((raw) => {
      const m = parsePageMessage(raw);
      if (!m) return;
      switch (m.type) {
        case 'ready':
          this.ready = true;
          this.post();
          break;
        case 'invoke':
          actions.invoke();
          break;
        case 'rerun':
          actions.rerun(m.id);
          break;
        case 'showHistory':
          actions.showHistory(m.id);
          break;
        case 'showLogs':
          actions.showLogs();
          break;
        case 'openFrame':
          actions.openFrame(m.index);
          break;
        case 'openResponse':
          actions.openResponse();
          break;
      }
    });
    ResultPanel.open.add(this);
    this.panel.onDidDispose(() => {
      ResultPanel.open.delete(this);
      onDispose();
    });
  }

  update(patch: { current?: ShownResult; running?: boolean; history?: HistoryEntry[] }): void {
    if ('current' in patch) this.current = patch.current;
    if (patch.running !== undefined) this.running = patch.running;
    if (patch.history) this.history = patch.history;
    this.post();
  }

  /** Closes the panel (its owner hears of it through onDispose). */
  dispose(): void {
    this.panel.dispose();
  }

  private post(): void {
    if (!this.ready) return;
    const message: HostMessage = {
      type: 'state',
      state: {
        title: this.title,
        subtitle: this.subtitle,
        running: this.running,
        current: this.current,
        canShowLogs: this.canShowLogs,
        history: this.history.map(historyItem),
      },
    };
    void this.panel.webview.postMessage(message);
  }
}

function historyItem(h: HistoryEntry): HistoryItem {
  return {
    id: h.id,
    at: h.at,
    invocationType: h.invocationType,
    qualifier: h.qualifier,
    payloadSource: h.payloadSource,
    statusCode: h.statusCode,
    functionError: h.functionError,
    failure: h.failure ? 'failed' : undefined,
    durationMs: h.durationMs,
    canRerun: h.payload !== undefined,
  };
}
