// Invoke UI: Invoke (tree, palette), Invoke Locally and Debug Locally (template CodeLens), saved test
// events, and the result panels with their per-function history.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Connection } from '../../core/types';
import { describeError } from '../../core/errors';
import { LOCAL_ACCOUNT_ID } from '../../contract/localService';
import { invokeFunction, type InvokeOutcome } from '../../lambda/invoke';
import { InvocationHistory, historyKey, type HistoryEntry } from '../../lambda/events';
import type { WorkbenchServices } from '../services';
import { isExplorerNode, pickFunction, targetOfNode } from '../explorer/target';
import type { ExplorerModel } from '../explorer/model';
import { choosePayload, eventStoreRoot, type InvocationType, type PayloadArgs } from './payload';
import { ResultPanel, RESULT_VIEW_TYPE, type ShownResult } from './panel';
import { localFrameFile, requestIdFromLog, resultView } from './resultView';
import { readTemplateFunctions } from '../../lambda/template';
import { ensureLocalFunction, planLocalFunction, type LocalFunctionPlan } from '../../lambda/localTemplate';
import { registerEventCommands } from './eventCommands';
import { debugLocal } from './debug';

export const INVOKE_COMMANDS = {
  invoke: 'lambdaWorkbench.invoke',
  invokeLocal: 'lambdaWorkbench.invokeLocal',
  debugLocal: 'lambdaWorkbench.debugLocal',
} as const;

const HISTORY_STATE = 'lambdaWorkbench.invokeHistory';

/** What one invocation is about: a function on a connection, maybe from a template. */
export interface InvokeTarget {
  connection: Connection;
  functionName: string;
  qualifier?: string;
  /** For local template runs: where the code is (stack frames map there) and what to re-read on re-run. */
  local?: { templatePath: string; logicalId: string; codeDir: string };
}

export class InvokeController implements vscode.Disposable {
  private readonly history: InvocationHistory;
  private readonly panels = new Map<string, ResultPanel>();
  /** Full results of this session, by history id (the history itself keeps only summaries). */
  private readonly results = new Map<string, ShownResult>();

  constructor(private readonly s: WorkbenchServices) {
    this.history = new InvocationHistory(s.context.workspaceState.get<HistoryEntry[]>(HISTORY_STATE, []));
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    this.panels.clear();
  }

  private panelFor(t: InvokeTarget): ResultPanel {
    const key = historyKey(t.connection.id, t.functionName);
    let p = this.panels.get(key);
    if (!p) {
      const title = t.local ? `Invoke: ${t.local.logicalId} (local)` : `Invoke: ${t.functionName}`;
      const subtitle = t.local ? `${path.basename(t.local.templatePath)} → ${t.functionName} on ${t.connection.label}` : t.connection.label;
      const panel: ResultPanel = new ResultPanel(
        this.s.context.extensionUri,
        title,
        subtitle,
        true,
        {
          invoke: () =>
            void this.guard('invoke', () =>
              t.local ? this.invokeLocal({ templateUri: t.local.templatePath, logicalId: t.local.logicalId }) : this.invoke(t, {}),
            ),
          rerun: (id) => void this.guard('run again', () => this.rerun(id)),
          showHistory: (id) => {
            const shown = this.results.get(id) ?? this.summaryOf(id);
            if (shown) panel.update({ current: shown });
          },
          showLogs: () => void this.guard("show the request's logs", () => this.showLogs(t, panel.current)),
          openFrame: (i) => void this.guard('open the file', () => this.openFrame(panel.current, i)),
          openResponse: () => void this.guard('open the response', () => this.openResponse(panel.current)),
        },
        () => this.panels.delete(key),
      );
      this.panels.set(key, (p = panel));
      panel.update({ history: this.history.list(key) });
    } else p.panel.reveal(vscode.ViewColumn.Beside, true);
    return p;
  }

