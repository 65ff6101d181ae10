// What the log commands act on, from the one argument model (commands/args.ts): a connection and log
// groups, or a request; the user is asked for what is missing.
import * as vscode from 'vscode';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { Connection } from '../../core/types';
import { describeError } from '../../logs/errors';
import type { WorkbenchServices } from '../services';
import { targetConnection, type CommandTarget } from '../commands/args';
import { pickFunctionOn } from '../commands/pickFunction';
import { functionNameOf } from '../explorer/nodes';

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

/** The log group a function writes to: its LoggingConfig, else /aws/lambda/NAME. */
export async function functionLogGroup(s: WorkbenchServices, connection: Connection, functionName: string): Promise<string> {
  try {
    const out = await s.clients.lambda(connection).send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    return out.LoggingConfig?.LogGroup ?? `/aws/lambda/${out.FunctionName ?? functionName}`;
  } catch (err) {
    s.log.warn(`Could not read the logging configuration of ${functionName} (${describeError(err)}); tailing /aws/lambda/${functionName}.`);
    return `/aws/lambda/${functionName.includes(':function:') ? functionName.split(':function:')[1].split(':')[0] : functionName}`;
  }
}

/** The log groups a target names: a log group row, `{ logGroup | logGroups }`, or a bare name (`asGroup`). */
function groupsOf(t: CommandTarget, asGroup: boolean): string[] | undefined {
  if (t.kind === 'node' && t.node.kind === 'logGroup') return [t.node.logGroup];
  if (t.kind === 'fields') return t.fields.logGroups;
  return asGroup && t.kind === 'name' ? [t.name] : undefined;
}

function functionOf(t: CommandTarget): string | undefined {
  if (t.kind === 'node') return functionNameOf(t.node);
  if (t.kind === 'fields') return t.fields.functionName;
  return t.kind === 'name' ? t.name : undefined;
}

async function pickFunctionName(s: WorkbenchServices, connection: Connection): Promise<string | undefined> {
  const picked = await pickFunctionOn(s, connection, { title: `Tail a function's logs (${connection.label})`, allowTyped: true });
  return picked?.name;
}

/** Tail a function: a name, `{ connection, functionName, logGroup }`, a tree row, or a palette pick. */
export async function functionTailTarget(s: WorkbenchServices, t: CommandTarget): Promise<TailTarget | undefined> {
  const connection = await targetConnection(s, t);
  const functionName = functionOf(t) ?? (await pickFunctionName(s, connection));
  if (!functionName) return undefined;
  const logGroup = groupsOf(t, false)?.[0] ?? (await functionLogGroup(s, connection, functionName));
  return { connection, logGroups: [logGroup], title: `Logs: ${functionName}` };
}

/** Tail log groups: `{ connection, logGroup | logGroups }`, a log group row, a name, or a palette pick. */
export async function groupsTailTarget(s: WorkbenchServices, t: CommandTarget): Promise<TailTarget | undefined> {
  const connection = await targetConnection(s, t);
  const groups = groupsOf(t, true) ?? (await pickLogGroups(s, connection));
  if (!groups?.length) return undefined;
  const short = groups.map((g) => g.replace(/^\/aws\/lambda\//, ''));
  return { connection, logGroups: groups, title: `Logs: ${short.length > 2 ? `${short.slice(0, 2).join(', ')} +${short.length - 2}` : short.join(', ')}` };
}

/** Show a request's logs: `{ connection, logGroup | functionName, requestId, startTime }`, or asks. */
export async function requestTarget(s: WorkbenchServices, t: CommandTarget): Promise<RequestTarget | undefined> {
  const fields = t.kind === 'fields' ? t.fields : {};
  const connection = await targetConnection(s, t);
  const requestId =
    fields.requestId ??
    (await vscode.window.showInputBox({
      title: "Show a request's logs",
      prompt: 'Request id (from an invoke result or a REPORT line)',
      validateInput: (v) => (/^[0-9a-zA-Z-]{8,64}$/.test(v.trim()) ? undefined : 'A request id looks like 8f507cfc-1c2d-4697-b07a-ac58fc914c95.'),
    }));
  if (!requestId) return undefined;
  let logGroup = groupsOf(t, false)?.[0];
  if (!logGroup) {
    const fn = functionOf(t) ?? (await pickFunctionName(s, connection));
    if (!fn) return undefined;
    logGroup = await functionLogGroup(s, connection, fn);
  }
  return { connection, logGroup, requestId: requestId.trim(), startTime: fields.startTime ?? Date.now() - 15 * 60_000 };
}

async function pickLogGroups(s: WorkbenchServices, connection: Connection): Promise<string[] | undefined> {
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
        const out = await s.clients.logs(connection).send(new DescribeLogGroupsCommand({ ...(nextToken ? { nextToken } : {}) }));
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
