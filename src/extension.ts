// Wiring only: builds the shared services, registers the UI modules, reports the activation time.
// Activation is lazy (the Lambda view, a command, or a workspace holding a SAM template).
import * as vscode from 'vscode';
import { createServices, type WorkbenchServices } from './vscode/services';
import { registerStatusBar } from './vscode/statusBar';
import { explorerArea } from './vscode/explorer';
import { logsArea } from './vscode/logs';
import { deployArea } from './vscode/deploy';
import { invokeArea } from './vscode/invoke';
import { metricsArea } from './vscode/metrics';
import { localApiArea } from './vscode/localApi';
import { insightsArea } from './vscode/insights';
import { templateLogsCommands } from './vscode/templateLogs';
import { startSamLanguageClient } from './vscode/sam/languageClient';
import { describeError } from './core/errors';
import { registerCommands, type CommandEntry, type Contribution } from './vscode/commands/runtime';
import { registerWelcomeView, shellCommands, updateProfileContext, watchAwsConfigFiles } from './vscode/shellCommands';

let services: WorkbenchServices | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ services: WorkbenchServices }> {
  const started = performance.now();
  const steps: string[] = [];
  let mark = started;
  const step = (name: string) => {
    const now = performance.now();
    steps.push(`${name} ${Math.round(now - mark)}`);
    mark = now;
  };
  services = createServices(context);
  const s = services;
  // First run only: the default profile may become active once the config files are read; the status
  // bar and explorer follow the change event, so activation does not wait for the file reads.
  s.connections.chooseInitialActive().catch((err: unknown) => s.log.warn(`Could not pick the default connection: ${describeError(err)}`));
  step('core');

  context.subscriptions.push(registerStatusBar(s), registerWelcomeView());
  const commands: CommandEntry[] = [...shellCommands(s), ...templateLogsCommands(s)];
  // Each feature area contributes its command table and what lives as long as the extension. An area
  // that fails to start is logged and the rest of the extension keeps working.
  const areas: [string, (s: WorkbenchServices) => Contribution][] = [
    ['explorer', explorerArea],
    ['logs', logsArea],
    ['deploy', deployArea],
    ['invoke', invokeArea],
    ['metrics', metricsArea],
    ['localApi', localApiArea],
    ['insights', insightsArea],
  ];
  for (const [name, area] of areas) {
    try {
      const c = area(s);
      commands.push(...c.commands);
      context.subscriptions.push(...c.disposables);
    } catch (err) {
      s.log.error(`The ${name} area failed to start: ${describeError(err)}`);
    }
    step(name);
  }
  // Every command of the extension, registered in one place under one error policy.
  context.subscriptions.push(registerCommands(s.log, commands));
  step('commands');
  // The SAM language server starts in the background so it never delays activation.
  startSamLanguageClient(context, s.log.channel).catch((err: unknown) => s.log.error(`SAM language server failed to start: ${describeError(err)}`));
  step('sam');

  void updateProfileContext(s);
  context.subscriptions.push(
    s.onDidChangeConnections(() => void updateProfileContext(s)),
    watchAwsConfigFiles(s),
  );

  step('context');
  s.log.info(`Activated in ${Math.round(performance.now() - started)} ms (${steps.join(', ')})`);
  return { services: s };
}

export async function deactivate(): Promise<void> {
  // Stop the local service and close every client; VS Code waits for this promise.
  await services?.localService.stop();
  services?.clients.dispose();
  services = undefined;
}
