// Download Code: a function's package extracted into a workspace folder. Unsafe entries are refused by
// the engine; files that already exist are only replaced when the user says so.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { downloadFunctionCode, type ConflictDecision, type ExtractResult } from '../../lambda';
import type { WorkbenchServices } from '../services';
import { targetFunction, type CommandTarget } from '../commands/args';
import { runOperation } from './run';

/** Where to put the code: `<workspace>/<function>` or a chosen folder. */
async function pickTarget(functionName: string): Promise<vscode.Uri | undefined> {
  const ws = vscode.workspace.workspaceFolders ?? [];
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = ws.map((w) => ({
    label: `$(folder) ${path.join(w.name, functionName)}`,
    description: 'new or existing folder in the workspace',
    uri: vscode.Uri.joinPath(w.uri, functionName),
  }));
  items.push({ label: '$(folder-opened) Choose a folder…' });
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: `Download ${functionName} into` });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Download here', defaultUri: ws[0]?.uri });
  return chosen?.[0];
}

/** Asked once with every existing file; never overwrites without an explicit choice. */
export async function askConflict(existing: string[]): Promise<ConflictDecision> {
  const list = existing.slice(0, 8).join(', ') + (existing.length > 8 ? `, and ${existing.length - 8} more` : '');
  const choice = await vscode.window.showWarningMessage(
    `${existing.length} file${existing.length === 1 ? '' : 's'} already exist${existing.length === 1 ? 's' : ''}: ${list}.`,
    { modal: true, detail: "Overwrite replaces them with the function's files; Keep Mine writes only the files that are not there yet." },
    // Keep Mine first: it is the button Enter presses, so a hurried Enter never overwrites.
    'Keep Mine',
    'Overwrite',
  );
  return choice === 'Overwrite' ? 'overwrite' : choice === 'Keep Mine' ? 'skip' : 'cancel';
}

export async function downloadCodeCommand(s: WorkbenchServices, arg: CommandTarget, target?: vscode.Uri): Promise<ExtractResult | undefined> {
  const t = await targetFunction(s, arg, 'Download Code');
  if (!t) return undefined;
  const dir = target ?? (await pickTarget(t.functionName));
  if (!dir) return undefined;
  const label = `${t.functionName}${t.qualifier ? `:${t.qualifier}` : ''}`;
  const out = await runOperation(s, t.connection, `Downloading ${label}`, (o) =>
    downloadFunctionCode(s.clients.lambda(t.connection), t.functionName, dir.fsPath, { ...o, qualifier: t.qualifier, onConflict: askConflict }),
  );
  if (!out) return undefined;
  const skipped = out.skipped.length ? `, kept ${out.skipped.length} existing file${out.skipped.length === 1 ? '' : 's'}` : '';
  s.log.info(`Downloaded ${label} into ${out.targetDir}: ${out.written.length} files written${skipped}`);
  void vscode.window
    .showInformationMessage(
      `Downloaded ${label}: ${out.written.length} file${out.written.length === 1 ? '' : 's'} into ${vscode.workspace.asRelativePath(dir)}${skipped}.`,
      'Reveal',
    )
    .then((a) => {
      if (a) void vscode.commands.executeCommand('revealInExplorer', dir);
    });
  return out;
}
