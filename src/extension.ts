// Wiring only: builds the shared services, registers the UI modules, reports the activation time.
// Activation is lazy (the Lambda view, a command, or a workspace holding a SAM template).
import * as vscode from 'vscode';
import { createServices, type WorkbenchServices } from './vscode/services';
import { registerStatusBar } from './vscode/statusBar';
import { registerExplorer } from './vscode/explorer';
import { registerShellCommands, registerWelcomeView, updateProfileContext } from './vscode/shellCommands';

let services: WorkbenchServices | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ services: WorkbenchServices }> {
  const started = performance.now();
  services = createServices(context);
  const s = services;
  await s.connections.chooseInitialActive();

  context.subscriptions.push(registerShellCommands(s), registerStatusBar(s), registerWelcomeView());
  registerExplorer(s);

  // ---- Modules of other areas: the lead wires them here (each receives the shared services). ----
  // SAM language server:  startSamLanguageClient(context, s.log)   from './vscode/sam/languageClient'
  // Logs:                 registerLogCommands(s)                    from './vscode/logs'
  // ------------------------------------------------------------------------------------------------

  void updateProfileContext(s);
  context.subscriptions.push(s.onDidChangeConnections(() => void updateProfileContext(s)));

  s.log.info(`Activated in ${Math.round(performance.now() - started)} ms`);
  return { services: s };
}

export async function deactivate(): Promise<void> {
  // Stop the local service and close every client; VS Code waits for this promise.
  await services?.localService.stop();
  services?.clients.dispose();
  services = undefined;
}
