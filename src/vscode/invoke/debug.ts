// Debug Locally (Node.js): runs the template function's handler from its source folder under VS Code's
// node debugger, with the function's environment (Globals, Environment, env-vars overrides) and its
// layers on NODE_PATH, so breakpoints in the handler hit. The outcome lands in the result panel.
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from '../../local/contracts';
import type { InvokeOutcome } from '../../lambda/invoke';
import type { WorkbenchServices } from '../services';
import type { InvokeController } from './index';
import { DEBUG_RUNNER_SOURCE } from './debugRunner';
import { choosePayload, eventStoreRoot, type PayloadArgs } from './payload';
import { planLocalFunction } from './localTemplate';
import { templateTarget } from './index';

interface RunnerResult {
  ok: boolean;
  result?: unknown;
  error?: { errorType: string; errorMessage: string; trace: string[] };
  durationMs: number;
  requestId: string;
}

/** Layer folders as a Lambda node runtime would see them under /opt: nodejs/node_modules (and per-version ones). */
async function layerNodePaths(dirs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs) {
    for (const sub of ['nodejs/node_modules', 'nodejs/node20/node_modules', 'nodejs/node22/node_modules', 'nodejs/node24/node_modules']) {
      const p = path.join(d, sub);
      if (await fs.stat(p).then((st) => st.isDirectory(), () => false)) out.push(p);
    }
  }
  return out;
}

export async function debugLocal(controller: InvokeController, s: WorkbenchServices, arg: unknown): Promise<void> {
  const where = await templateTarget(arg);
  if (!where) return;
  const connection = await controller.localConnection();
  const plan = await planLocalFunction(where.templatePath, where.logicalId, { region: connection.region });
  if (!plan.runtime.startsWith('nodejs')) {
    throw new Error(`${plan.logicalId} runs ${plan.runtime}; Debug Locally attaches the Node.js debugger, so it supports nodejs runtimes only. Use Invoke Locally for this function.`);
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

  const dir = path.join(s.context.globalStorageUri.fsPath, 'debug', randomUUID());
  await fs.mkdir(dir, { recursive: true });
  const runner = path.join(dir, 'runner.cjs');
  const eventFile = path.join(dir, 'event.json');
  const resultFile = path.join(dir, 'result.json');
  await fs.writeFile(runner, DEBUG_RUNNER_SOURCE);
  await fs.writeFile(eventFile, chosen.text.trim() ? chosen.text : '{}');
  const layerDirs = plan.layers.map((l) => l.contentDir);
  const nodePath = [...(await layerNodePaths(layerDirs)), path.join(plan.codeDir, 'node_modules')].join(path.delimiter);
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(plan.templatePath));
  const name = `Debug ${plan.logicalId} (local)`;
  const config: vscode.DebugConfiguration = {
    type: 'node',
    request: 'launch',
    name,
    program: runner,
    cwd: plan.codeDir,
    console: 'internalConsole',
    skipFiles: ['<node_internals>/**', runner],
    env: {
      ...plan.environment,
      NODE_PATH: nodePath,
      AWS_REGION: connection.region,
      AWS_DEFAULT_REGION: connection.region,
      AWS_LAMBDA_FUNCTION_NAME: plan.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(plan.memorySize),
      AWS_LAMBDA_FUNCTION_TIMEOUT: String(plan.timeout),
      LAMBDA_TASK_ROOT: plan.codeDir,
      _HANDLER: plan.handler,
      LWB_CODE_DIR: plan.codeDir,
      LWB_HANDLER: plan.handler,
      LWB_EVENT_FILE: eventFile,
      LWB_RESULT_FILE: resultFile,
      LWB_FUNCTION_ARN: `arn:aws:lambda:${connection.region}:${LOCAL_ACCOUNT_ID}:function:${plan.functionName}`,
    },
  };
  const target = { connection, functionName: plan.functionName, local: { templatePath: plan.templatePath, logicalId: plan.logicalId, codeDir: plan.codeDir } };
  const ended = new Promise<void>((resolve) => {
    const sub = vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.name !== name) return;
      sub.dispose();
      resolve();
    });
  });
  const started = await vscode.debug.startDebugging(folder, config);
  if (!started) throw new Error('VS Code could not start the Node.js debugger (is the built-in JavaScript debugger enabled?).');
  s.log.info(`Debugging ${plan.logicalId} from ${plan.codeDir}`);
  await ended;
  const text = await fs.readFile(resultFile, 'utf8').catch(() => undefined);
  await fs.rm(dir, { recursive: true, force: true });
  if (!text) {
    void vscode.window.showWarningMessage(`The debug session of ${plan.logicalId} ended before the handler returned (stopped, or the process exited).`);
    return;
  }
  const r = JSON.parse(text) as RunnerResult;
  const payload = r.ok ? r.result : r.error;
  const payloadText = JSON.stringify(payload ?? null);
  const outcome: InvokeOutcome = {
    statusCode: 200,
    payloadText,
    payloadJson: payload ?? null,
    binary: false,
    requestId: r.requestId,
    clientDurationMs: r.durationMs,
    executedVersion: '$LATEST',
  };
  if (!r.ok && r.error) outcome.functionError = { kind: 'Unhandled', errorType: r.error.errorType, errorMessage: r.error.errorMessage, stackTrace: r.error.trace.slice(1).map((l) => l.trim()).filter(Boolean) };
  controller.show(target, outcome, chosen.text, `debug · ${chosen.source}`, 'RequestResponse');
}
