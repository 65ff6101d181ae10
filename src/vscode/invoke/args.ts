// What an invoke command is about, from the one argument model (commands/args.ts): the function on a
// connection (asking for a version or alias when it came from the palette), and the payload fields a
// caller may pass to skip the payload pick.
import * as vscode from 'vscode';
import type { Connection } from '../../core/types';
import { targetFunction, type CommandTarget } from '../commands/args';
import type { WorkbenchServices } from '../services';
import { INVOCATION_TYPES, type InvocationType, type PayloadArgs } from './payload';

/** What one invocation is about: a function on a connection, maybe from a template. */
export interface InvokeTarget {
  connection: Connection;
  functionName: string;
  qualifier?: string;
  /** For local template runs: where the code is (stack frames map there) and what to re-read on re-run. */
  local?: { templatePath: string; logicalId: string; codeDir: string; runtime?: string };
}

/** The function to invoke: a tree row, `{ functionName, qualifier?, connectionId? }`, or a palette pick plus a qualifier. */
export async function invokeTarget(s: WorkbenchServices, t: CommandTarget): Promise<InvokeTarget | undefined> {
  const f = await targetFunction(s, t, 'Invoke Function');
  if (!f) return undefined;
  if (t.kind === 'node' || t.kind === 'fields' || t.kind === 'name') return { connection: f.connection, functionName: f.functionName, qualifier: f.qualifier };
  const qualifier = await vscode.window.showInputBox({
    title: `Invoke ${f.functionName}`,
    prompt: 'Version or alias (empty: $LATEST)',
    placeHolder: '$LATEST',
    validateInput: (v) =>
      !v.trim() || /^(\$LATEST|\d+|[A-Za-z0-9_-]{1,128})$/.test(v.trim())
        ? undefined
        : 'A version number, $LATEST, or an alias name (letters, digits, - and _).',
  });
  if (qualifier === undefined) return undefined;
  const q = qualifier.trim();
  return { connection: f.connection, functionName: f.functionName, qualifier: q && q !== '$LATEST' ? q : undefined };
}

/** The payload fields of an argument (`payload`, `savedEvent`, `sample`, `invocationType`); none for a tree row. */
export function payloadArgs(arg: unknown, t: CommandTarget): PayloadArgs {
  if (!arg || typeof arg !== 'object' || t.kind === 'node') return {};
  const a = arg as Record<string, unknown>;
  return {
    payload: typeof a.payload === 'string' ? a.payload : undefined,
    savedEvent: typeof a.savedEvent === 'string' ? a.savedEvent : undefined,
    sample: typeof a.sample === 'string' ? a.sample : undefined,
    invocationType:
      typeof a.invocationType === 'string' && INVOCATION_TYPES.includes(a.invocationType as InvocationType) ? (a.invocationType as InvocationType) : undefined,
  };
}
