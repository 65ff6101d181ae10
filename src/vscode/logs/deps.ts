// What the log commands need from the rest of the extension, kept minimal so the shell can pass its
// shared services as they are.
import type * as vscode from 'vscode';
import type { ClientFactory, Connection } from '../../core/types';
import { parseConnectionId, type ConnectionRef } from '../../core/connections';

export interface LogDeps {
  /** The active connection, resolved (starts the local service when that is the active one). */
  activeConnection(): Promise<Connection>;
  clients: ClientFactory;
  /** The "Lambda Workbench" log channel (already redacting). */
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
  /** Rebuilds a connection from its id, for panels reopened after a reload and tree nodes. */
  connectionById?(id: string): Promise<Connection | undefined>;
  /** The connection registry (the shell's services have one): used when connectionById is not given. */
  connections?: { resolve(ref: ConnectionRef): Promise<Connection> };
  /** Fires when a connection changed or was removed: its tails stop. */
  onDidChangeActiveConnection?: vscode.Event<unknown>;
}

/** The deps plus where the extension lives (for the webview's files). */
export type PanelDeps = LogDeps & { extensionUri: vscode.Uri };

/** A connection from its id: through connectionById, else the registry, else undefined. */
export async function connectionFromId(deps: LogDeps, id: string): Promise<Connection | undefined> {
  if (deps.connectionById) return deps.connectionById(id);
  const ref = parseConnectionId(id);
  return ref && deps.connections ? deps.connections.resolve(ref) : undefined;
}
