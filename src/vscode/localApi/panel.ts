// The request panel: one per served API, reused when a route is opened again. The page edits a draft;
// this host validates what it sends (protocol.ts), performs the HTTP request itself over node:http
// (the page never touches the network), and keeps a history of the API's requests in workspace state
// (by template, so it survives a restart of the API or of VS Code).
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { bodyView, curlCommand, requestUrl, sendApiRequest, type ApiRequestDraft } from '../../lambda/apiRequest';
import type { LocalApiRoute } from '../../contract/localApi';
import {
  draftForRoute,
  draftProblem,
  parsePageMessage,
  type HistoryItem,
  type HostMessage,
  type PageMessage,
  type RequestPanelState,
} from '../../webview/request/protocol';
import type { WorkbenchLog } from '../log';
import { requestPanelHtml } from './html';
import type { RunningLocalApi } from './store';

export const REQUEST_VIEW_TYPE = 'lambdaWorkbench.localApiRequest';
const HISTORY_MAX = 30;

export interface RequestPanelDeps {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  log: WorkbenchLog;
  /** Opens the log tail of a route's function (template logical id). */
  tailLogs(api: RunningLocalApi, logicalId: string): void;
}

interface StoredRequest {
  id: string;
  at: number;
  draft: ApiRequestDraft;
  target: string;
  status?: number;
  durationMs?: number;
  failed?: boolean;
}

export class RequestPanel implements vscode.Disposable {
  private static readonly open = new Map<string, RequestPanel>();
  readonly panel: vscode.WebviewPanel;
  private state: RequestPanelState;
  private ready = false;
  private abort: AbortController | undefined;

  /** Opens (or reveals) the API's panel; with a route, its form is set to that route. */
  static show(deps: RequestPanelDeps, api: RunningLocalApi, route?: Pick<LocalApiRoute, 'method' | 'path'>): RequestPanel {
    let p = RequestPanel.open.get(api.info.id);
    if (p) p.panel.reveal(undefined, false);
    else p = new RequestPanel(deps, api);
    if (route) p.load(draftForRoute(route));
    return p;
  }

  static get(apiId: string): RequestPanel | undefined {
    return RequestPanel.open.get(apiId);
  }

  /** Closes every panel (the local connection's session ended). */
  static disposeAll(): void {
    for (const p of [...RequestPanel.open.values()]) p.dispose();
  }

