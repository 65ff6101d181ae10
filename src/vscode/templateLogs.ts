// "Tail logs" over a template function (the SAM CodeLens passes `{ templateUri, logicalId }`): finds
// which function the template function became on the active connection and opens its log panel.
import * as vscode from 'vscode';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { Connection } from '../core/types';
import { describeError } from '../core/errors';
import { findTemplateFunction } from '../lambda/template';
import { candidateNames } from './templateTargets';
import { templatePath } from './deploy/deployCode';
import type { WorkbenchServices } from './services';

export const TAIL_TEMPLATE_LOGS = 'lambdaWorkbench.tailLogs';

interface TemplateArgs {
  templateUri: string | vscode.Uri;
  logicalId: string;
}

function isTemplateArgs(arg: unknown): arg is TemplateArgs {
  const a = arg as Partial<TemplateArgs> | undefined;
  return !!a && typeof a === 'object' && typeof a.logicalId === 'string' && (typeof a.templateUri === 'string' || a.templateUri instanceof vscode.Uri);
}

async function exists(s: WorkbenchServices, connection: Connection, name: string): Promise<boolean> {
  try {
    await s.clients.lambda(connection).send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return false;
    throw err;
  }
}

async function tailTemplateFunction(s: WorkbenchServices, args: TemplateArgs): Promise<void> {
  const file = templatePath(args.templateUri);
  const connection = await s.activeConnection();
  const fn = await findTemplateFunction(file, args.logicalId);
  const names = candidateNames(connection, file, args.logicalId, fn.functionName);
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
    `${args.logicalId} has no function on ${connection.label} yet (looked for ${names.join(', ')}): it has no logs to tail. Invoke it locally or deploy it first.`,
    ...actions,
  );
  if (choice === invoke) await vscode.commands.executeCommand('lambdaWorkbench.invokeLocal', args);
  if (choice === deploy) await vscode.commands.executeCommand('lambdaWorkbench.deployFunction', args);
}

export function registerTemplateLogsCommand(s: WorkbenchServices): vscode.Disposable {
  return vscode.commands.registerCommand(TAIL_TEMPLATE_LOGS, async (arg: unknown) => {
    try {
      // Anything but template arguments (a tree node, a name) is what the function tail understands.
      if (!isTemplateArgs(arg)) return await vscode.commands.executeCommand('lambdaWorkbench.tailFunctionLogs', arg);
      await tailTemplateFunction(s, arg);
    } catch (err) {
      s.log.error(`Tail logs failed: ${describeError(err)}`);
      void vscode.window.showErrorMessage(`Could not tail the logs: ${describeError(err)}`);
    }
  });
}
