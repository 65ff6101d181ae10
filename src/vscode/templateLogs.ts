// "Tail logs" over a template function (the SAM CodeLens passes `{ templateUri, logicalId }`): finds
// which function the template function became on the active connection and opens its log panel.
import * as vscode from 'vscode';
import { templateFunctionOnConnection } from './templateFunction';
import { templateArgs } from './commands/args';
import { entry, type CommandEntry } from './commands/runtime';
import type { WorkbenchServices } from './services';

export const TAIL_TEMPLATE_LOGS = 'lambdaWorkbench.tailLogs';

async function tailTemplateFunction(s: WorkbenchServices, arg: unknown, file: string, logicalId: string): Promise<void> {
  const found = await templateFunctionOnConnection(s, arg, file, logicalId, 'it has no logs to tail');
  if (found) await vscode.commands.executeCommand('lambdaWorkbench.tailFunctionLogs', { connection: found.connection, functionName: found.name });
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
