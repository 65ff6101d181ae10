// Builds the extension, installs it into a fresh extensions folder the way a user would (code-server's
// own --install-extension on the .vsix that `npm run package` makes), and runs code-server on a
// workspace with a fresh user-data-dir. Shared by the end-to-end harness and `npm run demo`.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cleanNpmEnv, run, type Tools } from './env';

export const REPO_ROOT = findRepoRoot();

/** The folder whose package.json is this extension's (loaders differ on what __dirname is). */
function findRepoRoot(): string {
  for (const start of [resolve(__dirname, '..', '..'), __dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      try {
        if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'lambda-workbench') return dir;
      } catch {
        // No manifest here: go up.
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('cannot find the lambda-workbench repository root (run from inside it)');
}
export const VSIX_PATH = join(REPO_ROOT, 'dist', 'lambda-workbench.vsix');

interface Manifest {
  name: string;
  publisher: string;
  version: string;
}

export function manifest(): Manifest {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
}

/** `publisher.name`, the id VS Code knows the extension by. */
export function extensionId(): string {
  const m = manifest();
  return `${m.publisher}.${m.name}`;
}

/** Runs `npm run package` (production build + vsce); returns the .vsix path. */
export async function packageExtension(): Promise<string> {
  await run('npm', ['run', '--silent', 'package'], cleanNpmEnv(), REPO_ROOT);
  if (!existsSync(VSIX_PATH)) throw new Error(`npm run package finished without ${VSIX_PATH}`);
  return VSIX_PATH;
}

/** Installs a .vsix into an extensions folder with code-server's own installer; returns the folder it made. */
export async function installVsix(tools: Tools, vsix: string, extensionsDir: string, userDataDir: string): Promise<string> {
  mkdirSync(extensionsDir, { recursive: true });
  await run(
    tools.node,
    [tools.codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    codeServerEnv(userDataDir),
  );
  const m = manifest();
  const dir = join(extensionsDir, `${m.publisher}.${m.name}-${m.version}`);
  if (!existsSync(join(dir, 'package.json'))) {
    throw new Error(`code-server did not install the extension into ${dir}; found: ${readdirSync(extensionsDir).join(', ')}`);
  }
  return dir;
}

/** Settings for a quiet, deterministic workbench: no welcome page, telemetry, trust prompt or updates. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

export interface CodeServerOptions {
  tools: Tools;
  workspace: string;
  /** Holds user-data, extensions, config and logs; made fresh when omitted. */
  stateDir?: string;
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so the extension host (e.g. AWS_CONFIG_FILE). */
  env?: NodeJS.ProcessEnv;
  /** 0 picks a free port. */
  port?: number;
  /** Install from this .vsix; when omitted `npm run package` makes one. */
  vsix?: string;
  log?: (line: string) => void;
}

export interface CodeServer {
  url: string;
  workspace: string;
  stateDir: string;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's own stdout and stderr. */
  logFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Packages and installs the extension, starts code-server on a loopback port and waits until it answers. */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'lwb-e2e-'));
  try {
    return await launch(opts, stateDir);
  } catch (err) {
    // Its log tail is in the error; a folder this call made is not left behind.
    if (!opts.stateDir) removeDir(stateDir);
    throw err;
  }
}

async function launch(opts: CodeServerOptions, stateDir: string): Promise<CodeServer> {
  const log = opts.log ?? ((l: string) => console.error(l));
  const userDataDir = join(stateDir, 'user-data');
  const extensionsDir = join(stateDir, 'extensions');
  const logFile = join(stateDir, 'code-server.log');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...opts.settings }, null, 2));

  const vsix = opts.vsix ?? (await packageExtension());
  if (!existsSync(vsix)) throw new Error(`there is no .vsix at ${vsix}: \`npm run package\` failed or did not run (its output says why)`);
  const installed = await installVsix(opts.tools, vsix, extensionsDir, userDataDir);
  log(`code-server: extension installed into ${installed}`);

  const args = [
    opts.tools.codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${opts.port ?? 0}`,
    '--config',
    join(stateDir, 'config.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    opts.workspace,
  ];
  writeFileSync(join(stateDir, 'config.yaml'), 'auth: none\ncert: false\n');
  // Detached: the whole process group (server, extension host, the extension's children) is ended together.
  const child = spawn(opts.tools.node, args, { env: { ...codeServerEnv(userDataDir), ...opts.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => stopGroup(child);
  registerExitKill(child);
  try {
    const url = await waitForListening(child, logFile);
    await waitForHealth(url);
    return { url, workspace: opts.workspace, stateDir, userDataDir, extensionsDir, logFile, process: child, stop };
  } catch (err) {
    await stop();
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '';
    throw new Error(`code-server did not start: ${err instanceof Error ? err.message : String(err)}\n${tail}`);
  }
}

/** code-server keeps its own state under XDG folders; point them into the user-data-dir so nothing leaks into $HOME. */
function codeServerEnv(userDataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: join(userDataDir, 'xdg-config'),
    XDG_DATA_HOME: join(userDataDir, 'xdg-data'),
  };
  // A loader the test runner set up (tsx) is not meant for code-server's Node 24.
  delete env.NODE_OPTIONS;
  return env;
}

/** Reads code-server's output into the log file until it says where it listens. */
function waitForListening(child: ChildProcess, logFile: string): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let seen = '';
    let done = false;
    const onData = (chunk: Buffer) => {
      writeFileSync(logFile, chunk, { flag: 'a' });
      if (done) return;
      seen = (seen + chunk.toString()).slice(-8000);
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\/?/.exec(seen);
      if (m) {
        done = true;
        clearTimeout(timer);
        resolveUrl(`${m[1]}/`);
      }
    };
    const timer = setTimeout(() => {
      done = true;
      reject(new Error('no "HTTP server listening" line within 120 s'));
    }, 120_000);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`code-server exited early (code ${code}, signal ${signal})`));
    });
  });
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(new URL('healthz', url));
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}healthz did not answer: ${last}`);
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test runner that dies or is interrupted must not leave code-server behind. */
function registerExitKill(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of running) killGroup(c, 'SIGKILL');
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL'); // the leader is gone; its group may not be
    return;
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  killGroup(child, 'SIGKILL'); // extension host children that ignored SIGTERM
}

/** Copies a fixture workspace into a temp folder so a run never modifies the repository's copy. */
export function copyWorkspace(fixture: string, into?: string): string {
  const dest = into ?? mkdtempSync(join(tmpdir(), 'lwb-workspace-'));
  cpSync(fixture, dest, { recursive: true });
  return dest;
}

/** Every file under dir whose name matches, newest first. */
export function findFiles(dir: string, pred: (name: string) => boolean, acc: string[] = []): string[] {
  if (!existsSync(dir)) return acc;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) findFiles(p, pred, acc);
    else if (pred(name)) acc.push(p);
  }
  return acc.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
