// Versions and aliases: publish a version, create / point / delete an alias, shift a share of an
// alias's traffic onto another version (weight validated 0-100), roll back or promote.
import * as vscode from 'vscode';
import { GetAliasCommand, ListAliasesCommand, type AliasConfiguration } from '@aws-sdk/client-lambda';
import type { Connection } from '../../core/types';
import {
  VersionLister,
  aliasNameProblem,
  createAlias,
  deleteAlias,
  parseWeight,
  promoteTraffic,
  publishVersion,
  rollBackTraffic,
  routingText,
  shiftTraffic,
  updateAlias,
  ValidationError,
} from '../../lambda';
import type { WorkbenchServices } from '../services';
import { nodeOf, targetFunction, type CommandTarget, type FunctionTarget } from '../commands/args';
import { changed, runOperation } from './run';

export async function publishVersionCommand(s: WorkbenchServices, arg: CommandTarget): Promise<string | undefined> {
  const t = await targetFunction(s, arg, 'Publish Version');
  if (!t) return undefined;
  const description = await vscode.window.showInputBox({
    title: `Publish a version of ${t.functionName}`,
    prompt: 'A version freezes the current code and configuration ($LATEST). Description (optional):',
    placeHolder: 'e.g. release 1.4: faster order totals',
    ignoreFocusOut: true,
    validateInput: (v) => (v.length > 256 ? 'A version description is at most 256 characters.' : undefined),
  });
  if (description === undefined) return undefined;
  const out = await runOperation(s, t.connection, `Publishing ${t.functionName}`, (o) =>
    publishVersion(s.clients.lambda(t.connection), t.functionName, { ...o, description: description || undefined }),
  );
  if (!out) return undefined;
  void vscode.window.showInformationMessage(`Published version ${out.Version} of ${t.functionName}.`);
  changed(s, t.connection, t.functionName);
  return out.Version;
}

/** Published versions, newest first, optionally without some. */
async function pickVersion(
  s: WorkbenchServices,
  t: FunctionTarget,
  title: string,
  opts: { exclude?: string[]; latest?: boolean } = {},
): Promise<string | undefined> {
  const lister = new VersionLister(s.clients.lambda(t.connection), t.functionName);
  try {
    const snap = await lister.loadAll();
    const versions = snap.items
      .filter((v) => v.Version && (opts.latest || v.Version !== '$LATEST') && !opts.exclude?.includes(v.Version))
      .sort((a, b) => (b.Version === '$LATEST' ? 1 : a.Version === '$LATEST' ? -1 : Number(b.Version) - Number(a.Version)));
    if (versions.length === 0) {
      void vscode.window.showWarningMessage(
        `${t.functionName} has no published version${opts.exclude?.length ? ' besides ' + opts.exclude.join(', ') : ''}. Publish one first (Lambda: Publish Version).`,
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      versions.map((v) => ({
        label: v.Version!,
        description: v.Description,
        detail: `${v.Runtime ?? ''} · ${v.LastModified ?? ''} · ${v.CodeSha256?.slice(0, 12) ?? ''}`,
      })),
      { title },
    );
    return picked?.label;
  } finally {
    lister.dispose();
  }
}

export async function createAliasCommand(s: WorkbenchServices, arg: CommandTarget): Promise<AliasConfiguration | undefined> {
  const t = await targetFunction(s, arg, 'Create Alias');
  if (!t) return undefined;
  const node = nodeOf(arg);
  const name = await vscode.window.showInputBox({
    title: `New alias of ${t.functionName}`,
    placeHolder: 'e.g. live',
    ignoreFocusOut: true,
    validateInput: (v) => aliasNameProblem(v.trim()),
  });
  if (!name) return undefined;
  const version = node?.kind === 'version' ? node.version : await pickVersion(s, t, `Version that ${name.trim()} points to`, { latest: true });
  if (!version) return undefined;
  const out = await runOperation(s, t.connection, `Creating alias ${name.trim()}`, (o) =>
    createAlias(s.clients.lambda(t.connection), { functionName: t.functionName, name: name.trim(), version }, o),
  );
  if (!out) return undefined;
  void vscode.window.showInformationMessage(`Alias ${out.Name} of ${t.functionName} points to version ${out.FunctionVersion}.`);
  changed(s, t.connection, t.functionName);
  return out;
}

/** The alias a command acts on: the node's, else picked from the function's aliases. */
async function aliasTarget(s: WorkbenchServices, arg: CommandTarget, title: string): Promise<{ t: FunctionTarget; alias: AliasConfiguration } | undefined> {
  const t = await targetFunction(s, arg, title);
  if (!t) return undefined;
  const client = s.clients.lambda(t.connection);
  const node = nodeOf(arg);
  if (node?.kind === 'alias') {
    return { t, alias: await client.send(new GetAliasCommand({ FunctionName: t.functionName, Name: node.alias })) };
  }
  const aliases: AliasConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new ListAliasesCommand({ FunctionName: t.functionName, Marker: marker }));
    aliases.push(...(page.Aliases ?? []));
    marker = page.NextMarker || undefined;
  } while (marker);
  if (aliases.length === 0) {
    void vscode.window.showWarningMessage(`${t.functionName} has no alias. Create one first (Lambda: Create Alias).`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    aliases.map((a) => ({ label: a.Name ?? '?', description: routingText(a), alias: a })),
    { title: `${title}: which alias of ${t.functionName}?` },
  );
  return picked ? { t, alias: picked.alias } : undefined;
}

