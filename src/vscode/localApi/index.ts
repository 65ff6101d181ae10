// Local APIs: Start Local API (palette, template CodeLens, explorer, a template file's context menu),
// Stop Local API, Send Request (a route opens the request panel), the routes quick pick of the status
// bar item. The template's functions are made to exist on the local service from source (Invoke
// locally's plan), then the service's control API serves the template's routes on them, so requests
// run in the same warm environments and log to the same groups as invokes. Everything started here
// belongs to the local connection's session: a restarted local service ends it (store, panels, item).
import * as vscode from 'vscode';
import * as path from 'node:path';
import { LOCAL_CONNECTION_ID } from '../../core/connections';
import type { LocalConnection } from '../../core/types';
import { LocalApiClient, startLocalApi } from '../../lambda/localApi';
import type { LocalApiRoute } from '../../contract/localApi';
import type { WorkbenchServices } from '../services';
import { entry, type Contribution } from '../commands/runtime';
import { parseTarget, templateArgs } from '../commands/args';
import { activeOrPickedTemplate } from '../templates';
import { RequestPanel, REQUEST_VIEW_TYPE, type RequestPanelDeps } from './panel';
import { LocalApiStatusItem } from './statusItem';
import { methodIcon, routeLabel, type RunningLocalApi } from './store';

export const LOCAL_API_COMMANDS = {
  start: 'lambdaWorkbench.startLocalApi',
  stop: 'lambdaWorkbench.stopLocalApi',
  send: 'lambdaWorkbench.sendLocalApiRequest',
  routes: 'lambdaWorkbench.localApiRoutes',
} as const;

const TAIL_FUNCTION_LOGS = 'lambdaWorkbench.tailFunctionLogs';

