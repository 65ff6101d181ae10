// One session scope per connection. Two lifetimes, as in rust-analyzer's Ctx: what lives as long as
// the extension goes to context.subscriptions; what was opened for one connection (its explorer
// cache, tails, log panels, invoke result panels, SDK clients) belongs to that connection's scope.
// When the connection is removed, stops being listed after a switch, or the local service restarts
// on a new port, the scope ends here, in one place, and everything that belonged to it goes.
import * as vscode from 'vscode';
import { refId, LOCAL_CONNECTION_ID } from '../core/connections';
import type { ConnectionRegistry } from '../core/connectionRegistry';
import type { LocalServiceProcess } from '../core/localService';
import type { DefaultClientFactory } from '../core/clientFactory';
import { LogPanel } from './logs/panel';
import { ResultPanel } from './invoke/panel';
import type { WorkbenchLog } from './log';

/** What was opened for one connection; disposed, newest first, when the connection's session ends. */
export class SessionScope implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private ended = false;

  constructor(readonly connectionId: string) {}

  /** Ties something to this session; it is disposed at once when the session already ended. */
  own<T extends vscode.Disposable>(d: T): T {
    if (this.ended) d.dispose();
    else this.owned.push(d);
    return d;
  }

  dispose(): void {
    this.ended = true;
    for (const d of this.owned.splice(0).reverse()) d.dispose();
  }
}

export class Sessions implements vscode.Disposable {
  private readonly scopes = new Map<string, SessionScope>();
  private readonly ended = new vscode.EventEmitter<string>();
  /** Fires with the id of a connection whose session ended (the explorer drops its cache). */
  readonly onDidEnd = this.ended.event;
  private localEndpoint: string | undefined;
  private listed: Set<string>;
  private readonly off: Array<() => void>;

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly clients: DefaultClientFactory,
    localService: LocalServiceProcess,
    private readonly log: WorkbenchLog,
  ) {
    this.localEndpoint = localService.current()?.endpoint;
    this.listed = new Set(registry.list().map(refId));
    this.off = [
      registry.on('list', () => this.endUnlisted()),
      registry.on('active', () => this.endUnlisted()),
      // A restart on a new port (or with new keys) invalidates the local session; the first start does not.
      localService.on('started', (info) => {
        const before = this.localEndpoint;
        this.localEndpoint = info.endpoint;
        if (before && before !== info.endpoint) this.end(LOCAL_CONNECTION_ID, `the local service restarted at ${info.endpoint}`);
      }),
    ];
  }

  /** The scope of a connection, started on first use. */
  scope(connectionId: string): SessionScope {
    let s = this.scopes.get(connectionId);
    if (!s) {
      s = new SessionScope(connectionId);
      this.scopes.set(connectionId, s);
    }
    return s;
  }

  /** Ends a connection's session: everything opened for it goes, then its SDK clients. */
  end(connectionId: string, why: string): void {
    this.log.info(`Session of ${connectionId} ended: ${why}`);
    const s = this.scopes.get(connectionId);
    this.scopes.delete(connectionId);
    s?.dispose();
    LogPanel.disposeForConnection(connectionId);
    ResultPanel.disposeForConnection(connectionId);
    this.clients.dispose(connectionId);
    this.ended.fire(connectionId);
  }

  /** Connections no longer listed (removed, or an unsaved active one switched away from). */
  private endUnlisted(): void {
    const listed = new Set(this.registry.list().map(refId));
    const gone = new Set([...this.listed, ...this.scopes.keys()].filter((id) => !listed.has(id)));
    this.listed = listed;
    for (const id of gone) this.end(id, 'the connection is no longer listed');
  }

  dispose(): void {
    for (const off of this.off) off();
    for (const s of this.scopes.values()) s.dispose();
    this.scopes.clear();
    this.ended.dispose();
  }
}
