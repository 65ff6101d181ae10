// Debug Locally (Node.js, Python): the template function runs from its source folder in its own environment on
// the local service, as Invoke Locally runs it (same environment variables, layers under /opt, Runtime
// API, logs), except that this environment's runtime listens for a debugger and waits for it before
// loading the handler. VS Code's JavaScript debugger attaches to it (Python: debugpy's adapter, see
// pythonDebug.ts), so breakpoints in the handler hit from the first line; the outcome (response, log tail, REPORT) lands in the result panel.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { LOCAL_ACCOUNT_ID } from '../../contract/localService';
import { describeError } from '../../core/errors';
import { freeLoopbackPort, loopbackPortAccepts } from '../../core/ports';
import { invokeFunction, type InvokeOutcome } from '../../lambda/invoke';
import type { WorkbenchServices } from '../services';
import { parseTarget } from '../commands/args';
import type { InvokeTarget } from './args';
import { prepareLocal } from './prepare';
import { pythonAttachConfig, pythonInvocationSettled } from './pythonDebug';
import { choosePayload, eventStoreRoot, type InvocationType, type PayloadArgs } from './payload';

/** Where the outcome goes: the invoke controller's result panel and history. */
export type ShowResult = (t: InvokeTarget, outcome: InvokeOutcome | string, payload: string, source: string, type: InvocationType) => unknown;

/** How long the runtime may take to open its inspector port once the invocation is sent. */
const LISTEN_LIMIT_MS = 20_000;

/** Resolves true once the port accepts connections, false if `settled` comes first or time runs out. */
async function listening(port: number, settled: () => boolean): Promise<boolean> {
  const deadline = Date.now() + LISTEN_LIMIT_MS;
  while (Date.now() < deadline && !settled()) {
    if (await loopbackPortAccepts(port)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

export async function debugLocal(s: WorkbenchServices, arg: unknown, show: ShowResult): Promise<void> {
  const prepared = await prepareLocal(s, parseTarget(arg));
  if (!prepared) return;
  const { plan, connection } = prepared;
  const python = plan.runtime.startsWith('python');
  if (!plan.runtime.startsWith('nodejs') && !python) {
    throw new Error(
      `${plan.logicalId} runs ${plan.runtime}; Debug Locally supports nodejs and python runtimes (VS Code's JavaScript debugger, debugpy). Use Invoke Locally for this function.`,
    );
  }
  const chosen = await choosePayload({
    functionName: plan.functionName,
    aliases: [plan.logicalId],
    storeRoot: eventStoreRoot(vscode.Uri.file(plan.templatePath)),
    region: connection.region,
    account: LOCAL_ACCOUNT_ID,
    args: (arg && typeof arg === 'object' ? arg : {}) as PayloadArgs,
    title: `Debug ${plan.logicalId} locally`,
  });
  if (!chosen) return;
  const payload = chosen.text.trim() ? chosen.text : '{}';
  const target: InvokeTarget = {
    connection,
    functionName: plan.functionName,
    local: { templatePath: plan.templatePath, logicalId: plan.logicalId, codeDir: plan.codeDir, runtime: plan.runtime },
  };
  const source = `debug · ${chosen.source}`;
  const port = await freeLoopbackPort();
  const name = `Debug ${plan.logicalId} (local)`;

  const abort = new AbortController();
  let settled = false;
  const invoking = invokeFunction(
    s.clients.lambda(connection),
    { functionName: plan.functionName, payload, debug: { port } },
    { signal: abort.signal },
  ).finally(() => {
    settled = true;
  });
  // Read below; kept from turning into an unhandled rejection while the debugger starts.
  invoking.catch(() => undefined);
  if (python) {
    // No probe of debugpy's port (its first connection is its client): the session connects as soon
    // as it opens, and stops waiting when the invocation ends first (e.g. no debugpy).
    void invoking.finally(() => pythonInvocationSettled(port)).catch(() => undefined);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(plan.templatePath));
    const started = await vscode.debug.startDebugging(folder, await pythonAttachConfig(name, port, () => settled));
    if (!started) {
      abort.abort();
      throw new Error(`VS Code could not start the Python debug session on debugpy's port ${port}.`);
    }
    s.log.info(`Debugging ${plan.logicalId} from ${plan.codeDir} on the local service (debugpy port ${port})`);
  } else {
    await attachNode(s, plan, { name, port, abort, settled: () => settled });
  }
  let outcome: InvokeOutcome | string;
  try {
    outcome = await invoking;
  } catch (err) {
    outcome = describeError(err);
    s.log.error(`Debug invoke of ${plan.functionName} failed: ${outcome}`);
  }
  show(target, outcome, payload, source, 'RequestResponse');
}

/** Node: waits for the inspector port (a probe is harmless there), then attaches the JavaScript debugger. */
async function attachNode(
  s: WorkbenchServices,
  plan: { logicalId: string; templatePath: string; codeDir: string },
  run: { name: string; port: number; abort: AbortController; settled: () => boolean },
): Promise<void> {
  const { name, port, abort } = run;
  const ready = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Starting ${plan.logicalId} with the debugger` }, () =>
    listening(port, run.settled),
  );
  if (!ready && !run.settled()) {
    abort.abort();
    throw new Error(`${plan.logicalId}'s runtime did not open its debugger port ${port} within ${LISTEN_LIMIT_MS / 1000} s; see the function's logs.`);
  }
  if (ready) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(plan.templatePath));
    const config: vscode.DebugConfiguration = {
      type: 'node',
      request: 'attach',
      name,
      address: '127.0.0.1',
      port,
      // The handler runs from its own folder: the paths the runtime reports are the editor's paths.
      skipFiles: ['<node_internals>/**', path.join(s.context.extensionUri.fsPath, 'dist', 'runtimes', 'node', 'bootstrap.js')],
      continueOnAttach: true,
      autoAttachChildProcesses: false,
    };
    const started = await vscode.debug.startDebugging(folder, config);
    if (!started) {
      abort.abort();
      throw new Error('VS Code could not attach its JavaScript debugger (is the built-in JavaScript debugger enabled?).');
    }
    s.log.info(`Debugging ${plan.logicalId} from ${plan.codeDir} on the local service (inspector port ${port})`);
  }
}