export async function updateAliasCommand(s: WorkbenchServices, arg: CommandTarget): Promise<AliasConfiguration | undefined> {
  const a = await aliasTarget(s, arg, 'Point Alias to Version');
  if (!a) return undefined;
  const version = await pickVersion(s, a.t, `Point ${a.alias.Name} (now ${routingText(a.alias)}) to`, { latest: true });
  if (!version) return undefined;
  const out = await runOperation(s, a.t.connection, `Updating alias ${a.alias.Name}`, (o) =>
    updateAlias(s.clients.lambda(a.t.connection), { functionName: a.t.functionName, name: a.alias.Name!, version, additionalWeights: {} }, o),
  );
  return done(s, a.t, out);
}

export async function deleteAliasCommand(s: WorkbenchServices, arg: CommandTarget): Promise<boolean> {
  const a = await aliasTarget(s, arg, 'Delete Alias');
  if (!a) return false;
  const ok = await vscode.window.showWarningMessage(
    `Delete alias ${a.alias.Name} of ${a.t.functionName} (${a.t.connection.label})? Callers and triggers using ${a.alias.AliasArn ?? 'it'} will fail.`,
    { modal: true },
    'Delete',
  );
  if (ok !== 'Delete') return false;
  const out = await runOperation(s, a.t.connection, `Deleting alias ${a.alias.Name}`, (o) =>
    deleteAlias(s.clients.lambda(a.t.connection), a.t.functionName, a.alias.Name!, o).then(() => true),
  );
  if (!out) return false;
  void vscode.window.showInformationMessage(`Deleted alias ${a.alias.Name} of ${a.t.functionName}.`);
  changed(s, a.t.connection, a.t.functionName);
  return true;
}

/** The weight InputBox's check: undefined when it is a number 0-100. */
export function weightProblem(text: string): string | undefined {
  try {
    parseWeight(text);
    return undefined;
  } catch (err) {
    return err instanceof ValidationError ? err.message : String(err);
  }
}

export async function shiftTrafficCommand(s: WorkbenchServices, arg: CommandTarget): Promise<AliasConfiguration | undefined> {
  const a = await aliasTarget(s, arg, 'Shift Traffic');
  if (!a) return undefined;
  const from = a.alias.FunctionVersion ?? '';
  if (!/^\d+$/.test(from)) {
    void vscode.window.showWarningMessage(
      `${a.alias.Name} points to ${from}; traffic can only be split between published versions. Point it to a version first.`,
    );
    return undefined;
  }
  const current = Object.entries(a.alias.RoutingConfig?.AdditionalVersionWeights ?? {})[0];
  const to = await pickVersion(s, a.t, `Shift part of ${a.alias.Name}'s traffic from version ${from} to`, { exclude: [from] });
  if (!to) return undefined;
  const weightText = await vscode.window.showInputBox({
    title: `${a.alias.Name}: percent of traffic to version ${to}`,
    prompt: `0-100. The rest stays on version ${from}. 100 moves the alias to ${to}; 0 removes the split.`,
    value: current && current[0] === to ? String(Math.round(current[1] * 100000) / 1000) : '10',
    ignoreFocusOut: true,
    validateInput: weightProblem,
  });
  if (weightText === undefined) return undefined;
  const weight = parseWeight(weightText);
  const out = await runOperation(s, a.t.connection, `Shifting ${weight}% of ${a.alias.Name} to version ${to}`, (o) =>
    shiftTraffic(s.clients.lambda(a.t.connection), { functionName: a.t.functionName, alias: a.alias.Name!, fromVersion: from, toVersion: to, weight }, o),
  );
  return done(s, a.t, out);
}

export async function rollBackTrafficCommand(s: WorkbenchServices, arg: CommandTarget): Promise<AliasConfiguration | undefined> {
  const a = await aliasTarget(s, arg, 'Roll Back Traffic');
  if (!a) return undefined;
  if (!Object.keys(a.alias.RoutingConfig?.AdditionalVersionWeights ?? {}).length) {
    void vscode.window.showInformationMessage(`${a.alias.Name} sends all its traffic to version ${a.alias.FunctionVersion}; nothing to roll back.`);
    return undefined;
  }
  const out = await runOperation(s, a.t.connection, `Rolling back ${a.alias.Name}`, (o) =>
    rollBackTraffic(s.clients.lambda(a.t.connection), a.t.functionName, a.alias.Name!, o),
  );
  return done(s, a.t, out);
}

export async function promoteTrafficCommand(s: WorkbenchServices, arg: CommandTarget): Promise<AliasConfiguration | undefined> {
  const a = await aliasTarget(s, arg, 'Promote Traffic');
  if (!a) return undefined;
  const out = await runOperation(s, a.t.connection, `Promoting ${a.alias.Name}`, (o) =>
    promoteTraffic(s.clients.lambda(a.t.connection), a.t.functionName, a.alias.Name!, o),
  );
  return done(s, a.t, out);
}

function done(s: WorkbenchServices, t: { connection: Connection; functionName: string }, out: AliasConfiguration | undefined): AliasConfiguration | undefined {
  if (!out) return undefined;
  void vscode.window.showInformationMessage(`${t.functionName}: ${routingText(out)}`);
  s.log.info(`${t.functionName} (${t.connection.label}): ${routingText(out)}`);
  changed(s, t.connection, t.functionName);
  return out;
}
