// The shell itself: its commands (switch connection, show the log, restart the local service), the
// context keys the menus and the welcome view depend on, and the watch on the AWS config files.
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describeError } from '../core/errors';
import { listProfiles } from '../core/profiles';
import { switchConnection } from './connectionPicker';
import { localServiceSettings, type WorkbenchServices } from './services';
import { entry, type CommandEntry } from './commands/runtime';

export function shellCommands(services: WorkbenchServices): CommandEntry[] {
  const { log } = services;
  return [
    entry('lambdaWorkbench.switchConnection', 'switch the connection', () => switchConnection(services)),
    entry('lambdaWorkbench.showLog', 'show the log', () => log.show()),
    entry('lambdaWorkbench.copyLocalEndpoint', 'copy the local endpoint', async () => {
      const info = await services.localService.start();
      await vscode.env.clipboard.writeText(info.endpoint);
      // The keys stay in the data dir (credentials.json, mode 0600): never shown here.
      void vscode.window.showInformationMessage(
        `Copied ${info.endpoint}. Use it as --endpoint-url with the AWS CLI; the local keys are in ${info.dataDir}/credentials.json.`,
      );
    }),
    entry('lambdaWorkbench.restartLocalService', 'restart the local service', async () => {
      services.localService.configure(localServiceSettings(services.context));
      // A new port or new keys end the local connection's session (session.ts).
      const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Restarting the local service…' }, () =>
        services.localService.restart(),
      );
      vscode.window.setStatusBarMessage(`Local service restarted at ${info.endpoint}`, 4000);
    }),
  ];
}

/** Context keys menus and the welcome view depend on; refreshed when the config files may have changed. */
export async function updateProfileContext(services: WorkbenchServices): Promise<void> {
  let count = 0;
  try {
    count = (await listProfiles()).length;
  } catch (err) {
    services.log.warn(`Could not read the AWS config files: ${describeError(err)}`);
  }
  const added = services.connections.list().filter((r) => r.kind === 'aws').length;
  await vscode.commands.executeCommand('setContext', 'lambdaWorkbench.hasProfiles', count > 0);
  await vscode.commands.executeCommand('setContext', 'lambdaWorkbench.nothingConfigured', count === 0 && added === 0);
  await vscode.commands.executeCommand('setContext', 'lambdaWorkbench.hasAwsConnections', added > 0);
}

/** The "Get Started" view is only welcome content (shown when nothing is configured): an empty tree. */
export function registerWelcomeView(): vscode.Disposable {
  return vscode.window.registerTreeDataProvider<never>('lambdaWorkbench.welcome', { getTreeItem: (n) => n, getChildren: () => [] });
}

/** Re-reads the profile context keys when the shared config or credentials file changes. */
export function watchAwsConfigFiles(services: WorkbenchServices): vscode.Disposable {
  const files = [
    process.env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
    process.env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
  ];
  const watchers = files.map((f) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(f)), basename(f))));
  const onChange = () => void updateProfileContext(services);
  for (const w of watchers) {
    w.onDidChange(onChange);
    w.onDidCreate(onChange);
    w.onDidDelete(onChange);
  }
  return vscode.Disposable.from(...watchers);
}
