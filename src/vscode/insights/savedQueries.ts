// Saved Logs Insights queries: one file per query, `.lambda-workbench/queries/<name>.cwlq` in the first
// workspace folder (shared through git like the saved test events). The file holds the query text
// as it is. Saving never overwrites a file without asking.
import * as vscode from 'vscode';
import { SAVED_FILE, type SavedQueryRef } from '../../webview/insights/protocol';

export const QUERIES_FOLDER = ['.lambda-workbench', 'queries'] as const;

function folder(): vscode.Uri | undefined {
  const ws = vscode.workspace.workspaceFolders?.[0];
  return ws ? vscode.Uri.joinPath(ws.uri, ...QUERIES_FOLDER) : undefined;
}

/** The saved queries, by name. Empty without a workspace or before the first save. */
export async function listSavedQueries(): Promise<SavedQueryRef[]> {
  const dir = folder();
  if (!dir) return [];
  try {
    const entries = await vscode.workspace.fs.readDirectory(dir);
    return entries
      .filter(([name, type]) => type === vscode.FileType.File && SAVED_FILE.test(name))
      .map(([file]) => ({ file, name: file.replace(/\.cwlq$/, '') }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

export async function readSavedQuery(file: string): Promise<string> {
  const dir = folder();
  if (!dir || !SAVED_FILE.test(file)) throw new Error(`No saved query ${file}.`);
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, file)));
}

/** A file name for a query name: letters, digits, spaces, dots, dashes, brackets and underscores. */
export function fileNameFor(name: string): string | undefined {
  const base = name.trim().replace(/\.cwlq$/i, '');
  const file = `${base}.cwlq`;
  return SAVED_FILE.test(file) ? file : undefined;
}

/** Asks for a name and saves; asks before replacing an existing file. Resolves with the file, or undefined when the user gave up. */
export async function saveQuery(query: string): Promise<string | undefined> {
  const dir = folder();
  if (!dir) {
    void vscode.window.showWarningMessage('Open a folder first: saved queries live in the workspace (.lambda-workbench/queries/).');
    return undefined;
  }
  const name = await vscode.window.showInputBox({
    title: 'Save the Logs Insights query',
    prompt: 'Name (the file is .lambda-workbench/queries/<name>.cwlq)',
    placeHolder: 'slowest-invocations',
    validateInput: (v) =>
      fileNameFor(v) ? undefined : 'Use letters, digits, spaces, dots, dashes, brackets and underscores (at most 120), starting with a letter or digit.',
  });
  if (name === undefined) return undefined;
  const file = fileNameFor(name)!;
  const uri = vscode.Uri.joinPath(dir, file);
  if (await exists(uri)) {
    const answer = await vscode.window.showWarningMessage(`${file} already exists in .lambda-workbench/queries/. Replace it?`, { modal: true }, 'Replace');
    if (answer !== 'Replace') return undefined;
  }
  await vscode.workspace.fs.createDirectory(dir);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(query.endsWith('\n') ? query : `${query}\n`));
  return file;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
