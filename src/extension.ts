// Wiring only: builds the shared services, registers the UI modules, reports the activation time.
// Activation is lazy (the Lambda view, a command, or a workspace holding a SAM template).
import * as vscode from 'vscode';
import { createServices, type WorkbenchServices } from './vscode/services';
import { registerStatusBar } from './vscode/statusBar';
import { registerExplorer } from './vscode/explorer';
import { registerLogCommands } from './vscode/logs';
import { registerDeployCommands } from './vscode/deploy';
import { registerInvokeCommands } from './vscode/invoke';
import { registerTemplateLogsCommand } from './vscode/templateLogs';
import { startSamLanguageClient } from './vscode/sam/languageClient';
import { describeError } from './core/errors';
import { registerShellCommands, registerWelcomeView, updateProfileContext, watchAwsConfigFiles } from './vscode/shellCommands';

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

  context.subscriptions.push(registerShellCommands(s), registerStatusBar(s), registerWelcomeView());
  registerExplorer(s);
  step('explorer');

  // ---- Modules of other areas, each given the shared services. A module that fails to start is
  // logged and the rest of the extension keeps working.
  try {
    registerLogCommands(context, s);
  } catch (err) {
    s.log.error(`Log commands failed to register: ${describeError(err)}`);
  }
  step('logs');
  try {
    registerDeployCommands(context, s);
  } catch (err) {
    s.log.error(`Deploy commands failed to register: ${describeError(err)}`);
  }
  step('deploy');
  try {
    registerInvokeCommands(context, s);
  } catch (err) {
    s.log.error(`Invoke commands failed to register: ${describeError(err)}`);
  }
  step('invoke');
  // The template CodeLens "Tail logs" resolves a template function to the function it became.
  context.subscriptions.push(registerTemplateLogsCommand(s));
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
