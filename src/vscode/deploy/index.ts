// Deploy and manage: code, configuration, versions and aliases, layers, download. Every command
// takes an explorer node when run from the tree, or asks what it needs from the palette. Commands
// return what they did (a result or undefined), so scripts and tests can run them too.
import type * as vscode from 'vscode';
import type { WorkbenchServices } from '../services';
import { editConfigurationCommand } from './configure';
import { deployFolder, deployFunctionCommand } from './deployCode';
import { downloadCodeCommand } from './download';
import { attachLayerCommand, deleteLayerVersionCommand, publishLayerCommand } from './layers';
import { command } from './run';
import {
  createAliasCommand,
  deleteAliasCommand,
  promoteTrafficCommand,
  publishVersionCommand,
  rollBackTrafficCommand,
  shiftTrafficCommand,
  updateAliasCommand,
} from './versions';

export function registerDeployCommands(context: vscode.ExtensionContext, s: WorkbenchServices): void {
  const commands: [string, (arg: unknown) => unknown][] = [
    ['lambdaWorkbench.deployFunction', (arg) => deployFunctionCommand(s, arg)],
    ['lambdaWorkbench.deployFolder', (arg) => deployFolder(s, arg)],
    ['lambdaWorkbench.editConfiguration', (arg) => editConfigurationCommand(s, arg)],
    ['lambdaWorkbench.editEnvironment', (arg) => editConfigurationCommand(s, arg, 'env')],
    ['lambdaWorkbench.publishVersion', (arg) => publishVersionCommand(s, arg)],
    ['lambdaWorkbench.createAlias', (arg) => createAliasCommand(s, arg)],
    ['lambdaWorkbench.updateAlias', (arg) => updateAliasCommand(s, arg)],
    ['lambdaWorkbench.deleteAlias', (arg) => deleteAliasCommand(s, arg)],
    ['lambdaWorkbench.shiftTraffic', (arg) => shiftTrafficCommand(s, arg)],
    ['lambdaWorkbench.rollBackTraffic', (arg) => rollBackTrafficCommand(s, arg)],
    ['lambdaWorkbench.promoteTraffic', (arg) => promoteTrafficCommand(s, arg)],
    ['lambdaWorkbench.publishLayer', (arg) => publishLayerCommand(s, arg)],
    ['lambdaWorkbench.attachLayer', (arg) => attachLayerCommand(s, arg)],
    ['lambdaWorkbench.deleteLayerVersion', (arg) => deleteLayerVersionCommand(s, arg)],
    ['lambdaWorkbench.downloadCode', (arg) => downloadCodeCommand(s, arg)],
  ];
  for (const [id, fn] of commands) context.subscriptions.push(command(s, id, fn));
}
