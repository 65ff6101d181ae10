// Deploy code: a template function (the SAM CodeLens, built with esbuild when its Metadata asks) or a
// folder, onto an existing function or a new one (runtime, handler and execution role asked for).
import * as vscode from 'vscode';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { IAMClient } from '@aws-sdk/client-iam';
import { clientConfigFor } from '../../core/clientFactory';
import type { Connection } from '../../core/types';
import { describeError } from '../../core/errors';
import {
  FUNCTION_NAME,
  creatableRuntimes,
  deployCode,
  deployTemplateFunction,
  findTemplateFunction,
  handlerProblem,
  isNotFound,
  listExecutionRoles,
  runtimeWarning,
  type CreateSpec,
  type DeployResult,
} from '../../lambda';
import type { WorkbenchServices } from '../services';
import { guessFromFolder } from './guess';
import { changed, runOperation } from './run';
import { acceptedItem } from '../quickPick';
import { parseTarget, targetConnection, type CommandTarget } from '../commands/args';
import { pickFunctionOn } from '../commands/pickFunction';
import { functionNameOf } from '../explorer/nodes';
import { pickTemplateFunction } from '../templates';

/** One template function to deploy: the SAM CodeLens's arguments, parsed (commands/args.ts). */
export interface TemplateFunctionArgs {
  templatePath: string;
  logicalId: string;
  /** Deploy under another name than the template's FunctionName / logical id. */
  functionName?: string;
  /** Skip the question when the function is missing (tests, scripts). */
  create?: boolean;
}

