// Quick pick plumbing shared by the pickers.
import type * as vscode from 'vscode';

/**
 * Resolves with the item accepted (Enter) in an already configured quick pick, hiding it, or with
 * undefined when it is hidden (Escape, focus lost). With `typed`, Enter on no item answers what it
 * returns (the text typed) when that is not empty. The caller shows and disposes the quick pick.
 */
export function acceptedItem<T extends vscode.QuickPickItem>(qp: vscode.QuickPick<T>): Promise<T | undefined>;
export function acceptedItem<T extends vscode.QuickPickItem>(qp: vscode.QuickPick<T>, typed?: () => string): Promise<T | string | undefined>;
export function acceptedItem<T extends vscode.QuickPickItem>(qp: vscode.QuickPick<T>, typed?: () => string): Promise<T | string | undefined> {
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0] ?? (typed?.() || undefined));
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
  });
}
