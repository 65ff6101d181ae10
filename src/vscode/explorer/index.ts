// The Lambda explorer: tree view, its commands and context keys. Other modules change resources and
// call services.notifyResourcesChanged(); the explorer refreshes the matching connection or function.
import * as vscode from 'vscode';
import { DeleteFunctionCommand, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { describeError } from '../../core/errors';
import { refId, LOCAL_CONNECTION_ID } from '../../core/connections';
import { pickAwsConnections } from '../connectionPicker';
import type { WorkbenchServices } from '../services';
import { ExplorerModel, type ExplorerNode } from './model';
import { ExplorerTreeProvider } from './treeProvider';
import { CONFIG_SCHEME, ConfigurationDocuments, showConfiguration } from './configDocument';
import { isExplorerNode, pickFunction, resolveFunctionTarget } from './target';

export const EXPLORER_VIEW_ID = 'lambdaWorkbench.explorer';

export interface Explorer {
  model: ExplorerModel;
  view: vscode.TreeView<ExplorerNode>;
}

export function registerExplorer(services: WorkbenchServices): Explorer {
  const { context, log } = services;
  const model = new ExplorerModel({
    registry: services.connections,
    clients: services.clients,
    onHealth: (id, err) => services.reportConnectionHealth(id, err),
  });
  const provider = new ExplorerTreeProvider(model, context.extensionUri);
  const view = vscode.window.createTreeView(EXPLORER_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const docs = new ConfigurationDocuments(services);

  const setFilterContext = (text: string) => {
    void vscode.commands.executeCommand('setContext', 'lambdaWorkbench.filterActive', text.length > 0);
    view.message = text ? `Functions filtered by "${text}"` : undefined;
  };

  const cmd = (id: string, fn: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await fn(...args);
      } catch (err) {
        const text = describeError(err);
        log.error(`${id}: ${text}`);
        void vscode.window.showErrorMessage(text);
      }
    });

  const nodeArg = (arg: unknown): ExplorerNode | undefined => (isExplorerNode(arg) ? arg : undefined);

  context.subscriptions.push(
    view,
    provider,
    docs,
    { dispose: () => model.dispose() },
    vscode.workspace.registerTextDocumentContentProvider(CONFIG_SCHEME, docs),
    services.onDidChangeConnections(() => model.connectionsChanged()),
    services.onDidChangeResources((e) => {
      const fnNode = e.functionName ? model.getNode(`${e.connectionId}/fn/${e.functionName}`) : undefined;
      if (fnNode) model.refresh(fnNode);
      const list = model.getNode(`${e.connectionId}/functions`);
      if (list) model.refresh(list);
    }),
    // A restarted local service has a new port and keys: what was cached for it goes.
    { dispose: services.localService.on('started', (info) => model.localServiceStarted(LOCAL_CONNECTION_ID, info.endpoint)) },

    cmd('lambdaWorkbench.explorer.refresh', (arg) => {
      const node = isExplorerNode(arg) ? arg : undefined;
      model.refresh(node);
    }),
    cmd('lambdaWorkbench.explorer.retry', (arg) => model.refresh(nodeArg(arg))),
    cmd('lambdaWorkbench.ssoLogin', async (arg) => {
      const node = nodeArg(arg);
      const ref = node ? services.connections.list().find((r) => refId(r) === node.connectionId) : services.connections.activeRef();
      if (!ref || ref.kind !== 'aws') return;
      // The AWS CLI owns the browser sign-in; when its terminal closes the connection is retried.
      const terminal = vscode.window.createTerminal({ name: `AWS SSO login (${ref.profile})` });
      terminal.show();
      terminal.sendText(`aws sso login --profile ${shellQuote(ref.profile)}`);
      const sub = vscode.window.onDidCloseTerminal((t) => {
        if (t !== terminal) return;
        sub.dispose();
        model.refresh(model.getNode(refId(ref)));
      });
      context.subscriptions.push(sub);
    }),
    cmd('lambdaWorkbench.explorer.loadMore', async (arg) => {
      const node = nodeArg(arg);
      if (!node) return;
      await vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, () => model.loadMore(node));
    }),
    cmd('lambdaWorkbench.explorer.filter', async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter functions',
        prompt: 'Show functions whose name contains this text. Applies to what is loaded; Load more searches further.',
        value: model.filter,
        placeHolder: 'e.g. orders',
      });
      if (text === undefined) return;
      model.setFilter(text);
      setFilterContext(model.filter);
    }),
    cmd('lambdaWorkbench.explorer.clearFilter', () => {
      model.setFilter('');
      setFilterContext('');
    }),
    cmd('lambdaWorkbench.addConnection', async () => {
      const refs = await pickAwsConnections(services, 'Lambda: Add AWS Connection');
      for (const ref of refs) {
        await services.connections.add(ref);
        log.info(`Added connection ${services.connections.label(ref)}`);
      }
    }),
    cmd('lambdaWorkbench.removeConnection', async (arg) => {
      const node = nodeArg(arg);
      let id = node?.kind === 'connection' ? node.connectionId : undefined;
      if (!id) {
        const refs = services.connections.list().filter((r) => r.kind === 'aws');
        if (refs.length === 0) {
          void vscode.window.showInformationMessage('There is no AWS connection to remove (the local service always stays).');
          return;
        }
        const pick = await vscode.window.showQuickPick(
          refs.map((r) => ({ label: services.connections.label(r), id: refId(r) })),
          { title: 'Lambda: Remove Connection' },
        );
        id = pick?.id;
      }
      if (!id || id === LOCAL_CONNECTION_ID) return;
      model.dropConnection(id);
      await services.connections.remove(id);
    }),
    cmd('lambdaWorkbench.setActiveConnection', async (arg) => {
      const node = nodeArg(arg);
      const ref = node && services.connections.list().find((r) => refId(r) === node.connectionId);
      if (ref) await services.connections.setActive(ref);
    }),
    cmd('lambdaWorkbench.copyArn', async (arg) => {
      let arn = nodeArg(arg)?.arn;
      if (!arn && !isExplorerNode(arg)) {
        const t = await pickFunction(services, 'Copy ARN');
        if (!t) return;
        arn = (await services.clients.lambda(t.connection).send(new GetFunctionConfigurationCommand({ FunctionName: t.functionName }))).FunctionArn;
      }
      if (!arn) return;
      await vscode.env.clipboard.writeText(arn);
      vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
    }),
    cmd('lambdaWorkbench.copyName', async (arg) => {
      const node = nodeArg(arg);
      const text = node ? (node.value ?? node.functionName ?? node.layerName ?? node.label) : (await pickFunction(services, 'Copy Name'))?.functionName;
      if (!text) return;
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
    }),
    cmd('lambdaWorkbench.showConfiguration', async (arg) => {
      const t = await resolveFunctionTarget(model, services, arg, 'Show Configuration');
      if (t) await showConfiguration(docs, t.connection, t.functionName, t.qualifier);
    }),
    cmd('lambdaWorkbench.deleteFunction', async (arg) => {
      const t = await resolveFunctionTarget(model, services, arg, 'Delete Function');
      if (!t) return;
      const typed = await vscode.window.showInputBox({
        title: `Delete ${t.functionName} (${t.connection.label})`,
        prompt: `This deletes the function, all its versions and aliases. Type the function name to confirm.`,
        placeHolder: t.functionName,
        validateInput: (v) => (v === t.functionName ? undefined : `Type "${t.functionName}" exactly to confirm.`),
        ignoreFocusOut: true,
      });
      if (typed !== t.functionName) return;
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting ${t.functionName}…` }, () =>
        services.clients.lambda(t.connection).send(new DeleteFunctionCommand({ FunctionName: t.functionName })),
      );
      log.info(`Deleted function ${t.functionName} on ${t.connection.label}`);
      model.functionDeleted(t.connection.id, t.functionName);
      services.notifyResourcesChanged({ connectionId: t.connection.id });
      void vscode.window.showInformationMessage(`Deleted ${t.functionName}.`);
    }),
  );
  setFilterContext('');
  return { model, view };
}

/** Quotes a profile name for a POSIX shell command line. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.@-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
