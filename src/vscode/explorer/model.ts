// The explorer tree as plain data, with no `vscode` import so it runs and is tested under node against
// the local service. treeProvider.ts maps these nodes to TreeItems. Nodes are cached by id and reused,
// because VS Code identifies the element to refresh by object identity.
//
// Calls: a connection's first expansion makes one ListFunctions call (it doubles as the connection
// check); a function's children are fetched only when it is expanded; nothing is fetched per function
// while listing. Every fetch carries a generation so a slow, older answer never overwrites a newer one.
import type { FunctionConfiguration, LambdaClient, LayersListItem, LayerVersionsListItem } from '@aws-sdk/client-lambda';
import {
  FunctionLister,
  LayerLister,
  VersionLister,
  eventSourceText,
  functionDescription,
  functionTooltip,
  humanSize,
  layerLabel,
  layerVersionDescription,
  listLayerVersions,
  loadFunctionDetails,
  routingText,
  runtimeInfo,
  isDeprecated,
  formatDate,
  type FunctionDetails,
  type Pager,
  type PagerSnapshot,
} from '../../lambda';
import type { ClientFactory, Connection } from '../../core/types';
import { refId, type ConnectionRef } from '../../core/connections';
import { toWorkbenchError, type WorkbenchError } from '../../core/errors';

export type NodeKind =
  | 'connection'
  | 'functions'
  | 'layers'
  | 'function'
  | 'versions'
  | 'version'
  | 'aliases'
  | 'alias'
  | 'functionLayers'
  | 'layerRef'
  | 'eventSources'
  | 'eventSource'
  | 'functionUrl'
  | 'logGroup'
  | 'layer'
  | 'layerVersion'
  | 'loadMore'
  | 'error'
  | 'info';

export type Collapsible = 'none' | 'collapsed' | 'expanded';

export interface ExplorerNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly connectionId: string;
  readonly parentId?: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id (`cloud`), or `runtime:<family>` for a runtime icon, or `deprecated`. */
  icon?: string;
  contextValue: string;
  collapsible: Collapsible;
  /** Function (or version) configuration for function and version nodes. */
  fn?: FunctionConfiguration;
  functionName?: string;
  /** ARN to copy (function, version, alias, layer version, event source). */
  arn?: string;
  /** Text to copy or open (URL, log group name). */
  value?: string;
  layerName?: string;
  error?: WorkbenchError;
}

export interface ExplorerRegistry {
  list(): ConnectionRef[];
  activeRef(): ConnectionRef;
  label(ref: ConnectionRef): string;
  resolve(ref: ConnectionRef): Promise<Connection>;
}

export interface ExplorerModelOptions {
  registry: ExplorerRegistry;
  clients: ClientFactory;
  /** Items per List* call (default 50, Lambda's maximum). */
  pageSize?: number;
  now?: () => Date;
  /** Told when a connection fails (error) or works again (undefined): the status bar shows it. */
  onHealth?: (connectionId: string, error: WorkbenchError | undefined) => void;
}

interface DetailsEntry {
  generation: number;
  promise: Promise<FunctionDetails>;
}

/** What the model keeps per connection; dropped whole when the connection is refreshed or removed. */
class ConnectionState {
  connection?: Connection;
  resolving?: Promise<Connection>;
  functions?: FunctionLister;
  layers?: LayerLister;
  unsubscribe: Array<() => void> = [];
  details = new Map<string, DetailsEntry>();
  detailsGeneration = new Map<string, number>();
  versions = new Map<string, VersionLister>();
  layerVersions = new Map<string, { promise: Promise<LayerVersionsListItem[]> }>();
  /** Bumped by a refresh of a function: loads started before it are superseded. */
  dispose(): void {
    for (const u of this.unsubscribe) u();
    this.functions?.dispose();
    this.layers?.dispose();
    for (const v of this.versions.values()) v.dispose();
  }
}

