// The local connection's "Local APIs" folder: each API this window serves from a template (its URL),
// and under it the API's routes (`GET /pets/{id} → GetPetFunction`, an icon per method). What runs is
// read from the local API store (src/vscode/localApi/store.ts); nothing is fetched.
import * as path from 'node:path';
import { fillPath } from '../../../lambda/apiRequest';
import { methodIcon, portOf, routeLabel, type RunningLocalApi } from '../../localApi/store';
import type { ConnectionNode, ExplorerNode, LocalApiNode, LocalApisNode } from '../nodes';
import type { TreeContext } from './context';

export function localApisNode(t: TreeContext, parent: ConnectionNode | ExplorerNode): LocalApisNode & ExplorerNode {
  const apis = t.opts.localApis?.list() ?? [];
  return t.node({
    id: `${parent.connectionId}/localApis`,
    kind: 'localApis',
    connectionId: parent.connectionId,
    parentId: parent.id,
    running: apis.length > 0,
    label: 'Local APIs',
    description: apis.length ? `${apis.length} running` : undefined,
    tooltip: 'HTTP APIs of your SAM templates, served by the local service (like sam local start-api, without Docker)',
    icon: 'globe',
    collapsible: apis.length ? 'expanded' : 'collapsed',
  });
}

function apiNode(t: TreeContext, parent: ExplorerNode, api: RunningLocalApi): ExplorerNode {
  const info = api.info;
  const folder = path.basename(path.dirname(info.template));
  return t.node({
    id: `${parent.id}/${info.id}`,
    kind: 'localApi',
    connectionId: parent.connectionId,
    parentId: parent.id,
    apiId: info.id,
    endpoint: info.endpoint,
    templatePath: info.template,
    label: `${folder}/${path.basename(info.template)}`,
    description: `${info.endpoint} · ${info.routes.length} route${info.routes.length === 1 ? '' : 's'}`,
    tooltip: `${info.template}\nServed at ${info.endpoint} (port ${portOf(info.endpoint)})${info.warnings.length ? `\n\n${info.warnings.join('\n')}` : ''}`,
    icon: 'server-process',
    collapsible: 'expanded',
  });
}

export function localApisChildren(t: TreeContext, node: LocalApisNode): ExplorerNode[] {
  const apis = t.opts.localApis?.list() ?? [];
  if (apis.length === 0) return [t.infoNode(node, 'No API running: Start Local API… (the ▶ on this row)')];
  return apis.map((a) => apiNode(t, node, a));
}

export function localApiChildren(t: TreeContext, node: LocalApiNode): ExplorerNode[] {
  const api = t.opts.localApis?.list().find((a) => a.info.id === node.apiId);
  if (!api) return [];
  if (api.info.routes.length === 0) return [t.infoNode(node, 'This template has no route')];
  return api.info.routes.map((r, i) => {
    const url = `${api.info.endpoint.replace(/\/+$/, '')}${fillPath(r.path, {})}`;
    return t.node({
      id: `${node.id}/route/${i}/${r.method} ${r.path}`,
      kind: 'localApiRoute',
      connectionId: node.connectionId,
      parentId: node.id,
      apiId: api.info.id,
      method: r.method,
      path: r.path,
      logicalId: r.function,
      functionName: api.functionNames[r.function],
      url,
      label: routeLabel(r),
      description: r.type === 'HTTP' ? 'HTTP API' : 'REST',
      tooltip: `${r.method} ${url}\n${r.api} (${r.type}) → ${r.function}${api.functionNames[r.function] ? ` (local function ${api.functionNames[r.function]})` : ''}\nClick to open the request panel`,
      icon: methodIcon(r.method),
      collapsible: 'none',
    });
  });
}
