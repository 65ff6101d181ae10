// Edit Configuration: a menu of the function's settings with their current values; each choice opens
// an input validated by the engine's rules before anything is sent, then applies it with progress and
// comes back to the menu with the new values. Environment variables and tags are edited as a table.
import * as vscode from 'vscode';
import { GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand, ListTagsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Connection } from '../../core/types';
import {
  LIMITS,
  LayerLister,
  creatableRuntimes,
  handlerProblem,
  layerBaseArn,
  listLayerVersions,
  runtimeWarning,
  updateConfiguration,
  validateConfig,
  type ConfigChange,
} from '../../lambda';
import type { WorkbenchServices } from '../services';
import { changed, functionTarget, runOperation } from './run';
import { KeyValueTable, envEntryProblem, tagKeyProblem } from './table';

interface Current {
  config: FunctionConfiguration;
  reserved?: number;
  tags: Record<string, string>;
}

async function loadCurrent(s: WorkbenchServices, connection: Connection, name: string): Promise<Current> {
  const client = s.clients.lambda(connection);
  const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  const [concurrency, tags] = await Promise.all([
    client.send(new GetFunctionConcurrencyCommand({ FunctionName: name })).catch(() => undefined),
    config.FunctionArn ? client.send(new ListTagsCommand({ Resource: config.FunctionArn })).catch(() => undefined) : undefined,
  ]);
  return { config, reserved: concurrency?.ReservedConcurrentExecutions, tags: tags?.Tags ?? {} };
}

/** The first problem of a change as the engine sees it, for an InputBox's validateInput. */
function problem(change: ConfigChange, runtime?: string): string | undefined {
  return validateConfig(change, { runtime })[0]?.message;
}

type Field = 'memory' | 'timeout' | 'env' | 'handler' | 'runtime' | 'layers' | 'concurrency' | 'description' | 'tags' | 'ephemeral';

export async function editConfigurationCommand(s: WorkbenchServices, arg: unknown, only?: Field): Promise<void> {
  const t = await functionTarget(s, arg, 'Edit Configuration');
  if (!t) return;
  const { connection, functionName } = t;
  for (;;) {
    const current = await loadCurrent(s, connection, functionName);
    const field = only ?? (await pickField(current, functionName, connection));
    if (!field) return;
    const change = await askChange(s, connection, field, current);
    if (change && Object.keys(change).length) {
      const done = await runOperation(s, connection, `Updating ${functionName}`, (o) =>
        updateConfiguration(s.clients.lambda(connection), functionName, change, o),
      );
      if (done) {
        s.log.info(`Updated ${Object.keys(change).join(', ')} of ${functionName} (${connection.label})`);
        vscode.window.setStatusBarMessage(`$(check) Updated ${functionName}`, 4000);
        changed(s, connection, functionName);
      }
    }
    if (only) return;
  }
}