  private constructor(
    private readonly deps: RequestPanelDeps,
    private api: RunningLocalApi,
  ) {
    const scriptDir = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview', 'request');
    const mediaDir = vscode.Uri.joinPath(deps.extensionUri, 'media');
    const title = `API ${titleOf(api)}`;
    this.panel = vscode.window.createWebviewPanel(
      REQUEST_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [scriptDir, mediaDir] },
    );
    const webview = this.panel.webview;
    webview.html = requestPanelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(scriptDir, 'requestPanel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaDir, 'request.css')).toString(),
      title,
    });
    const first = api.info.routes[0];
    this.state = {
      title: titleOf(api),
      endpoint: api.info.endpoint,
      running: true,
      sending: false,
      routes: api.info.routes.map((r) => ({ method: r.method, path: r.path, function: r.function, api: r.api, type: r.type })),
      draft: first ? draftForRoute(first) : undefined,
      draftSeq: 1,
      history: this.history().map(historyItem),
    };
    webview.onDidReceiveMessage((raw) => {
      const m = parsePageMessage(raw);
      if (m) void this.onMessage(m).catch((err: unknown) => this.deps.log.error(`Request panel: ${(err as Error).message}`));
    });
    RequestPanel.open.set(api.info.id, this);
    this.panel.onDidDispose(() => {
      this.abort?.abort();
      if (RequestPanel.open.get(this.api.info.id) === this) RequestPanel.open.delete(this.api.info.id);
    });
  }

  /** The API was started again (same template): new endpoint or routes. */
  update(api: RunningLocalApi): void {
    this.api = api;
    this.patch({
      endpoint: api.info.endpoint,
      running: true,
      routes: api.info.routes.map((r) => ({ method: r.method, path: r.path, function: r.function, api: r.api, type: r.type })),
    });
  }

  /** The API was stopped: the panel stays for its history, Send is off. */
  stopped(): void {
    this.patch({ running: false });
  }

  load(draft: ApiRequestDraft): void {
    this.patch({ draft, draftSeq: this.state.draftSeq + 1 });
  }

  /** Sends a draft (what the page's Send does; tests and commands call it too). */
  async send(draft: ApiRequestDraft): Promise<void> {
    const problem = draftProblem(draft);
    if (problem) {
      this.patch({ failure: problem, response: undefined });
      return;
    }
    if (!this.state.running) {
      this.patch({ failure: 'This API was stopped. Start it again (Lambda: Start Local API).', response: undefined });
      return;
    }
    const endpoint = this.api.info.endpoint;
    const url = requestUrl(endpoint, draft);
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.patch({ sending: true });
    const entry: StoredRequest = { id: randomUUID(), at: Date.now(), draft, target: url.slice(endpoint.replace(/\/+$/, '').length) || '/' };
    try {
      const res = await sendApiRequest(endpoint, draft, abort.signal);
      entry.status = res.status;
      entry.durationMs = res.durationMs;
      this.deps.log.info(`Local API ${draft.method} ${url} → ${res.status} in ${res.durationMs} ms`);
      this.patch({
        sending: false,
        failure: undefined,
        response: {
          method: draft.method,
          url,
          status: res.status,
          statusText: res.statusText,
          durationMs: res.durationMs,
          headers: res.headers,
          body: bodyView(res),
        },
      });
    } catch (err) {
      if (abort.signal.aborted) return;
      entry.failed = true;
      this.patch({ sending: false, response: undefined, failure: `${draft.method} ${url} failed: ${(err as Error).message}` });
    }
    await this.remember(entry);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private async onMessage(m: PageMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post();
        return;
      case 'send':
        return this.send(m.draft);
      case 'copyCurl': {
        const cmd = curlCommand(this.api.info.endpoint, m.draft);
        await vscode.env.clipboard.writeText(cmd);
        vscode.window.setStatusBarMessage('Copied the request as a curl command', 3000);
        return;
      }
      case 'openBrowser':
        if (m.draft.method !== 'GET') return;
        await vscode.env.openExternal(vscode.Uri.parse(requestUrl(this.api.info.endpoint, m.draft), true));
        return;
      case 'resend': {
        const h = this.history().find((x) => x.id === m.id);
        if (!h) return;
        this.load(h.draft);
        return this.send(h.draft);
      }
      case 'tailLogs':
        this.deps.tailLogs(this.api, m.function);
        return;
    }
  }

  private historyKey(): string {
    return `lambdaWorkbench.localApi.history:${this.api.info.template}`;
  }

  private history(): StoredRequest[] {
    const v = this.deps.workspaceState.get<unknown>(this.historyKey());
    return Array.isArray(v) ? (v as StoredRequest[]).filter((x) => x && typeof x.id === 'string' && typeof x.at === 'number' && !!x.draft) : [];
  }

  private async remember(entry: StoredRequest): Promise<void> {
    const list = [entry, ...this.history()].slice(0, HISTORY_MAX);
    await this.deps.workspaceState.update(this.historyKey(), list);
    this.patch({ history: list.map(historyItem) });
  }

  private patch(p: Partial<RequestPanelState>): void {
    this.state = { ...this.state, ...p };
    for (const k of Object.keys(p) as (keyof RequestPanelState)[]) if (p[k] === undefined) delete this.state[k];
    this.post();
  }

  private post(): void {
    if (!this.ready) return;
    const message: HostMessage = { type: 'state', state: this.state };
    void this.panel.webview.postMessage(message);
  }
}

function titleOf(api: RunningLocalApi): string {
  const parts = api.info.template.split(/[\\/]/);
  return parts.slice(-2).join('/') || api.info.id;
}

function historyItem(h: StoredRequest): HistoryItem {
  return { id: h.id, at: h.at, method: h.draft.method, target: h.target, status: h.status, durationMs: h.durationMs, failed: h.failed };
}
