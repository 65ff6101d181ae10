// The roots (one row per connection) and a connection's children: Functions and Layers. The first
// page of functions doubles as the connection check.
import { FunctionLister, LayerLister } from '../../../lambda';
import { refId } from '../../../core/connections';
import type { ConnectionNode, ExplorerNode } from '../nodes';
import type { TreeContext } from './context';
import { functionsNode } from './functions';
import { layersNode } from './layers';
import { localApisNode } from './localApis';

export function roots(t: TreeContext): ExplorerNode[] {
  const { registry } = t.opts;
  const active = refId(registry.activeRef());
  const refs = registry.list();
  t.keepOnly(new Set(refs.map(refId)));
  return refs.map((ref) => {
    const id = refId(ref);
    const isActive = id === active;
    const c = t.cached(id)?.connection;
    const endpoint = c?.kind === 'local' ? c.endpoint : c?.kind === 'aws' ? c.endpoint : undefined;
    return t.node({
      id,
      kind: 'connection',
      connectionId: id,
      ref,
      active: isActive,
      label: registry.label(ref),
      description: [isActive ? 'active' : undefined, endpoint].filter(Boolean).join(' · ') || undefined,
      tooltip:
        ref.kind === 'local'
          ? 'The embedded local Lambda service (no AWS account needed)'
          : `AWS profile ${ref.profile}, region ${ref.region}${endpoint ? `, endpoint ${endpoint}` : ''}`,
      icon: ref.kind === 'local' ? 'vm' : 'cloud',
      collapsible: isActive ? 'expanded' : 'collapsed',
    });
  });
}

function healthError(t: TreeContext, node: ExplorerNode): ExplorerNode {
  t.opts.onHealth?.(node.connectionId, node.kind === 'error' ? node.error : undefined);
  return node;
}

export async function connectionChildren(t: TreeContext, node: ConnectionNode): Promise<ExplorerNode[]> {
  const s = t.cache(node.connectionId);
  let lister = s.functions;
  try {
    if (!lister) {
      const client = await t.client(node.connectionId);
      lister = new FunctionLister(client, { pageSize: t.opts.pageSize });
      lister.setFilter(t.filter);
      s.functions = lister;
      s.layers = new LayerLister(client, { pageSize: t.opts.pageSize });
    }
  } catch (err) {
    // The connection itself is unusable (profile gone, local service cannot start).
    t.forgetCache(node.connectionId);
    return [healthError(t, t.errorNode(node, err, { operation: 'connecting' }))];
  }
  // The first page doubles as the connection check: a credentials, permission or network problem
  // shows here, on the connection, with Retry; other connections are unaffected.
  let snap = lister.snapshot();
  if (snap.loadedCount === 0 && !snap.error && snap.hasMore) snap = await lister.loadMore();
  // Refreshed while the first page was in flight: answer from the newer cache, not this one.
  if (snap.stale || t.cached(node.connectionId) !== s) return connectionChildren(t, node);
  if (snap.error && snap.loadedCount === 0) {
    const err = snap.error;
    t.dropConnection(node.connectionId);
    return [healthError(t, t.errorNode(node, err, { operation: 'listing functions' }))];
  }
  t.opts.onHealth?.(node.connectionId, undefined);
  const folders: ExplorerNode[] = [functionsNode(t, node, snap), layersNode(t, node)];
  if (node.ref.kind === 'local' && t.opts.localApis) folders.push(localApisNode(t, node));
  return folders;
}
