// Entry of `lambda-workbench-local` (bundled to dist/local.js): starts the service (or, with `start-api`, serves a template's APIs), prints one JSON line
// with its endpoint and credentials on stdout, logs to stderr, shuts down cleanly on SIGTERM/SIGINT.
import { HelpRequested, USAGE, parseArgs } from './args';
import { startLocalService } from './server';
import { stopOnSignals } from './lifecycle';
import { ACCOUNT_CONCURRENCY, assembleParts } from './parts';
import { runStartApi } from './http/cli';

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const log = (line: string): void => void process.stderr.write(`lambda-workbench-local: ${line}\n`);
  const parts = assembleParts({
    dataDir: opts.dataDir,
    region: opts.region,
    log,
    metricsRetentionDays: opts.metricsRetentionDays,
    metricsMaxBytes: opts.metricsMaxMb === undefined ? undefined : Math.floor(opts.metricsMaxMb * 1024 * 1024),
    logsMaxBytes: opts.logsMaxMb === undefined ? undefined : Math.floor(opts.logsMaxMb * 1024 * 1024),
  });
  const service = await startLocalService({
    dataDir: opts.dataDir,
    host: opts.host,
    port: opts.port,
    region: opts.region,
    keys: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    stateDelayMs: opts.stateDelayMs,
    verbose: opts.verbose,
    accountConcurrency: ACCOUNT_CONCURRENCY,
    log,
    ...parts,
  });
  process.stdout.write(JSON.stringify(service.info) + '\n');
  log(`listening on ${service.info.endpoint} (data dir ${opts.dataDir})`);
  const stop = stopOnSignals(log, () => service.close());
  if (opts.parentPid) watchParent(opts.parentPid, () => stop(`parent ${opts.parentPid} exited`));
}

/** Polls the parent's liveness (signal 0 only checks it exists). */
function watchParent(pid: number, onGone: () => void): void {
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') {
        clearInterval(timer);
        onGone();
      }
    }
  }, 1000);
  timer.unref();
}

// `lambda-workbench-local start-api ...` serves a template's APIs (src/local/http/cli.ts); anything else starts the service.
(process.argv[2] === 'start-api' ? runStartApi(process.argv.slice(3)) : main()).catch((err: unknown) => {
  process.stderr.write(`lambda-workbench-local: failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