async function functionExists(s: WorkbenchServices, connection: Connection, name: string): Promise<boolean> {
  try {
    await s.clients.lambda(connection).send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** `lambdaWorkbench.deployFunction`: CodeLens args, a function node (deploy a folder onto it), or asks. */
export async function deployFunctionCommand(s: WorkbenchServices, arg: unknown): Promise<DeployResult | undefined> {
  const t = parseTarget(arg);
  if (t.kind === 'template') {
    const extra = arg as { functionName?: unknown; create?: unknown };
    return deployTemplate(s, { ...t, functionName: typeof extra.functionName === 'string' ? extra.functionName : undefined, create: extra.create === true });
  }
  if (t.kind === 'node' && functionNameOf(t.node)) return deployFolder(s, t);
  const how = await vscode.window.showQuickPick(
    [
      {
        label: '$(file-code) Function of a SAM template',
        detail: 'Builds it (esbuild when its Metadata says so) and deploys it under its FunctionName.',
        id: 'template',
      },
      { label: '$(folder) Folder', detail: 'Zips a folder (honouring .lambdaignore) onto an existing or new function.', id: 'folder' },
    ],
    { title: 'Lambda: Deploy Code', placeHolder: 'What to deploy' },
  );
  if (how?.id === 'folder') return deployFolder(s, { kind: 'none' });
  if (how?.id === 'template') {
    const picked = await pickTemplateFunction('Lambda: Deploy a Template Function', 'Deploy a folder instead.');
    return picked ? deployTemplate(s, picked) : undefined;
  }
  return undefined;
}

export async function deployTemplate(s: WorkbenchServices, args: TemplateFunctionArgs): Promise<DeployResult | undefined> {
  const file = args.templatePath;
  const connection = await s.activeConnection();
  const fn = await findTemplateFunction(file, args.logicalId);
  const name = args.functionName ?? fn.functionName ?? fn.logicalId;
  let create: { Role?: string } | undefined;
  if (!(await functionExists(s, connection, name))) {
    if (!args.create) {
      const ok = await vscode.window.showInformationMessage(
        `${name} does not exist on ${connection.label}. Create it from ${fn.logicalId} (${fn.runtime ?? 'no runtime'}, ${fn.handler ?? 'no handler'})?`,
        { modal: true },
        'Create',
      );
      if (ok !== 'Create') return undefined;
    }
    const role = await pickRole(connection);
    if (role === undefined) return undefined;
    create = { Role: role || undefined };
  }
  const result = await runOperation(s, connection, `Deploying ${fn.logicalId} to ${name}`, (o) =>
    deployTemplateFunction(s.clients.lambda(connection), { ...o, templatePath: file, logicalId: args.logicalId, functionName: name, create }),
  );
  if (!result) return undefined;
  for (const w of result.buildWarnings) s.log.warn(`esbuild (${fn.logicalId}): ${w}`);
  announce(s, connection, result);
  return result;
}

/** Deploys a folder; onto the function of the node the command ran on, else one picked or created. */
export async function deployFolder(s: WorkbenchServices, t: CommandTarget, folder?: vscode.Uri): Promise<DeployResult | undefined> {
  const connection = await targetConnection(s, t);
  const dir = folder ?? (await pickFolder('Deploy this folder'));
  if (!dir) return undefined;
  let name = t.kind === 'node' ? functionNameOf(t.node) : undefined;
  let create: CreateSpec | undefined;
  if (!name) {
    const target = await pickOrCreateFunction(s, connection, dir);
    if (!target) return undefined;
    name = target.name;
    create = target.create;
  }
  const functionName = name;
  const result = await runOperation(s, connection, `Deploying ${vscode.workspace.asRelativePath(dir)} to ${functionName}`, (o) =>
    deployCode(s.clients.lambda(connection), { ...o, functionName, source: { kind: 'folder', dir: dir.fsPath }, create }),
  );
  if (result) announce(s, connection, result);
  return result;
}

function announce(s: WorkbenchServices, connection: Connection, result: DeployResult): void {
  s.log.info(`${result.summary} (${connection.label})`);
  const fnName = result.configuration.FunctionName;
  // The CodeSha256 stays in the log: the notification says it short enough to read in one line.
  if (result.action === 'unchanged') void vscode.window.showInformationMessage(`No change: ${fnName} already runs this code; nothing uploaded.`);
  else void vscode.window.showInformationMessage(result.summary);
  changed(s, connection, result.action === 'created' ? undefined : fnName);
}

export async function pickFolder(openLabel: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

/** An existing function of the connection, or the spec of a new one. */
async function pickOrCreateFunction(s: WorkbenchServices, connection: Connection, dir: vscode.Uri): Promise<{ name: string; create?: CreateSpec } | undefined> {
  const picked = await pickFunctionOn(s, connection, {
    title: `Deploy to which function? (${connection.label})`,
    placeholder: 'Pick a function, or create one',
    extra: { label: '$(add) Create a new function…' },
  });
  if (!picked) return undefined;
  if (picked.name) return { name: picked.name };
  return askNewFunction(connection, dir);
}

async function askNewFunction(connection: Connection, dir: vscode.Uri): Promise<{ name: string; create: CreateSpec } | undefined> {
  const guess = await guessFromFolder(dir.fsPath);
  const base = dir.path.split('/').filter(Boolean).pop() ?? 'function';
  const name = await vscode.window.showInputBox({
    title: 'New function: name',
    value: base.replace(/[^a-zA-Z0-9-_]/g, '-').slice(0, 64),
    validateInput: (v) => (FUNCTION_NAME.test(v) ? undefined : 'A function name is 1-64 letters, digits, - or _.'),
    ignoreFocusOut: true,
  });
  if (!name) return undefined;
  const runtimes = creatableRuntimes();
  const runtimeItems = runtimes.map((r) => ({ label: r, description: r === guess.runtime ? 'suggested for this folder' : (runtimeWarning(r) ?? undefined) }));
  runtimeItems.sort((a, b) => (a.label === guess.runtime ? -1 : b.label === guess.runtime ? 1 : 0));
  const runtime = (await vscode.window.showQuickPick(runtimeItems, { title: `New function ${name}: runtime`, ignoreFocusOut: true }))?.label;
  if (!runtime) return undefined;
  const handler = await vscode.window.showInputBox({
    title: `New function ${name}: handler`,
    value: guess.handler ?? 'index.handler',
    prompt: 'FILE.FUNCTION relative to the folder, e.g. index.handler',
    validateInput: (v) => handlerProblem(v, runtime),
    ignoreFocusOut: true,
  });
  if (!handler) return undefined;
  const role = await pickRole(connection);
  if (role === undefined) return undefined;
  return { name, create: { Runtime: runtime, Handler: handler, Role: role || undefined } };
}

const ROLE_ARN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

/**
 * The execution role of a new function: none on the local service (''), else picked from the IAM
 * roles Lambda may assume, or typed. Undefined when the user gave up.
 */
export async function pickRole(connection: Connection): Promise<string | undefined> {
  if (connection.kind === 'local') return '';
  const ENTER = '$(edit) Enter a role ARN…';
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { arn?: string }>();
  qp.title = `Execution role (${connection.label})`;
  qp.placeholder = 'Roles whose trust policy lets Lambda assume them';
  qp.busy = true;
  qp.matchOnDescription = true;
  qp.items = [{ label: ENTER, alwaysShow: true }];
  qp.show();
  const iam = new IAMClient(clientConfigFor(connection));
  const abort = new AbortController();
  listExecutionRoles(iam, abort.signal)
    .then((roles) => {
      qp.items = [{ label: ENTER, alwaysShow: true }, ...roles.map((r) => ({ label: r.name, description: r.arn, detail: r.description, arn: r.arn }))];
      if (roles.length === 0) qp.placeholder = 'No role trusts lambda.amazonaws.com; enter an ARN (or create one in IAM first)';
    })
    .catch((err: unknown) => {
      qp.placeholder = `Could not list IAM roles (${describeError(err)}); enter an ARN`;
    })
    .finally(() => (qp.busy = false));
  const picked = await acceptedItem(qp);
  abort.abort();
  qp.dispose();
  iam.destroy();
  if (!picked) return undefined;
  if (picked.arn) return picked.arn;
  return vscode.window
    .showInputBox({
      title: 'Execution role ARN',
      placeHolder: 'arn:aws:iam::123456789012:role/my-lambda-role',
      validateInput: (v) => (ROLE_ARN.test(v.trim()) ? undefined : 'An IAM role ARN looks like arn:aws:iam::123456789012:role/name.'),
      ignoreFocusOut: true,
    })
    .then((v) => v?.trim());
}