async function pickField(c: Current, name: string, connection: Connection): Promise<Field | undefined> {
  const f = c.config;
  const env = Object.keys(f.Environment?.Variables ?? {}).length;
  const items: (vscode.QuickPickItem & { id: Field })[] = [
    { id: 'memory', label: 'Memory', description: `${f.MemorySize ?? '?'} MB` },
    { id: 'timeout', label: 'Timeout', description: `${f.Timeout ?? '?'} s` },
    { id: 'env', label: 'Environment variables…', description: `${env} variable${env === 1 ? '' : 's'}` },
    { id: 'handler', label: 'Handler', description: f.Handler },
    { id: 'runtime', label: 'Runtime', description: f.Runtime },
    { id: 'layers', label: 'Layers…', description: (f.Layers ?? []).map((l) => l.Arn?.split(':').slice(-2).join(':')).join(', ') || 'none' },
    { id: 'concurrency', label: 'Reserved concurrency', description: c.reserved === undefined ? 'none (unreserved pool)' : String(c.reserved) },
    { id: 'description', label: 'Description', description: f.Description || '(empty)' },
    { id: 'tags', label: 'Tags…', description: `${Object.keys(c.tags).length} tag${Object.keys(c.tags).length === 1 ? '' : 's'}` },
    { id: 'ephemeral', label: 'Ephemeral storage (/tmp)', description: `${f.EphemeralStorage?.Size ?? 512} MB` },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Configuration of ${name} (${connection.label})`,
    placeHolder: 'Choose a setting to change (Escape when done)',
  });
  return picked?.id;
}

async function askNumber(
  title: string,
  value: number | undefined,
  prompt: string,
  check: (n: number) => string | undefined,
  allowEmpty = false,
): Promise<number | null | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    value: value === undefined ? '' : String(value),
    prompt,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (allowEmpty && v.trim() === '') return undefined;
      if (!/^\d+$/.test(v.trim())) return 'Enter a whole number.';
      return check(Number(v.trim()));
    },
  });
  if (text === undefined) return undefined;
  return text.trim() === '' ? null : Number(text.trim());
}

async function askChange(s: WorkbenchServices, connection: Connection, field: Field, c: Current): Promise<ConfigChange | undefined> {
  const f = c.config;
  const name = f.FunctionName ?? '';
  switch (field) {
    case 'memory': {
      const n = await askNumber(`Memory of ${name} (MB)`, f.MemorySize, `${LIMITS.memoryMin}-${LIMITS.memoryMax} MB; CPU grows with memory.`, (v) =>
        problem({ MemorySize: v }),
      );
      return typeof n === 'number' && n !== f.MemorySize ? { MemorySize: n } : undefined;
    }
    case 'timeout': {
      const n = await askNumber(`Timeout of ${name} (seconds)`, f.Timeout, `${LIMITS.timeoutMin}-${LIMITS.timeoutMax} seconds.`, (v) =>
        problem({ Timeout: v }),
      );
      return typeof n === 'number' && n !== f.Timeout ? { Timeout: n } : undefined;
    }
    case 'ephemeral': {
      const n = await askNumber(
        `Ephemeral storage of ${name} (MB)`,
        f.EphemeralStorage?.Size ?? 512,
        `${LIMITS.ephemeralMin}-${LIMITS.ephemeralMax} MB of /tmp.`,
        (v) => problem({ EphemeralStorage: v }),
      );
      return typeof n === 'number' && n !== (f.EphemeralStorage?.Size ?? 512) ? { EphemeralStorage: n } : undefined;
    }
    case 'concurrency': {
      const n = await askNumber(
        `Reserved concurrency of ${name}`,
        c.reserved,
        'Concurrent executions reserved for this function (0 stops it from running). Leave empty to remove the reservation.',
        (v) => problem({ ReservedConcurrency: v }),
        true,
      );
      if (n === undefined) return undefined;
      if (n === null) return c.reserved === undefined ? undefined : { ReservedConcurrency: null };
      return n !== c.reserved ? { ReservedConcurrency: n } : undefined;
    }
    case 'handler': {
      const v = await vscode.window.showInputBox({
        title: `Handler of ${name}`,
        value: f.Handler,
        ignoreFocusOut: true,
        validateInput: (h) => handlerProblem(h.trim(), f.Runtime),
      });
      return v !== undefined && v.trim() !== f.Handler ? { Handler: v.trim() } : undefined;
    }
    case 'description': {
      const v = await vscode.window.showInputBox({
        title: `Description of ${name}`,
        value: f.Description ?? '',
        ignoreFocusOut: true,
        validateInput: (d) => problem({ Description: d }),
      });
      return v !== undefined && v !== (f.Description ?? '') ? { Description: v } : undefined;
    }
    case 'runtime': {
      const family = f.Runtime?.replace(/[\d.]+.*$/, '');
      const items = creatableRuntimes()
        .map((r) => ({ label: r, description: r === f.Runtime ? 'current' : runtimeWarning(r) }))
        .sort((a, b) => Number(!a.label.startsWith(family ?? '\0')) - Number(!b.label.startsWith(family ?? '\0')));
      const picked = await vscode.window.showQuickPick(items, {
        title: `Runtime of ${name}`,
        placeHolder: `Now ${f.Runtime ?? 'none'}; the handler must still fit the new runtime`,
      });
      if (!picked || picked.label === f.Runtime) return undefined;
      const p =
        validateConfig({ Runtime: picked.label }, { enforceLifecycle: connection.kind === 'aws' })[0] ??
        (f.Handler ? handlerProblem(f.Handler, picked.label) : undefined);
      if (p) {
        void vscode.window.showErrorMessage(typeof p === 'string' ? p : p.message);
        return undefined;
      }
      return { Runtime: picked.label };
    }
    case 'env': {
      const env = await editTable(`Environment of ${name}`, new KeyValueTable(f.Environment?.Variables ?? {}, true), 'variable');
      if (!env) return undefined;
      const vars = env.environment();
      const errs = validateConfig({ Environment: vars });
      if (errs.length) {
        void vscode.window.showErrorMessage(`Not saved: ${errs.map((e) => e.message).join(' ')}`);
        return undefined;
      }
      return { Environment: vars };
    }
    case 'tags': {
      const tags = await editTable(`Tags of ${name}`, new KeyValueTable(c.tags, false), 'tag');
      return tags ? { Tags: tags.tagChange() } : undefined;
    }
    case 'layers':
      return editLayers(s, connection, f);
  }
}

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

/** Attached layers: add a version (picked from the connection's layers), remove one, reorder by re-adding. */
async function editLayers(s: WorkbenchServices, connection: Connection, f: FunctionConfiguration): Promise<ConfigChange | undefined> {
  const layers = (f.Layers ?? []).map((l) => l.Arn!).filter(Boolean);
  const items: (vscode.QuickPickItem & { arn?: string })[] = [
    { label: '$(add) Add a layer version…', alwaysShow: true },
    ...layers.map((arn) => ({ label: arn.split(':').slice(-2).join(':'), description: 'attached, pick to remove', arn })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Layers of ${f.FunctionName} (${layers.length}/${LIMITS.layersMax})` });
  if (!picked) return undefined;
  if (picked.arn) {
    const ok = await vscode.window.showWarningMessage(`Detach ${picked.label} from ${f.FunctionName}?`, { modal: true }, 'Detach');
    return ok === 'Detach' ? { Layers: layers.filter((l) => l !== picked.arn) } : undefined;
  }
  const arn = await pickLayerVersion(s, connection);
  if (!arn) return undefined;
  const next = [...layers];
  const i = next.findIndex((l) => layerBaseArn(l) === layerBaseArn(arn));
  if (i >= 0) next[i] = arn;
  else next.push(arn);
  const p = problem({ Layers: next });
  if (p) {
    void vscode.window.showErrorMessage(p);
    return undefined;
  }
  return { Layers: next };
}

