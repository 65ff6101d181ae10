// The embedded local service's client-facing contract: what a client (the extension, tests, scripts)
// and the service (src/local) must agree on. Both sides import it from here, so it imports nothing of
// ours and no package: constants, the command-line flags, and the JSON line the service prints.
// The service's internal seams (executor, log sink, errors) stay in src/local/seams.ts.

/** Fixed identity of the local service: ARNs look like real ones so tools that parse them keep working. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const DEFAULT_LOCAL_REGION = 'us-east-1';

/**
 * The local-only way to create or update a function from a source folder instead of a zip: pass
 * `Code: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: '/absolute/path/to/folder' }`. There is no S3 locally,
 * so this bucket name cannot clash with a real upload. The folder is read at every invoke, so edits
 * take effect on the next invoke without a deploy.
 */
export const LOCAL_SOURCE_BUCKET = 'lambda-workbench-local-source';

/**
 * Local-only Invoke headers for "Debug locally": run this RequestResponse invocation in a fresh
 * environment whose runtime listens for a debugger on this loopback port (Node's inspector; debugpy
 * for python) and, unless the second header says `false`, waits for the debugger to attach before
 * loading the handler. They are signed like every header; AWS ignores neither, it never sees them.
 */
export const LOCAL_DEBUG_PORT_HEADER = 'x-lambda-workbench-debug-port';
export const LOCAL_DEBUG_WAIT_HEADER = 'x-lambda-workbench-debug-wait';

/** Command-line flags of `lambda-workbench-local` (dist/local.js); src/local/args.ts parses them. */
export const LOCAL_FLAGS = {
  port: '--port',
  host: '--host',
  dataDir: '--data-dir',
  region: '--region',
  accessKeyId: '--access-key-id',
  secretAccessKey: '--secret-access-key',
  stateDelayMs: '--state-delay-ms',
  parentPid: '--parent-pid',
  verbose: '--verbose',
  help: '--help',
  /** CloudWatch metric points older than this many days are dropped (default 15). */
  metricsRetentionDays: '--metrics-retention-days',
  /** The metrics folder (<data-dir>/metrics) is kept under this many MB; the oldest points go first (default 64). */
  metricsMaxMb: '--metrics-max-mb',
  /** Log events held in memory (and on disk) across all groups stay under this many MB; the oldest go first (default 256). */
  logsMaxMb: '--logs-max-mb',
} as const;

/** The one JSON line `node dist/local.js` prints on stdout once it listens. */
export interface LocalServiceInfo {
  endpoint: string; // e.g. http://127.0.0.1:4566
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  pid: number;
  dataDir: string;
}
