// What a builder needs from the tree core (tree.ts implements it): node identity, the shared rows
// (error, info, paged lists), the connection caches and clients. Builders import only this, so the
// core and its builders do not import each other.
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Pager } from '../../../lambda';
import type { ConnectionRef } from '../../../core/connections';
import type { ClientFactory, Connection } from '../../../core/types';
import type { WorkbenchError } from '../../../core/errors';
import type { ConnectionCache } from '../cache';
import type { ExplorerNode, NodeInit } from '../nodes';
import type { RunningLocalApi } from '../../localApi/store';

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
  /** What this session learned about how a function runs on this machine, shown in its tooltip. */
  notesOf?: (connectionId: string, functionName: string) => readonly string[];
  /** The local APIs served now: the local connection gets a Local APIs folder when this is given. */
  localApis?: { list(): readonly RunningLocalApi[] };
}

export interface TreeContext {
  readonly opts: ExplorerModelOptions;
  readonly filter: string;
  now(): Date;
  fire(node: ExplorerNode | undefined): void;
  node<T extends NodeInit>(init: T): T & ExplorerNode;
  errorNode(parent: ExplorerNode, err: unknown, ctx: { operation: string }, suffix?: string): ExplorerNode;
  infoNode(parent: ExplorerNode, label: string, suffix?: string): ExplorerNode;
  pagedChildren<T>(node: ExplorerNode, pager: Pager<T> | undefined, toNode: (item: T) => ExplorerNode, what: string): Promise<ExplorerNode[]>;
  refOf(connectionId: string): ConnectionRef | undefined;
  cached(connectionId: string): ConnectionCache | undefined;
  cache(connectionId: string): ConnectionCache;
  forgetCache(connectionId: string): void;
  dropConnection(connectionId: string): void;
  keepOnly(ids: Set<string>): void;
  client(connectionId: string): Promise<LambdaClient>;
}
