// The explorer tree's core, with no `vscode` import so it runs and is tested under node against the
// local service: node identity, per-connection caches, refresh, filter and paging. What each subtree
// holds is built by one builder per subtree (builders/); treeProvider.ts maps nodes to TreeItems.
// Nodes are cached by id and reused, because VS Code identifies the element to refresh by identity.
//
// Calls: a connection's first expansion makes one ListFunctions call (it doubles as the connection
// check); a function's children are fetched only when it is expanded; nothing is fetched per function
// while listing.
import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import type { Pager, PagerSnapshot } from '../../lambda';
import type { Connection } from '../../core/types';
import { refId, type ConnectionRef } from '../../core/connections';
import { toWorkbenchError } from '../../core/errors';
import { ConnectionCache } from './cache';
import { contextValue, rowMessage, type ExplorerNode, type NodeInit } from './nodes';
import { connectionChildren, roots } from './builders/connections';
import { functionsChildren, functionsNode } from './builders/functions';
import { functionChildren, functionFolderChildren, versionsChildren } from './builders/function';
import { layerChildren, layersChildren } from './builders/layers';
import { localApiChildren, localApisChildren, localApisNode } from './builders/localApis';
import type { ExplorerModelOptions, TreeContext } from './builders/context';

export type { ExplorerModelOptions, ExplorerRegistry } from './builders/context';

export class ExplorerModel implements TreeContext {
  private readonly nodes = new Map<string, ExplorerNode>();
  private readonly caches = new Map<string, ConnectionCache>();
  private readonly listeners = new Set<(node: ExplorerNode | undefined) => void>();
  private filterText = '';

  constructor(readonly opts: ExplorerModelOptions) {}

