// The status bar item showing the active connection; a click opens the connection picker.
import * as vscode from 'vscode';
import { refId } from '../core/connections';
import type { WorkbenchServices } from './services';

export const STATUS_BAR_ID = 'lambdaWorkbench.connection';

export function registerStatusBar(services: WorkbenchServices): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 50);
  item.name = 'Lambda Workbench connection';
  item.command = 'lambdaWorkbench.switchConnection';
  const update = () => {
    const ref = services.connections.activeRef();
    const label = services.connections.label(ref);
    const error = services.connectionError(refId(ref));
    item.text = `${error ? '$(warning)' : '$(cloud)'} ${label}`;
    item.backgroundColor = error ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const info = services.localService.current();
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**Lambda Workbench**: ${label}\n\n`);
    if (ref.kind === 'local') tip.appendMarkdown(info ? `Local service at \`${info.endpoint}\`\n\n` : 'Local service (starts on first use)\n\n');
    else tip.appendMarkdown(`AWS profile \`${ref.profile}\`, region \`${ref.region}\`\n\n`);
    if (error) {
      tip.appendText(`${error.message}${error.action ? ` ${error.action}` : ''}`);
      tip.appendMarkdown('\n\n');
    }
    tip.appendMarkdown('Click to switch the connection');
    item.tooltip = tip;
  };
  update();
  item.show();
  const offStarted = services.localService.on('started', update);
  const subs = [services.onDidChangeActiveConnection(update), services.onDidChangeConnectionHealth(update), { dispose: offStarted }];
  return vscode.Disposable.from(item, ...subs);
}
