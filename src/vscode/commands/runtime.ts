// The one command runtime: every command of the extension is registered here, from the tables the
// feature areas contribute, under one policy. A WorkbenchError (or an error that classifies as one)
// becomes an error message with buttons for its next step; a cancellation (a dismissed picker,
// CancellationError, an AbortError) is silent, except that long work cancelled half-way says what was
// or was not done (the engine's CancelledError); anything else is logged with its redacted stack and
// shown. Commands never catch for themselves.
import * as vscode from 'vscode';
import { WorkbenchError, toWorkbenchError, type WorkbenchErrorCode } from '../../core/errors';
import { redact } from '../../core/redact';
import { CancelledError } from '../../lambda/errors';
import type { WorkbenchLog } from '../log';

export interface CommandEntry {
  readonly id: string;
  /** What the command does, for its error message ("Could not <does>: ..."). */
  readonly does: string;
  /** Receives the command's arguments as VS Code passes them; its result is the command's result. */
  readonly run: (...args: unknown[]) => unknown;
}

/** What a feature area adds to the extension: its command table and what lives as long as the extension. */
export interface Contribution {
  readonly commands: readonly CommandEntry[];
  readonly disposables: readonly vscode.Disposable[];
}

/** Shorthand for a table row. */
export function entry(id: string, does: string, run: (...args: unknown[]) => unknown): CommandEntry {
  return { id, does, run };
}

/** The user gave up (picker dismissed, progress cancelled, request aborted): nothing to report. */
export function isCancellation(err: unknown): boolean {
  if (err instanceof vscode.CancellationError) return true;
  const name = (err as { name?: unknown } | undefined)?.name;
  return name === 'AbortError' || name === 'RequestAbortedError' || name === 'Canceled';
}

interface ErrorButton {
  title: string;
  command: string;
}

const SWITCH: ErrorButton = { title: 'Switch Connection', command: 'lambdaWorkbench.switchConnection' };
const SHOW_LOG: ErrorButton = { title: 'Show Log', command: 'lambdaWorkbench.showLog' };

const BUTTONS: Partial<Record<WorkbenchErrorCode, ErrorButton[]>> = {
  SsoTokenExpired: [{ title: 'Sign In with AWS SSO', command: 'lambdaWorkbench.ssoLogin' }],
  ProfileNotFound: [SWITCH],
  NoRegion: [SWITCH],
  NoCredentials: [SWITCH],
  InvalidCredentials: [SWITCH],
  ExpiredCredentials: [SWITCH],
  LocalServiceFailed: [{ title: 'Restart Local Service', command: 'lambdaWorkbench.restartLocalService' }],
};

/**
 * Reports a failure the one way, under `headline` ("Could not deploy the function"): silent when it
 * was a cancellation, a warning carrying the engine's words when long work was cancelled half-way
 * (what was or was not done), else an error message with the buttons of its WorkbenchError code.
 */
export function reportError(log: WorkbenchLog, headline: string, err: unknown): void {
  if (isCancellation(err)) {
    log.debug(`${headline}: cancelled`);
    return;
  }
  if (err instanceof CancelledError) {
    log.warn(`${headline}: ${err.message}`);
    void vscode.window.showWarningMessage(err.message);
    return;
  }
  const e = toWorkbenchError(err);
  const text = `${headline}: ${e.action ? `${e.message} ${e.action}` : e.message}`;
  // An error the code did not classify itself gets its stack in the log (redacted like every line).
  const unexpected = !(err instanceof WorkbenchError) && err instanceof Error && err.stack;
  log.error(unexpected ? `${headline}: ${redact(err.stack ?? '')}` : text);
  const buttons = BUTTONS[e.code] ?? (unexpected ? [SHOW_LOG] : []);
  void vscode.window.showErrorMessage(text, ...buttons.map((b) => b.title)).then((picked) => {
    const b = buttons.find((x) => x.title === picked);
    if (b) void vscode.commands.executeCommand(b.command);
  });
}

/** Registers every entry; each call runs under reportError. The result is the command's result (undefined when it failed). */
export function registerCommands(log: WorkbenchLog, entries: readonly CommandEntry[]): vscode.Disposable {
  const seen = new Set<string>();
  const disposables = entries.map((e) => {
    if (seen.has(e.id)) throw new Error(`Command ${e.id} is in the table twice.`);
    seen.add(e.id);
    return vscode.commands.registerCommand(e.id, async (...args: unknown[]) => {
      try {
        return await e.run(...args);
      } catch (err) {
        reportError(log, `Could not ${e.does}`, err);
        return undefined;
      }
    });
  });
  return vscode.Disposable.from(...disposables);
}
