// The shared UI services every UI module receives: the log, the connection registry, the client
// factory, the local service process and the per-connection session scopes. Built once in
// activate(); disposed with the extension.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { DefaultClientFactory } from '../core/clientFactory';
import { ConnectionRegistry } from '../core/connectionRegistry';
import { LocalServiceProcess } from '../core/localService';
import type { Connection } from '../core/types';
import type { WorkbenchError } from '../core/errors';
import { parseConnectionId, type ConnectionRef } from '../core/connections';
import { createLog, type WorkbenchLog } from './log';
import { Sessions } from './session';
import { FunctionNotes } from './functionNotes';
import { LocalApiStore } from './localApi/store';

export interface WorkbenchServices {
  readonly context: vscode.ExtensionContext;
  readonly log: WorkbenchLog;
  readonly clients: DefaultClientFactory;
  readonly connections: ConnectionRegistry;
  readonly localService: LocalServiceProcess;
  /** One session scope per connection: what was opened for it goes when it is removed or restarted. */
  readonly sessions: Sessions;
  /** How functions really run on this machine, as this session learned it (tooltips show it). */
  readonly functionNotes: FunctionNotes;
  /** The local APIs this window serves (explorer, status bar, request panels); emptied with the local session. */
  readonly localApis: LocalApiStore;
  /** Fires after the active connection changed (status bar, tails and panels listen). */
  readonly onDidChangeActiveConnection: vscode.Event<ConnectionRef>;
  /** Fires when the list of connections changed (explorer roots). */
  readonly onDidChangeConnections: vscode.Event<void>;
  /** Fires when a connection's resources changed (deploy, delete, publish): the explorer refreshes. */
  readonly onDidChangeResources: vscode.Event<{ connectionId: string; functionName?: string }>;
  /** Tell the explorer something changed on a connection (other modules call this after a change). */
  notifyResourcesChanged(e: { connectionId: string; functionName?: string }): void;
  /** The active connection, resolved (starts the local service when it is the active one). */
  activeConnection(): Promise<Connection>;
  /** The last known failure of each connection (explorer first page), undefined once it works. */
  connectionError(id: string): WorkbenchError | undefined;
  reportConnectionHealth(id: string, error: WorkbenchError | undefined): void;
  readonly onDidChangeConnectionHealth: vscode.Event<string>;
  /** Rebuilds a connection from its id (`local`, `aws:profile:region`), e.g. for a reopened panel. */
  connectionById(id: string): Promise<Connection | undefined>;
}

export function createServices(context: vscode.ExtensionContext): WorkbenchServices {
  const log = createLog();
  const clients = new DefaultClientFactory();
  const localService = new LocalServiceProcess({
    scriptPath: context.asAbsolutePath(join('dist', 'local.js')),
    ...localServiceSettings(context),
    log: (level, message) => log[level](message),
  });
  const connections = new ConnectionRegistry(context.globalState, localService, clients);
  const activeEmitter = new vscode.EventEmitter<ConnectionRef>();
  const listEmitter = new vscode.EventEmitter<void>();
  const resourcesEmitter = new vscode.EventEmitter<{ connectionId: string; functionName?: string }>();
  const healthEmitter = new vscode.EventEmitter<string>();
  const health = new Map<string, WorkbenchError>();
  const offActive = connections.on('active', (ref) => activeEmitter.fire(ref));
  const offList = connections.on('list', () => listEmitter.fire());
  const offFailed = localService.on('failed', (err) => log.error(err.message));
  const sessions = new Sessions(connections, clients, localService, log);
  const functionNotes = new FunctionNotes();
  const offNotes = sessions.onDidEnd((id) => functionNotes.forget(id));
  const localApis = new LocalApiStore();

  context.subscriptions.push(log.channel, activeEmitter, listEmitter, resourcesEmitter, healthEmitter, sessions, {
    dispose: () => {
      offActive();
      offList();
      offFailed();
      offNotes.dispose();
      connections.dispose();
    },
  });

  return {
    context,
    log,
    clients,
    connections,
    localService,
    sessions,
    functionNotes,
    localApis,
    onDidChangeActiveConnection: activeEmitter.event,
    onDidChangeConnections: listEmitter.event,
    onDidChangeResources: resourcesEmitter.event,
    notifyResourcesChanged: (e) => resourcesEmitter.fire(e),
    activeConnection: () => connections.resolveActive(),
    connectionError: (id) => health.get(id),
    reportConnectionHealth: (id, error) => {
      if (health.get(id) === error || (!error && !health.has(id))) return;
      if (error) health.set(id, error);
      else health.delete(id);
      healthEmitter.fire(id);
    },
    onDidChangeConnectionHealth: healthEmitter.event,
    connectionById: async (id) => {
      const ref = parseConnectionId(id);
      return ref ? connections.resolve(ref) : undefined;
    },
  };
}

function resolveHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;
}

/** Port and data folder of the local service from the settings; a fixed port and folder let other tools (AWS CLI, SDK scripts, tests) share the service. */
export function localServiceSettings(context: vscode.ExtensionContext): { port: number; dataDir: string } {
  const settings = vscode.workspace.getConfiguration('lambdaWorkbench.localService');
  const port = settings.get<number>('port', 0);
  const dataDir = settings.get<string>('dataDir', '').trim();
  return {
    port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 0,
    dataDir: dataDir ? resolveHome(dataDir) : join(context.globalStorageUri.fsPath, 'local-service'),
  };
}
