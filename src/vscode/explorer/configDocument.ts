// "Show configuration": GetFunction as a read-only JSON document (a content provider's documents
// cannot be edited), with secrets masked by src/lambda's configurationDocument().
import * as vscode from 'vscode';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { configurationDocument } from '../../lambda';
import { describeError } from '../../core/errors';
import { redact } from '../../core/redact';
import type { Connection } from '../../core/types';
import type { WorkbenchServices } from '../services';

export const CONFIG_SCHEME = 'lambda-workbench-config';

export class ConfigurationDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly targets = new Map<string, { connection: Connection; functionName: string; qualifier?: string }>();

  constructor(private readonly services: WorkbenchServices) {}

  uriFor(connection: Connection, functionName: string, qualifier?: string): vscode.Uri {
    const name = qualifier ? `${functionName}:${qualifier}` : functionName;
    const uri = vscode.Uri.from({ scheme: CONFIG_SCHEME, path: `/${connection.label.replace(/[/\\]/g, '_')}/${name}.json`, query: connection.id });
    this.targets.set(uri.toString(), { connection, functionName, qualifier });
    return uri;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const t = this.targets.get(uri.toString());
    if (!t) return '// This configuration view is out of date: run "Show Configuration" again.\n';
    try {
      const out = await this.services.clients.lambda(t.connection).send(new GetFunctionCommand({ FunctionName: t.functionName, Qualifier: t.qualifier }));
      return redact(configurationDocument(out));
    } catch (err) {
      return `// ${describeError(err, { operation: `reading ${t.functionName}` })}\n`;
    }
  }

  /** Re-fetches an open document (e.g. after a deploy). */
  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export async function showConfiguration(docs: ConfigurationDocuments, connection: Connection, functionName: string, qualifier?: string): Promise<void> {
  const uri = docs.uriFor(connection, functionName, qualifier);
  docs.refresh(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
}