  /** A result panel for a history entry of an earlier session: its summary only. */
  private summaryOf(id: string): ShownResult | undefined {
    const h = this.history.get(id);
    if (!h) return undefined;
    return {
      status: h.failure
        ? 'failed'
        : h.functionError
          ? 'functionError'
          : h.invocationType === 'Event'
            ? 'accepted'
            : h.invocationType === 'DryRun'
              ? 'dryRun'
              : 'success',
      statusCode: h.statusCode,
      requestId: h.requestId,
      failure: h.failure ?? 'The full result of this invocation is not kept after a reload; run it again to see it.',
      historyId: h.id,
      payloadSource: h.payloadSource,
      invocationType: h.invocationType,
    };
  }

  async guard(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const message = `Could not ${what}: ${describeError(err)}`;
      this.s.log.error(message);
      void vscode.window.showErrorMessage(message);
    }
  }

  /** Invoke from the tree (node) or the palette, with an optional payload/type in the arguments. */
  async invokeCommand(arg: unknown, extra?: unknown): Promise<void> {
    const target = await this.targetOf(arg);
    if (!target) return;
    await this.invoke(target, payloadArgs(extra ?? arg));
  }

  private async targetOf(arg: unknown): Promise<InvokeTarget | undefined> {
    if (isExplorerNode(arg)) {
      // Without the explorer's model, targetOfNode resolves the node's connection from the registry.
      const noModel = { connectionOf: () => undefined } as unknown as ExplorerModel;
      const t = await targetOfNode(noModel, this.s, arg);
      return t && { connection: t.connection, functionName: t.functionName, qualifier: t.qualifier };
    }
    if (arg && typeof arg === 'object' && typeof (arg as { functionName?: unknown }).functionName === 'string') {
      const a = arg as { functionName: string; qualifier?: unknown; connectionId?: unknown };
      const connection = typeof a.connectionId === 'string' ? await this.s.connectionById(a.connectionId) : await this.s.activeConnection();
      if (!connection) throw new Error(`There is no connection "${String(a.connectionId)}".`);
      return { connection, functionName: a.functionName, qualifier: typeof a.qualifier === 'string' && a.qualifier ? a.qualifier : undefined };
    }
    const t = await pickFunction(this.s, 'Invoke Function');
    if (!t) return undefined;
    const qualifier = await vscode.window.showInputBox({
      title: `Invoke ${t.functionName}`,
      prompt: 'Version or alias (empty: $LATEST)',
      placeHolder: '$LATEST',
      validateInput: (v) =>
        !v.trim() || /^(\$LATEST|\d+|[A-Za-z0-9_-]{1,128})$/.test(v.trim())
          ? undefined
          : 'A version number, $LATEST, or an alias name (letters, digits, - and _).',
    });
    if (qualifier === undefined) return undefined;
    return {
      connection: t.connection,
      functionName: t.functionName,
      qualifier: qualifier.trim() && qualifier.trim() !== '$LATEST' ? qualifier.trim() : undefined,
    };
  }

  async invoke(t: InvokeTarget, args: PayloadArgs): Promise<void> {
    const chosen = await choosePayload({
      functionName: t.functionName,
      aliases: t.local ? [t.local.logicalId] : [],
      storeRoot: eventStoreRoot(t.local ? vscode.Uri.file(t.local.templatePath) : undefined),
      region: t.connection.region,
      account: t.connection.kind === 'local' ? LOCAL_ACCOUNT_ID : undefined,
      args,
      title: `Invoke ${t.local ? `${t.local.logicalId} locally` : t.functionName}${t.qualifier ? `:${t.qualifier}` : ''}`,
    });
    if (!chosen) return;
    await this.run(t, chosen.text, chosen.source, chosen.invocationType);
  }

  /** Sends one invocation and shows it; failures are shown in the panel too. */
  async run(t: InvokeTarget, payload: string, source: string, type: InvocationType): Promise<ShownResult> {
    const panel = this.panelFor(t);
    panel.update({ running: true });
    try {
      const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Invoking ${t.functionName}` }, () =>
        invokeFunction(this.s.clients.lambda(t.connection), { functionName: t.functionName, qualifier: t.qualifier, invocationType: type, payload }),
      );
      outcome.requestId ??= requestIdFromLog(outcome.logTail);
      this.s.log.info(
        `Invoked ${t.functionName}${t.qualifier ? `:${t.qualifier}` : ''} on ${t.connection.label} (${type}): ${outcome.functionError ? `function error ${outcome.functionError.errorType ?? outcome.functionError.kind}` : `status ${outcome.statusCode}`}`,
      );
      return this.show(t, outcome, payload, source, type);
    } catch (err) {
      const failure = describeError(err);
      this.s.log.error(`Invoke ${t.functionName} failed: ${failure}`);
      return this.show(t, failure, payload, source, type);
    }
  }

  /** Records an outcome (or a failure message) in the history and shows it in the function's panel. */
  show(t: InvokeTarget, outcome: InvokeOutcome | string, payload: string, source: string, type: InvocationType): ShownResult {
    const panel = this.panelFor(t);
    const key = historyKey(t.connection.id, t.functionName);
    const entry: HistoryEntry = {
      id: randomUUID(),
      key,
      connectionId: t.connection.id,
      functionName: t.functionName,
      qualifier: t.qualifier,
      invocationType: type,
      payload,
      payloadSource: source,
      at: Date.now(),
      templatePath: t.local?.templatePath,
      logicalId: t.local?.logicalId,
    };
    let shown: ShownResult;
    if (typeof outcome === 'string') {
      shown = { status: 'failed', failure: outcome, historyId: entry.id, payloadSource: source, invocationType: type };
      entry.failure = outcome;
    } else {
      shown = {
        ...resultView(outcome, type, (f) => this.workspaceFile(f.file, t.local?.codeDir)),
        historyId: entry.id,
        payloadSource: source,
        invocationType: type,
      };
      Object.assign(entry, {
        statusCode: outcome.statusCode,
        functionError: outcome.functionError?.kind,
        durationMs: outcome.report?.durationMs ?? outcome.clientDurationMs,
        requestId: outcome.requestId,
      });
    }
    this.history.add(entry);
    this.results.set(entry.id, shown);
    void this.s.context.workspaceState.update(HISTORY_STATE, this.history.all());
    panel.update({ running: false, current: shown, history: this.history.list(key) });
    return shown;
  }

  private workspaceFile(file: string, codeDir?: string): string | undefined {
    const local = localFrameFile(file, codeDir);
    if (!path.isAbsolute(local) || !existsSync(local)) return undefined;
    const inWorkspace = !!vscode.workspace.getWorkspaceFolder(vscode.Uri.file(local));
    return inWorkspace || (codeDir && local.startsWith(codeDir)) ? local : undefined;
  }

  private async rerun(id: string): Promise<void> {
    const h = this.history.get(id);
    if (!h) throw new Error('That invocation is no longer in the history.');
    if (h.payload === undefined) throw new Error('Its payload was too large to keep; invoke again choosing the payload.');
    if (h.templatePath && h.logicalId) {
      await this.invokeLocal({
        templateUri: h.templatePath,
        logicalId: h.logicalId,
        payload: h.payload,
        invocationType: h.invocationType,
        payloadSource: h.payloadSource,
      });
      return;
    }
    const connection = await this.s.connectionById(h.connectionId);
    if (!connection) throw new Error(`The connection ${h.connectionId} is not available any more.`);
    await this.run({ connection, functionName: h.functionName, qualifier: h.qualifier }, h.payload, h.payloadSource, h.invocationType);
  }

  private async showLogs(t: InvokeTarget, shown: ShownResult | undefined): Promise<void> {
    if (!shown?.requestId) throw new Error('This result has no request id.');
    const at = (shown.historyId && this.history.get(shown.historyId)?.at) || Date.now();
    await vscode.commands.executeCommand('lambdaWorkbench.showRequestLogs', {
      connectionId: t.connection.id,
      connection: t.connection,
      functionName: t.functionName,
      requestId: shown.requestId,
      startTime: at - 5 * 60_000,
    });
  }

  private async openFrame(shown: ShownResult | undefined, index: number): Promise<void> {
    const f = shown?.error?.frames[index];
    if (!f?.file) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(f.file));
    const pos = new vscode.Position(Math.max(0, (f.line ?? 1) - 1), Math.max(0, (f.column ?? 1) - 1));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
  }

  private async openResponse(shown: ShownResult | undefined): Promise<void> {
    const r = shown?.response;
    if (!r) return;
    const doc = await vscode.workspace.openTextDocument({ content: r.text, language: r.kind === 'json' ? 'json' : 'plaintext' });
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  }

  /** The local connection (starts the local service when needed). */
  async localConnection(): Promise<Connection> {
    const c = await this.s.connectionById('local');
    if (!c) throw new Error('The local service is not available.');
    return c;
  }

  /** Reads the template function and creates/updates its local twin, with progress. */
  async prepareLocal(arg: unknown): Promise<{ plan: LocalFunctionPlan; connection: Connection } | undefined> {
    const where = await templateTarget(arg);
    if (!where) return undefined;
    const connection = await this.localConnection();
    const envVars = await readEnvVarsSetting(where.templatePath);
    const plan = await planLocalFunction(where.templatePath, where.logicalId, { region: connection.region, envVars });
    if (plan.ignoredOverrides.length)
      this.s.log.warn(
        `${envVars?.file}: ${plan.ignoredOverrides.join(', ')} not applied to ${plan.logicalId} (the template does not declare them; sam local invoke ignores them too).`,
      );
    if (plan.unresolvedEnvironment.length)
      this.s.log.warn(
        `${plan.logicalId}: environment variables ${plan.unresolvedEnvironment.join(', ')} use intrinsics that cannot be resolved locally; set them in an env-vars file (setting lambdaWorkbench.invoke.envVarsFile).`,
      );
    // In the status bar, not a notification: most runs find the function up to date in a few ms.
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Preparing ${plan.logicalId} on the local service` },
      () => ensureLocalFunction(this.s.clients.lambda(connection), plan),
    );
    if (result.action !== 'unchanged') {
      this.s.log.info(`Local function ${plan.functionName} ${result.action} from ${plan.templatePath} (${plan.logicalId})`);
      this.s.notifyResourcesChanged({ connectionId: connection.id, functionName: plan.functionName });
    }
    return { plan, connection };
  }

  async invokeLocal(arg: unknown): Promise<void> {
    const prepared = await this.prepareLocal(arg);
    if (!prepared) return;
    const { plan, connection } = prepared;
    const target: InvokeTarget = {
      connection,
      functionName: plan.functionName,
      local: { templatePath: plan.templatePath, logicalId: plan.logicalId, codeDir: plan.codeDir },
    };
    const a = (arg && typeof arg === 'object' ? arg : {}) as PayloadArgs & { payloadSource?: unknown };
    if (typeof a.payload === 'string' && typeof a.payloadSource === 'string') {
      await this.run(target, a.payload, a.payloadSource, a.invocationType ?? 'RequestResponse');
      return;
    }
    await this.invoke(target, payloadArgs(arg));
  }
}

