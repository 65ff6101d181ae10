// The Layers list of a connection and each layer's versions.
import type { LayersListItem, LayerVersionsListItem } from '@aws-sdk/client-lambda';
import { layerVersionDescription } from '../../../lambda';
import type { ExplorerNode, LayerNode, LayersNode } from '../nodes';
import type { TreeContext } from './context';

export function layersNode(t: TreeContext, parent: ExplorerNode): LayersNode {
  return t.node({
    id: `${parent.id}/layers`,
    kind: 'layers',
    connectionId: parent.connectionId,
    parentId: parent.id,
    label: 'Layers',
    icon: 'layers',
    collapsible: 'collapsed',
  });
}

export function layersChildren(t: TreeContext, node: LayersNode): Promise<ExplorerNode[]> {
  return t.pagedChildren(node, t.cached(node.connectionId)?.layers, (l: LayersListItem) => layerNode(t, node, l), 'layers');
}

function layerNode(t: TreeContext, parent: ExplorerNode, l: LayersListItem): LayerNode {
  const latest = l.LatestMatchingVersion;
  return t.node({
    id: `${parent.id}/${l.LayerName}`,
    kind: 'layer',
    connectionId: parent.connectionId,
    parentId: parent.id,
    label: l.LayerName ?? '?',
    description: latest ? `latest ${latest.Version}${latest.CompatibleRuntimes?.length ? ` · ${latest.CompatibleRuntimes.join(', ')}` : ''}` : undefined,
    tooltip: [l.LayerArn, latest?.Description].filter(Boolean).join('\n'),
    icon: 'layers',
    collapsible: 'collapsed',
    layerName: l.LayerName ?? '?',
    arn: l.LayerArn,
  });
}

export async function layerChildren(t: TreeContext, node: LayerNode): Promise<ExplorerNode[]> {
  const name = node.layerName;
  let versions: LayerVersionsListItem[];
  try {
    versions = await t.cache(node.connectionId).layerVersionsOf(name);
  } catch (err) {
    return [t.errorNode(node, err, { operation: `listing versions of layer ${name}` })];
  }
  if (versions.length === 0) return [t.infoNode(node, 'No versions')];
  return versions.map((v) =>
    t.node({
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
      collapsible: 'none',
      arn: v.LayerVersionArn,
    }),
  );
}
