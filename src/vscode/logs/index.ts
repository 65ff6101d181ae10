// Log tailing: the commands, and the panel serializer that reopens tails after a reload. Every panel
// belongs to its connection's session (session.ts ends it with the connection).
import * as vscode from 'vscode';
import { describeError } from '../../logs/errors';
import { isConfig, type PanelConfig } from '../../logs/messages';
import type { Connection } from '../../core/types';
import type { WorkbenchServices } from '../services';
import { entry, type Contribution } from '../commands/runtime';
import { parseTarget } from '../commands/args';
import { connectionFromId, type PanelDeps } from './deps';
import { LOG_PANEL_VIEW_TYPE, LogPanel, webviewOptions } from './panel';
import { escapeHtml } from '../webviewHtml';
import { functionTailTarget, groupsTailTarget, requestTarget, type TailTarget } from './targets';

export const LOG_COMMANDS = {
  tailFunction: 'lambdaWorkbench.tailFunctionLogs',
  tailGroups: 'lambdaWorkbench.tailLogGroups',
  showRequest: 'lambdaWorkbench.showRequestLogs',
} as const;

/** How far back a reopened panel reads: from where it was, but never more than this. */
const MAX_RESUME_MS = 60 * 60_000;

export function logsArea(s: WorkbenchServices): Contribution {
  const pdeps: PanelDeps = { ...s, extensionUri: s.context.extensionUri };
  const commands = [
    entry(LOG_COMMANDS.tailFunction, "tail the function's logs", async (arg) => openTail(pdeps, await functionTailTarget(s, parseTarget(arg)))),
    entry(LOG_COMMANDS.tailGroups, 'tail the log groups', async (arg) => openTail(pdeps, await groupsTailTarget(s, parseTarget(arg)))),
    entry(LOG_COMMANDS.showRequest, "show the request's logs", async (arg) => {
      const t = await requestTarget(s, parseTarget(arg));
      if (!t) return;
      const config: PanelConfig = {
        connectionId: t.connection.id,
        connectionLabel: t.connection.label,
        logGroups: [t.logGroup],
        title: `Request ${t.requestId.slice(0, 8)}`,
        requestId: t.requestId,
        requestStartTime: t.startTime,
      };
      LogPanel.create(pdeps, t.connection, config);
    }),
  ];
  const disposables = [
    vscode.window.registerWebviewPanelSerializer(LOG_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => revive(pdeps, panel, state),
    }),
    { dispose: () => LogPanel.disposeAll() },
    // Tails stay on their own connection; they only pick up its rebuilt state (endpoint, keys).
    s.onDidChangeActiveConnection(() => void LogPanel.refreshConnections(pdeps)),
  ];
  return { commands, disposables };
}

function openTail(deps: PanelDeps, target: TailTarget | undefined): void {
  if (!target) return;
  const config: PanelConfig = {
    connectionId: target.connection.id,
    connectionLabel: target.connection.label,
    logGroups: target.logGroups,
    title: target.title,
  };
  LogPanel.create(deps, target.connection, config, { resumeFrom: Date.now() - 60_000 });
}

/** Reopens a panel after a reload, from where it was, on the same connection when it still exists. */
async function revive(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
  const s = (state && typeof state === 'object' ? state : {}) as {
    config?: unknown;
    lastTimestamp?: unknown;
    mode?: unknown;
    search?: { start?: unknown; end?: unknown };
  };
  if (!isConfig(s.config)) {
    panel.webview.options = webviewOptions(deps);
    panel.webview.html = '<!DOCTYPE html><html><body><p>This log panel could not be reopened. Run "Lambda: Tail Log Groups" again.</p></body></html>';
    return;
  }
  const config = s.config;
  let connection: Connection | undefined;
  try {
    connection = (await connectionFromId(deps, config.connectionId)) ?? undefined;
    if (!connection) {
      const active = await deps.activeConnection();
      if (active.id === config.connectionId) connection = active;
    }
  } catch (err) {
    deps.log.warn(`Reopening a log panel: ${describeError(err)}`);
  }
  if (!connection) {
    panel.webview.options = webviewOptions(deps);
    panel.webview.html = `<!DOCTYPE html><html><body><p>The connection ${escapeHtml(config.connectionLabel)} of this log panel is not available any more. Add it again, then reopen the tail.</p></body></html>`;
    return;
  }
  const now = Date.now();
  const last = typeof s.lastTimestamp === 'number' && Number.isFinite(s.lastTimestamp) ? s.lastTimestamp : now - 60_000;
  const search =
    s.mode === 'search' && typeof s.search?.start === 'number' && typeof s.search?.end === 'number' && s.search.start < s.search.end
      ? { start: s.search.start, end: s.search.end }
      : undefined;
  new LogPanel(panel, deps, connection, config, search && !config.requestId ? { search } : { resumeFrom: Math.max(last - 60_000, now - MAX_RESUME_MS) });
}
