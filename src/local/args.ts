// Command-line flags of `lambda-workbench-local` (dist/local.js); their names are the contract's LOCAL_FLAGS.
import { resolve } from 'node:path';
import { DEFAULT_LOCAL_REGION, LOCAL_FLAGS } from '../contract/localService';

export interface CliOptions {
  port: number;
  host: string;
  dataDir: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  stateDelayMs: number;
  verbose: boolean;
  /** Exit when this process is gone (the extension host), so a crashed parent leaves no orphan service. */
  parentPid?: number;
  /** CloudWatch metrics retention (days) and size cap (MB); the store's defaults when unset. */
  metricsRetentionDays?: number;
  metricsMaxMb?: number;
  /** Total size of the log store (MB); the store's default when unset. */
  logsMaxMb?: number;
}

export const USAGE = `Usage: lambda-workbench-local --data-dir DIR [--port N] [--host 127.0.0.1] [--region us-east-1]
                             [--access-key-id K --secret-access-key S] [--state-delay-ms 150] [--parent-pid PID] [--verbose]
                             [--metrics-retention-days 15] [--metrics-max-mb 64] [--logs-max-mb 256]
Runs the local Lambda service on loopback. Prints one JSON line (endpoint, region, credentials) once it listens.
--port 0 (the default) picks a free port. Credentials are generated once per data directory unless given.
--parent-pid: stop when that process exits. CloudWatch metrics (AWS/Lambda) are kept under DIR/metrics for
--metrics-retention-days, in at most --metrics-max-mb (the oldest points go first); function logs in at most
--logs-max-mb across all log groups (the oldest events go first, with a warning in the group). Functions can run from a source folder instead of a zip:
Code: { S3Bucket: 'lambda-workbench-local-source', S3Key: '/absolute/folder' }.`;

/** Thrown for --help: main prints the usage on stdout and exits 0. */
export class HelpRequested extends Error {
  constructor() {
    super(USAGE);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function parseArgs(argv: string[]): CliOptions {
  const o: Partial<CliOptions> & { verbose: boolean } = { verbose: false };
  const need = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value.\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    switch (flag) {
      case LOCAL_FLAGS.port: {
        const n = Number(need(i++, flag));
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be an integer from 0 to 65535 (got ${argv[i]}).`);
        o.port = n;
        break;
      }
      case LOCAL_FLAGS.host:
        o.host = need(i++, flag);
        if (!LOOPBACK.has(o.host))
          throw new Error(`--host must be a loopback address (127.0.0.1, localhost or ::1): the local service never listens on a network interface.`);
        break;
      case LOCAL_FLAGS.dataDir:
        o.dataDir = resolve(need(i++, flag));
        break;
      case LOCAL_FLAGS.region:
        o.region = need(i++, flag);
        if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(o.region)) throw new Error(`--region '${o.region}' is not a region name like us-east-1.`);
        break;
      case LOCAL_FLAGS.accessKeyId:
        o.accessKeyId = need(i++, flag);
        break;
      case LOCAL_FLAGS.secretAccessKey:
        o.secretAccessKey = need(i++, flag);
        break;
      case LOCAL_FLAGS.stateDelayMs:
        o.stateDelayMs = Number(need(i++, flag));
        if (!Number.isInteger(o.stateDelayMs) || o.stateDelayMs < 0) throw new Error('--state-delay-ms must be a non-negative integer.');
        break;
      case LOCAL_FLAGS.parentPid:
        o.parentPid = Number(need(i++, flag));
        if (!Number.isInteger(o.parentPid) || o.parentPid <= 0) throw new Error('--parent-pid must be a process id.');
        break;
      case LOCAL_FLAGS.metricsRetentionDays: {
        const n = Number(need(i++, flag));
        if (!Number.isFinite(n) || n <= 0 || n > 455) throw new Error(`--metrics-retention-days must be a number of days from 1 to 455 (got ${argv[i]}).`);
        o.metricsRetentionDays = n;
        break;
      }
      case LOCAL_FLAGS.metricsMaxMb: {
        const n = Number(need(i++, flag));
        if (!Number.isFinite(n) || n < 1) throw new Error(`--metrics-max-mb must be a size in MB of at least 1 (got ${argv[i]}).`);
        o.metricsMaxMb = n;
        break;
      }
      case LOCAL_FLAGS.logsMaxMb: {
        const n = Number(need(i++, flag));
        if (!Number.isFinite(n) || n < 1) throw new Error(`--logs-max-mb must be a size in MB of at least 1 (got ${argv[i]}).`);
        o.logsMaxMb = n;
        break;
      }
      case LOCAL_FLAGS.verbose:
        o.verbose = true;
        break;
      case LOCAL_FLAGS.help:
      case '-h':
        throw new HelpRequested();
      default:
        throw new Error(`Unknown option ${flag}.\n${USAGE}`);
    }
  }
  if (!o.dataDir) throw new Error(`--data-dir is required.\n${USAGE}`);
  if (Boolean(o.accessKeyId) !== Boolean(o.secretAccessKey)) throw new Error('--access-key-id and --secret-access-key go together.');
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    dataDir: o.dataDir,
    region: o.region ?? DEFAULT_LOCAL_REGION,
    stateDelayMs: o.stateDelayMs ?? 150,
    verbose: o.verbose,
    ...(o.parentPid ? { parentPid: o.parentPid } : {}),
    ...(o.metricsRetentionDays !== undefined ? { metricsRetentionDays: o.metricsRetentionDays } : {}),
    ...(o.metricsMaxMb !== undefined ? { metricsMaxMb: o.metricsMaxMb } : {}),
    ...(o.logsMaxMb !== undefined ? { logsMaxMb: o.logsMaxMb } : {}),
    ...(o.accessKeyId ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } : {}),
  };
}
