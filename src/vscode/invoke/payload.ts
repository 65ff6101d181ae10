// Choosing what to send: the active editor's JSON, a saved event of the function (or of another
// function in the workspace), a filled sample event, or an empty payload. The invocation type is a
// button on the same pick, so the common case (RequestResponse) is one step.
import * as vscode from 'vscode';
import { preparePayload, PayloadError } from '../../lambda/invoke';
import { SAMPLE_EVENTS, SavedEventStore, fillPlaceholders, functionFolderName, sampleEvent, type SavedEvent } from '../../lambda/events';
import { acceptedItem } from '../quickPick';

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';
export const INVOCATION_TYPES: InvocationType[] = ['RequestResponse', 'Event', 'DryRun'];

export interface ChosenPayload {
  text: string;
  source: string;
  invocationType: InvocationType;
}

/** Arguments a command may carry to skip the pick (automation, CodeLens, history re-runs). */
export interface PayloadArgs {
  payload?: string;
  savedEvent?: string;
  sample?: string;
  invocationType?: InvocationType;
}

export function eventStoreRoot(hint?: vscode.Uri): string | undefined {
  const folder =
    (hint && vscode.workspace.getWorkspaceFolder(hint)) ??
    (vscode.window.activeTextEditor && vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)) ??
    vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath;
}

export function sampleText(id: string, values: { region?: string; account?: string }): string {
  const s = sampleEvent(id);
  if (!s) throw new Error(`There is no sample event "${id}". Samples: ${SAMPLE_EVENTS.map((x) => x.id).join(', ')}.`);
  return JSON.stringify(fillPlaceholders(s.template, values), null, 2);
}

/** Throws a PayloadError naming the line and column, and moves the editor's cursor there when it is the source. */
export function checkPayload(text: string, editor?: vscode.TextEditor): void {
  try {
    preparePayload(text);
  } catch (err) {
    if (err instanceof PayloadError && editor) {
      const pos = new vscode.Position(err.line - 1, err.column - 1);
      editor.selection = new vscode.Selection(pos, pos);
      editor.revealRange(new vscode.Range(pos, pos));
    }
    throw err;
  }
}

interface Item extends vscode.QuickPickItem {
  pick?: () => Promise<{ text: string; source: string }>;
}

export async function choosePayload(opts: {
  functionName: string;
  /** Other folder names whose events belong to this function (the template's logical id). */
  aliases?: string[];
  storeRoot?: string;
  region: string;
  account?: string;
  args?: PayloadArgs;
  defaultType?: InvocationType;
  title: string;
}): Promise<ChosenPayload | undefined> {
  const store = opts.storeRoot ? new SavedEventStore(opts.storeRoot) : undefined;
  let invocationType: InvocationType = opts.args?.invocationType ?? opts.defaultType ?? 'RequestResponse';
  const a = opts.args;
  if (a?.payload !== undefined) {
    checkPayload(a.payload);
    return { text: a.payload, source: 'given payload', invocationType };
  }
  if (a?.savedEvent) {
    if (!store) throw new Error('Open a folder first: saved events live in the workspace (.lambda-workbench/events).');
    const folders = [opts.functionName, ...(opts.aliases ?? [])];
    for (const f of folders) {
      if (await store.exists(f, a.savedEvent)) {
        const text = await store.read(f, a.savedEvent);
        checkPayload(text);
        return { text, source: `saved: ${a.savedEvent}`, invocationType };
      }
    }
    throw new Error(`There is no saved event "${a.savedEvent}" for ${opts.functionName}.`);
  }
  if (a?.sample)
    return {
      text: sampleText(a.sample, { region: opts.region, account: opts.account }),
      source: `sample: ${sampleEvent(a.sample)?.label ?? a.sample}`,
      invocationType,
    };

  const items: Item[] = [];
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme !== 'output') {
    const doc = editor.document;
    const name = doc.isUntitled ? 'untitled' : vscode.workspace.asRelativePath(doc.uri);
    items.push({
      label: '$(file-code) Active editor',
      description: name,
      detail: doc.getText().trim() ? undefined : 'Empty: sends {}',
      pick: async () => {
        const text = doc.getText();
        checkPayload(text, vscode.window.activeTextEditor?.document === doc ? vscode.window.activeTextEditor : undefined);
        return { text, source: `editor: ${name}` };
      },
    });
  }
  if (store) {
    const own = new Set([opts.functionName, ...(opts.aliases ?? [])].map((f) => safeFolder(f)).filter((f): f is string => !!f));
    const all = await store.listAll().catch(() => [] as SavedEvent[]);
    const mine = all.filter((e) => own.has(e.functionName));
    const others = all.filter((e) => !own.has(e.functionName));
    const eventItem = (e: SavedEvent): Item => ({
      label: `$(save) ${e.name}`,
      description: own.has(e.functionName) ? undefined : e.functionName,
      pick: async () => {
        const text = await store.read(e.functionName, e.name);
        checkPayload(text);
        return { text, source: `saved: ${e.name}` };
      },
    });
    if (mine.length) items.push({ label: 'Saved events', kind: vscode.QuickPickItemKind.Separator }, ...mine.map(eventItem));
    if (others.length) items.push({ label: "Other functions' saved events", kind: vscode.QuickPickItemKind.Separator }, ...others.map(eventItem));
  }
  items.push({ label: 'Sample events', kind: vscode.QuickPickItemKind.Separator });
  for (const s of SAMPLE_EVENTS) {
    items.push({
      label: `$(symbol-event) ${s.label}`,
      description: s.service,
      detail: s.description,
      pick: async () => ({ text: sampleText(s.id, { region: opts.region, account: opts.account }), source: `sample: ${s.label}` }),
    });
  }
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(json) Empty payload', description: '{}', pick: async () => ({ text: '{}', source: 'empty' }) },
  );

  const qp = vscode.window.createQuickPick<Item>();
  const typeButton = (): vscode.QuickInputButton => ({
    iconPath: new vscode.ThemeIcon(invocationType === 'RequestResponse' ? 'arrow-swap' : invocationType === 'Event' ? 'send' : 'check'),
    tooltip: `Invocation type: ${invocationType} (click to change)`,
  });
  const setTitle = () => {
    qp.title = `${opts.title} · ${invocationType}`;
    qp.buttons = [typeButton()];
  };
  setTitle();
  qp.placeholder = 'Payload: the active editor, a saved event or a sample (the button switches RequestResponse / Event / DryRun)';
  qp.items = items;
  qp.matchOnDescription = true;
  qp.onDidTriggerButton(() => {
    invocationType = INVOCATION_TYPES[(INVOCATION_TYPES.indexOf(invocationType) + 1) % INVOCATION_TYPES.length];
    setTitle();
  });
  const accepted = acceptedItem(qp);
  qp.show();
  const picked = await accepted;
  qp.dispose();
  if (!picked?.pick) return undefined;
  const chosen = await picked.pick();
  return { ...chosen, invocationType };
}

function safeFolder(name: string): string | undefined {
  try {
    return functionFolderName(name);
  } catch {
    return undefined;
  }
}
