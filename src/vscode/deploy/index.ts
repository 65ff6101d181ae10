// Deploy and manage: code, configuration, versions and aliases, layers, download. Every command
// takes an explorer node when run from the tree, or asks what it needs from the palette.
import type * as vscode from 'vscode';
import type { WorkbenchServices } from '../services';
import { deployFolder, deployFunctionCommand } from './deployCode';
import { editConfigurationCommand } from './configure';
import { command } from './run';

export function registerDeployCommands(context: vscode.ExtensionContext, s: WorkbenchServices): void {
  context.subscriptions.push(
    command(s, 'lambdaWorkbench.deployFunction', (arg) => deployFunctionCommand(s, arg)),
    command(s, 'lambdaWorkbench.deployFolder', (arg) => deployFolder(s, arg)),
    command(s, 'lambdaWorkbench.editConfiguration', (arg) => editConfigurationCommand(s, arg)),
    command(s, 'lambdaWorkbench.editEnvironment', (arg) => editConfigurationCommand(s, arg, 'env')),
  );
}
