// Under one function: Versions (paged), Aliases with their traffic weights, Layers, Event source
// mappings, the function URL and the log group, from one details load per expansion.
import {
  VersionLister,
  eventSourceText,
  formatDate,
  functionDescription,
  functionTooltip,
  humanSize,
  layerLabel,
  routingText,
  type FunctionDetails,
} from '../../../lambda';
import type { ExplorerNode, FunctionFolderNode, FunctionNode } from '../nodes';
import type { TreeContext } from './context';
import { withNotes } from '../../functionNotes';

export async function functionChildren(t: TreeContext, node: FunctionNode): Promise<ExplorerNode[]> {
  const name = node.functionName;
  let d: FunctionDetails;
  try {
    d = await t.cache(node.connectionId).currentDetails(name);
  } catch (err) {
    return [t.errorNode(node, err, { operation: `reading ${name}` })];
  }
  const cfg = d.configuration;
  const now = t.now();
  node.fn = cfg;
  const description = functionDescription(cfg, now);
  const tooltip = withNotes(functionTooltip(cfg, now), t.opts.notesOf?.(node.connectionId, name) ?? []);
  if (description !== node.description || tooltip !== node.tooltip) {
    node.description = description;
    node.tooltip = tooltip;
    // The row itself was drawn from the older listing: redraw it (its children come from cache).
    setImmediate(() => t.fire(node));
  }
  const base = { connectionId: node.connectionId, parentId: node.id, functionName: name };
  const out: ExplorerNode[] = [
    t.node({ ...base, id: `${node.id}/versions`, kind: 'versions', label: 'Versions', icon: 'versions', collapsible: 'collapsed' }),
    t.node({
      ...base,
      id: `${node.id}/aliases`,
      kind: 'aliases',
      label: 'Aliases',
      description: d.aliases.ok ? String(d.aliases.value.length) : 'error',
      icon: 'tag',
      collapsible: d.aliases.ok && d.aliases.value.length === 0 ? 'none' : 'collapsed',
    }),
    t.node({
      ...base,
      id: `${node.id}/layers`,
      kind: 'functionLayers',
      label: 'Layers',
      description: String(d.layers.length),
      icon: 'layers',
      collapsible: d.layers.length ? 'collapsed' : 'none',
    }),
    t.node({
      ...base,
      id: `${node.id}/eventSources`,
      kind: 'eventSources',
      label: 'Event source mappings',
      description: d.eventSources.ok ? String(d.eventSources.value.length) : 'error',
      icon: 'plug',
      collapsible: d.eventSources.ok && d.eventSources.value.length === 0 ? 'none' : 'collapsed',
    }),
  ];
  if (!d.url.ok) out.push(t.errorNode(node, d.url.error, { operation: 'reading the function URL' }, 'urlError'));
  else if (d.url.value?.FunctionUrl) {
    const u = d.url.value;
    out.push(
      t.node({
        ...base,
        id: `${node.id}/url`,
        kind: 'functionUrl',
        label: 'Function URL',
        description: u.FunctionUrl,
        tooltip: `${u.FunctionUrl}\nAuth: ${u.AuthType ?? '?'}${u.InvokeMode ? `\nInvoke mode: ${u.InvokeMode}` : ''}`,
        icon: 'link',
        collapsible: 'none',
        url: u.FunctionUrl ?? '',
      }),
    );
  }
  out.push(
    t.node({
      ...base,
      id: `${node.id}/logGroup`,
      kind: 'logGroup',
      label: 'Log group',
      description: d.logGroup,
      tooltip: d.logGroup,
      icon: 'output',
      collapsible: 'none',
      logGroup: d.logGroup,
    }),
  );
  return out;
}

/** Aliases, attached layers or event source mappings, from the function's details. */
export async function functionFolderChildren(t: TreeContext, node: FunctionFolderNode): Promise<ExplorerNode[]> {
  const name = node.functionName;
  let d: FunctionDetails;
  try {
    d = await t.cache(node.connectionId).currentDetails(name);
  } catch (err) {
    return [t.errorNode(node, err, { operation: `reading ${name}` })];
  }
  const base = { connectionId: node.connectionId, parentId: node.id, functionName: name };
  if (node.kind === 'aliases') {
    if (!d.aliases.ok) return [t.errorNode(node, d.aliases.error, { operation: 'listing aliases' })];
    return d.aliases.value.map((a) =>
      t.node({
        ...base,
        id: `${node.id}/${a.Name}`,
        kind: 'alias',
        label: a.Name ?? '?',
        description: routingText(a).replace(/^[^ ]+ /, ''),
        tooltip: [routingText(a), a.Description, a.AliasArn].filter(Boolean).join('\n'),
        icon: 'tag',
        collapsible: 'none',
        arn: a.AliasArn,
        alias: a.Name ?? '?',
        weighted: Object.keys(a.RoutingConfig?.AdditionalVersionWeights ?? {}).length > 0,
      }),
    );
  }
  if (node.kind === 'functionLayers') {
    return d.layers.map((l) =>
      t.node({
        ...base,
        id: `${node.id}/${l.Arn}`,
        kind: 'layerRef',
        label: layerLabel(l),
        description: l.CodeSize !== undefined ? humanSize(l.CodeSize) : undefined,
        tooltip: l.Arn,
        icon: 'layers',
        collapsible: 'none',
        arn: l.Arn,
      }),
    );
  }
  if (node.kind === 'versions') return [];
  if (!d.eventSources.ok) return [t.errorNode(node, d.eventSources.error, { operation: 'listing event source mappings' })];
  return d.eventSources.value.map((m) =>
    t.node({
      ...base,
      id: `${node.id}/${m.UUID}`,
      kind: 'eventSource',
      label: eventSourceText(m),
      tooltip: [m.EventSourceArn, m.UUID ? `UUID: ${m.UUID}` : undefined, m.LastProcessingResult ? `Last result: ${m.LastProcessingResult}` : undefined]
        .filter(Boolean)
        .join('\n'),
      icon: 'plug',
      collapsible: 'none',
      arn: m.EventSourceMappingArn ?? m.EventSourceArn,
      uuid: m.UUID,
    }),
  );
}

export async function versionsChildren(t: TreeContext, node: FunctionFolderNode): Promise<ExplorerNode[]> {
  const name = node.functionName;
  const s = t.cache(node.connectionId);
  let lister = s.versions.get(name);
  if (!lister) {
    try {
      lister = new VersionLister(await t.client(node.connectionId), name, t.opts.pageSize ?? 50);
    } catch (err) {
      return [t.errorNode(node, err, { operation: 'listing versions' })];
    }
    s.versions.set(name, lister);
  }
  return t.pagedChildren(
    node,
    lister,
    (v) =>
      t.node({
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
        collapsible: 'none',
        fn: v,
        arn: v.FunctionArn,
        version: v.Version ?? '?',
      }),
    'versions',
  );
}
