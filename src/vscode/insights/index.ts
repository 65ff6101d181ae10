// Logs Insights: the command (palette, a function's and a log group's context menu) that opens a
// query panel on the connection of the row, prefilled with the function's log group. Queries run in
// the extension host (panel.ts); the panels belong to their connection's session.
import * as vscode from 'vscode';
import type { WorkbenchServices } from '../services';
import { entry, type Contribution } from '../commands/runtime';
import { parseTarget, targetConnection, type CommandTarget } from '../commands/args';
import { functionNameOf } from '../explorer/nodes';
import { functionLogGroup } from '../logs/targets';
import { INSIGHTS_VIEW_TYPE, InsightsPanel } from './panel';
import { QUERIES_FOLDER } from './savedQueries';
import { LIMITS } from '../../insights/vocabulary';

export const INSIGHTS_COMMANDS = {
  open: 'lambdaWorkbench.logsInsights',
} as const;

export function insightsArea(s: WorkbenchServices): Contribution {
  const commands = [entry(INSIGHTS_COMMANDS.open, 'open Logs Insights', async (arg) => openInsights(s, parseTarget(arg)))];
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${QUERIES_FOLDER.join('/')}/*.cwlq`);
  const changed = () => void InsightsPanel.savedChanged();
  const disposables = [
    watcher,
    watcher.onDidCreate(changed),
    watcher.onDidDelete(changed),
    // A panel left open before a reload is closed: its results were in memory only.
    vscode.window.registerWebviewPanelSerializer(INSIGHTS_VIEW_TYPE, { deserializeWebviewPanel: async (panel) => panel.dispose() }),
    { dispose: () => InsightsPanel.disposeAll() },
  ];
  return { commands, disposables };
}

/** Opens a panel: on a log group row its group, on a function row the function's group, from the palette none yet. */
async function openInsights(s: WorkbenchServices, t: CommandTarget): Promise<InsightsPanel> {
  const connection = await targetConnection(s, t);
  let logGroups: string[] = [];
  let subject = connection.label;
  // A saved query's editor (its title bar button): the panel opens on that query, on the active connection.
  const file = t.kind === 'uri' && t.uri.path.endsWith('.cwlq') ? t.uri : undefined;
  const query = file ? (await queryText(file)).trimEnd() : undefined;
  if (query && query.length > LIMITS.maxQueryLength)
    throw new Error(`${file!.path.split('/').pop()} holds ${query.length} characters; a Logs Insights query has at most ${LIMITS.maxQueryLength}. Shorten it.`);
  if (file)
    subject = file.path
      .split('/')
      .pop()!
      .replace(/\.cwlq$/, '');
  if (t.kind === 'node' && t.node.kind === 'logGroup') {
    logGroups = [t.node.logGroup];
    subject = t.node.logGroup.replace(/^\/aws\/lambda\//, '');
  } else if (t.kind === 'fields' && t.fields.logGroups?.length) {
    logGroups = t.fields.logGroups;
    subject = logGroups[0].replace(/^\/aws\/lambda\//, '');
  } else {
    const fn = t.kind === 'node' ? functionNameOf(t.node) : t.kind === 'fields' ? t.fields.functionName : t.kind === 'name' ? t.name : undefined;
    if (fn) {
      logGroups = [await functionLogGroup(s, connection, fn)];
      subject = fn;
    }
  }
  return InsightsPanel.create(s, connection, {
    connectionId: connection.id,
    connectionLabel: connection.label,
    title: `Insights: ${subject}`,
    logGroups,
    ...(query ? { query } : {}),
  });
}

/** The text of a .cwlq file: its editor's (unsaved edits included) when open, else the file's. */
async function queryText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
