// Starts the SAM template language server (dist/server.js) over IPC. The server attaches itself only
// to YAML/JSON documents that are CloudFormation or SAM templates; others get nothing from it.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export async function startSamLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const selector = ['yaml', 'json', 'jsonc'].flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    outputChannel: log,
    diagnosticCollectionName: 'sam',
    // configurationSection: the server re-reads lambdaWorkbench.sam.* (which files are templates) on change.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{js,mjs,cjs,ts,py}'), configurationSection: 'lambdaWorkbench.sam' },
  };
  const client = new LanguageClient('lambdaWorkbench.sam', 'SAM templates', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client.stop() });
  await client.start();
  log.info('SAM language server started');
  return client;
}