const RUNTIME_FAMILIES = new Set(['nodejs', 'python', 'java', 'dotnet', 'ruby', 'provided', 'go']);

export function runtimeIcon(fn: FunctionConfiguration, now = new Date()): string {
  if (fn.PackageType === 'Image') return 'runtime:image';
  if (isDeprecated(fn.Runtime, now)) return 'deprecated';
  const family = runtimeInfo(fn.Runtime)?.family ?? /^[a-z]+/.exec(fn.Runtime ?? '')?.[0] ?? '';
  return RUNTIME_FAMILIES.has(family) ? `runtime:${family}` : 'symbol-function';
}

/**
 * An error message fit for one tree row: without what was being done (the tooltip keeps it), and
 * without the command line a failed process echoes before its stderr, which is what says why; the
 * lines are joined so nothing is cut at the first one.
 */
export function rowMessage(message: string): string {
  return message
    .replace(/\s*\(while [^)]*\)\s*$/, '')
    .replace(/Command failed: [^\n]*\n\s*(?=\S)/, '')
    .trim()
    .replace(/\s*\n+\s*/g, ' · ');
}

export class ExplorerModel {
  private readonly nodes = new Map<string, ExplorerNode>();
  private readonly states = new Map<string, ConnectionState>();
  private readonly listeners = new Set<(node: ExplorerNode | undefined) => void>();
  private filterText = '';

