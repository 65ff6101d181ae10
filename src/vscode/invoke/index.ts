// Invoke UI: Invoke (tree, palette), Invoke Locally and Debug Locally (template CodeLens), saved test
// events, and the result panels with their per-function history (controller.ts).
import * as vscode from 'vscode';
import type { WorkbenchServices } from '../services';
import { entry, type Contribution } from '../commands/runtime';
import { InvokeController } from './controller';
import { RESULT_VIEW_TYPE } from './panel';
import { eventCommands } from './eventCommands';
import { debugLocal } from './debug';
import { registerPythonDebugAdapter } from './pythonDebug';

export const INVOKE_COMMANDS = {
  invoke: 'lambdaWorkbench.invoke',
  invokeLocal: 'lambdaWorkbench.invokeLocal',
  debugLocal: 'lambdaWorkbench.debugLocal',
} as const;

export function invokeArea(s: WorkbenchServices): Contribution {
  const controller = new InvokeController(s);
  const commands = [
    entry(INVOKE_COMMANDS.invoke, 'invoke the function', (arg, extra) => controller.invokeCommand(arg, extra)),
    entry(INVOKE_COMMANDS.invokeLocal, 'invoke locally', (arg) => controller.invokeLocal(arg)),
    entry(INVOKE_COMMANDS.debugLocal, 'debug locally', (arg) => debugLocal(s, arg, (...a) => controller.show(...a))),
    ...eventCommands(s),
  ];
  const disposables = [
    controller,
    // Debug Locally for Python without the Python Debugger extension: our type's adapter is debugpy's port.
    registerPythonDebugAdapter(),
    // A result panel left open before a reload is closed: its results were in memory only.
    vscode.window.registerWebviewPanelSerializer(RESULT_VIEW_TYPE, { deserializeWebviewPanel: async (panel) => panel.dispose() }),
  ];
  return { commands, disposables };
}
