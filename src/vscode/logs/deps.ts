// What the log panels need from the rest of the extension, kept minimal so the shell can pass its
// shared services as they are.
import type * as vscode from 'vscode';
import type { ClientFactory, Connection } from '../../core/types';

export interface LogDeps {
  /** The active connection, resolved (starts the local service when that is the active one). */
  activeConnection(): Promise<Connection>;
  clients: ClientFactory;
  /** The "Lambda Workbench" log channel (already redacting). */
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
  /** Rebuilds a connection from its id, for panels reopened after a reload and after a connection change. */
  connectionById(id: string): Promise<Connection | undefined>;
}

/** The deps plus where the extension lives (for the webview's files). */
export type PanelDeps = LogDeps & { extensionUri: vscode.Uri };

/** A connection from its id, or undefined when it is not configured any more. */
export function connectionFromId(deps: LogDeps, id: string): Promise<Connection | undefined> {
  return deps.connectionById(id);
}
