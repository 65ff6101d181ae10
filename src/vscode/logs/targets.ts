// Turns what a command receives (a function name, a tree node, an invoke result's request, nothing)
// into a connection and log groups, asking the user for what is missing.
import * as vscode from 'vscode';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, paginateListFunctions } from '@aws-sdk/client-lambda';
import type { Connection } from '../../core/types';
import { describeError } from '../../logs/errors';
import { connectionFromId, type LogDeps } from './deps';

export interface TailTarget {
  connection: Connection;
  logGroups: string[];
  title: string;
}

export interface RequestTarget {
  connection: Connection;
  logGroup: string;
  requestId: string;
  startTime: number;
}

type Loose = Record<string, unknown>;

function isConnection(v: unknown): v is Connection {
  return !!v && typeof v === 'object' && ((v as Loose).kind === 'local' || (v as Loose).kind === 'aws') && typeof (v as Loose).id === 'string';
}

/** The connection an argument names: its own, a tree node's connectionId, or the active one. */
async function connectionOf(deps: LogDeps, arg: unknown): Promise<Connection> {
  if (arg && typeof arg === 'object') {
    const a = arg as Loose;
    if (isConnection(a.connection)) return a.connection;
    if (typeof a.connectionId === 'string') {
      const c = await connectionFromId(deps, a.connectionId).catch(() => undefined);
      if (c) return c;
    }
  }
  return deps.activeConnection();
}

/** The log group a function writes to: its LoggingConfig, else /aws/lambda/NAME. */
export async function functionLogGroup(deps: LogDeps, connection: Connection, functionName: string): Promise<string> {
  try {
    const out = await deps.clients.lambda(connection).send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    return out.LoggingConfig?.LogGroup ?? `/aws/lambda/${out.FunctionName ?? functionName}`;
  } catch (err) {
    deps.log.warn(`Could not read the logging configuration of ${functionName} (${describeError(err)}); tailing /aws/lambda/${functionName}.`);
    return `/aws/lambda/${functionName.includes(':function:') ? functionName.split(':function:')[1].split(':')[0] : functionName}`;
  }
}

/** Tail a function: a name, `{connection, functionName, logGroup}`, a tree node, or a palette pick. */
export async function functionTailTarget(deps: LogDeps, arg: unknown): Promise<TailTarget | undefined> {
  const connection = await connectionOf(deps, arg);
  let functionName: string | undefined;
  let logGroup: string | undefined;
  if (typeof arg === 'string' && arg) functionName = arg;
  else if (arg && typeof arg === 'object') {
    const a = arg as Loose;
    if (typeof a.functionName === 'string') functionName = a.functionName;
    if (typeof a.logGroup === 'string') logGroup = a.logGroup;
    else if (a.kind === 'logGroup' && typeof a.value === 'string') logGroup = a.value;
  }
  functionName ??= await pickFunction(deps, connection);
  if (!functionName) return undefined;
  logGroup ??= await functionLogGroup(deps, connection, functionName);
  return { connection, logGroups: [logGroup], title: `Logs: ${functionName}` };
}

