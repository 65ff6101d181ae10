// The function a SAM template function became on the active connection (for the CodeLens commands that
// act on a running function: Tail logs, Metrics). When there is none yet, says so and offers to
// invoke it locally or deploy it, since those create it.
import * as vscode from 'vscode';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { Connection } from '../core/types';
import { findTemplateFunction } from '../lambda/template';
import { candidateNames } from './templateTargets';
import type { WorkbenchServices } from './services';

async function exists(s: WorkbenchServices, connection: Connection, name: string): Promise<boolean> {
  try {
    await s.clients.lambda(connection).send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return false;
    throw err;
  }
}

/**
 * The connection and name of the function `logicalId` of `file` runs as, or undefined when it does not
 * exist there yet (`lacking` completes the message: "it has no logs to tail"). `arg` is the CodeLens'
 * argument, handed on to Invoke Locally or Deploy when the user picks one.
 */
export async function templateFunctionOnConnection(
  s: WorkbenchServices,
  arg: unknown,
  file: string,
  logicalId: string,
  lacking: string,
): Promise<{ connection: Connection; name: string } | undefined> {
  const connection = await s.activeConnection();
  const fn = await findTemplateFunction(file, logicalId);
  const names = candidateNames(connection, file, logicalId, fn.functionName);
  for (const name of names) if (await exists(s, connection, name)) return { connection, name };
  const invoke = 'Invoke Locally';
  const deploy = 'Deploy';
  const actions = connection.kind === 'local' ? [invoke, deploy] : [deploy];
  const choice = await vscode.window.showWarningMessage(
    `${logicalId} has no function on ${connection.label} yet (looked for ${names.join(', ')}): ${lacking}. Invoke it locally or deploy it first.`,
    ...actions,
  );
  if (choice === invoke) await vscode.commands.executeCommand('lambdaWorkbench.invokeLocal', arg);
  if (choice === deploy) await vscode.commands.executeCommand('lambdaWorkbench.deployFunction', arg);
  return undefined;
}