  constructor(private readonly opts: ExplorerModelOptions) {}

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
    return this.states.get(node.connectionId)?.connection;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'connection':
        return this.connectionChildren(node);
      case 'functions':
        return this.functionsChildren(node);
      case 'layers':
        return this.layersChildren(node);
      case 'function':
        return this.functionChildren(node);
      case 'versions':
        return this.versionsChildren(node);
      case 'aliases':
      case 'functionLayers':
      case 'eventSources':
        return this.detailGroupChildren(node);
      case 'layer':
        return this.layerChildren(node);
      default:
        return [];
    }
  }

  /** Narrows loaded functions (every connection) by a name substring; never fetches. Layers stay whole. */
  setFilter(text: string): void {
    this.filterText = text.trim();
    for (const [id, state] of this.states) {
      state.functions?.setFilter(this.filterText);
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

  /** Loads every remaining function page of a connection (used by the benchmark and "Load all"). */
  async loadAllFunctions(connectionId: string): Promise<PagerSnapshot<FunctionConfiguration> | undefined> {
    const lister = this.states.get(connectionId)?.functions;
    if (!lister) return undefined;
    const s = await lister.loadAll();
    const n = this.nodes.get(`${connectionId}/functions`);
    if (n) this.fire(n);
    return s;
  }

  /**
   * Forgets what was fetched under a node and asks the view to fetch again. On a connection (or the
   * roots) the whole connection state goes, clients included.
   */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      for (const id of [...this.states.keys()]) this.dropConnection(id);
      this.fire(undefined);
      return;
    }
    if (node.kind === 'error' || node.kind === 'loadMore' || node.kind === 'info') {
      const parent = this.getParent(node);
      if (parent) this.refresh(parent);
      else this.refresh();
      return;
    }
    const state = this.states.get(node.connectionId);
    switch (node.kind) {
      case 'connection':
        this.dropConnection(node.connectionId);
        break;
      case 'functions':
        void state?.functions?.refresh();
        break;
      case 'layers':
        void state?.layers?.refresh();
        break;
      case 'function':
      case 'aliases':
      case 'functionLayers':
      case 'eventSources':
        if (state && node.functionName) this.forgetFunction(state, node.functionName);
        break;
      case 'versions':
        if (state && node.functionName) void state.versions.get(node.functionName)?.refresh();
        break;
      case 'layer':
        if (state && node.layerName) state.layerVersions.delete(node.layerName);
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

  /** Drops a connection's cached state (e.g. it was removed, or the local service restarted). */
  dropConnection(connectionId: string): void {
    const state = this.states.get(connectionId);
    if (!state) return;
    state.dispose();
    this.states.delete(connectionId);
    for (const id of [...this.nodes.keys()]) if (id.startsWith(`${connectionId}/`)) this.nodes.delete(id);
  }

  /**
   * The local service (re)started at `endpoint`. A restart on a new port invalidates what was cached
   * for the local connection; the first start (which the explorer itself may have caused) does not.
   */
  localServiceStarted(connectionId: string, endpoint: string): void {
    const c = this.states.get(connectionId)?.connection;
    if (!c || c.kind !== 'local' || c.endpoint === endpoint) return;
    this.dropConnection(connectionId);
    this.fire(this.nodes.get(connectionId));
  }

  /** Drops a deleted function from every cache and from the loaded list, keeping the pages loaded. */
  functionDeleted(connectionId: string, functionName: string): void {
    const state = this.states.get(connectionId);
    if (!state) return;
    this.forgetFunction(state, functionName);
    const fnId = `${connectionId}/fn/${functionName}`;
    for (const id of [...this.nodes.keys()]) if (id === fnId || id.startsWith(`${fnId}/`)) this.nodes.delete(id);
    const fnNode = this.nodes.get(`${connectionId}/functions`);
    // The lister's change event repaints the list.
    if (state.functions) state.functions.removeWhere((f) => f.FunctionName === functionName);
    else if (fnNode) this.refresh(fnNode);
  }

  dispose(): void {
    for (const id of [...this.states.keys()]) this.dropConnection(id);
    this.listeners.clear();
  }

  // -------------------------------------------------------------------------------------------

  private fire(node: ExplorerNode | undefined): void {
    for (const l of this.listeners) l(node);
  }

  /** Returns the cached node for an id, updated with the given fields (identity kept for VS Code). */
  private node(init: ExplorerNode): ExplorerNode {
    const existing = this.nodes.get(init.id);
    if (existing && existing.kind === init.kind) {
      // Optional fields absent from init must be cleared, not kept from an older version of the node.
      for (const key of Object.keys(existing) as Array<keyof ExplorerNode>) {
        if (!(key in init)) delete (existing as unknown as Record<string, unknown>)[key];
      }
      Object.assign(existing, init);
      return existing;
    }
    this.nodes.set(init.id, init);
    return init;
  }

  private errorNode(parent: ExplorerNode, err: unknown, ctx: { operation: string }, suffix = 'error'): ExplorerNode {
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
      // SSO errors get their own value so the menu can offer "Sign in with AWS SSO".
      contextValue: e.code === 'SsoTokenExpired' ? 'lambdaWorkbench.error.sso' : 'lambdaWorkbench.error',
      collapsible: 'none',
      error: e,
    });
  }

  private healthError(node: ExplorerNode): ExplorerNode {
    this.opts.onHealth?.(node.connectionId, node.error);
    return node;
  }

  private infoNode(parent: ExplorerNode, label: string, suffix = 'info'): ExplorerNode {
    return this.node({
      id: `${parent.id}/${suffix}`,
      kind: 'info',
      connectionId: parent.connectionId,
      parentId: parent.id,
      label,
      icon: 'info',
      contextValue: 'lambdaWorkbench.info',
      collapsible: 'none',
    });
  }

  private loadMoreNode(parent: ExplorerNode, s: PagerSnapshot<unknown>): ExplorerNode {
    return this.node({
      id: `${parent.id}/loadMore`,
      kind: 'loadMore',
      connectionId: parent.connectionId,
      parentId: parent.id,
      label: 'Load more…',
      description: `${s.loadedCount} loaded`,
      icon: 'more',
      contextValue: 'lambdaWorkbench.loadMore',
      collapsible: 'none',
    });
  }

  private refOf(connectionId: string): ConnectionRef | undefined {
    return this.opts.registry.list().find((r) => refId(r) === connectionId);
  }

  private roots(): ExplorerNode[] {
    const active = refId(this.opts.registry.activeRef());
    const refs = this.opts.registry.list();
    const ids = new Set(refs.map(refId));
    // Connections that were removed lose their cached state and nodes (error nodes included).
    for (const id of [...this.states.keys()]) if (!ids.has(id)) this.dropConnection(id);
    for (const [id, n] of this.nodes) if (!ids.has(n.connectionId)) this.nodes.delete(id);
    return refs.map((ref) => {
      const id = refId(ref);
      const isActive = id === active;
      const state = this.states.get(id);
      const endpoint =
        state?.connection?.kind === 'local' ? state.connection.endpoint : state?.connection?.kind === 'aws' ? state.connection.endpoint : undefined;
      return this.node({
        id,
        kind: 'connection',
        connectionId: id,
        label: this.opts.registry.label(ref),
        description: [isActive ? 'active' : undefined, endpoint].filter(Boolean).join(' · ') || undefined,
        tooltip:
          ref.kind === 'local'
            ? 'The embedded local Lambda service (no AWS account needed)'
            : `AWS profile ${ref.profile}, region ${ref.region}${endpoint ? `, endpoint ${endpoint}` : ''}`,
        icon: ref.kind === 'local' ? 'vm' : 'cloud',
        contextValue: `lambdaWorkbench.connection.${ref.kind}${isActive ? '.active' : ''}`,
        collapsible: isActive ? 'expanded' : 'collapsed',
      });
    });
  }

  private state(connectionId: string): ConnectionState {
    let s = this.states.get(connectionId);
    if (!s) {
      s = new ConnectionState();
      this.states.set(connectionId, s);
    }
    return s;
  }

  private async client(connectionId: string): Promise<LambdaClient> {
    const s = this.state(connectionId);
    if (!s.connection) {
      const ref = this.refOf(connectionId);
      if (!ref) throw new Error(`Connection ${connectionId} is no longer configured.`);
      s.resolving ??= this.opts.registry.resolve(ref).finally(() => (s.resolving = undefined));
      const resolved = await s.resolving;
      // A refresh may have replaced the state meanwhile: the resolved connection is still good to use.
      s.connection = resolved;
      return this.opts.clients.lambda(resolved);
    }
    return this.opts.clients.lambda(s.connection);
  }

  private async connectionChildren(node: ExplorerNode): Promise<ExplorerNode[]> {
    const s = this.state(node.connectionId);
    let lister = s.functions;
    try {
      if (!lister) {
        const client = await this.client(node.connectionId);
        lister = new FunctionLister(client, { pageSize: this.opts.pageSize });
        lister.setFilter(this.filterText);
        s.functions = lister;
        s.layers = new LayerLister(client, { pageSize: this.opts.pageSize });
      }
    } catch (err) {
      // The connection itself is unusable (profile gone, local service cannot start).
      this.states.delete(node.connectionId);
      return [this.healthError(this.errorNode(node, err, { operation: 'connecting' }))];
    }
    // The first page doubles as the connection check: a credentials, permission or network problem
    // shows here, on the connection, with Retry; other connections are unaffected.
    let snap = lister.snapshot();
    if (snap.loadedCount === 0 && !snap.error && snap.hasMore) snap = await lister.loadMore();
    // Refreshed while the first page was in flight: answer from the newer state, not this one.
    if (snap.stale || this.states.get(node.connectionId) !== s) return this.connectionChildren(node);
    if (snap.error && snap.loadedCount === 0) {
      const err = snap.error;
      this.dropConnection(node.connectionId);
      return [this.healthError(this.errorNode(node, err, { operation: 'listing functions' }))];
    }
    this.opts.onHealth?.(node.connectionId, undefined);
    return [this.functionsNode(node, snap), this.layersNode(node)];
  }

  private functionsNode(parent: ExplorerNode, s: PagerSnapshot<FunctionConfiguration>): ExplorerNode {
    const count = `${s.loadedCount}${s.hasMore ? '+' : ''}`;
    const description = s.filter ? `${s.items.length} of ${count} · filter "${s.filter}"` : count;
    return this.node({
      id: `${parent.id}/functions`,
      kind: 'functions',
      connectionId: parent.connectionId,
      parentId: parent.id,
      label: 'Functions',
      description,
      icon: 'symbol-function',
      // `.filtered` and `.more` drive the inline Clear Filter and Load More actions.
      contextValue: `lambdaWorkbench.functions${s.filter ? '.filtered' : ''}${s.hasMore ? '.more' : ''}`,
      collapsible: 'expanded',
    });
  }

  private layersNode(parent: ExplorerNode): ExplorerNode {
    return this.node({
      id: `${parent.id}/layers`,
      kind: 'layers',
      connectionId: parent.connectionId,
      parentId: parent.id,
      label: 'Layers',
      icon: 'layers',
      contextValue: 'lambdaWorkbench.layers',
      collapsible: 'collapsed',
    });
  }

  private pagerOf(node: ExplorerNode): Pager<unknown> | undefined {
    const s = this.states.get(node.connectionId);
    if (!s) return undefined;
    if (node.kind === 'functions') return s.functions as Pager<unknown> | undefined;
    if (node.kind === 'layers') return s.layers as Pager<unknown> | undefined;
    if (node.kind === 'versions' && node.functionName) return s.versions.get(node.functionName) as Pager<unknown> | undefined;
    return undefined;
  }

  /** Children of a paged list: its items, then an error, a "no match" note and Load more as they apply. */
  private async pagedChildren<T>(node: ExplorerNode, pager: Pager<T> | undefined, toNode: (item: T) => ExplorerNode, what: string): Promise<ExplorerNode[]> {
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
    if (s.hasMore && !s.error) out.push(this.loadMoreNode(node, s));
    if (node.kind === 'functions') {
      const parent = this.getParent(node);
      if (parent) {
        const before = `${node.description}|${node.contextValue}`;
        this.functionsNode(parent, s as PagerSnapshot<FunctionConfiguration>);
        // VS Code draws this row before it asks for the row's children, so after Load more or a filter
        // the count would lag one step behind: redraw the row when its count, filter or actions changed
        // (its children then come from the pager as they are, so this settles after one round).
        if (`${node.description}|${node.contextValue}` !== before) setImmediate(() => this.fire(node));
      }
    }
    return out;
  }

  private functionsChildren(node: ExplorerNode): Promise<ExplorerNode[]> {
    const s = this.states.get(node.connectionId);
    const now = this.now();
    return this.pagedChildren(node, s?.functions, (fn) => this.functionNode(node, fn, now), 'functions');
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  private functionNode(parent: ExplorerNode, fn: FunctionConfiguration, now: Date): ExplorerNode {
    const name = fn.FunctionName ?? '?';
    const deprecated = fn.PackageType !== 'Image' && isDeprecated(fn.Runtime, now);
    return this.node({
      id: `${parent.connectionId}/fn/${name}`,
      kind: 'function',
      connectionId: parent.connectionId,
      parentId: parent.id,
      label: name,
      description: functionDescription(fn, now),
      tooltip: functionTooltip(fn, now),
      icon: runtimeIcon(fn, now),
      contextValue: `lambdaWorkbench.function${deprecated ? '.deprecated' : ''}`,
      collapsible: 'collapsed',
      fn,
      functionName: name,
      arn: fn.FunctionArn,
    });
  }

  private details(connectionId: string, functionName: string): Promise<FunctionDetails> {
    const s = this.state(connectionId);
    const cached = s.details.get(functionName);
    if (cached) return cached.promise;
    const generation = s.detailsGeneration.get(functionName) ?? 0;
    const promise = this.client(connectionId).then((c) => loadFunctionDetails(c, functionName));
    const entry = { generation, promise };
    s.details.set(functionName, entry);
    promise.catch(() => {
      // A failed load is not cached, so expanding again retries, unless a newer load replaced it.
      if (s.details.get(functionName) === entry) s.details.delete(functionName);
    });
    return promise;
  }

  /**
   * The details of the newest generation: when a refresh starts while an older load is in flight,
   * the older answer is dropped and the newer one awaited, so stale facts never overwrite fresh ones.
   */
  private async currentDetails(connectionId: string, functionName: string): Promise<FunctionDetails> {
    const s = this.state(connectionId);
    for (let attempt = 0; ; attempt++) {
      const generation = s.detailsGeneration.get(functionName) ?? 0;
      const d = await this.details(connectionId, functionName);
      if ((s.detailsGeneration.get(functionName) ?? 0) === generation || attempt >= 3) return d;
    }
  }

  private forgetFunction(state: ConnectionState, functionName: string): void {
    state.details.delete(functionName);
    state.detailsGeneration.set(functionName, (state.detailsGeneration.get(functionName) ?? 0) + 1);
    state.versions.get(functionName)?.dispose();
    state.versions.delete(functionName);
  }

  private async functionChildren(node: ExplorerNode): Promise<ExplorerNode[]> {
    const name = node.functionName!;
    let d: FunctionDetails;
    try {
      d = await this.currentDetails(node.connectionId, name);
    } catch (err) {
      return [this.errorNode(node, err, { operation: `reading ${name}` })];
    }
    const cfg = d.configuration;
    const now = this.now();
    node.fn = cfg;
    const description = functionDescription(cfg, now);
    const tooltip = functionTooltip(cfg, now);
    if (description !== node.description || tooltip !== node.tooltip) {
      node.description = description;
      node.tooltip = tooltip;
      // The row itself was drawn from the older listing: redraw it (its children come from cache).
      setImmediate(() => this.fire(node));
    }
    const base = { connectionId: node.connectionId, parentId: node.id, functionName: name };
    const out: ExplorerNode[] = [];
    out.push(
      this.node({
        ...base,
        id: `${node.id}/versions`,
        kind: 'versions',
        label: 'Versions',
        icon: 'versions',
        contextValue: 'lambdaWorkbench.versions',
        collapsible: 'collapsed',
      }),
    );
    out.push(
      this.node({
        ...base,
        id: `${node.id}/aliases`,
        kind: 'aliases',
        label: 'Aliases',
        description: d.aliases.ok ? String(d.aliases.value.length) : 'error',
        icon: 'tag',
        contextValue: 'lambdaWorkbench.aliases',
        collapsible: d.aliases.ok && d.aliases.value.length === 0 ? 'none' : 'collapsed',
      }),
    );
    out.push(
      this.node({
        ...base,
        id: `${node.id}/layers`,
        kind: 'functionLayers',
        label: 'Layers',
        description: String(d.layers.length),
        icon: 'layers',
        contextValue: 'lambdaWorkbench.functionLayers',
        collapsible: d.layers.length ? 'collapsed' : 'none',
      }),
    );
    out.push(
      this.node({
        ...base,
        id: `${node.id}/eventSources`,
        kind: 'eventSources',
        label: 'Event source mappings',
        description: d.eventSources.ok ? String(d.eventSources.value.length) : 'error',
        icon: 'plug',
        contextValue: 'lambdaWorkbench.eventSources',
        collapsible: d.eventSources.ok && d.eventSources.value.length === 0 ? 'none' : 'collapsed',
      }),
    );
    if (!d.url.ok) out.push(this.errorNode(node, d.url.error, { operation: 'reading the function URL' }, 'urlError'));
    else if (d.url.value?.FunctionUrl) {
      const u = d.url.value;
      out.push(
        this.node({
          ...base,
          id: `${node.id}/url`,
          kind: 'functionUrl',
          label: 'Function URL',
          description: u.FunctionUrl,
          tooltip: `${u.FunctionUrl}\nAuth: ${u.AuthType ?? '?'}${u.InvokeMode ? `\nInvoke mode: ${u.InvokeMode}` : ''}`,
          icon: 'link',
          contextValue: 'lambdaWorkbench.functionUrl',
          collapsible: 'none',
          value: u.FunctionUrl,
        }),
      );
    }
    out.push(
      this.node({
        ...base,
        id: `${node.id}/logGroup`,
        kind: 'logGroup',
        label: 'Log group',
        description: d.logGroup,
        tooltip: d.logGroup,
        icon: 'output',
        contextValue: 'lambdaWorkbench.logGroup',
        collapsible: 'none',
        value: d.logGroup,
      }),
    );
    return out;
  }

  private async detailGroupChildren(node: ExplorerNode): Promise<ExplorerNode[]> {
    const name = node.functionName!;
    let d: FunctionDetails;
    try {
      d = await this.currentDetails(node.connectionId, name);
    } catch (err) {
      return [this.errorNode(node, err, { operation: `reading ${name}` })];
    }
    const base = { connectionId: node.connectionId, parentId: node.id, functionName: name };
    if (node.kind === 'aliases') {
      if (!d.aliases.ok) return [this.errorNode(node, d.aliases.error, { operation: 'listing aliases' })];
      return d.aliases.value.map((a) =>
        this.node({
          ...base,
          id: `${node.id}/${a.Name}`,
          kind: 'alias',
          label: a.Name ?? '?',
          description: routingText(a).replace(/^[^ ]+ /, ''),
          tooltip: [routingText(a), a.Description, a.AliasArn].filter(Boolean).join('\n'),
          icon: 'tag',
          contextValue:
            a.RoutingConfig?.AdditionalVersionWeights && Object.keys(a.RoutingConfig.AdditionalVersionWeights).length
              ? 'lambdaWorkbench.alias.weighted'
              : 'lambdaWorkbench.alias',
          collapsible: 'none',
          arn: a.AliasArn,
          value: a.Name,
        }),
      );
    }
    if (node.kind === 'functionLayers') {
      return d.layers.map((l) =>
        this.node({
          ...base,
          id: `${node.id}/${l.Arn}`,
          kind: 'layerRef',
          label: layerLabel(l),
          description: l.CodeSize !== undefined ? humanSize(l.CodeSize) : undefined,
          tooltip: l.Arn,
          icon: 'layers',
          contextValue: 'lambdaWorkbench.layerRef',
          collapsible: 'none',
          arn: l.Arn,
        }),
      );
    }
    if (!d.eventSources.ok) return [this.errorNode(node, d.eventSources.error, { operation: 'listing event source mappings' })];
    return d.eventSources.value.map((m) =>
      this.node({
        ...base,
        id: `${node.id}/${m.UUID}`,
        kind: 'eventSource',
        label: eventSourceText(m),
        tooltip: [m.EventSourceArn, m.UUID ? `UUID: ${m.UUID}` : undefined, m.LastProcessingResult ? `Last result: ${m.LastProcessingResult}` : undefined]
          .filter(Boolean)
          .join('\n'),
        icon: 'plug',
        contextValue: 'lambdaWorkbench.eventSource',
        collapsible: 'none',
        arn: m.EventSourceMappingArn ?? m.EventSourceArn,
        value: m.UUID,
      }),
    );
  }

  private async versionsChildren(node: ExplorerNode): Promise<ExplorerNode[]> {
    const name = node.functionName!;
    const s = this.state(node.connectionId);
    let lister = s.versions.get(name);
    if (!lister) {
      try {
        lister = new VersionLister(await this.client(node.connectionId), name, this.opts.pageSize ?? 50);
      } catch (err) {
        return [this.errorNode(node, err, { operation: 'listing versions' })];
      }
      s.versions.set(name, lister);
    }
    return this.pagedChildren(
      node,
      lister,
      (v) =>
        this.node({
          id: `${node.id}/${v.Version}`,
          kind: 'version',
          connectionId: node.connectionId,
          parentId: node.id,
          functionName: name,
          label: v.Version ?? '?',
          description: [v.Description, v.LastModified ? formatDate(v.LastModified) : undefined].filter(Boolean).join(' · ') || undefined,
          tooltip: [v.FunctionArn, v.CodeSha256 ? `Code SHA-256: ${v.CodeSha256}` : undefined, v.Runtime ? `Runtime: ${v.Runtime}` : undefined]
            .filter(Boolean)
            .join('\n'),
          icon: v.Version === '$LATEST' ? 'edit' : 'git-commit',
          contextValue: v.Version === '$LATEST' ? 'lambdaWorkbench.version.latest' : 'lambdaWorkbench.version',
          collapsible: 'none',
          fn: v,
          arn: v.FunctionArn,
          value: v.Version,
        }),
      'versions',
    );
  }

  private layersChildren(node: ExplorerNode): Promise<ExplorerNode[]> {
    const s = this.states.get(node.connectionId);
    return this.pagedChildren(node, s?.layers, (l: LayersListItem) => this.layerNode(node, l), 'layers');
  }

  private layerNode(parent: ExplorerNode, l: LayersListItem): ExplorerNode {
    const latest = l.LatestMatchingVersion;
    return this.node({
      id: `${parent.id}/${l.LayerName}`,
      kind: 'layer',
      connectionId: parent.connectionId,
      parentId: parent.id,
      label: l.LayerName ?? '?',
      description: latest ? `latest ${latest.Version}${latest.CompatibleRuntimes?.length ? ` · ${latest.CompatibleRuntimes.join(', ')}` : ''}` : undefined,
      tooltip: [l.LayerArn, latest?.Description].filter(Boolean).join('\n'),
      icon: 'layers',
      contextValue: 'lambdaWorkbench.layer',
      collapsible: 'collapsed',
      layerName: l.LayerName,
      arn: l.LayerArn,
    });
  }

  private async layerChildren(node: ExplorerNode): Promise<ExplorerNode[]> {
    const s = this.state(node.connectionId);
    const name = node.layerName!;
    let entry = s.layerVersions.get(name);
    if (!entry) {
      entry = { promise: this.client(node.connectionId).then((c) => listLayerVersions(c, name)) };
      s.layerVersions.set(name, entry);
    }
    const mine = entry;
    let versions: LayerVersionsListItem[];
    try {
      versions = await mine.promise;
    } catch (err) {
      if (s.layerVersions.get(name) === mine) s.layerVersions.delete(name);
      return [this.errorNode(node, err, { operation: `listing versions of layer ${name}` })];
    }
    // A refresh started a newer listing meanwhile: show that one, never the older answer.
    const newer = this.states.get(node.connectionId)?.layerVersions.get(name);
    if (newer && newer !== mine) return this.layerChildren(node);
    if (versions.length === 0) return [this.infoNode(node, 'No versions')];
    return versions.map((v) =>
      this.node({
        id: `${node.id}/${v.Version}`,
        kind: 'layerVersion',
        connectionId: node.connectionId,
        parentId: node.id,
        layerName: name,
        label: String(v.Version ?? '?'),
        description: layerVersionDescription(v).replace(/^[^·]+· ?/, '') || undefined,
        tooltip: [
          v.LayerVersionArn,
          v.Description,
          v.CompatibleArchitectures?.length ? `Architectures: ${v.CompatibleArchitectures.join(', ')}` : undefined,
          v.LicenseInfo ? `License: ${v.LicenseInfo}` : undefined,
        ]
          .filter(Boolean)
          .join('\n'),
        icon: 'package',
        contextValue: 'lambdaWorkbench.layerVersion',
        collapsible: 'none',
        arn: v.LayerVersionArn,
      }),
    );
  }
}