  /** Fired with the node whose children changed (undefined: the roots). */
  onDidChange(listener: (node: ExplorerNode | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get filter(): string {
    return this.filterText;
  }

  getNode(id: string): ExplorerNode | undefined {
    return this.nodes.get(id);
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parentId ? this.nodes.get(node.parentId) : undefined;
  }

  /** The resolved connection of a node (after its connection node was expanded once). */
  connectionOf(node: ExplorerNode): Connection | undefined {
    return this.caches.get(node.connectionId)?.connection;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) return roots(this);
    switch (node.kind) {
      case 'connection':
        return connectionChildren(this, node);
      case 'functions':
        return functionsChildren(this, node);
      case 'layers':
        return layersChildren(this, node);
      case 'function':
        return functionChildren(this, node);
      case 'versions':
        return versionsChildren(this, node);
      case 'aliases':
      case 'functionLayers':
      case 'eventSources':
        return functionFolderChildren(this, node);
      case 'layer':
        return layerChildren(this, node);
      case 'localApis':
        return localApisChildren(this, node);
      case 'localApi':
        return localApiChildren(this, node);
      default:
        return [];
    }
  }

  /** Narrows loaded functions (every connection) by a name substring; never fetches. Layers stay whole. */
  setFilter(text: string): void {
    this.filterText = text.trim();
    for (const [id, cache] of this.caches) {
      cache.functions?.setFilter(this.filterText);
      const fnNode = this.nodes.get(`${id}/functions`);
      if (fnNode) this.fire(fnNode);
    }
  }

  /** Loads the next page under a Functions, Layers or Versions node (or from its Load more node). */
  async loadMore(node: ExplorerNode): Promise<void> {
    const target = node.kind === 'loadMore' && node.parentId ? this.nodes.get(node.parentId) : node;
    if (!target) return;
    const pager = this.pagerOf(target);
    if (!pager) return;
    await pager.loadMore();
    this.fire(target);
  }

  /** Loads every remaining function page of a connection (used by the benchmark). */
  async loadAllFunctions(connectionId: string): Promise<PagerSnapshot<FunctionConfiguration> | undefined> {
    const lister = this.caches.get(connectionId)?.functions;
    if (!lister) return undefined;
    const s = await lister.loadAll();
    const n = this.nodes.get(`${connectionId}/functions`);
    if (n) this.fire(n);
    return s;
  }

  /**
   * Forgets what was fetched under a node and asks the view to fetch again. On a connection (or the
   * roots) the whole connection cache goes.
   */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      for (const id of [...this.caches.keys()]) this.dropConnection(id);
      this.fire(undefined);
      return;
    }
    if (node.kind === 'error' || node.kind === 'loadMore' || node.kind === 'info') {
      const parent = this.getParent(node);
      if (parent) this.refresh(parent);
      else this.refresh();
      return;
    }
    const cache = this.caches.get(node.connectionId);
    switch (node.kind) {
      case 'connection':
        this.dropConnection(node.connectionId);
        break;
      case 'functions':
        void cache?.functions?.refresh();
        break;
      case 'layers':
        void cache?.layers?.refresh();
        break;
      case 'function':
      case 'aliases':
      case 'functionLayers':
      case 'eventSources':
        cache?.forgetFunction(node.functionName);
        break;
      case 'versions':
        void cache?.versions.get(node.functionName)?.refresh();
        break;
      case 'layer':
        cache?.forgetLayer(node.layerName);
        break;
      default:
        break;
    }
    this.fire(node);
  }

  /**
   * The list of connections or the active one changed: the roots are rebuilt, but what was loaded
   * under connections that remain is kept (removed ones are dropped by roots()).
   */
  connectionsChanged(): void {
    this.fire(undefined);
  }

  /** Drops a connection's cache and nodes (refreshed, or its session ended). */
  dropConnection(connectionId: string): void {
    const cache = this.caches.get(connectionId);
    if (!cache) return;
    cache.dispose();
    this.caches.delete(connectionId);
    for (const id of [...this.nodes.keys()]) if (id.startsWith(`${connectionId}/`)) this.nodes.delete(id);
  }

  /** A connection's session ended (removed, or the local service restarted): its cache goes and its row is redrawn. */
  sessionEnded(connectionId: string): void {
    if (!this.caches.has(connectionId)) return;
    this.dropConnection(connectionId);
    this.fire(this.nodes.get(connectionId));
  }

  /**
   * The local service (re)started at `endpoint`. A restart on a new port invalidates what was cached
   * for the local connection; the first start (which the explorer itself may have caused) does not.
   */
  localServiceStarted(connectionId: string, endpoint: string): void {
    const c = this.caches.get(connectionId)?.connection;
    if (!c || c.kind !== 'local' || c.endpoint === endpoint) return;
    this.sessionEnded(connectionId);
  }

  /** The local APIs started or stopped: the Local APIs row is rebuilt (count, actions) and its children listed again. */
  localApisChanged(connectionId: string): void {
    const row = this.nodes.get(`${connectionId}/localApis`);
    const parent = row && this.getParent(row);
    if (!row || !parent) return;
    localApisNode(this, parent);
    for (const id of [...this.nodes.keys()]) if (id.startsWith(`${row.id}/`)) this.nodes.delete(id);
    this.fire(row);
  }

  /** Drops a deleted function from every cache and from the loaded list, keeping the pages loaded. */
  functionDeleted(connectionId: string, functionName: string): void {
    const cache = this.caches.get(connectionId);
    if (!cache) return;
    cache.forgetFunction(functionName);
    const fnId = `${connectionId}/fn/${functionName}`;
    for (const id of [...this.nodes.keys()]) if (id === fnId || id.startsWith(`${fnId}/`)) this.nodes.delete(id);
    const fnNode = this.nodes.get(`${connectionId}/functions`);
    // The lister's change event repaints the list.
    if (cache.functions) cache.functions.removeWhere((f) => f.FunctionName === functionName);
    else if (fnNode) this.refresh(fnNode);
  }

  dispose(): void {
    for (const id of [...this.caches.keys()]) this.dropConnection(id);
    this.listeners.clear();
  }

  // ---- What the builders use -------------------------------------------------------------------

  fire(node: ExplorerNode | undefined): void {
    for (const l of this.listeners) l(node);
  }

  now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /** Returns the cached node for an id, updated with the given fields (identity kept for VS Code). */
  node<T extends NodeInit>(init: T): T & ExplorerNode {
    const built = { ...init, contextValue: contextValue(init) } as T & ExplorerNode;
    const existing = this.nodes.get(init.id);
    if (existing && existing.kind === init.kind) {
      // Optional fields absent from init must be cleared, not kept from an older version of the node.
      for (const key of Object.keys(existing)) {
        if (!(key in built)) delete (existing as unknown as Record<string, unknown>)[key];
      }
      return Object.assign(existing, built);
    }
    this.nodes.set(init.id, built);
    return built;
  }

  errorNode(parent: ExplorerNode, err: unknown, ctx: { operation: string }, suffix = 'error'): ExplorerNode {
    const ref = this.refOf(parent.connectionId);
    const e = toWorkbenchError(err, {
      profile: ref?.kind === 'aws' ? ref.profile : undefined,
      region: ref?.kind === 'aws' ? ref.region : undefined,
      operation: ctx.operation,
    });
    return this.node({
      id: `${parent.id}/${suffix}`,
      kind: 'error',
      connectionId: parent.connectionId,
      parentId: parent.id,
      // The row stays short; the tooltip keeps what was being done.
      label: rowMessage(e.message),
      description: e.action,
      tooltip: e.action ? `${e.message}\n\n${e.action}` : e.message,
      icon: 'error',
      collapsible: 'none',
      error: e,
    });
  }

  infoNode(parent: ExplorerNode, label: string, suffix = 'info'): ExplorerNode {
    return this.node({
      id: `${parent.id}/${suffix}`,
      kind: 'info',
      connectionId: parent.connectionId,
      parentId: parent.id,
      label,
      icon: 'info',
      collapsible: 'none',
    });
  }

  /** Children of a paged list: its items, then an error, a "no match" note and Load more as they apply. */
  async pagedChildren<T>(node: ExplorerNode, pager: Pager<T> | undefined, toNode: (item: T) => ExplorerNode, what: string): Promise<ExplorerNode[]> {
    if (!pager) return [this.infoNode(node, 'Expand the connection again to load this list.')];
    let s = pager.snapshot();
    if (s.loadedCount === 0 && s.hasMore && !s.error) s = await pager.loadMore();
    const out = s.items.map(toNode);
    if (s.error) out.push(this.errorNode(node, s.error, { operation: `listing ${what}` }));
    if (!s.error && s.items.length === 0) {
      if (s.filter && s.loadedCount > 0)
        out.push(this.infoNode(node, `No loaded ${what} match "${s.filter}"${s.hasMore ? ' (load more to search further)' : ''}`));
      else if (!s.hasMore) out.push(this.infoNode(node, `No ${what}`));
    }
    if (s.hasMore && !s.error) {
      out.push(
        this.node({
          id: `${node.id}/loadMore`,
          kind: 'loadMore',
          connectionId: node.connectionId,
          parentId: node.id,
          label: 'Load more…',
          description: `${s.loadedCount} loaded`,
          icon: 'more',
          collapsible: 'none',
        }),
      );
    }
    if (node.kind === 'functions') {
      const parent = this.getParent(node);
      if (parent) {
        const before = `${node.description}|${node.contextValue}`;
        functionsNode(this, parent, s as PagerSnapshot<FunctionConfiguration>);
        // VS Code draws this row before it asks for the row's children, so after Load more or a filter
        // the count would lag one step behind: redraw the row when its count, filter or actions changed
        // (its children then come from the pager as they are, so this settles after one round).
        if (`${node.description}|${node.contextValue}` !== before) setImmediate(() => this.fire(node));
      }
    }
    return out;
  }

  refOf(connectionId: string): ConnectionRef | undefined {
    return this.opts.registry.list().find((r) => refId(r) === connectionId);
  }

  cached(connectionId: string): ConnectionCache | undefined {
    return this.caches.get(connectionId);
  }

  cache(connectionId: string): ConnectionCache {
    let c = this.caches.get(connectionId);
    if (!c) {
      c = new ConnectionCache(() => this.client(connectionId));
      this.caches.set(connectionId, c);
    }
    return c;
  }

  /** Forgets a connection whose first load failed, so expanding it again starts over. */
  forgetCache(connectionId: string): void {
    this.caches.delete(connectionId);
  }

  /** Removed connections lose their cache and nodes (error nodes included). */
  keepOnly(ids: Set<string>): void {
    for (const id of [...this.caches.keys()]) if (!ids.has(id)) this.dropConnection(id);
    for (const [id, n] of this.nodes) if (!ids.has(n.connectionId)) this.nodes.delete(id);
  }

  async client(connectionId: string): Promise<LambdaClient> {
    const s = this.cache(connectionId);
    if (!s.connection) {
      const ref = this.refOf(connectionId);
      if (!ref) throw new Error(`Connection ${connectionId} is no longer configured.`);
      s.resolving ??= this.opts.registry.resolve(ref).finally(() => (s.resolving = undefined));
      const resolved = await s.resolving;
      // A refresh may have replaced the cache meanwhile: the resolved connection is still good to use.
      s.connection = resolved;
      return this.opts.clients.lambda(resolved);
    }
    return this.opts.clients.lambda(s.connection);
  }

  private pagerOf(node: ExplorerNode): Pager<unknown> | undefined {
    const s = this.caches.get(node.connectionId);
    if (!s) return undefined;
    if (node.kind === 'functions') return s.functions as Pager<unknown> | undefined;
    if (node.kind === 'layers') return s.layers as Pager<unknown> | undefined;
    if (node.kind === 'versions') return s.versions.get(node.functionName) as Pager<unknown> | undefined;
    return undefined;
  }
}