export function localApiArea(s: WorkbenchServices): Contribution {
  const store = s.localApis;
  const scope = () => s.sessions.scope(LOCAL_CONNECTION_ID);
  const status = new LocalApiStatusItem(store, scope, LOCAL_API_COMMANDS.routes);
  const deps: RequestPanelDeps = {
    extensionUri: s.context.extensionUri,
    workspaceState: s.context.workspaceState,
    log: s.log,
    tailLogs: (api, logicalId) => {
      const functionName = api.functionNames[logicalId];
      if (!functionName) {
        void vscode.window.showInformationMessage(`${logicalId} does not run on the local service (it could not be prepared), so it has no logs there.`);
        return;
      }
      void vscode.commands.executeCommand(TAIL_FUNCTION_LOGS, { connectionId: LOCAL_CONNECTION_ID, functionName });
    },
  };

  async function localConnection(): Promise<LocalConnection> {
    const c = await s.connectionById(LOCAL_CONNECTION_ID);
    if (c?.kind !== 'local') throw new Error('The local service is not available.');
    return c;
  }

  const clientOf = (c: LocalConnection) => new LocalApiClient({ endpoint: c.endpoint, region: c.region, credentials: c.credentials });

  /** Local APIs run on the local service only: a row of another connection gets a message, not an API. */
  function notLocal(arg: unknown): boolean {
    const t = parseTarget(arg);
    if (t.kind !== 'node' || t.node.connectionId === LOCAL_CONNECTION_ID) return false;
    void vscode.window.showInformationMessage(
      'Local APIs are served by the local service, not by an AWS connection. Run "Lambda: Start Local API" on a template, or use the Local APIs folder of the Local service.',
    );
    return true;
  }

  async function templateOf(arg: unknown): Promise<string | undefined> {
    const fromLens = templateArgs(arg);
    if (fromLens) return fromLens.templatePath;
    const a = arg as { templatePath?: unknown } | undefined;
    if (a && typeof a === 'object' && typeof a.templatePath === 'string') return a.templatePath;
    if (arg instanceof vscode.Uri) return arg.fsPath;
    return activeOrPickedTemplate();
  }

  async function start(arg: unknown): Promise<RunningLocalApi | undefined> {
    if (notLocal(arg)) return undefined;
    const templatePath = await templateOf(arg);
    if (!templatePath) return undefined;
    const running = store.byTemplate(path.resolve(templatePath));
    if (running) {
      void vscode.window
        .showInformationMessage(`${vscode.workspace.asRelativePath(templatePath)} is already served at ${running.info.endpoint}.`, 'Send Request', 'Stop')
        .then((b) => {
          if (b === 'Send Request') RequestPanel.show(deps, running);
          if (b === 'Stop') void vscode.commands.executeCommand(LOCAL_API_COMMANDS.stop, { apiId: running.info.id });
        });
      return running;
    }
    const connection = await localConnection();
    const lambda = s.clients.lambda(connection);
    const client = clientOf(connection);
    const port = vscode.workspace.getConfiguration('lambdaWorkbench.localApi').get<number>('port', 3000);
    const rel = vscode.workspace.asRelativePath(templatePath);
    const started = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Starting the local API of ${rel}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const onFunction = (id: string, done: number, total: number) => progress.report({ message: `${id} ready (${done}/${total})` });
        const options = { region: connection.region, signal: abort.signal, onFunction };
        try {
          return await startLocalApi(lambda, client, templatePath, { ...options, port });
        } catch (err) {
          // The usual port is taken (another API, another tool): serve on a free one and say so.
          if (!port || abort.signal.aborted || !/in use|EADDRINUSE/i.test((err as Error).message)) throw err;
          s.log.warn(`Port ${port} is in use; serving ${rel} on a free port instead.`);
          return startLocalApi(lambda, client, templatePath, { ...options, port: 0 });
        }
      },
    );
    for (const e of started.ensured) {
      if (e.action === 'unchanged') continue;
      s.log.info(`Local function ${e.functionName} ${e.action} from ${templatePath}`);
      s.notifyResourcesChanged({ connectionId: LOCAL_CONNECTION_ID, functionName: e.functionName });
    }
    const api: RunningLocalApi = { info: started.info, functionNames: started.functionNames, startedAt: Date.now() };
    const id = api.info.id;
    store.set(api);
    RequestPanel.get(id)?.update(api);
    // Everything of this API goes with the local session (the service restarted: its APIs are gone).
    scope().own({
      dispose: () => {
        store.remove(id);
        RequestPanel.get(id)?.dispose();
      },
    });
    s.log.info(`Local API of ${rel} at ${api.info.endpoint}: ${api.info.routes.map((r) => `${r.method} ${r.path} → ${r.function}`).join(', ') || 'no routes'}`);
    const warnings = [...started.warnings, ...api.info.warnings];
    for (const w of warnings) s.log.warn(`Local API of ${rel}: ${w}`);
    const n = api.info.routes.length;
    if (started.adopted) s.log.info(`${rel} was already served at ${api.info.endpoint}: that API is shown.`);
    const text = `Serving ${n} route${n === 1 ? '' : 's'} of ${rel} at ${api.info.endpoint}${warnings.length ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'} in the log)` : ''}.`;
    void vscode.window.showInformationMessage(text, 'Send Request', 'Copy URL').then((b) => {
      if (b === 'Send Request') RequestPanel.show(deps, api);
      if (b === 'Copy URL') void vscode.env.clipboard.writeText(api.info.endpoint);
    });
    return api;
  }

  async function pickApi(title: string): Promise<RunningLocalApi | undefined> {
    const apis = store.list();
    if (apis.length <= 1) return apis[0];
    const pick = await vscode.window.showQuickPick(
      apis.map((a) => ({ label: vscode.workspace.asRelativePath(a.info.template), description: a.info.endpoint, api: a })),
      { title },
    );
    return pick?.api;
  }

  /** The API a command is about: `{ apiId }`, an API or route row, else the only one or one picked. */
  async function apiOf(arg: unknown, title: string): Promise<RunningLocalApi | undefined> {
    const t = parseTarget(arg);
    if (t.kind === 'node' && (t.node.kind === 'localApi' || t.node.kind === 'localApiRoute')) return store.get(t.node.apiId);
    const a = arg as { apiId?: unknown } | undefined;
    if (a && typeof a === 'object' && typeof a.apiId === 'string') return store.get(a.apiId);
    return pickApi(title);
  }

  async function stop(arg: unknown): Promise<void> {
    if (notLocal(arg)) return;
    if (store.list().length === 0) {
      void vscode.window.showInformationMessage('No local API is running.');
      return;
    }
    const api = await apiOf(arg, 'Lambda: Stop Local API');
    if (!api) return;
    const connection = await localConnection();
    // The control API answers once the port is closed: the port is free when this returns.
    await clientOf(connection).stop(api.info.id);
    store.remove(api.info.id);
    RequestPanel.get(api.info.id)?.stopped();
    s.log.info(`Stopped the local API at ${api.info.endpoint} (${api.info.template})`);
    vscode.window.setStatusBarMessage(`Stopped the local API at ${api.info.endpoint}`, 4000);
  }

  async function sendRequest(arg: unknown): Promise<RequestPanel | undefined> {
    if (notLocal(arg)) return undefined;
    const t = parseTarget(arg);
    if (t.kind === 'node' && t.node.kind === 'localApiRoute') {
      const api = store.get(t.node.apiId);
      return api ? RequestPanel.show(deps, api, { method: t.node.method, path: t.node.path }) : undefined;
    }
    const picked = await pickRoute('Lambda: Send Request to a Local API');
    return picked && RequestPanel.show(deps, picked.api, picked.route);
  }

  async function pickRoute(title: string): Promise<{ api: RunningLocalApi; route?: LocalApiRoute } | undefined> {
    const apis = store.list();
    if (apis.length === 0) {
      const b = await vscode.window.showInformationMessage('No local API is running. Start one from a SAM template?', 'Start Local API');
      if (b) await vscode.commands.executeCommand(LOCAL_API_COMMANDS.start);
      return undefined;
    }
    type Item = vscode.QuickPickItem & { api?: RunningLocalApi; route?: LocalApiRoute };
    const items: Item[] = [];
    for (const api of apis) {
      items.push({ label: vscode.workspace.asRelativePath(api.info.template), description: api.info.endpoint, kind: vscode.QuickPickItemKind.Separator });
      for (const r of api.info.routes) items.push({ label: `$(${methodIcon(r.method)}) ${routeLabel(r)}`, description: r.type, api, route: r });
    }
    const pick = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
    return pick?.api ? { api: pick.api, route: pick.route } : undefined;
  }

  /** The status bar item's click: every route (open the panel), then copy the URL or stop, per API. */
  async function routesPick(): Promise<void> {
    type Item = vscode.QuickPickItem & { run?: () => unknown };
    const items: Item[] = [];
    for (const api of store.list()) {
      items.push({ label: `${vscode.workspace.asRelativePath(api.info.template)}`, description: api.info.endpoint, kind: vscode.QuickPickItemKind.Separator });
      for (const r of api.info.routes)
        items.push({ label: `$(${methodIcon(r.method)}) ${routeLabel(r)}`, description: 'open the request panel', run: () => RequestPanel.show(deps, api, r) });
      items.push({ label: '$(copy) Copy URL', description: api.info.endpoint, run: () => vscode.env.clipboard.writeText(api.info.endpoint) });
      items.push({
        label: '$(debug-stop) Stop',
        description: 'free the port',
        run: () => vscode.commands.executeCommand(LOCAL_API_COMMANDS.stop, { apiId: api.info.id }),
      });
    }
    if (!items.length) {
      void vscode.window.showInformationMessage('No local API is running.');
      return;
    }
    const pick = await vscode.window.showQuickPick(items, { title: 'Local APIs', matchOnDescription: true });
    await pick?.run?.();
  }

  const commands = [
    entry(LOCAL_API_COMMANDS.start, 'start the local API', (arg) => start(arg)),
    entry(LOCAL_API_COMMANDS.stop, 'stop the local API', (arg) => stop(arg)),
    entry(LOCAL_API_COMMANDS.send, 'open the request panel', (arg) => sendRequest(arg)),
    entry(LOCAL_API_COMMANDS.routes, 'list the local routes', () => routesPick()),
  ];
  // A restarted local service took its APIs with it, even on the same port (when the session goes on).
  const offStarted = s.localService.on('started', () => {
    for (const api of store.list()) {
      store.remove(api.info.id);
      RequestPanel.get(api.info.id)?.dispose();
      s.log.info(`The local API at ${api.info.endpoint} stopped with the local service.`);
    }
  });
  const disposables = [
    { dispose: offStarted },
    status,
    { dispose: () => RequestPanel.disposeAll() },
    // A request panel left open before a reload is closed: its API went with the old window's session.
    vscode.window.registerWebviewPanelSerializer(REQUEST_VIEW_TYPE, { deserializeWebviewPanel: async (panel) => panel.dispose() }),
  ];
  return { commands, disposables };
}
