// The Lambda explorer: tree view, its commands and context keys. Other modules change resources and
// call services.notifyResourcesChanged(); the explorer refreshes the matching connection or function.
import * as vscode from 'vscode';
import { DeleteFunctionCommand, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { refId, LOCAL_CONNECTION_ID } from '../../core/connections';
import { pickAwsConnections } from '../connectionPicker';
import type { WorkbenchServices } from '../services';
import { entry, type Contribution } from '../commands/runtime';
import { nodeOf, parseTarget, targetFunction } from '../commands/args';
import { pickFunction } from '../commands/pickFunction';
import { ExplorerModel } from './tree';
import { arnOf, nameOf } from './nodes';
import { ExplorerTreeProvider } from './treeProvider';
import { CONFIG_SCHEME, ConfigurationDocuments, showConfiguration } from './configDocument';

export const EXPLORER_VIEW_ID = 'lambdaWorkbench.explorer';

export function explorerArea(services: WorkbenchServices): Contribution {
  const { context, log } = services;
  const model = new ExplorerModel({
    registry: services.connections,
    clients: services.clients,
    onHealth: (id, err) => services.reportConnectionHealth(id, err),
    notesOf: (id, name) => services.functionNotes.of(id, name),
    localApis: services.localApis,
  });
  const provider = new ExplorerTreeProvider(model, context.extensionUri);
  const view = vscode.window.createTreeView(EXPLORER_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const docs = new ConfigurationDocuments(services);

  const setFilterContext = (text: string) => {
    void vscode.commands.executeCommand('setContext', 'lambdaWorkbench.filterActive', text.length > 0);
    view.message = text ? `Functions filtered by "${text}"` : undefined;
  };
  setFilterContext('');

  const disposables: vscode.Disposable[] = [
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
    // What was cached for a connection belongs to its session (removed, or a restarted local service).
    services.sessions.onDidEnd((id) => model.sessionEnded(id)),
    { dispose: services.localApis.onDidChange(() => model.localApisChanged(LOCAL_CONNECTION_ID)) },
  ];

  const commands = [
    entry('lambdaWorkbench.explorer.refresh', 'refresh the explorer', (arg) => model.refresh(nodeOf(parseTarget(arg)))),
    entry('lambdaWorkbench.explorer.retry', 'retry', (arg) => model.refresh(nodeOf(parseTarget(arg)))),
    entry('lambdaWorkbench.ssoLogin', 'start the AWS SSO sign-in', (arg) => {
      const node = nodeOf(parseTarget(arg));
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
      services.sessions.scope(refId(ref)).own(sub);
    }),
    entry('lambdaWorkbench.explorer.loadMore', 'load more', async (arg) => {
      const node = nodeOf(parseTarget(arg));
      if (node) await vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, () => model.loadMore(node));
    }),
    entry('lambdaWorkbench.explorer.filter', 'filter the functions', async () => {
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
    entry('lambdaWorkbench.explorer.clearFilter', 'clear the filter', () => {
      model.setFilter('');
      setFilterContext('');
    }),
    entry('lambdaWorkbench.addConnection', 'add the connection', async () => {
      for (const ref of await pickAwsConnections(services, 'Lambda: Add AWS Connection')) {
        await services.connections.add(ref);
        log.info(`Added connection ${services.connections.label(ref)}`);
      }
    }),
    entry('lambdaWorkbench.removeConnection', 'remove the connection', async (arg) => {
      const node = nodeOf(parseTarget(arg));
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
      // Its session (explorer cache, tails, panels, clients) ends when the registry stops listing it.
      if (id && id !== LOCAL_CONNECTION_ID) await services.connections.remove(id);
    }),
    entry('lambdaWorkbench.setActiveConnection', 'switch the connection', async (arg) => {
      const node = nodeOf(parseTarget(arg));
      const ref = node && services.connections.list().find((r) => refId(r) === node.connectionId);
      if (ref) await services.connections.setActive(ref);
    }),
    entry('lambdaWorkbench.copyArn', 'copy the ARN', async (arg) => {
      const node = nodeOf(parseTarget(arg));
      let arn = node && arnOf(node);
      if (!node) {
        const t = await pickFunction(services, 'Copy ARN');
        if (!t) return;
        arn = (await services.clients.lambda(t.connection).send(new GetFunctionConfigurationCommand({ FunctionName: t.functionName }))).FunctionArn;
      }
      if (!arn) return;
      await vscode.env.clipboard.writeText(arn);
      vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
    }),
    entry('lambdaWorkbench.copyName', 'copy the name', async (arg) => {
      const node = nodeOf(parseTarget(arg));
      const text = node ? nameOf(node) : (await pickFunction(services, 'Copy Name'))?.functionName;
      if (!text) return;
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
    }),
    entry('lambdaWorkbench.showConfiguration', 'show the configuration', async (arg) => {
      const t = await targetFunction(services, parseTarget(arg), 'Show Configuration');
      if (t) await showConfiguration(docs, t.connection, t.functionName, t.qualifier);
    }),
    entry('lambdaWorkbench.deleteFunction', 'delete the function', async (arg) => {
      const t = await targetFunction(services, parseTarget(arg), 'Delete Function');
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
  ];
  return { commands, disposables };
}

/** Quotes a profile name for a POSIX shell command line. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.@-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
