// Maps the explorer's nodes to VS Code TreeItems. All logic lives in tree.ts and its builders; this file only
// picks icons, commands and collapsible states.
import * as vscode from 'vscode';
import type { ExplorerModel } from './tree';
import type { ExplorerNode } from './nodes';

const COLLAPSIBLE: Record<ExplorerNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly off: () => void;

  constructor(
    private readonly model: ExplorerModel,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.off = model.onDidChange((node) => this.changed.fire(node));
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, COLLAPSIBLE[node.collapsible]);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    item.iconPath = this.icon(node);
    if (node.kind === 'loadMore') {
      item.command = { command: 'lambdaWorkbench.explorer.loadMore', title: 'Load More', arguments: [node] };
    } else if (node.kind === 'localApiRoute') {
      item.command = { command: 'lambdaWorkbench.sendLocalApiRequest', title: 'Send Request', arguments: [node] };
    } else if (node.kind === 'error') {
      item.command = { command: 'lambdaWorkbench.explorer.retry', title: 'Retry', arguments: [node] };
    }
    return item;
  }

  getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    return this.model.getChildren(node);
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return this.model.getParent(node);
  }

  private icon(node: ExplorerNode): vscode.TreeItem['iconPath'] {
    const icon = node.icon;
    if (!icon) return undefined;
    if (icon === 'deprecated') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    if (icon === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    if (icon.startsWith('runtime:')) {
      const family = icon.slice('runtime:'.length);
      return vscode.Uri.joinPath(this.extensionUri, 'media', 'runtimes', `${family}.svg`);
    }
    return new vscode.ThemeIcon(icon);
  }

  dispose(): void {
    this.off();
    this.changed.dispose();
  }
}
