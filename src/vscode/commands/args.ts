// The one argument model. A command receives a tree node (explorer menus), a CodeLens argument
// (`{ templateUri, logicalId }`), named fields from code (another command, a panel, a test), a name,
// a file Uri (the file explorer's context menu), or nothing (the palette). parseTarget() tells them
// apart once; the resolvers below turn a target into a connection or a function, asking the user
// (one function picker) only for what is missing.
import * as vscode from 'vscode';
import type { Connection } from '../../core/types';
import { arnOf, functionNameOf, isExplorerNode, qualifierOf, type ExplorerNode } from '../explorer/nodes';
import type { WorkbenchServices } from '../services';
import { pickFunction, type PickFunctionOptions } from './pickFunction';

/** Named fields a caller may pass; each is optional and checked for its type. */
export interface TargetFields {
  connection?: Connection;
  connectionId?: string;
  functionName?: string;
  qualifier?: string;
  logGroups?: string[];
  requestId?: string;
  startTime?: number;
  /** A saved event's name. */
  name?: string;
}

export type CommandTarget =
  | { kind: 'node'; node: ExplorerNode }
  | { kind: 'template'; templatePath: string; logicalId: string }
  | { kind: 'fields'; fields: TargetFields }
  | { kind: 'name'; name: string }
  | { kind: 'uri'; uri: vscode.Uri }
  | { kind: 'none' };

export interface FunctionTarget {
  connection: Connection;
  functionName: string;
  /** Version or alias when the command ran on one. */
  qualifier?: string;
  arn?: string;
  node?: ExplorerNode;
}

type Loose = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function isConnection(v: unknown): v is Connection {
  const c = v as Loose | undefined;
  return !!c && typeof c === 'object' && (c.kind === 'local' || c.kind === 'aws') && typeof c.id === 'string';
}

/** A template path from a CodeLens's `templateUri`: a Uri, a `file:` URI string or a plain path. */
export function templatePath(uri: string | vscode.Uri): string {
  if (typeof uri !== 'string') return uri.fsPath;
  return /^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri) ? vscode.Uri.parse(uri).fsPath : uri;
}

/** The one CodeLens argument parser: `{ templateUri: string | Uri, logicalId }`. */
export function templateArgs(arg: unknown): { templatePath: string; logicalId: string } | undefined {
  const a = arg as Loose | undefined;
  if (!a || typeof a !== 'object' || typeof a.logicalId !== 'string') return undefined;
  if (typeof a.templateUri !== 'string' && !(a.templateUri instanceof vscode.Uri)) return undefined;
  return { templatePath: templatePath(a.templateUri), logicalId: a.logicalId };
}

export function parseTarget(arg: unknown): CommandTarget {
  if (arg === undefined || arg === null) return { kind: 'none' };
  if (typeof arg === 'string') return arg ? { kind: 'name', name: arg } : { kind: 'none' };
  if (arg instanceof vscode.Uri) return { kind: 'uri', uri: arg };
  if (isExplorerNode(arg)) return { kind: 'node', node: arg };
  const template = templateArgs(arg);
  if (template) return { kind: 'template', ...template };
  if (typeof arg !== 'object') return { kind: 'none' };
  const a = arg as Loose;
  const groups = Array.isArray(a.logGroups) && a.logGroups.every((g) => typeof g === 'string') ? (a.logGroups as string[]) : undefined;
  const fields: TargetFields = {
    connection: isConnection(a.connection) ? a.connection : undefined,
    connectionId: str(a.connectionId),
    functionName: str(a.functionName),
    qualifier: str(a.qualifier),
    logGroups: groups ?? (str(a.logGroup) ? [a.logGroup as string] : undefined),
    requestId: str(a.requestId),
    startTime: typeof a.startTime === 'number' && Number.isFinite(a.startTime) ? a.startTime : undefined,
    name: str(a.name),
  };
  return Object.values(fields).some((v) => v !== undefined) ? { kind: 'fields', fields } : { kind: 'none' };
}

/** The connection a target names (a node's, the fields' own or by id), else the active one. */
export async function targetConnection(s: WorkbenchServices, t: CommandTarget): Promise<Connection> {
  const id = t.kind === 'node' ? t.node.connectionId : t.kind === 'fields' ? (t.fields.connection?.id ?? t.fields.connectionId) : undefined;
  if (t.kind === 'fields' && t.fields.connection) return t.fields.connection;
  if (id) {
    const c = await s.connectionById(id);
    if (c) return c;
    if (t.kind === 'fields') throw new Error(`There is no connection "${id}".`);
  }
  return s.activeConnection();
}

/**
 * The function a target names: a node's (function, version, alias, log group, ... rows), the fields'
 * `functionName`, a bare name, else one picked on the active connection. Undefined when the node is
 * about no function or the user dismissed the picker.
 */
export async function targetFunction(
  s: WorkbenchServices,
  t: CommandTarget,
  title: string,
  pick: Partial<PickFunctionOptions> = {},
): Promise<FunctionTarget | undefined> {
  if (t.kind === 'node') {
    const functionName = functionNameOf(t.node);
    if (!functionName) return undefined;
    const connection = await s.connectionById(t.node.connectionId);
    if (!connection) return undefined;
    return { connection, functionName, qualifier: qualifierOf(t.node), arn: arnOf(t.node), node: t.node };
  }
  if (t.kind === 'fields' && t.fields.functionName) {
    return { connection: await targetConnection(s, t), functionName: t.fields.functionName, qualifier: t.fields.qualifier };
  }
  if (t.kind === 'name') return { connection: await s.activeConnection(), functionName: t.name };
  return pickFunction(s, title, t.kind === 'fields' ? await targetConnection(s, t) : undefined, pick);
}

/** The explorer node a target is, if any. */
export function nodeOf(t: CommandTarget): ExplorerNode | undefined {
  return t.kind === 'node' ? t.node : undefined;
}
