// Deploy and manage: code, configuration, versions and aliases, layers, download. Every command
// takes an explorer node when run from the tree, or asks what it needs from the palette. Commands
// return what they did (a result or undefined), so scripts and tests can run them too.
import type { WorkbenchServices } from '../services';
import { entry, type Contribution } from '../commands/runtime';
import { parseTarget } from '../commands/args';
import { editConfigurationCommand } from './configure';
import { deployFolder, deployFunctionCommand } from './deployCode';
import { downloadCodeCommand } from './download';
import { attachLayerCommand, deleteLayerVersionCommand, publishLayerCommand } from './layers';
import {
  createAliasCommand,
  deleteAliasCommand,
  promoteTrafficCommand,
  publishVersionCommand,
  rollBackTrafficCommand,
  shiftTrafficCommand,
  updateAliasCommand,
} from './versions';

export function deployArea(s: WorkbenchServices): Contribution {
  const commands = [
    entry('lambdaWorkbench.deployFunction', 'deploy', (arg) => deployFunctionCommand(s, arg)),
    entry('lambdaWorkbench.deployFolder', 'deploy the folder', (arg) => deployFolder(s, parseTarget(arg))),
    entry('lambdaWorkbench.editConfiguration', 'edit the configuration', (arg) => editConfigurationCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.editEnvironment', 'edit the environment', (arg) => editConfigurationCommand(s, parseTarget(arg), 'env')),
    entry('lambdaWorkbench.publishVersion', 'publish a version', (arg) => publishVersionCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.createAlias', 'create the alias', (arg) => createAliasCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.updateAlias', 'point the alias', (arg) => updateAliasCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.deleteAlias', 'delete the alias', (arg) => deleteAliasCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.shiftTraffic', 'shift the traffic', (arg) => shiftTrafficCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.rollBackTraffic', 'roll back the traffic', (arg) => rollBackTrafficCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.promoteTraffic', 'promote the traffic', (arg) => promoteTrafficCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.publishLayer', 'publish the layer', (arg) => publishLayerCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.attachLayer', 'attach the layer', (arg) => attachLayerCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.deleteLayerVersion', 'delete the layer version', (arg) => deleteLayerVersionCommand(s, parseTarget(arg))),
    entry('lambdaWorkbench.downloadCode', 'download the code', (arg) => downloadCodeCommand(s, parseTarget(arg))),
  ];
  return { commands, disposables: [] };
}
