// What a command receives: an explorer node when run from the tree, nothing from the palette. This
// turns either into a function on a resolved connection, asking for what is missing. Other UI modules
// (invoke, deploy, logs) use resolveFunctionTarget for their tree entry points too.
import * as vscode from 'vscode';
import type { Connection } from '../../core/types';
import { refId } from '../../core/connections';
import { describeError } from '../../core/errors';
import { FunctionLister } from '../../lambda';
import type { WorkbenchServices } from '../services';
import type { ExplorerModel, ExplorerNode } from './model';
import { acceptedItem } from '../quickPick';

export interface FunctionTarget {
  connection: Connection;
  functionName: string;
  /** Version or alias when the command ran on one. */
  qualifier?: string;
  arn?: string;
  logGroup?: string;
  node?: ExplorerNode;
}

export function isExplorerNode(v: unknown): v is ExplorerNode {
  return (
    !!v &&
    typeof v === 'object' &&
    typeof (v as ExplorerNode).id === 'string' &&
    typeof (v as ExplorerNode).kind === 'string' &&
    typeof (v as ExplorerNode).connectionId === 'string'
  );
}

/** Lets the user pick a function of the active connection (palette use). */
export async function pickFunction(services: WorkbenchServices, title: string): Promise<FunctionTarget | undefined> {
  let connection: Connection;
  try {
    connection = await services.activeConnection();
  } catch (err) {
    void vscode.window.showErrorMessage(describeError(err));
    return undefined;
  }
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { name: string }>();
  qp.title = `${title} (${connection.label})`;
  qp.placeholder = 'Function name';
  qp.busy = true;
  qp.matchOnDescription = true;
  qp.show();
  const lister = new FunctionLister(services.clients.lambda(connection));
  // Items appear page by page while the rest loads.
  const off = lister.onDidChange((s) => {
    qp.items = s.items.map((f) => ({ label: f.FunctionName ?? '?', description: f.Runtime, name: f.FunctionName ?? '' }));
    if (s.error) qp.placeholder = describeError(s.error, { operation: 'listing functions' });
  });
  void lister.loadAll().finally(() => (qp.busy = false));
  const picked = (await acceptedItem(qp))?.name;
  off();
  lister.dispose();
  qp.dispose();
  return picked ? { connection, functionName: picked } : undefined;
}

/** The function a tree node stands for (function, version, alias, log group, ... nodes). */
export async function targetOfNode(model: ExplorerModel, services: WorkbenchServices, node: ExplorerNode): Promise<FunctionTarget | undefined> {
  if (!node.functionName) return undefined;
  const ref = services.connections.list().find((r) => refId(r) === node.connectionId);
  const connection = model.connectionOf(node) ?? (ref ? await services.connections.resolve(ref) : undefined);
  if (!connection) return undefined;
  const qualifier = node.kind === 'version' && node.value !== '$LATEST' ? node.value : node.kind === 'alias' ? node.value : undefined;
  return {
    connection,
    functionName: node.functionName,
    qualifier,
    arn: node.arn,
    logGroup: node.kind === 'logGroup' ? node.value : undefined,
    node,
  };
}

/** From the tree (node argument) or the palette (asks). */
export async function resolveFunctionTarget(
  model: ExplorerModel,
  services: WorkbenchServices,
  arg: unknown,
  title: string,
): Promise<FunctionTarget | undefined> {
  if (isExplorerNode(arg)) return targetOfNode(model, services, arg);
  return pickFunction(services, title);
}
