// Invoking a function: the payload is checked as JSON first (with the line and column of the first
// error), the log tail decoded, the REPORT figures read (with src/logs' parser), and a function error
// split into type, message and stack.
import { InvokeCommand, type InvocationType, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import { HttpRequest } from '@smithy/protocol-http';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LOCAL_DEBUG_PORT_HEADER, LOCAL_DEBUG_WAIT_HEADER } from '../contract/localService';
import { parseLine } from '../logs/parse';
import type { ReportFigures } from '../logs/types';
import { ValidationError } from './errors';
import type { OperationOptions } from './wait';

export type { ReportFigures } from '../logs/types';

/** Lambda's limit on a synchronous request payload (6 MB); asynchronous ones are limited to 1 MB. */
const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
const MAX_ASYNC_PAYLOAD = 1024 * 1024;

export class PayloadError extends ValidationError {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly offset: number,
  ) {
    super(message, 'Payload');
    this.name = 'PayloadError';
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Checks a payload text as strict JSON and returns its bytes; empty text sends `{}`, as the console does. */
export function preparePayload(text: string): Uint8Array {
  if (text.trim() === '') return new TextEncoder().encode('{}');
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    const e = errors[0];
    const { line, column } = lineColumn(text, e.offset);
    throw new PayloadError(
      `The payload is not valid JSON: ${describe(printParseErrorCode(e.error))} at line ${line}, column ${column}.`,
      line,
      column,
      e.offset,
    );
  }
  return new TextEncoder().encode(text);
}

function describe(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name in double quotes is expected',
    ValueExpected: 'a value is expected',
    ColonExpected: 'a colon is expected',
    CommaExpected: 'a comma is expected',
    CloseBraceExpected: 'a closing } is expected',
    CloseBracketExpected: 'a closing ] is expected',
    EndOfFileExpected: 'unexpected text after the JSON value',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in a string',
  };
  return words[code] ?? code;
}

export interface InvokeInput {
  functionName: string;
  /** Version number or alias. */
  qualifier?: string;
  invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  /** JSON text; checked before sending. */
  payload?: string;
  /** Ask for the last 4 KB of the log (synchronous calls only). */
  logTail?: boolean;
  /**
   * Local service only: run in a fresh environment that listens for a debugger on this loopback port
   * and waits for it (unless `wait` is false) before loading the handler.
   */
  debug?: { port: number; wait?: boolean };
}

export interface FunctionErrorInfo {
  /** 'Unhandled' or 'Handled' from X-Amz-Function-Error. */
  kind: string;
  errorType?: string;
  errorMessage?: string;
  stackTrace?: string[];
}

export interface InvokeOutcome {
  statusCode: number;
  executedVersion?: string;
  /** The response payload as text (UTF-8). */
  payloadText: string;
  /** Pretty JSON when the payload is JSON, else undefined. */
  payloadJson?: unknown;
  /** True when the payload is not valid UTF-8 text. */
  binary: boolean;
  functionError?: FunctionErrorInfo;
  logTail?: string;
  report?: ReportFigures;
  requestId?: string;
  /** Wall time of the call as the client saw it, ms. */
  clientDurationMs: number;
}

export async function invokeFunction(client: LambdaClient, input: InvokeInput, options: OperationOptions = {}): Promise<InvokeOutcome> {
  const payload = preparePayload(input.payload ?? '');
  const type = input.invocationType ?? 'RequestResponse';
  const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
  if (payload.byteLength > limit) {
    throw new ValidationError(`The payload is ${payload.byteLength} bytes; Lambda accepts at most ${limit} for ${type} invocations.`, 'Payload');
  }
  const command = new InvokeCommand({
    FunctionName: input.functionName,
    Qualifier: input.qualifier,
    InvocationType: type as InvocationType,
    Payload: payload,
    LogType: input.logTail !== false && type === 'RequestResponse' ? 'Tail' : 'None',
  });
  const debug = input.debug;
  if (debug) {
    // Added in the build step, so the signature (finalizeRequest) covers them.
    command.middlewareStack.add(
      (next) => (args) => {
        if (HttpRequest.isInstance(args.request)) {
          args.request.headers[LOCAL_DEBUG_PORT_HEADER] = String(debug.port);
          args.request.headers[LOCAL_DEBUG_WAIT_HEADER] = String(debug.wait !== false);
        }
        return next(args);
      },
      { step: 'build', name: 'lambdaWorkbenchLocalDebug' },
    );
  }
  const started = performance.now();
  const out = await client.send(command, { abortSignal: options.signal });
  return readOutcome(out, performance.now() - started);
}

/** Turns the raw InvokeCommand output into what the result panel shows. */
export function readOutcome(out: InvokeCommandOutput, clientDurationMs = 0): InvokeOutcome {
  const bytes = out.Payload ?? new Uint8Array();
  let payloadText = '';
  let binary = false;
  try {
    payloadText = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    binary = true;
    payloadText = Buffer.from(bytes).toString('base64');
  }
  let payloadJson: unknown;
  if (!binary && payloadText.trim()) {
    try {
      payloadJson = JSON.parse(payloadText);
    } catch {
      payloadJson = undefined;
    }
  }
  const logTail = out.LogResult ? decodeLogTail(out.LogResult) : undefined;
  const outcome: InvokeOutcome = {
    statusCode: out.StatusCode ?? 0,
    executedVersion: out.ExecutedVersion,
    payloadText,
    payloadJson,
    binary,
    logTail,
    report: logTail ? reportFromLog(logTail) : undefined,
    requestId: out.$metadata?.requestId,
    clientDurationMs,
  };
  if (out.FunctionError) outcome.functionError = functionError(out.FunctionError, payloadJson);
  return outcome;
}

export function decodeLogTail(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8');
}

/** The figures of the last REPORT line (text or JSON log format) in a log tail. */
export function reportFromLog(log: string): ReportFigures | undefined {
  const lines = log.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line) continue;
    const parsed = parseLine(line);
    if (parsed.kind === 'report' && parsed.report) return parsed.report;
  }
  return undefined;
}

function functionError(kind: string, json: unknown): FunctionErrorInfo {
  const info: FunctionErrorInfo = { kind };
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const j = json as Record<string, unknown>;
    if (typeof j.errorType === 'string') info.errorType = j.errorType;
    if (typeof j.errorMessage === 'string') info.errorMessage = j.errorMessage;
    // Node runtimes answer `trace`, Python and Java `stackTrace`.
    const stack = Array.isArray(j.trace) ? j.trace : Array.isArray(j.stackTrace) ? j.stackTrace : undefined;
    if (stack) info.stackTrace = stack.map(stackFrame);
  } else if (typeof json === 'string') {
    info.errorMessage = json;
  }
  return info;
}

/** Node sends frames as strings; Python as [file, line, function, code]. */
function stackFrame(f: unknown): string {
  if (typeof f === 'string') return f;
  if (Array.isArray(f) && f.length >= 3) return `File "${f[0]}", line ${f[1]}, in ${f[2]}${f[3] ? `: ${f[3]}` : ''}`;
  return JSON.stringify(f);
}
