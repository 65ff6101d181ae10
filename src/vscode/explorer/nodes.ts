// The explorer's rows as plain data (no vscode import: tested under node). Each kind carries its own
// typed payload, and capabilities() is the one place that says which menu entries a row gets: its
// contextValue is the row id (kind and state, e.g. `lambdaWorkbench.alias.weighted`) followed by
// capability tokens, which package.json's menus match as `viewItem =~ /\binvokable\b/`.
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { ConnectionRef } from '../../core/connections';
import type { WorkbenchError } from '../../core/errors';
import { isDeprecated, runtimeInfo } from '../../lambda';

export type Collapsible = 'none' | 'collapsed' | 'expanded';

interface Row {
  readonly id: string;
  readonly connectionId: string;
  readonly parentId?: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id (`cloud`), or `runtime:<family>` for a runtime icon, `deprecated` or `error`. */
  icon?: string;
  collapsible: Collapsible;
  /** Row id and capability tokens, from contextValue(); set when the tree builds the node. */
  contextValue: string;
}

export interface ConnectionNode extends Row {
  kind: 'connection';
  ref: ConnectionRef;
  active: boolean;
}
export interface FunctionsNode extends Row {
  kind: 'functions';
  filtered: boolean;
  hasMore: boolean;
}
export interface LayersNode extends Row {
  kind: 'layers';
}
export interface FunctionNode extends Row {
  kind: 'function';
  functionName: string;
  fn: FunctionConfiguration;
  arn?: string;
  deprecated: boolean;
}
/** The folders under a function. */
export interface FunctionFolderNode extends Row {
  kind: 'versions' | 'aliases' | 'functionLayers' | 'eventSources';
  functionName: string;
}
export interface VersionNode extends Row {
  kind: 'version';
  functionName: string;
  /** `$LATEST` or a number. */
  version: string;
  fn: FunctionConfiguration;
  arn?: string;
}
export interface AliasNode extends Row {
  kind: 'alias';
  functionName: string;
  alias: string;
  /** Part of its traffic goes to a second version. */
  weighted: boolean;
  arn?: string;
}
export interface LayerRefNode extends Row {
  kind: 'layerRef';
  functionName: string;
  arn?: string;
}
export interface EventSourceNode extends Row {
  kind: 'eventSource';
  functionName: string;
  uuid?: string;
  arn?: string;
}
export interface FunctionUrlNode extends Row {
  kind: 'functionUrl';
  functionName: string;
  url: string;
}
export interface LogGroupNode extends Row {
  kind: 'logGroup';
  functionName: string;
  logGroup: string;
}
export interface LayerNode extends Row {
  kind: 'layer';
  layerName: string;
  arn?: string;
}
export interface LayerVersionNode extends Row {
  kind: 'layerVersion';
  layerName: string;
  arn?: string;
}
/** The local connection's "Local APIs" folder: the APIs this window serves from templates. */
export interface LocalApisNode extends Row {
  kind: 'localApis';
  running: boolean;
}
/** One served template: its endpoint; its routes are its children. */
export interface LocalApiNode extends Row {
  kind: 'localApi';
  apiId: string;
  endpoint: string;
  templatePath: string;
}
/** One route of a served API. `functionName` is the local service's function behind it (its logs). */
export interface LocalApiRouteNode extends Row {
  kind: 'localApiRoute';
  apiId: string;
  method: string;
  path: string;
  /** Logical id in the template. */
  logicalId: string;
  functionName?: string;
  url: string;
}
export interface LoadMoreNode extends Row {
  kind: 'loadMore';
}
export interface ErrorNode extends Row {
  kind: 'error';
  error: WorkbenchError;
}
export interface InfoNode extends Row {
  kind: 'info';
}

export type ExplorerNode =
  | ConnectionNode
  | FunctionsNode
  | LayersNode
  | FunctionNode
  | FunctionFolderNode
  | VersionNode
  | AliasNode
  | LayerRefNode
  | EventSourceNode
  | FunctionUrlNode
  | LogGroupNode
  | LayerNode
  | LayerVersionNode
  | LocalApisNode
  | LocalApiNode
  | LocalApiRouteNode
  | LoadMoreNode
  | ErrorNode
  | InfoNode;

type WithoutContext<T> = T extends unknown ? Omit<T, 'contextValue'> : never;
/** What a builder gives: a node without its contextValue (the tree computes it). */
export type NodeInit = WithoutContext<ExplorerNode>;

export function isExplorerNode(v: unknown): v is ExplorerNode {
  const n = v as Partial<Row> & { kind?: unknown };
  return !!v && typeof v === 'object' && typeof n.id === 'string' && typeof n.kind === 'string' && typeof n.connectionId === 'string';
}

