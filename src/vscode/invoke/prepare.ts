// Invoke Locally and Debug Locally share this step: the template function (CodeLens arguments, else
// discovered) becomes a function on the local service, created or updated from its source folder.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Connection } from '../../core/types';
import type { CommandTarget } from '../commands/args';
import { templateFunctionOf } from '../templates';
import type { WorkbenchServices } from '../services';
import { ensureLocalFunction, planLocalFunction, type LocalFunctionPlan } from '../../lambda/localTemplate';

/** The local connection (starts the local service when needed). */
async function localConnection(s: WorkbenchServices): Promise<Connection> {
  const c = await s.connectionById('local');
  if (!c) throw new Error('The local service is not available.');
  return c;
}

/** Reads the template function and creates/updates its local twin, with progress. */
export async function prepareLocal(s: WorkbenchServices, t: CommandTarget): Promise<{ plan: LocalFunctionPlan; connection: Connection } | undefined> {
  const where = await templateFunctionOf(t);
  if (!where) return undefined;
  const connection = await localConnection(s);
  const envVars = await readEnvVarsSetting(where.templatePath);
  const plan = await planLocalFunction(where.templatePath, where.logicalId, { region: connection.region, envVars });
  if (plan.ignoredOverrides.length)
    s.log.warn(
      `${envVars?.file}: ${plan.ignoredOverrides.join(', ')} not applied to ${plan.logicalId} (the template does not declare them; sam local invoke ignores them too).`,
    );
  if (plan.unresolvedEnvironment.length)
    s.log.warn(
      `${plan.logicalId}: environment variables ${plan.unresolvedEnvironment.join(', ')} use intrinsics that cannot be resolved locally; set them in an env-vars file (setting lambdaWorkbench.invoke.envVarsFile).`,
    );
  // In the status bar, not a notification: most runs find the function up to date in a few ms.
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Preparing ${plan.logicalId} on the local service` }, () =>
    ensureLocalFunction(s.clients.lambda(connection), plan),
  );
  if (result.action !== 'unchanged') {
    s.log.info(`Local function ${plan.functionName} ${result.action} from ${plan.templatePath} (${plan.logicalId})`);
    s.notifyResourcesChanged({ connectionId: connection.id, functionName: plan.functionName });
  }
  return { plan, connection };
}

/** The env-vars overrides file of the setting (relative to the template's workspace folder), if set. */
async function readEnvVarsSetting(templatePath: string): Promise<{ text: string; file: string } | undefined> {
  const uri = vscode.Uri.file(templatePath);
  const setting = vscode.workspace.getConfiguration('lambdaWorkbench.invoke', uri).get<string>('envVarsFile', '').trim();
  if (!setting) return undefined;
  const base = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(templatePath);
  const file = path.resolve(base, setting);
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(file));
    return { text: Buffer.from(bytes).toString('utf8'), file };
  } catch {
    throw new Error(`The env-vars file ${file} (setting lambdaWorkbench.invoke.envVarsFile) cannot be read. Fix the path or clear the setting.`);
  }
}
