// The manifest's menus target tree rows by contextValue: a loose regex puts a command on the wrong
// rows (e.g. Invoke on the "Versions" folder), and a menu naming an unknown command shows nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contextValue } from '../../../src/vscode/explorer/nodes';
import { WorkbenchError } from '../../../src/core/errors';

interface MenuItem {
  command: string;
  when?: string;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { commands: { command: string; category?: string }[]; menus: Record<string, MenuItem[]> };
};
// The folder rows' real contextValues (row id and capability tokens), as the explorer builds them.
const row = { id: 'x', connectionId: 'c', label: 'l', collapsible: 'collapsed' as const };
const FOLDERS = [
  contextValue({ ...row, kind: 'versions', functionName: 'f' }),
  contextValue({ ...row, kind: 'aliases', functionName: 'f' }),
  contextValue({ ...row, kind: 'layers' }),
  contextValue({ ...row, kind: 'eventSources', functionName: 'f' }),
  contextValue({ ...row, kind: 'functionLayers', functionName: 'f' }),
  ...[false, true].flatMap((filtered) => [false, true].map((hasMore) => contextValue({ ...row, kind: 'functions', filtered, hasMore }))),
  contextValue({ ...row, kind: 'error', error: new WorkbenchError('NetworkError', 'x') }),
  contextValue({ ...row, kind: 'error', error: new WorkbenchError('SsoTokenExpired', 'x') }),
  contextValue({ ...row, kind: 'info' }),
];
const ONE_FUNCTION = [
  'lambdaWorkbench.invoke',
  'lambdaWorkbench.showConfiguration',
  'lambdaWorkbench.tailFunctionLogs',
  'lambdaWorkbench.showMetrics',
  'lambdaWorkbench.copyArn',
];

function viewItemRegexes(when: string): RegExp[] {
  return [...when.matchAll(/viewItem =~ \/((?:[^/\\]|\\.)+)\//g)].map((m) => new RegExp(m[1]));
}

test('commands about one function, version or alias never sit on folder rows', () => {
  for (const item of manifest.contributes.menus['view/item/context']) {
    if (!ONE_FUNCTION.includes(item.command) || !item.when) continue;
    for (const re of viewItemRegexes(item.when)) {
      for (const folder of FOLDERS) assert.equal(re.test(folder), false, `${item.command} (${item.when}) matches the folder row ${folder}`);
    }
  }
});

test('every menu entry names a contributed command, and every command has the Lambda category', () => {
  const ids = new Set(manifest.contributes.commands.map((c) => c.command));
  for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
    for (const item of items) if (item.command) assert.ok(ids.has(item.command), `${menu} names ${item.command}, which is not contributed`);
  }
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'Lambda', `${c.command} has no "Lambda" category`);
});