/** A layer version ARN from the connection's layers, or typed (layers of other accounts). */
export async function pickLayerVersion(s: WorkbenchServices, connection: Connection): Promise<string | undefined> {
  const client = s.clients.lambda(connection);
  const lister = new LayerLister(client);
  try {
    await lister.loadAll();
    const layers = lister.snapshot().items;
    const ENTER = '$(edit) Enter a layer version ARN…';
    const layer = await vscode.window.showQuickPick(
      [
        { label: ENTER, alwaysShow: true },
        ...layers.map((l) => ({ label: l.LayerName ?? '?', description: `latest ${l.LatestMatchingVersion?.Version ?? '?'}` })),
      ],
      { title: 'Layer' },
    );
    if (!layer) return undefined;
    if (layer.label === ENTER) {
      return (
        await vscode.window.showInputBox({
          title: 'Layer version ARN',
          placeHolder: 'arn:aws:lambda:us-east-1:123456789012:layer:name:3',
          ignoreFocusOut: true,
          validateInput: (v) => problem({ Layers: [v.trim()] }),
        })
      )?.trim();
    }
    const versions = await listLayerVersions(client, layer.label);
    const v = await vscode.window.showQuickPick(
      versions.map((x) => ({
        label: `${layer.label}:${x.Version}`,
        description: x.Description,
        detail: x.CompatibleRuntimes?.join(', '),
        arn: x.LayerVersionArn,
      })),
      { title: `Version of ${layer.label}` },
    );
    return v?.arn;
  } finally {
    lister.dispose();
  }
}
