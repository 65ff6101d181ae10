// "Tail logs" over a template function (the SAM CodeLens passes `{ templateUri, logicalId }`): finds
// which function the template function became on the active connection and opens its log panel.
import * as vscode from 'vscode';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { Connection } from '../core/types';
import { findTemplateFunction } from '../lambda/template';
import { candidateNames } from './templateTargets';
import { templateArgs } from './commands/args';
import { entry, type CommandEntry } from './commands/runtime';
import type { WorkbenchServices } from './services';

export const TAIL_TEMPLATE_LOGS = 'lambdaWorkbench.tailLogs';

async function exists(s: WorkbenchServices, connection: Connection, name: string): Promise<boolean> {
  try {
    await s.clients.lambda(connection).send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return false;
    throw err;
  }
}

async function tailTemplateFunction(s: WorkbenchServices, arg: unknown, file: string, logicalId: string): Promise<void> {
  const connection = await s.activeConnection();
  const fn = await findTemplateFunction(file, logicalId);
  const names = candidateNames(connection, file, logicalId, fn.functionName);
  for (const name of names) {
    if (await exists(s, connection, name)) {
      await vscode.commands.executeCommand('lambdaWorkbench.tailFunctionLogs', { connection, functionName: name });
      return;
    }
  }
  const invoke = 'Invoke Locally';
  const deploy = 'Deploy';
  const actions = connection.kind === 'local' ? [invoke, deploy] : [deploy];
  const choice = await vscode.window.showWarningMessage(
    `${logicalId} has no function on ${connection.label} yet (looked for ${names.join(', ')}): it has no logs to tail. Invoke it locally or deploy it first.`,
    ...actions,
  );
  if (choice === invoke) await vscode.commands.executeCommand('lambdaWorkbench.invokeLocal', arg);
  if (choice === deploy) await vscode.commands.executeCommand('lambdaWorkbench.deployFunction', arg);
}

export function templateLogsCommands(s: WorkbenchServices): CommandEntry[] {
  return [
    entry(TAIL_TEMPLATE_LOGS, 'tail the logs', async (arg) => {
      const t = templateArgs(arg);
      // Anything but template arguments (a tree node, a name) is what the function tail understands.
      if (!t) return vscode.commands.executeCommand('lambdaWorkbench.tailFunctionLogs', arg);
      await tailTemplateFunction(s, arg, t.templatePath, t.logicalId);
    }),
  ];
}
