// Edit Configuration: a menu of the function's settings with their current values; each choice opens
// an input validated by the engine's rules before anything is sent, then applies it with progress and
// comes back to the menu with the new values. Environment variables and tags are edited as a table
// (tableEditor.ts), layers through layerPicker.ts.
import * as vscode from 'vscode';
import { GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand, ListTagsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Connection } from '../../core/types';
import { LIMITS, creatableRuntimes, handlerProblem, runtimeWarning, updateConfiguration, validateConfig, type ConfigChange } from '../../lambda';
import type { WorkbenchServices } from '../services';
import { targetFunction, type CommandTarget } from '../commands/args';
import { changed, runOperation } from './run';
import { KeyValueTable } from './table';
import { editTable } from './tableEditor';
import { editLayers } from './layerPicker';

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

export async function editConfigurationCommand(s: WorkbenchServices, arg: CommandTarget, only?: Field): Promise<void> {
  const t = await targetFunction(s, arg, 'Edit Configuration');
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
