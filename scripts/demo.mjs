#!/usr/bin/env node
// `npm run demo`: runs Lambda Workbench in a real VS Code (code-server) on a copy of the demo workspace
// and prints the URL to open; stays up until Ctrl-C. The embedded local service starts with the demo
// template deployed (functions from the workspace's source folders, so edits run at the next invoke). On a fresh machine it first installs what is
// missing (Debian packages and npm modules through scripts/setup.sh; Node 24 and code-server into
// ~/.cache/lambda-workbench-e2e, shared with the end-to-end tests).
//
//   npm run demo                 # a free port on 127.0.0.1
//   npm run demo -- --port 8080  # a fixed port
//   npm run demo -- --vsix dist/lambda-workbench.vsix   # skip packaging, install this build
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '0' },
    vsix: { type: 'string' },
    'skip-setup': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: npm run demo [-- --port N] [-- --vsix FILE] [-- --skip-setup]');
  process.exit(0);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`demo: --port must be a port number (0 picks a free one), not "${args.port}"`);
  process.exit(2);
}

if (!args['skip-setup']) {
  const setup = spawnSync('bash', [join(root, 'scripts', 'setup.sh')], { stdio: 'inherit' });
  if (setup.status !== 0) {
    console.error('demo: scripts/setup.sh failed (see above); fix that and run npm run demo again');
    process.exit(1);
  }
}

// tsx exists only after setup; the launcher is TypeScript shared with the end-to-end harness.
const { tsImport } = await import('tsx/esm/api');
const { ensureTools } = await tsImport('../test/e2e/env.ts', import.meta.url);
const { startCodeServer, copyWorkspace, packageExtension, removeDir } = await tsImport('../test/e2e/codeserver.ts', import.meta.url);
const { seedDataDir } = await tsImport('../test/e2e/demoSeed.ts', import.meta.url);

const vsixArg = args.vsix ? resolve(args.vsix) : undefined;
if (vsixArg && !existsSync(vsixArg)) {
  console.error(`demo: ${vsixArg} does not exist; build one with npm run package, or leave --vsix out`);
  process.exit(2);
}
const tools = await ensureTools((line) => console.error(line));
const stateDir = mkdtempSync(join(tmpdir(), 'lwb-demo-'));
const workspace = copyWorkspace(join(root, 'test', 'fixtures', 'demo'), join(stateDir, 'demo'));
const localDataDir = join(stateDir, 'local-service');

let server;
let seeded;
try {
  // Packaging builds dist/, whose local.js seeds the data folder the extension's local service will use.
  const vsix = vsixArg ?? (await packageExtension());
  if (!existsSync(join(root, 'dist', 'local.js'))) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  seeded = await seedDataDir(join(root, 'dist', 'local.js'), localDataDir, workspace);
  const settings = { 'lambdaWorkbench.localService.dataDir': localDataDir };
  server = await startCodeServer({ tools, workspace, stateDir, port, vsix, settings, log: (l) => console.error(l) });
} catch (err) {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  removeDir(stateDir);
  process.exit(1);
}

const url = `${server.url}?folder=${encodeURIComponent(workspace)}`;
console.log('');
console.log(`Lambda Workbench demo is running in code-server ${tools.codeServerVersion}:`);
console.log(`  ${url}`);
console.log(`workspace (a copy of test/fixtures/demo): ${workspace}`);
console.log(
  `local service: functions ${Object.values(seeded.functions).join(', ')}; layers ${Object.values(seeded.layers)
    .map((arn) => arn.split(':').slice(-2).join(':'))
    .join(', ')} (data in ${localDataDir})`,
);
console.log(`logs: ${server.logFile}, ${join(server.userDataDir, 'logs')}`);
console.log('Press Ctrl-C to stop.');

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.error(`\ndemo: ${signal}, stopping code-server`);
  await server.stop();
  removeDir(stateDir);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
server.process.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`demo: code-server exited (code ${code}, signal ${signal}); its log: ${server.logFile}`);
  process.exit(1);
});
