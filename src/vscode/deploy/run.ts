// What every deploy/manage command shares: the function it acts on (explorer node or palette pick),
// a cancellable progress notification fed by the engine's onProgress, and one way to report errors.
import * as vscode from 'vscode';
import type { Connection } from '../../core/types';
import { describeError } from '../../core/errors';
import { CancelledError, type OperationOptions } from '../../lambda';
import { isExplorerNode, pickFunction, type FunctionTarget } from '../explorer/target';
import type { ExplorerNode } from '../explorer/model';
import type { WorkbenchServices } from '../services';

export type { FunctionTarget };

/** The explorer node a command ran on, if any. */
export function nodeOf(arg: unknown): ExplorerNode | undefined {
  return isExplorerNode(arg) ? arg : undefined;
}

/** The connection an explorer node belongs to, else the active one. */
export async function connectionFor(s: WorkbenchServices, arg: unknown): Promise<Connection> {
  const node = nodeOf(arg);
  if (node) {
    const c = await s.connectionById(node.connectionId);
    if (c) return c;
  }
  return s.activeConnection();
}

/** A function from a tree node (function, version, alias, ...) or picked from the active connection. */
export async function functionTarget(s: WorkbenchServices, arg: unknown, title: string): Promise<FunctionTarget | undefined> {
  const node = nodeOf(arg);
  if (!node) return pickFunction(s, title);
  if (!node.functionName) return undefined;
  const connection = await s.connectionById(node.connectionId);
  if (!connection) return undefined;
  const qualifier = node.kind === 'version' && node.value !== '$LATEST' ? node.value : node.kind === 'alias' ? node.value : undefined;
  return { connection, functionName: node.functionName, qualifier, arn: node.arn, node };
}

/** Options every engine call gets on this connection. */
export function baseOptions(connection: Connection): OperationOptions {
  // Lambda blocks deprecated runtimes by date on AWS; the local service runs whatever is installed.
  return { enforceRuntimeLifecycle: connection.kind === 'aws' };
}

/**
 * Runs an operation under a cancellable progress notification. Progress messages go to the
 * notification and the log. Returns undefined when it failed or was cancelled (already reported).
 */
export async function runOperation<T>(
  s: WorkbenchServices,
  connection: Connection,
  title: string,
  work: (options: OperationOptions) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      try {
        return await work({
          ...baseOptions(connection),
          signal: abort.signal,
          onProgress: (p) => {
            s.log.info(`${title}: ${p.message}`);
            // The bar moves by what this step adds; VS Code sums increments.
            const fraction = p.fraction === undefined ? undefined : Math.max(0, Math.min(1, p.fraction));
            const increment = fraction === undefined ? undefined : Math.max(0, fraction * 100 - reported);
            if (fraction !== undefined) reported = fraction * 100;
            progress.report({ message: p.message, increment });
          },
        });
      } finally {
        sub.dispose();
      }
    });
  } catch (err) {
    reportFailure(s, title, err);
    return undefined;
  }
}

export function reportFailure(s: WorkbenchServices, title: string, err: unknown): void {
  if (err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError')) {
    const text = err instanceof CancelledError ? err.message : 'Cancelled.';
    s.log.warn(`${title}: ${text}`);
    void vscode.window.showWarningMessage(`${title}: ${text}`);
    return;
  }
  const text = describeError(err);
  s.log.error(`${title}: ${text}`);
  void vscode.window.showErrorMessage(`${title} failed: ${text}`);
}

/** Registers a command whose unexpected errors are logged and shown instead of lost. */
export function command(s: WorkbenchServices, id: string, fn: (...args: unknown[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (err) {
      reportFailure(s, id.replace(/^lambdaWorkbench\./, ''), err);
      return undefined;
    }
  });
}

/** Tells the explorer to reload what changed. */
export function changed(s: WorkbenchServices, connection: Connection, functionName?: string): void {
  s.notifyResourcesChanged({ connectionId: connection.id, functionName });
}
