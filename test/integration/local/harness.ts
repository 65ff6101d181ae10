// The one test harness for the embedded local service. startLocal() starts `node dist/local.js` on a free
// port in a temp data dir (building the bundle first when it is missing or older than src/local), and
// hands back SDK clients and an AWS CLI v2 runner pointed at it; every test that needs the service uses
// it. startLogsApi() mounts only the service's CloudWatch Logs API in this process, the way its front
// does, for tests that reach into the log store.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LOCAL_ACCOUNT_ID, DEFAULT_LOCAL_REGION, LOCAL_FLAGS, type LocalServiceInfo } from '../../../src/contract/localService';
import { createLogStore, createLogsApi, type LogStore, type LogStoreOptions } from '../../../src/local/logs';
import type { LocalLogsApi, LogsApiOptions } from '../../../src/local/logs/api';

export const ROOT = resolve(__dirname, '../../..');
export const LOCAL_BUNDLE = join(ROOT, 'dist/local.js');
export const AWS_CLI = '/usr/bin/aws';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON, else undefined. */
  json: unknown;
}

export interface StartOptions {
  /** Reuse a data dir (e.g. after a restart); it is then not deleted by stop() unless `removeDataDir`. */
  dataDir?: string;
  /** Extra flags for dist/local.js, e.g. ['--state-delay-ms', '0']. */
  args?: string[];
  /** SDK retries (default 1 attempt, so tests see throttles and errors as they are). */
  maxAttempts?: number;
  /** Extra environment for the service process. */
  env?: Record<string, string>;
}

