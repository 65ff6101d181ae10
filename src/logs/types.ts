// Shapes shared by the tail engine, the parser, the panel model and the panel. Pure data: these cross
// the webview boundary as JSON, so nothing here holds functions or class instances.

/** One log event as the tail engine hands it on, whichever API it came from. */
export interface TailEvent {
  /** Log group name (never the ARN: the panel shows names). */
  logGroup: string;
  logStream: string;
  timestamp: number; // epoch ms
  message: string;
  ingestionTime?: number;
  /** FilterLogEvents gives one; StartLiveTail does not. */
  eventId?: string;
}

export type TailMode = 'connecting' | 'live' | 'polling' | 'reconnecting' | 'stopped' | 'failed';

export interface TailStatus {
  mode: TailMode;
  /** True while the last live update said it carried only a sample of the matching events. */
  sampled: boolean;
  /** Why the engine is in this mode, e.g. why it fell back to polling. Never holds secrets. */
  reason?: string;
  /** Current poll interval when polling. */
  pollIntervalMs?: number;
}

/** The figures of a REPORT line or a platform.report record. */
export interface ReportFigures {
  durationMs?: number;
  billedDurationMs?: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  initDurationMs?: number;
  restoreDurationMs?: number;
  billedRestoreDurationMs?: number;
  xrayTraceId?: string;
  /** 'success' | 'timeout' | 'error' | ... as Lambda reports it (newer runtimes). */
  status?: string;
  errorType?: string;
}

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

export type LineKind =
  | 'start' // START RequestId / platform.start
  | 'end' // END RequestId / platform.runtimeDone
  | 'report' // REPORT RequestId / platform.report
  | 'init' // INIT_START / platform.initStart and friends: environment start, before any request
  | 'timeout' // Task timed out after N seconds
  | 'app' // an application line in a known runtime format
  | 'platform' // other platform / extension lines
  | 'text'; // anything else

export interface ParsedLine {
  kind: LineKind;
  requestId?: string;
  level?: LogLevel;
  /** The message without the runtime's prefix (timestamp, request id, level). */
  text: string;
  /** Set when the text (or the whole line) is a JSON object: the panel pretty-prints it. */
  json?: unknown;
  report?: ReportFigures;
  /** START's `Version:`. */
  version?: string;
  /** An error the function raised: Runtime.* error types, uncaught exceptions, tracebacks. */
  error?: boolean;
  /** Error type when known, e.g. Runtime.ExitError, ZeroDivisionError. */
  errorType?: string;
  /** Timeout in seconds for `kind: 'timeout'`. */
  timeoutSeconds?: number;
}
