// The table editor behind the environment and tags settings: name = value rows in a QuickPick, each
// edited through two InputBoxes, secrets typed blind. The working copy is KeyValueTable (table.ts).
import * as vscode from 'vscode';
import { KeyValueTable, envEntryProblem, tagKeyProblem } from './table';

interface RowItem extends vscode.QuickPickItem {
  action: 'add' | 'save' | 'edit';
  name?: string;
}

const EDIT_BUTTON = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Edit' };
const REMOVE_BUTTON = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Remove' };

/**
 * A table of name = value rows in a QuickPick: Enter or the pencil edits a row, the bin removes it,
 * the first row adds one, "Save" returns the table (undefined when the user leaves without saving).
 */
export async function editTable(title: string, table: KeyValueTable, noun: 'variable' | 'tag'): Promise<KeyValueTable | undefined> {
  const qp = vscode.window.createQuickPick<RowItem>();
  qp.title = title;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  const render = () => {
    const n = table.changeCount();
    const removed = table.removed();
    qp.items = [
      { label: `$(add) Add a ${noun}…`, action: 'add', alwaysShow: true },
      ...table.rows().map((r) => ({
        label: r.name,
        description: r.secret ? `${r.shown}  (secret, hidden)` : r.shown,
        detail: r.state === 'same' ? undefined : r.state === 'added' ? 'new' : 'changed',
        action: 'edit' as const,
        name: r.name,
        buttons: [EDIT_BUTTON, REMOVE_BUTTON],
      })),
      {
        label: n ? `$(check) Save ${n} change${n === 1 ? '' : 's'}` : '$(check) Save (no changes)',
        description: removed.length ? `removes ${removed.join(', ')}` : undefined,
        action: 'save',
        alwaysShow: true,
      },
    ];
    qp.placeholder = `Enter edits a ${noun}; the bin removes it; Save applies everything at once`;
  };
  render();
  return new Promise<KeyValueTable | undefined>((resolve) => {
    let busy = false;
    const finish = (v: KeyValueTable | undefined) => {
      resolve(v);
      qp.dispose();
    };
    const editRow = async (rowName?: string) => {
      busy = true;
      qp.hide();
      await editRowInput(table, noun, rowName);
      busy = false;
      render();
      qp.show();
    };
    qp.onDidTriggerItemButton((e) => {
      if (e.button === REMOVE_BUTTON && e.item.name) {
        table.remove(e.item.name);
        render();
      } else if (e.item.name) void editRow(e.item.name);
    });
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      if (!item) return;
      if (item.action === 'save') {
        busy = true;
        qp.hide();
        finish(table.changeCount() ? table : undefined);
      } else void editRow(item.action === 'edit' ? item.name : undefined);
    });
    qp.onDidHide(() => {
      if (!busy) finish(undefined);
    });
    qp.show();
  });
}

async function editRowInput(table: KeyValueTable, noun: 'variable' | 'tag', rowName?: string): Promise<void> {
  const keyProblem = (k: string) => (noun === 'variable' ? envEntryProblem(k) : tagKeyProblem(k));
  const name = await vscode.window.showInputBox({
    title: rowName ? `Rename or keep ${rowName}` : `New ${noun}: name`,
    value: rowName ?? '',
    ignoreFocusOut: true,
    validateInput: (k) =>
      keyProblem(k.trim()) ?? (k.trim() !== rowName && table.has(k.trim()) ? `${k.trim()} already exists; edit that row instead.` : undefined),
  });
  if (!name) return;
  const key = name.trim();
  const masked = rowName ? table.isMasked(rowName) : false;
  const value = await vscode.window.showInputBox({
    title: `${key}: value`,
    value: rowName ? table.valueForEdit(rowName) : '',
    // A secret's value is typed blind and never shown; empty keeps it as it is.
    password: masked || (noun === 'variable' && envEntryProblem(key) === undefined && /KEY|SECRET|TOKEN|PASSWORD/i.test(key)),
    prompt: masked ? 'The current value is hidden; type a new one, or leave empty to keep it.' : undefined,
    ignoreFocusOut: true,
    validateInput: (v) => (noun === 'tag' && v.length > 256 ? 'A tag value is at most 256 characters.' : undefined),
  });
  if (value === undefined) return;
  if (rowName && rowName !== key) table.rename(rowName, key);
  if (!(masked && value === '')) table.set(key, value);
}