/** The row id: kind and state, the first word of the contextValue. */
function rowIdOf(n: NodeInit): string {
  switch (n.kind) {
    case 'connection':
      return `lambdaWorkbench.connection.${n.ref.kind}${n.active ? '.active' : ''}`;
    case 'functions':
      return `lambdaWorkbench.functions${n.filtered ? '.filtered' : ''}${n.hasMore ? '.more' : ''}`;
    case 'function':
      return `lambdaWorkbench.function${n.deprecated ? '.deprecated' : ''}`;
    case 'version':
      return `lambdaWorkbench.version${n.version === '$LATEST' ? '.latest' : ''}`;
    case 'alias':
      return `lambdaWorkbench.alias${n.weighted ? '.weighted' : ''}`;
    case 'localApis':
      return `lambdaWorkbench.localApis${n.running ? '.running' : ''}`;
    case 'error':
      return `lambdaWorkbench.error${n.error.code === 'SsoTokenExpired' ? '.sso' : ''}`;
    default:
      return `lambdaWorkbench.${n.kind}`;
  }
}

/** What a row offers, each token enabling the menu entries that match it in package.json. */
export function capabilities(n: NodeInit): string[] {
  // Invoke, Show Configuration, Tail Function Logs, Show Metrics and Copy ARN: rows that are one function (or one of its versions/aliases).
  const oneFunction = ['invokable', 'hasConfiguration', 'tailable', 'hasMetrics', 'hasArn'];
  switch (n.kind) {
    case 'connection':
      return ['refreshable', n.ref.kind === 'aws' ? 'removable' : 'localService', ...(n.active ? [] : ['activatable'])];
    case 'functions':
      return ['refreshable', 'filterable', 'paged', ...(n.filtered ? ['filtered'] : []), ...(n.hasMore ? ['hasMore'] : [])];
    case 'layers':
      return ['refreshable', 'paged', 'layerPublisher'];
    case 'function':
      return [
        'refreshable',
        ...oneFunction,
        'hasName',
        'deletable',
        'requestLogs',
        'deployable',
        'configurable',
        'downloadable',
        'acceptsLayers',
        'publishable',
        'aliasable',
        'eventTarget',
      ];
    case 'versions':
      return ['refreshable', 'paged', 'newVersion'];
    case 'version':
      return [...oneFunction, ...(n.version === '$LATEST' ? ['publishable'] : ['downloadable', 'aliasable'])];
    case 'aliases':
      return ['hasName', 'newAlias'];
    case 'alias':
      return [...oneFunction, 'hasName', 'routable', ...(n.weighted ? ['weighted'] : [])];
    case 'functionLayers':
      return ['refreshable'];
    case 'layerRef':
    case 'eventSource':
      return ['hasArn'];
    case 'functionUrl':
      return ['refreshable', 'hasName'];
    case 'logGroup':
      return ['hasName', 'groupTailable', 'requestLogs'];
    case 'layer':
      return ['refreshable', 'hasArn', 'hasName', 'layerPublisher'];
    case 'layerVersion':
      return ['hasArn', 'attachable', 'layerDeletable'];
    case 'localApis':
      return n.running ? ['localApiStartable'] : ['localApiStartable', 'noLocalApi'];
    case 'localApi':
      return ['localApiStoppable', 'hasName'];
    case 'localApiRoute':
      return ['sendRequest', 'hasName', ...(n.functionName ? ['tailable'] : [])];
    case 'error':
      return ['retryable', ...(n.error.code === 'SsoTokenExpired' ? ['ssoLogin'] : [])];
    case 'eventSources':
    case 'loadMore':
    case 'info':
      return [];
  }
}

export function contextValue(n: NodeInit): string {
  return [rowIdOf(n), ...capabilities(n)].join(' ');
}

/** The row id of a built node (the first word of its contextValue). */
export function rowId(n: ExplorerNode): string {
  return n.contextValue.split(' ')[0];
}

/** The function a row belongs to, if any. */
export function functionNameOf(n: ExplorerNode): string | undefined {
  return 'functionName' in n ? n.functionName : undefined;
}

/** The version or alias a row stands for ($LATEST counts as none). */
export function qualifierOf(n: ExplorerNode): string | undefined {
  if (n.kind === 'version') return n.version === '$LATEST' ? undefined : n.version;
  return n.kind === 'alias' ? n.alias : undefined;
}

export function arnOf(n: ExplorerNode): string | undefined {
  return 'arn' in n ? n.arn : undefined;
}

/** What "Copy Name" copies from a row. */
export function nameOf(n: ExplorerNode): string {
  switch (n.kind) {
    case 'alias':
      return n.alias;
    case 'version':
      return n.version;
    case 'functionUrl':
      return n.url;
    case 'localApi':
      return n.endpoint;
    case 'localApiRoute':
      return n.url;
    case 'logGroup':
      return n.logGroup;
    case 'eventSource':
      return n.uuid ?? n.functionName;
    case 'layer':
    case 'layerVersion':
      return n.layerName;
    default:
      return functionNameOf(n) ?? n.label;
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
