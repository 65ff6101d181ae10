// The invoke controller: sends invocations, records them in the per-function history, and keeps one
// result panel per connection + function. A connection's panels close with its session (session.ts).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { describeError } from '../../core/errors';
import { LOCAL_ACCOUNT_ID } from '../../contract/localService';
import { invokeFunction, type InvokeOutcome } from '../../lambda/invoke';
import { InvocationHistory, historyKey, type HistoryEntry } from '../../lambda/events';
import type { WorkbenchServices } from '../services';
import { RuntimeNotes } from './runtimeNotes';
import { reportError } from '../commands/runtime';
import { parseTarget } from '../commands/args';
import { choosePayload, eventStoreRoot, type InvocationType, type PayloadArgs } from './payload';
import { ResultPanel, type ShownResult } from './panel';
import { localFrameFile, requestIdFromLog, resultView } from './resultView';
import { invokeTarget, payloadArgs, type InvokeTarget } from './args';
import { prepareLocal } from './prepare';

const HISTORY_STATE = 'lambdaWorkbench.invokeHistory';

export class InvokeController implements vscode.Disposable {
  private readonly history: InvocationHistory;
  private readonly notes = new RuntimeNotes();
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
            this.act('invoke', () => (t.local ? this.invokeLocal({ templateUri: t.local.templatePath, logicalId: t.local.logicalId }) : this.invoke(t, {}))),
          rerun: (id) => this.act('run again', () => this.rerun(id)),
          showHistory: (id) => {
            const shown = this.results.get(id) ?? this.summaryOf(id);
            if (shown) panel.update({ current: shown });
          },
          showLogs: () => this.act("show the request's logs", () => this.showLogs(t, panel.current)),
          openFrame: (i) => this.act('open the file', () => this.openFrame(panel.current, i)),
          openResponse: () => this.act('open the response', () => this.openResponse(panel.current)),
        },
        () => this.panels.delete(key),
        t.connection.id,
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

  /** Runs a panel action under the command runtime's error policy (the page has no command to fail in). */
  private act(does: string, fn: () => Promise<unknown>): void {
    fn().catch((err: unknown) => reportError(this.s.log, `Could not ${does}`, err));
  }

  /** Invoke from the tree (node) or the palette, with an optional payload/type in the arguments. */
  async invokeCommand(arg: unknown, extra?: unknown): Promise<void> {
    const t = parseTarget(arg);
    const target = await invokeTarget(this.s, t);
    if (!target) return;
    await this.invoke(target, extra === undefined ? payloadArgs(arg, t) : payloadArgs(extra, parseTarget(extra)));
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
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: this.notes.progressTitle(t, `Invoking ${t.functionName}`) },
        () => invokeFunction(this.s.clients.lambda(t.connection), { functionName: t.functionName, qualifier: t.qualifier, invocationType: type, payload }),
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
    if (typeof outcome !== 'string') void this.notes.note(this.s, t, outcome.logTail);
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

  async invokeLocal(arg: unknown): Promise<void> {
    const t = parseTarget(arg);
    const prepared = await prepareLocal(this.s, t);
    if (!prepared) return;
    const { plan, connection } = prepared;
    const target: InvokeTarget = {
      connection,
      functionName: plan.functionName,
      local: { templatePath: plan.templatePath, logicalId: plan.logicalId, codeDir: plan.codeDir, runtime: plan.runtime },
    };
    const a = (arg && typeof arg === 'object' ? arg : {}) as PayloadArgs & { payloadSource?: unknown };
    if (typeof a.payload === 'string' && typeof a.payloadSource === 'string') {
      await this.run(target, a.payload, a.payloadSource, a.invocationType ?? 'RequestResponse');
      return;
    }
    await this.invoke(target, payloadArgs(arg, t));
  }
}
