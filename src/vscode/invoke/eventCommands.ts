// Saved test events: New, Save Current Payload As, Rename, Delete. The files live in the workspace
// (.lambda-workbench/events/<function>/<name>.json) so they are reviewed and shared through git.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { SAMPLE_EVENTS, SavedEventStore, eventNameProblem, EVENTS_FOLDER, type SavedEvent } from '../../lambda/events';
import { LOCAL_ACCOUNT_ID } from '../../contract/localService';
import type { WorkbenchServices } from '../services';
import { entry, type CommandEntry } from '../commands/runtime';
import { parseTarget, targetFunction, type CommandTarget } from '../commands/args';
import { checkPayload, eventStoreRoot, sampleText } from './payload';

export const EVENT_COMMANDS = {
  newEvent: 'lambdaWorkbench.newSavedEvent',
  saveAs: 'lambdaWorkbench.saveEventAs',
  rename: 'lambdaWorkbench.renameSavedEvent',
  remove: 'lambdaWorkbench.deleteSavedEvent',
} as const;

function storeOrThrow(hint?: vscode.Uri): SavedEventStore {
  const root = eventStoreRoot(hint);
  if (!root) throw new Error('Open a folder first: saved events live in the workspace (.lambda-workbench/events).');
  return new SavedEventStore(root);
}

/** The function a command is about: a tree row, `{ functionName }`, or a pick on the active connection. */
async function functionOf(s: WorkbenchServices, arg: unknown, title: string): Promise<{ functionName: string; region: string; local: boolean } | undefined> {
  const t = await targetFunction(s, parseTarget(arg), title);
  return t && { functionName: t.functionName, region: t.connection.region, local: t.connection.kind === 'local' };
}

/** An event from `{ functionName, name }`, an event file's Uri, or a pick over all saved events. */
async function eventOf(store: SavedEventStore, t: CommandTarget, title: string): Promise<SavedEvent | undefined> {
  if (t.kind === 'uri') {
    const rel = path.relative(path.join(store.root, EVENTS_FOLDER), t.uri.fsPath).split(path.sep);
    if (rel.length === 2 && rel[1].endsWith('.json') && !rel[0].startsWith('..'))
      return { functionName: rel[0], name: rel[1].slice(0, -5), file: t.uri.fsPath };
    throw new Error(`${t.uri.fsPath} is not a saved event (they are ${EVENTS_FOLDER}/<function>/<name>.json).`);
  }
  const { functionName, name } = t.kind === 'fields' ? t.fields : {};
  if (functionName && name) {
    if (!(await store.exists(functionName, name))) throw new Error(`There is no saved event "${name}" for ${functionName}.`);
    return { functionName, name, file: '' };
  }
  const all = await store.listAll();
  if (!all.length)
    throw new Error(`There are no saved events in this workspace yet (${EVENTS_FOLDER}). Use "Lambda: New Saved Event" or "Lambda: Save Payload As Event".`);
  const picked = await vscode.window.showQuickPick(
    all.map((e) => ({ label: e.name, description: e.functionName, e })),
    { title, matchOnDescription: true },
  );
  return picked?.e;
}

async function askName(title: string, value = '', taken?: (n: string) => Promise<boolean>): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title,
    prompt: 'Event name (the file name, without .json)',
    value,
    validateInput: (v) => eventNameProblem(v),
  });
  if (name === undefined) return undefined;
  if (taken && (await taken(name.trim()))) {
    const ok = await vscode.window.showWarningMessage(`An event named "${name.trim()}" exists. Overwrite it?`, { modal: true }, 'Overwrite');
    if (ok !== 'Overwrite') return undefined;
  }
  return name.trim();
}

export function eventCommands(s: WorkbenchServices): CommandEntry[] {
  return [
    entry(EVENT_COMMANDS.newEvent, 'create the event', async (arg) => {
      const store = storeOrThrow();
      const fn = await functionOf(s, arg, 'New Saved Event');
      if (!fn) return;
      const name = await askName(`New saved event for ${fn.functionName}`);
      if (!name) return;
      const from = await vscode.window.showQuickPick(
        [
          { label: '$(json) Empty', description: '{}', id: '' },
          ...SAMPLE_EVENTS.map((x) => ({ label: `$(symbol-event) ${x.label}`, description: x.service, id: x.id })),
        ],
        { title: `Start ${name} from`, matchOnDescription: true },
      );
      if (!from) return;
      const text = from.id ? sampleText(from.id, { region: fn.region, account: fn.local ? LOCAL_ACCOUNT_ID : undefined }) : '{}';
      const saved = await store.create(fn.functionName, name, text);
      await vscode.window.showTextDocument(vscode.Uri.file(saved.file));
    }),
    entry(EVENT_COMMANDS.saveAs, 'save the event', async (arg) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) throw new Error('Open the payload (JSON) in an editor first.');
      const text = editor.document.getText();
      checkPayload(text, editor);
      const store = storeOrThrow(editor.document.uri);
      const fn = await functionOf(s, arg, 'Save Payload As Event');
      if (!fn) return;
      const name = await askName(`Save the payload as an event of ${fn.functionName}`, '', (n) => store.exists(fn.functionName, n));
      if (!name) return;
      const saved = await store.save(fn.functionName, name, text);
      void vscode.window.showInformationMessage(`Saved as ${vscode.workspace.asRelativePath(saved.file)}.`);
    }),
    entry(EVENT_COMMANDS.rename, 'rename the event', async (arg) => {
      const store = storeOrThrow();
      const e = await eventOf(store, parseTarget(arg), 'Rename Saved Event');
      if (!e) return;
      const to = await askName(`Rename ${e.name} (${e.functionName})`, e.name);
      if (!to || to === e.name) return;
      await store.rename(e.functionName, e.name, to);
    }),
    entry(EVENT_COMMANDS.remove, 'delete the event', async (arg) => {
      const store = storeOrThrow();
      const e = await eventOf(store, parseTarget(arg), 'Delete Saved Event');
      if (!e) return;
      const ok = await vscode.window.showWarningMessage(
        `Delete the saved event "${e.name}" of ${e.functionName}? The file is removed from the workspace.`,
        { modal: true },
        'Delete',
      );
      if (ok !== 'Delete') return;
      await store.delete(e.functionName, e.name);
    }),
  ];
}
