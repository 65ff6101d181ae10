// What the result panel shows for one invocation, computed from the InvokeOutcome: plain data that
// crosses into the webview as JSON (its shape is the panel's protocol, src/webview/invoke/protocol.ts;
// no vscode here, so it is tested under node).
import type { InvokeOutcome } from '../../lambda/invoke';
import type { ResultView } from '../../webview/invoke/protocol';

export type { ResultView, StackFrameView } from '../../webview/invoke/protocol';

/** Responses longer than this many lines are shown folded (first lines, then "show all"). */
export const FOLD_LINES = 200;
/** Binary responses show this much base64 at most. */
const BINARY_PREVIEW = 2048;

/** File, line and column of a stack frame line (Node `at f (/x.js:1:2)`, `file://` URLs, Python `File "x", line 3`). */
export function parseFrame(text: string): { file: string; line: number; column?: number } | undefined {
  const py = /File "([^"]+)", line (\d+)/.exec(text);
  if (py) return { file: py[1], line: Number(py[2]) };
  // The path starts right after "(" or "at ": `node:internal/...` and the like never match.
  const node = /(?:\(|^at\s+)((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^()]*?):(\d+)(?::(\d+))?\)?$/.exec(text.trim());
  if (node) {
    let file = node[1];
    if (file.startsWith('file://')) file = decodeURIComponent(file.slice('file://'.length));
    return { file, line: Number(node[2]), column: node[3] ? Number(node[3]) : undefined };
  }
  return undefined;
}

/**
 * Maps a frame's file to a file on this machine: local source-mode paths are already real; paths of
 * the Lambda sandbox (`/var/task/...`, `/opt/...`) map into the code folder when one is known.
 */
export function localFrameFile(file: string, codeDir?: string): string {
  if (codeDir && file.startsWith('/var/task/')) return `${codeDir.replace(/[\\/]+$/, '')}/${file.slice('/var/task/'.length)}`;
  return file;
}

function responseView(o: InvokeOutcome): ResultView['response'] {
  const bytes = o.binary ? Buffer.from(o.payloadText, 'base64').length : Buffer.byteLength(o.payloadText);
  if (o.binary) {
    const preview = o.payloadText.length > BINARY_PREVIEW ? `${o.payloadText.slice(0, BINARY_PREVIEW)}…` : o.payloadText;
    return { kind: 'binary', text: preview, bytes, lines: 1, folded: o.payloadText.length > BINARY_PREVIEW };
  }
  if (!o.payloadText.trim()) return { kind: 'empty', text: '', bytes, lines: 0, folded: false };
  const text = o.payloadJson !== undefined ? JSON.stringify(o.payloadJson, null, 2) : o.payloadText;
  const lines = text.split('\n').length;
  return { kind: o.payloadJson !== undefined ? 'json' : 'text', text, bytes, lines, folded: lines > FOLD_LINES };
}

export function resultView(
  o: InvokeOutcome,
  invocationType: 'RequestResponse' | 'Event' | 'DryRun',
  checkFile?: (frame: { file: string; line: number; column?: number }) => string | undefined,
): ResultView {
  const status: ResultView['status'] = o.functionError
    ? 'functionError'
    : invocationType === 'Event'
      ? 'accepted'
      : invocationType === 'DryRun'
        ? 'dryRun'
        : 'success';
  const view: ResultView = {
    status,
    statusCode: o.statusCode,
    executedVersion: o.executedVersion,
    requestId: o.requestId,
    clientDurationMs: Math.round(o.clientDurationMs),
    response: responseView(o),
    logTail: o.logTail,
    report: o.report,
  };
  if (o.functionError) {
    view.error = {
      kind: o.functionError.kind,
      type: o.functionError.errorType,
      message: o.functionError.errorMessage,
      frames: (o.functionError.stackTrace ?? []).map((text) => {
        const parsed = parseFrame(text);
        const file = parsed && checkFile ? checkFile(parsed) : undefined;
        return file && parsed ? { text, file, line: parsed.line, column: parsed.column } : { text };
      }),
    };
  }
  return view;
}

/** The request id of a log tail's START/REPORT line when the response did not carry one. */
export function requestIdFromLog(log: string | undefined): string | undefined {
  return log ? /(?:START|REPORT) RequestId: ([0-9a-fA-F-]{8,64})/.exec(log)?.[1] : undefined;
}