export interface LocalHarness {
  info: LocalServiceInfo;
  dataDir: string;
  lambda: LambdaClient;
  logs: CloudWatchLogsClient;
  /** The service's stderr so far (for failure messages). */
  stderr(): string;
  /** Runs `/usr/bin/aws <args> --endpoint-url <endpoint>` with the service's credentials and no user config. */
  cli(args: string[], opts?: { input?: string; env?: Record<string, string> }): Promise<CliResult>;
  /** SIGTERM, wait for exit; deletes the temp data dir unless `keepDataDir`. Returns the exit code. */
  stop(opts?: { keepDataDir?: boolean }): Promise<number | null>;
  /** Stops (keeping the data dir) and starts a new service on the same data dir. */
  restart(): Promise<LocalHarness>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when dist/local.js is missing or older than any file under src/local (serialised across processes). */
export function ensureBuilt(): void {
  const fresh = (): boolean =>
    existsSync(LOCAL_BUNDLE) && statSync(LOCAL_BUNDLE).mtimeMs >= Math.max(newestMtime(join(ROOT, 'src/local')), newestMtime(join(ROOT, 'src/insights')));
  if (fresh()) return;
  try {
    execFileSync('flock', ['/tmp/lambda-workbench-build.lock', process.execPath, 'scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  } catch (err) {
    // The build may fail on another area's file while dist/local.js itself was written fine.
    if (!existsSync(LOCAL_BUNDLE)) throw new Error(`Building dist/local.js failed: ${(err as { stderr?: Buffer }).stderr?.toString() ?? err}`);
  }
}

export async function startLocal(opts: StartOptions = {}): Promise<LocalHarness> {
  ensureBuilt();
  const ownDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'lwb-local-'));
  const child = spawn(process.execPath, [LOCAL_BUNDLE, LOCAL_FLAGS.port, '0', LOCAL_FLAGS.dataDir, dataDir, ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(opts.env ?? {}) },
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => {
    stderr += c;
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  });
  let info: LocalServiceInfo;
  try {
    info = await readInfo(child, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const credentials = { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey };
  const clientConfig = { endpoint: info.endpoint, region: info.region, credentials, maxAttempts: opts.maxAttempts ?? 1 };
  const lambda = new LambdaClient(clientConfig);
  // StartLiveTail's `streaming-` host prefix cannot apply to 127.0.0.1 (the extension's client factory does the same).
  const logs = new CloudWatchLogsClient({ ...clientConfig, disableHostPrefix: true });
  const cliDir = mkdtempSync(join(tmpdir(), 'lwb-cli-'));
  writeFileSync(join(cliDir, 'config'), '');
  writeFileSync(join(cliDir, 'credentials'), '');

  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const stop = async (o: { keepDataDir?: boolean } = {}): Promise<number | null> => {
    lambda.destroy();
    logs.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    const code = await exited;
    clearTimeout(timer);
    rmSync(cliDir, { recursive: true, force: true });
    if (ownDataDir && !o.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    return code;
  };

  const harness: LocalHarness = {
    info,
    dataDir,
    lambda,
    logs,
    stderr: () => stderr,
    cli: (args, o = {}) => runCli(info, cliDir, args, o),
    stop,
    restart: async () => {
      await stop({ keepDataDir: true });
      const next = await startLocal({ ...opts, dataDir });
      // The restarted service owns the temp dir now: remove it when it stops.
      if (ownDataDir) {
        const innerStop = next.stop;
        next.stop = async (o2 = {}) => {
          const code = await innerStop(o2);
          if (!o2.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
          return code;
        };
      }
      return next;
    },
  };
  return harness;
}

function readInfo(child: ChildProcess, stderr: () => string): Promise<LocalServiceInfo> {
  return new Promise((resolvePromise, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`dist/local.js did not print its info line within 20 s. stderr:\n${stderr()}`)), 20_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (c: string) => {
      buf += c;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        resolvePromise(JSON.parse(buf.slice(0, nl)) as LocalServiceInfo);
      } catch {
        reject(new Error(`dist/local.js printed a non-JSON first line: ${buf.slice(0, nl)}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dist/local.js exited with ${code} before listening. stderr:\n${stderr()}`));
    });
  });
}

function runCli(info: LocalServiceInfo, cliDir: string, args: string[], o: { input?: string; env?: Record<string, string> }): Promise<CliResult> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: cliDir,
    AWS_ACCESS_KEY_ID: info.accessKeyId,
    AWS_SECRET_ACCESS_KEY: info.secretAccessKey,
    AWS_DEFAULT_REGION: info.region,
    AWS_CONFIG_FILE: join(cliDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(cliDir, 'credentials'),
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    ...(o.env ?? {}),
  };
  return new Promise((resolvePromise) => {
    const child = execFile(
      AWS_CLI,
      [...args, '--endpoint-url', info.endpoint, '--output', 'json'],
      { env, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        let json: unknown;
        try {
          json = stdout.trim() ? JSON.parse(stdout) : undefined;
        } catch {
          json = undefined;
        }
        resolvePromise({ code, stdout, stderr, json });
      },
    );
    if (o.input !== undefined) child.stdin?.end(o.input);
    else child.stdin?.end();
  });
}

// ---- the Logs API alone ----------------------------------------------------------------------

/** The Logs API alone, in this process: its store, the API object, and a client pointed at it. */
export interface LogsApiHarness {
  store: LogStore;
  api: LocalLogsApi;
  client: CloudWatchLogsClient;
  endpoint: string;
  dataDir: string;
  /** Requests seen: host header and target, to check where the SDK sent them. */
  seen: { host: string | undefined; target: string | undefined }[];
  close(): Promise<void>;
}

export async function startLogsApi(opts: Partial<LogStoreOptions> & Partial<LogsApiOptions> = {}): Promise<LogsApiHarness> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'logs-api-'));
  const store = createLogStore({ warn: () => {}, ...opts, dataDir });
  const api = createLogsApi(store, { region: DEFAULT_LOCAL_REGION, accountId: LOCAL_ACCOUNT_ID, ...opts });
  const seen: LogsApiHarness['seen'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'] as string | undefined;
      seen.push({ host: req.headers.host, target });
      const op = target?.startsWith('Logs_20140328.') ? target.slice('Logs_20140328.'.length) : '';
      void api.handle(op, Buffer.concat(chunks), req, res);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new CloudWatchLogsClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  return {
    store,
    api,
    client,
    endpoint,
    dataDir,
    seen,
    async close() {
      client.destroy();
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await store.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
