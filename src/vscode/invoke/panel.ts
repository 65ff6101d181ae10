// One result panel per function (connection + name): shows the current result and the history, and
// turns the page's few actions into calls on its owner. Messages from the page are validated.
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../lambda/events';
import type { ResultView } from './resultView';
import { resultPanelHtml } from './html';
import { parseMessage } from './messages';

export const RESULT_VIEW_TYPE = 'lambdaWorkbench.invokeResult';

export interface ShownResult extends ResultView {
  historyId?: string;
  payloadSource?: string;
  invocationType?: string;
}

export interface PanelActions {
  invoke(): void;
  rerun(historyId: string): void;
  showHistory(historyId: string): void;
  showLogs(): void;
  openFrame(index: number): void;
  openResponse(): void;
}

export class ResultPanel {
  readonly panel: vscode.WebviewPanel;
  current?: ShownResult;
  running = false;
  private history: HistoryEntry[] = [];
  private ready = false;

  constructor(
    extensionUri: vscode.Uri,
    readonly title: string,
    private readonly subtitle: string,
    private readonly canShowLogs: boolean,
    actions: PanelActions,
    onDispose: () => void,
  ) {
    const scriptDir = vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'invoke');
    this.panel = vscode.window.createWebviewPanel(
      RESULT_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [scriptDir] },
    );
    this.panel.webview.html = resultPanelHtml({
      cspSource: this.panel.webview.cspSource,
      scriptUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(scriptDir, 'resultPanel.js')).toString(),
      title,
    });
    this.panel.webview.onDidReceiveMessage((raw) => {
      const m = parseMessage(raw);
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
    this.panel.onDidDispose(onDispose);
  }

  update(patch: { current?: ShownResult; running?: boolean; history?: HistoryEntry[] }): void {
    if ('current' in patch) this.current = patch.current;
    if (patch.running !== undefined) this.running = patch.running;
    if (patch.history) this.history = patch.history;
    this.post();
  }

  private post(): void {
    if (!this.ready) return;
    void this.panel.webview.postMessage({
      type: 'state',
      state: {
        title: this.title,
        subtitle: this.subtitle,
        running: this.running,
        current: this.current,
        canShowLogs: this.canShowLogs,
        history: this.history.map((h) => ({
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
        })),
      },
    });
  }
}