/** Tail log groups: `{connection, logGroup | logGroups}`, a log group tree node, or a palette pick. */
export async function groupsTailTarget(deps: LogDeps, arg: unknown): Promise<TailTarget | undefined> {
  const connection = await connectionOf(deps, arg);
  let groups: string[] | undefined;
  if (typeof arg === 'string' && arg) groups = [arg];
  else if (arg && typeof arg === 'object') {
    const a = arg as Loose;
    if (Array.isArray(a.logGroups) && a.logGroups.every((g) => typeof g === 'string')) groups = a.logGroups as string[];
    else if (typeof a.logGroup === 'string') groups = [a.logGroup];
    else if (a.kind === 'logGroup' && typeof a.value === 'string') groups = [a.value];
  }
  groups ??= await pickLogGroups(deps, connection);
  if (!groups?.length) return undefined;
  const short = groups.map((g) => g.replace(/^\/aws\/lambda\//, ''));
  return { connection, logGroups: groups, title: `Logs: ${short.length > 2 ? `${short.slice(0, 2).join(', ')} +${short.length - 2}` : short.join(', ')}` };
}

/** Show a request's logs: `{connection, logGroup | functionName, requestId, startTime}`. */
export async function requestTarget(deps: LogDeps, arg: unknown): Promise<RequestTarget | undefined> {
  const a = (arg && typeof arg === 'object' ? arg : {}) as Loose;
  const connection = await connectionOf(deps, arg);
  let requestId = typeof a.requestId === 'string' ? a.requestId : undefined;
  requestId ??= await vscode.window.showInputBox({
    title: "Show a request's logs",
    prompt: 'Request id (from an invoke result or a REPORT line)',
    validateInput: (v) => (/^[0-9a-zA-Z-]{8,64}$/.test(v.trim()) ? undefined : 'A request id looks like 8f507cfc-1c2d-4697-b07a-ac58fc914c95.'),
  });
  if (!requestId) return undefined;
  let logGroup = typeof a.logGroup === 'string' ? a.logGroup : undefined;
  if (!logGroup) {
    const fn = typeof a.functionName === 'string' ? a.functionName : await pickFunction(deps, connection);
    if (!fn) return undefined;
    logGroup = await functionLogGroup(deps, connection, fn);
  }
  const startTime = typeof a.startTime === 'number' && Number.isFinite(a.startTime) ? a.startTime : Date.now() - 15 * 60_000;
  return { connection, logGroup, requestId: requestId.trim(), startTime };
}

async function pickFunction(deps: LogDeps, connection: Connection): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = `Tail a function's logs (${connection.label})`;
  qp.placeholder = 'Function name';
  qp.busy = true;
  qp.show();
  const done = new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.label ?? (qp.value.trim() || undefined));
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
  });
  void (async () => {
    try {
      const items: vscode.QuickPickItem[] = [];
      for await (const page of paginateListFunctions({ client: deps.clients.lambda(connection) }, {})) {
        for (const f of page.Functions ?? []) if (f.FunctionName) items.push({ label: f.FunctionName, description: f.Runtime });
        qp.items = items;
      }
    } catch (err) {
      qp.placeholder = `Could not list functions: ${describeError(err)}. Type a function name.`;
    } finally {
      qp.busy = false;
    }
  })();
  const picked = await done;
  qp.dispose();
  return picked;
}

async function pickLogGroups(deps: LogDeps, connection: Connection): Promise<string[] | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = `Tail log groups (${connection.label}): pick 1 to 10`;
  qp.placeholder = 'Log group names';
  qp.canSelectMany = true;
  qp.busy = true;
  qp.show();
  const done = new Promise<string[] | undefined>((resolve) => {
    qp.onDidAccept(() => {
      // Enter with nothing checked: the highlighted row, else the one group typed or left by the filter.
      const typed = qp.value.trim();
      const shown = typed ? qp.items.filter((i) => i.label.includes(typed)) : qp.items;
      const fallback = qp.activeItems.length ? qp.activeItems : shown.length === 1 ? shown : qp.items.filter((i) => i.label === typed);
      const picked = (qp.selectedItems.length ? qp.selectedItems : fallback).map((i) => i.label);
      if (picked.length > 10) {
        qp.placeholder = `${picked.length} picked: live tail follows at most 10 log groups. Unpick some.`;
        return;
      }
      resolve(picked.length ? picked : undefined);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
  });
  void (async () => {
    try {
      const items: vscode.QuickPickItem[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const out = await deps.clients.logs(connection).send(new DescribeLogGroupsCommand({ ...(nextToken ? { nextToken } : {}) }));
        for (const g of out.logGroups ?? [])
          if (g.logGroupName)
            items.push({ label: g.logGroupName, description: g.storedBytes !== undefined ? `${Math.round(g.storedBytes / 1024)} KB` : undefined });
        // Lambda's own groups first: they are what this extension is about.
        items.sort((x, y) => Number(!x.label.startsWith('/aws/lambda/')) - Number(!y.label.startsWith('/aws/lambda/')) || x.label.localeCompare(y.label));
        qp.items = items;
        nextToken = out.nextToken;
      } while (nextToken && ++pages < 40);
      if (!items.length) qp.placeholder = 'No log groups yet on this connection: invoke a function first.';
    } catch (err) {
      qp.placeholder = `Could not list log groups: ${describeError(err)}`;
    } finally {
      qp.busy = false;
    }
  })();
  const picked = await done;
  qp.dispose();
  return picked;
}
