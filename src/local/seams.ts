// The seams between the parts of the embedded local service. The HTTP front (server.ts, the Lambda
// REST API and the store), the executor (Runtime API, runners, environments) and the CloudWatch Logs
// side (log store, Logs JSON API, StartLiveTail) are built separately and meet only here. Internal:
// what clients of the service rely on (constants, flags, the JSON line) is src/contract/localService.ts.

/**
 * An error that the HTTP front turns into an AWS-shaped error response: for the Lambda REST API the
 * `x-amzn-ErrorType` header plus a JSON body `{ Type, message }`; for the Logs JSON API a body with
 * `__type` and `message`.
 */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string, // exact AWS name, e.g. ResourceNotFoundException
    message: string,
    readonly fields: Record<string, unknown> = {},
    readonly type: 'User' | 'Service' = status >= 500 ? 'Service' : 'User',
  ) {
    super(message);
    this.name = code;
  }
}

// ---------------------------------------------------------------------------------------------
// Executor: runs one invocation of a resolved function version.

/** Lambda's payload limits: 6 MB for a synchronous request, 1 MB for an Event one (front and executor both check). */
export const MAX_SYNC_PAYLOAD = 6_291_456;
export const MAX_EVENT_PAYLOAD = 1_048_576;

export interface ResolvedFunction {
  functionName: string;
  functionArn: string; // unqualified ARN
  /** '$LATEST' or a published version number, the version that runs. */
  version: string;
  runtime: string; // e.g. nodejs20.x, python3.12, provided.al2023
  handler: string;
  /** Folder holding the function's code: the unpacked zip, or the source folder in source mode. */
  codeDir: string;
  /** True when codeDir is a user's source folder (LOCAL_SOURCE_BUCKET): read fresh at every invoke. */
  sourceMode: boolean;
  /** Unpacked layer folders, in the function's layer order (each is what /opt would hold). */
  layerDirs: string[];
  memorySize: number; // MB
  timeout: number; // seconds
  environment: Record<string, string>;
  logGroup: string; // /aws/lambda/NAME unless LoggingConfig.LogGroup says otherwise
  logFormat: 'Text' | 'JSON';
  applicationLogLevel?: string;
  systemLogLevel?: string;
  architectures: string[];
  /** Reserved concurrency, when set: no more environments than this, beyond that 429. */
  reservedConcurrency?: number;
  /** Changes whenever code or configuration changes: warm environments of an older revision are retired. */
  revisionId: string;
  codeSha256: string;
}

export interface InvokeRequest {
  fn: ResolvedFunction;
  payload: Buffer;
  invocationType: 'RequestResponse' | 'Event';
  /** LogType Tail: return the last 4 KB of this invocation's log, base64. */
  logTail: boolean;
  /** X-Amz-Client-Context as received (base64 JSON). */
  clientContext?: string;
  requestId: string;
  /** Set for "Debug locally": start the environment with the inspector on this port and wait for it. */
  debug?: { inspectPort: number; waitForDebugger: boolean };
  /**
   * Registers what to do if the caller goes away unanswered. A debug environment then stops: its
   * runtime may be waiting for a debugger that will never attach, with no timeout running.
   */
  onCallerGone?: (cb: () => void) => void;
  /**
   * Response streaming (InvokeWithResponseStream, RESPONSE_STREAM function URLs): receives the body as
   * a streaming handler writes it (the runtime posts it with Lambda-Runtime-Function-Response-Mode:
   * streaming); the result's payload is then empty. A buffered handler's payload still comes whole
   * in the result, and a streamed response without onChunk is collected into it.
   */
  onChunk?: (chunk: Buffer) => void;
}

export interface InvokeResult {
  payload: Buffer;
  /** Set when the function failed; the HTTP status stays 200 (X-Amz-Function-Error). */
  functionError?: 'Unhandled' | 'Handled';
  logTailBase64?: string;
  executedVersion: string;
}

export interface ExecutorStats {
  environments: number;
  busy: number;
}

export interface Executor {
  /**
   * Runs one invocation. RequestResponse resolves with the result. Throws ServiceError for what Lambda
   * answers with an HTTP error: TooManyRequestsException (429) when the concurrency limit is reached,
   * and errors that say what is missing for a runtime that cannot run here.
   */
  invoke(req: InvokeRequest): Promise<InvokeResult>;
  /** Retires every environment of the function (code/config change, delete). */
  invalidate(functionName: string): Promise<void>;
  /**
   * Resolves once every invocation that has answered has also written its END / REPORT lines (an
   * answer without a log tail goes out a few ticks before them). The Logs API waits on it.
   */
  logsWritten?(): Promise<void>;
  stats(): ExecutorStats;
  shutdown(): Promise<void>;
}

export interface ExecutorOptions {
  region: string;
  accountId: string;
  /** Where environments may create scratch folders (their /tmp). */
  workDir: string;
  logSink: LogSink;
  /** Account-level concurrency limit (GetAccountSettings reports the same number). */
  accountConcurrency: number;
}

// ---------------------------------------------------------------------------------------------
// Logs: the executor writes, the CloudWatch Logs API reads.

export interface LogEventInput {
  timestamp: number; // epoch ms
  message: string;
}

export interface LogSink {
  /** Creates the group and stream when missing, then appends; events arrive in timestamp order per stream. */
  append(group: string, stream: string, events: LogEventInput[]): void;
}

/** The CloudWatch Logs side, wired into the HTTP front by server.ts (src/local/logs/index.ts builds it). */
export interface LogsApi {
  /**
   * Serves one awsJson1_1 request that the front has already authenticated; `op` is the operation
   * name from `X-Amz-Target: Logs_20140328.<op>`. Writes the whole response (StartLiveTail streams it).
   */
  handle(op: string, body: Buffer, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void>;
  close(): Promise<void>;
}