function payloadArgs(arg: unknown): PayloadArgs {
  if (!arg || typeof arg !== 'object' || isExplorerNode(arg)) return {};
  const a = arg as Record<string, unknown>;
  const types = ['RequestResponse', 'Event', 'DryRun'];
  return {
    payload: typeof a.payload === 'string' ? a.payload : undefined,
    savedEvent: typeof a.savedEvent === 'string' ? a.savedEvent : undefined,
    sample: typeof a.sample === 'string' ? a.sample : undefined,
    invocationType: typeof a.invocationType === 'string' && types.includes(a.invocationType) ? (a.invocationType as InvocationType) : undefined,
  };
}

/** `{ templateUri, logicalId }` from the CodeLens (templateUri a string or Uri), else asks. */
export async function templateTarget(arg: unknown): Promise<{ templatePath: string; logicalId: string } | undefined> {
  const a = (arg && typeof arg === 'object' ? arg : {}) as { templateUri?: unknown; logicalId?: unknown };
  let templatePath: string | undefined;
  if (a.templateUri instanceof vscode.Uri) templatePath = a.templateUri.fsPath;
  else if (typeof a.templateUri === 'string')
    templatePath =
      /^[a-z][a-z0-9+.-]+:/i.test(a.templateUri) && !/^[A-Za-z]:[\\/]/.test(a.templateUri) ? vscode.Uri.parse(a.templateUri).fsPath : a.templateUri;
  if (!templatePath) {
    const active = vscode.window.activeTextEditor?.document;
    if (active && /template\.(ya?ml|json)$/i.test(active.fileName)) templatePath = active.fileName;
    else {
      const files = await vscode.workspace.findFiles('**/template.{yaml,yml,json}', '**/{node_modules,.aws-sam}/**', 50);
      if (!files.length) throw new Error('No SAM template (template.yaml) in the workspace.');
      const pick =
        files.length === 1
          ? files[0]
          : (
              await vscode.window.showQuickPick(
                files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
                { title: 'Template' },
              )
            )?.uri;
      if (!pick) return undefined;
      templatePath = pick.fsPath;
    }
  }
  let logicalId = typeof a.logicalId === 'string' ? a.logicalId : undefined;
  if (!logicalId) {
    const fns = await readTemplateFunctions(templatePath);
    if (!fns.length) throw new Error(`${path.basename(templatePath)} has no function with local code.`);
    logicalId =
      fns.length === 1
        ? fns[0].logicalId
        : (
            await vscode.window.showQuickPick(
              fns.map((f) => ({ label: f.logicalId, description: `${f.runtime ?? ''} ${f.handler ?? ''}` })),
              { title: 'Function to run locally' },
            )
          )?.label;
    if (!logicalId) return undefined;
  }
  return { templatePath, logicalId };
}

