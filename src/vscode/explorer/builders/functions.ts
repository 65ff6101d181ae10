// The Functions list of a connection (paged, filtered) and its function rows.
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { functionDescription, functionTooltip, isDeprecated, type PagerSnapshot } from '../../../lambda';
import { runtimeIcon, type ExplorerNode, type FunctionNode, type FunctionsNode } from '../nodes';
import type { TreeContext } from './context';
import { withNotes } from '../../functionNotes';

export function functionsNode(t: TreeContext, parent: ExplorerNode, s: PagerSnapshot<FunctionConfiguration>): FunctionsNode {
  const count = `${s.loadedCount}${s.hasMore ? '+' : ''}`;
  return t.node({
    id: `${parent.id}/functions`,
    kind: 'functions',
    connectionId: parent.connectionId,
    parentId: parent.id,
    label: 'Functions',
    description: s.filter ? `${s.items.length} of ${count} · filter "${s.filter}"` : count,
    icon: 'symbol-function',
    // They drive the inline Clear Filter and Load More actions.
    filtered: !!s.filter,
    hasMore: s.hasMore,
    collapsible: 'expanded',
  });
}

export function functionsChildren(t: TreeContext, node: FunctionsNode): Promise<ExplorerNode[]> {
  const now = t.now();
  return t.pagedChildren(node, t.cached(node.connectionId)?.functions, (fn) => functionNode(t, node, fn, now), 'functions');
}

function functionNode(t: TreeContext, parent: ExplorerNode, fn: FunctionConfiguration, now: Date): FunctionNode {
  const name = fn.FunctionName ?? '?';
  return t.node({
    id: `${parent.connectionId}/fn/${name}`,
    kind: 'function',
    connectionId: parent.connectionId,
    parentId: parent.id,
    label: name,
    description: functionDescription(fn, now),
    tooltip: withNotes(functionTooltip(fn, now), t.opts.notesOf?.(parent.connectionId, name) ?? []),
    icon: runtimeIcon(fn, now),
    collapsible: 'collapsed',
    fn,
    functionName: name,
    arn: fn.FunctionArn,
    deprecated: fn.PackageType !== 'Image' && isDeprecated(fn.Runtime, now),
  });
}
