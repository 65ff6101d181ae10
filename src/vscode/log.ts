// The one "Lambda Workbench" log channel. Every line goes through redact() so nothing that carries a
// key or token (SDK errors, the local service's stderr, credential_process output) reaches the output.
import * as vscode from 'vscode';
import { redact, redactError } from '../core/redact';

export interface WorkbenchLog {
  readonly channel: vscode.LogOutputChannel;
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | unknown): void;
  show(): void;
}

export function createLog(name = 'Lambda Workbench'): WorkbenchLog {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  return {
    channel,
    trace: (m) => channel.trace(redact(m)),
    debug: (m) => channel.debug(redact(m)),
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(typeof m === 'string' ? redact(m) : redactError(m)),
    show: () => channel.show(true),
  };
}