/** The env-vars overrides file of the setting (relative to the template's workspace folder), if set. */
async function readEnvVarsSetting(templatePath: string): Promise<{ text: string; file: string } | undefined> {
  const uri = vscode.Uri.file(templatePath);
  const setting = vscode.workspace.getConfiguration('lambdaWorkbench.invoke', uri).get<string>('envVarsFile', '').trim();
  if (!setting) return undefined;
  const base = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(templatePath);
  const file = path.resolve(base, setting);
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(file));
    return { text: Buffer.from(bytes).toString('utf8'), file };
  } catch {
    throw new Error(`The env-vars file ${file} (setting lambdaWorkbench.invoke.envVarsFile) cannot be read. Fix the path or clear the setting.`);
  }
}

export function registerInvokeCommands(context: vscode.ExtensionContext, s: WorkbenchServices): vscode.Disposable {
  const controller = new InvokeController(s);
  const disposables: vscode.Disposable[] = [
    controller,
    vscode.commands.registerCommand(INVOKE_COMMANDS.invoke, (arg: unknown, extra: unknown) =>
      controller.guard('invoke the function', () => controller.invokeCommand(arg, extra)),
    ),
    vscode.commands.registerCommand(INVOKE_COMMANDS.invokeLocal, (arg: unknown) => controller.guard('invoke locally', () => controller.invokeLocal(arg))),
    vscode.commands.registerCommand(INVOKE_COMMANDS.debugLocal, (arg: unknown) => controller.guard('debug locally', () => debugLocal(controller, s, arg))),
    registerEventCommands(s),
    // A result panel left open before a reload is closed: its results were in memory only.
    vscode.window.registerWebviewPanelSerializer(RESULT_VIEW_TYPE, { deserializeWebviewPanel: async (panel) => panel.dispose() }),
  ];
  const all = vscode.Disposable.from(...disposables);
  context.subscriptions.push(all);
  return all;
}
