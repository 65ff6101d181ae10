// The metrics panel's commands: "Show Metrics" on a function, version or alias row, from the palette
// (a function picker), from code (`{ connection | connectionId, functionName, qualifier }`), and from
// the SAM CodeLens over a template function (`{ templateUri, logicalId }`: the function it became on
// the active connection, deployed or invoked locally).
import * as vscode from 'vscode';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { Connection } from '../../core/types';
import { findTemplateFunction } from '../../lambda/template';
import { parseTarget, targetFunction } from '../commands/args';
import { entry, type Contribution } from '../commands/runtime';
import type { WorkbenchServices } from '../services';
import { candidateNames } from '../templateTargets';
import { MetricsPanel } from './panel';

export const METRICS_COMMANDS = {
  show: 'lambdaWorkbench.showMetrics',
} as const;

async function exists(s: WorkbenchServices, connection: Connection, name: string): Promise<boolean> {
  try {
    await s.clients.lambda(connection).send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return false;
    throw err;
  }
}

async function showTemplateFunction(s: WorkbenchServices, arg: unknown, file: string, logicalId: string): Promise<void> {
  const connection = await s.activeConnection();
  const fn = await findTemplateFunction(file, logicalId);
  const names = candidateNames(connection, file, logicalId, fn.functionName);
  for (const name of names) {
    if (await exists(s, connection, name)) {
      MetricsPanel.show(s, connection, name);
      return;
    }
  }
  const invoke = 'Invoke Locally';
  const deploy = 'Deploy';
  const actions = connection.kind === 'local' ? [invoke, deploy] : [deploy];
  const choice = await vscode.window.showWarningMessage(
    `${logicalId} has no function on ${connection.label} yet (looked for ${names.join(', ')}): it has no metrics. Invoke it locally or deploy it first.`,
    ...actions,
  );
  if (choice === invoke) await vscode.commands.executeCommand('lambdaWorkbench.invokeLocal', arg);
  if (choice === deploy) await vscode.commands.executeCommand('lambdaWorkbench.deployFunction', arg);
}

export function metricsArea(s: WorkbenchServices): Contribution {
  const commands = [
    entry(METRICS_COMMANDS.show, "show the function's metrics", async (arg) => {
      const t = parseTarget(arg);
      if (t.kind === 'template') return showTemplateFunction(s, arg, t.templatePath, t.logicalId);
      const f = await targetFunction(s, t, 'Show the metrics of a function');
      if (!f) return undefined;
      MetricsPanel.show(s, f.connection, f.functionName, f.qualifier);
      return undefined;
    }),
  ];
  return { commands, disposables: [{ dispose: () => MetricsPanel.disposeAll() }] };
}
