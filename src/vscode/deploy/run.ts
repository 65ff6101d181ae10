// What every deploy/manage command shares: a cancellable progress notification fed by the engine's
// onProgress, the options every engine call gets, and telling the explorer what changed.
import * as vscode from 'vscode';
import type { Connection } from '../../core/types';
import type { OperationOptions } from '../../lambda';
import { reportError } from '../commands/runtime';
import type { WorkbenchServices } from '../services';

/** Options every engine call gets on this connection. */
export function baseOptions(connection: Connection): OperationOptions {
  // Lambda blocks deprecated runtimes by date on AWS; the local service runs whatever is installed.
  return { enforceRuntimeLifecycle: connection.kind === 'aws' };
}

/**
 * Runs an operation under a cancellable progress notification. Progress messages go to the
 * notification and the log. Returns undefined when it failed or was cancelled, already reported by
 * the command runtime's policy, so a command can go on (back to its menu, or say what was done).
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
    reportError(s.log, `${title} failed`, err);
    return undefined;
  }
}

/** Tells the explorer to reload what changed. */
export function changed(s: WorkbenchServices, connection: Connection, functionName?: string): void {
  s.notifyResourcesChanged({ connectionId: connection.id, functionName });
}
