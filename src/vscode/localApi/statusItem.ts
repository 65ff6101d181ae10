// The status bar item while a local API runs: "$(globe) API :3000" (or the number of APIs), the URL
// and route count in the tooltip; a click lists the routes (open the request panel, copy the URL,
// stop). It exists only while an API runs and belongs to the local connection's session.
import * as vscode from 'vscode';
import type { SessionScope } from '../session';
import { portOf, type LocalApiStore } from './store';

export const LOCAL_API_STATUS_ID = 'lambdaWorkbench.localApi';

export class LocalApiStatusItem implements vscode.Disposable {
  private item: vscode.StatusBarItem | undefined;
  private readonly off: () => void;

  constructor(
    private readonly store: LocalApiStore,
    private readonly scope: () => SessionScope,
    private readonly command: string,
  ) {
    this.off = store.onDidChange(() => this.update());
  }

  /** The item's text now (undefined when hidden): tests read it. */
  get text(): string | undefined {
    return this.item?.text;
  }

  private update(): void {
    const apis = this.store.list();
    if (apis.length === 0) {
      this.item?.dispose();
      this.item = undefined;
      return;
    }
    if (!this.item) {
      const item = vscode.window.createStatusBarItem(LOCAL_API_STATUS_ID, vscode.StatusBarAlignment.Left, 49);
      item.name = 'Lambda Workbench local API';
      item.command = this.command;
      this.item = item;
      // Gone with the local session (a restarted local service took its APIs with it).
      this.scope().own({
        dispose: () => {
          if (this.item === item) this.item = undefined;
          item.dispose();
        },
      });
    }
    const item = this.item;
    item.text = apis.length === 1 ? `$(globe) API :${portOf(apis[0].info.endpoint)}` : `$(globe) ${apis.length} APIs`;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown('**Local APIs** (served by the local service)\n\n');
    for (const a of apis) {
      const n = a.info.routes.length;
      tip.appendMarkdown(`- \`${a.info.endpoint}\`: ${n} route${n === 1 ? '' : 's'} of \`${vscode.workspace.asRelativePath(a.info.template)}\`\n`);
    }
    tip.appendMarkdown('\nClick for the routes (send a request, copy the URL, stop)');
    item.tooltip = tip;
    item.show();
  }

  dispose(): void {
    this.off();
    this.item?.dispose();
    this.item = undefined;
  }
}
