// Layers: publish a version from a folder (its nodejs/ or python/ layout checked first), attach a
// version to functions, delete a version.
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Connection } from '../../core/types';
import { attachLayers, checkLayerLayout, creatableRuntimes, deleteLayerVersion, publishLayerFromFolder, runtimeInfo } from '../../lambda';
import type { WorkbenchServices } from '../services';
import { nodeOf, targetConnection, type CommandTarget } from '../commands/args';
import { pickFunctionNames } from '../commands/pickFunction';
import { pickFolder } from './deployCode';
import { pickLayerVersion } from './layerPicker';
import { changed, runOperation } from './run';

const LAYER_NAME = /^[a-zA-Z0-9-_]{1,140}$/;

export async function publishLayerCommand(s: WorkbenchServices, t: CommandTarget, folder?: vscode.Uri): Promise<string | undefined> {
  const connection = await targetConnection(s, t);
  const dir = folder ?? (await pickFolder('Publish as a layer'));
  if (!dir) return undefined;
  const tops = new Set(await fs.readdir(dir.fsPath).catch(() => [] as string[]));
  const families = ['nodejs', 'python'].filter((f) => tops.has(f));
  // The layout check first: a wrong folder is told before any other question.
  await checkLayerLayout(dir.fsPath);
  const node = nodeOf(t);
  const name = await vscode.window.showInputBox({
    title: 'Layer name',
    value: (node?.kind === 'layer' ? node.layerName : undefined) ?? path.basename(dir.fsPath).replace(/[^a-zA-Z0-9-_]/g, '-'),
    ignoreFocusOut: true,
    validateInput: (v) => (LAYER_NAME.test(v.trim()) ? undefined : 'A layer name is 1-140 letters, digits, - or _.'),
  });
  if (!name) return undefined;
  const runtimes = await vscode.window.showQuickPick(
    creatableRuntimes().map((r) => ({ label: r, picked: families.includes(runtimeInfo(r)?.family ?? '') })),
    { title: `Compatible runtimes of ${name} (up to 15)`, canPickMany: true, ignoreFocusOut: true },
  );
  if (!runtimes) return undefined;
  const description = await vscode.window.showInputBox({ title: `Description of this version of ${name} (optional)`, ignoreFocusOut: true });
  if (description === undefined) return undefined;
  const out = await runOperation(s, connection, `Publishing layer ${name.trim()}`, (o) =>
    publishLayerFromFolder(
      s.clients.lambda(connection),
      { layerName: name.trim(), dir: dir.fsPath, compatibleRuntimes: runtimes.map((r) => r.label), description: description || undefined },
      o,
    ),
  );
  if (!out?.LayerVersionArn) return undefined;
  s.log.info(`Published ${out.LayerVersionArn} (${connection.label})`);
  changed(s, connection);
  const arn = out.LayerVersionArn;
  void vscode.window.showInformationMessage(`Published ${name.trim()} version ${out.Version}.`, 'Attach to Functions…').then((a) => {
    if (a) void attachLayerToFunctions(s, connection, arn);
  });
  return arn;
}

/** `lambdaWorkbench.attachLayer`: a layer version node, or picked. */
export async function attachLayerCommand(s: WorkbenchServices, t: CommandTarget): Promise<string[] | undefined> {
  const connection = await targetConnection(s, t);
  const node = nodeOf(t);
  const arn = node?.kind === 'layerVersion' && node.arn ? node.arn : await pickLayerVersion(s, connection);
  if (!arn) return undefined;
  // Run on a function: that function is the target, no second question.
  const onFunction = node?.kind === 'function' ? node.functionName : undefined;
  return attachLayerToFunctions(s, connection, arn, onFunction ? [onFunction] : undefined);
}

async function attachLayerToFunctions(s: WorkbenchServices, connection: Connection, arn: string, targets?: string[]): Promise<string[] | undefined> {
  const short = arn.split(':').slice(-2).join(':');
  const picked = targets ?? (await pickFunctionNames(s, connection, `Attach ${short} to`));
  if (!picked?.length) return undefined;
  const done: string[] = [];
  await runOperation(s, connection, `Attaching ${short}`, async (o) => {
    for (const [i, fn] of picked.entries()) {
      o.onProgress?.({ step: 'configure', message: `${fn} (${i + 1}/${picked.length})…`, fraction: i / picked.length });
      await attachLayers(s.clients.lambda(connection), fn, [arn], o);
      done.push(fn);
      changed(s, connection, fn);
    }
  });
  if (done.length) void vscode.window.showInformationMessage(`Attached ${short} to ${done.join(', ')}.`);
  return done;
}

export async function deleteLayerVersionCommand(s: WorkbenchServices, t: CommandTarget): Promise<boolean> {
  const node = nodeOf(t);
  const connection = await targetConnection(s, t);
  let arn = node?.kind === 'layerVersion' ? node.arn : undefined;
  arn ??= await pickLayerVersion(s, connection);
  if (!arn) return false;
  const parts = arn.split(':');
  const layerName = parts[6];
  const version = Number(parts[7]);
  if (!layerName || !Number.isInteger(version)) {
    void vscode.window.showErrorMessage(`${arn} is not a layer version ARN (arn:...:layer:NAME:VERSION).`);
    return false;
  }
  const ok = await vscode.window.showWarningMessage(
    `Delete version ${version} of layer ${layerName} (${connection.label})? Functions using it keep working, but it can no longer be attached.`,
    { modal: true },
    'Delete',
  );
  if (ok !== 'Delete') return false;
  const out = await runOperation(s, connection, `Deleting ${layerName}:${version}`, (o) =>
    deleteLayerVersion(s.clients.lambda(connection), layerName, version, o).then(() => true),
  );
  if (!out) return false;
  void vscode.window.showInformationMessage(`Deleted version ${version} of ${layerName}.`);
  changed(s, connection);
  return true;
}
