// The one function picker: the functions of a connection appear page by page while the rest loads.
// Commands reach it through args.ts when they ran from the palette; deploy adds a "create" row, and
// attaching a layer picks several.
import * as vscode from 'vscode';
import type { Connection } from '../../core/types';
import { describeError } from '../../core/errors';
import { FunctionLister } from '../../lambda';
import type { WorkbenchServices } from '../services';
import { acceptedItem } from '../quickPick';

export interface PickFunctionOptions {
  title: string;
  placeholder?: string;
  /** Enter on a name that is not listed (yet) takes the typed name. */
  allowTyped?: boolean;
  /** A row above the functions (e.g. "Create a new function…"); picking it answers `{ extra: true }`. */
  extra?: vscode.QuickPickItem;
}

export type PickedFunction = { name: string; extra?: undefined } | { name?: undefined; extra: true };

type Item = vscode.QuickPickItem & { name?: string };

/** A function of `connection`, or the extra row; undefined when dismissed. */
export async function pickFunctionOn(s: WorkbenchServices, connection: Connection, opts: PickFunctionOptions): Promise<PickedFunction | undefined> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = opts.title;
  qp.placeholder = opts.placeholder ?? 'Function name';
  qp.busy = true;
  qp.matchOnDescription = true;
  const extra: Item[] = opts.extra ? [{ ...opts.extra, alwaysShow: true }] : [];
  qp.items = extra;
  const lister = new FunctionLister(s.clients.lambda(connection));
  const off = lister.onDidChange((st) => {
    qp.items = [...extra, ...st.items.map((f) => ({ label: f.FunctionName ?? '?', description: f.Runtime, name: f.FunctionName ?? '' }))];
    if (st.error) qp.placeholder = describeError(st.error, { operation: 'listing functions' }) + (opts.allowTyped ? ' Type a function name.' : '');
  });
  void lister.loadAll().finally(() => (qp.busy = false));
  qp.show();
  try {
    const typed = () => qp.value.trim();
    const picked = await acceptedItem(qp, opts.allowTyped ? typed : undefined);
    if (!picked) return undefined;
    if (typeof picked === 'string') return { name: picked };
    if (picked.name) return { name: picked.name };
    return opts.extra ? { extra: true } : undefined;
  } finally {
    off();
    lister.dispose();
    qp.dispose();
  }
}

/** A function of the active connection (the palette's way to name one). */
export async function pickFunction(
  s: WorkbenchServices,
  title: string,
  connection?: Connection,
  opts: Partial<PickFunctionOptions> = {},
): Promise<{ connection: Connection; functionName: string } | undefined> {
  const c = connection ?? (await s.activeConnection());
  const picked = await pickFunctionOn(s, c, { ...opts, title: `${title} (${c.label})` });
  return picked?.name ? { connection: c, functionName: picked.name } : undefined;
}

/** Several functions of `connection` (attach a layer to them), once all are listed; undefined when dismissed. */
export async function pickFunctionNames(s: WorkbenchServices, connection: Connection, title: string): Promise<string[] | undefined> {
  const lister = new FunctionLister(s.clients.lambda(connection));
  let names: string[];
  try {
    names = (await lister.loadAll()).items.map((f) => f.FunctionName ?? '').filter(Boolean);
  } finally {
    lister.dispose();
  }
  return vscode.window.showQuickPick(names, { title, canPickMany: true, ignoreFocusOut: true });
}
