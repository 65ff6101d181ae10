// Node functions run on the Node their runtime names (nodejs22.x on Node 22): the machine's node when
// it is that major, else a Node fetched once from the npm registry (the `node-<platform>-<arch>`
// packages ship the official binaries) into the shared cache. When that fails (offline), the nearest
// installed Node runs the function and the function's log says so: it is never silent.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, cleanNpmEnv, installOnce, isInstalled } from './tool-cache';

export interface NodeChoice {
  path: string;
  /** The full version that runs, e.g. 22.21.0. */
  version: string;
  major: number;
  /** Set when it is not the major the runtime names. */
  warning?: string;
}

const versions = new Map<string, Promise<string | undefined>>();
/** `node --version` of a binary, without the v; undefined when it does not run. */
export function nodeVersion(path: string): Promise<string | undefined> {
  if (path === process.execPath && !process.versions.electron) return Promise.resolve(process.versions.node);
  let p = versions.get(path);
  if (!p) {
    p = new Promise((resolve) => {
      execFile(path, ['--version'], { timeout: 10_000 }, (err, stdout) => resolve(err ? undefined : String(stdout).trim().replace(/^v/, '')));
    });
    versions.set(path, p);
  }
  return p;
}

const packageName = (): string => `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const nodeDir = (major: number): string => join(cacheRoot(), 'node', String(major));
const binaryIn = (dir: string): string => join(dir, 'node_modules', packageName(), 'bin', process.platform === 'win32' ? 'node.exe' : 'node');

const failed = new Map<number, string>();

/**
 * Installs node-<platform>-<arch>@major into the cache; rejects with npm's reason. A black-holed network
 * gives up within npm's fetch timeout, so the invoke waiting on it fails over instead of hanging.
 */
export function fetchNode(major: number): Promise<string> {
  return installOnce(nodeDir(major), (tmp) => {
    return new Promise<void>((resolve, reject) => {
      const npm = process.env.LAMBDA_WORKBENCH_NPM || (process.platform === 'win32' ? 'npm.cmd' : 'npm');
      const registry = process.env.LAMBDA_WORKBENCH_NPM_REGISTRY;
      const args = [
        'install',
        '--prefix',
        tmp,
        '--no-audit',
        '--no-fund',
        '--no-save',
        '--no-package-lock',
        '--loglevel=error',
        '--fetch-retries=0',
        '--fetch-timeout=30000',
      ];
      if (registry) args.push(`--registry=${registry}`);
      args.push(`${packageName()}@${major}`);
      execFile(npm, args, { env: cleanNpmEnv(), timeout: 180_000, maxBuffer: 4 << 20 }, (err, _stdout, stderr) => {
        if (err) return reject(new Error(String(stderr).trim().split('\n').slice(-3).join(' ') || err.message));
        if (!existsSync(binaryIn(tmp))) return reject(new Error(`${packageName()}@${major} has no bin/node`));
        resolve();
      });
    });
  }).then(binaryIn);
}

/** Nodes in the cache, by major. */
function cachedNodes(): Map<number, string> {
  const out = new Map<number, string>();
  const root = join(cacheRoot(), 'node');
  if (!existsSync(root)) return out;
  for (const name of readdirSync(root)) {
    const m = Number(name);
    if (Number.isInteger(m) && isInstalled(join(root, name)) && existsSync(binaryIn(join(root, name)))) out.set(m, binaryIn(join(root, name)));
  }
  return out;
}

/**
 * The node for a runtime's major. `machineNode` is the node found on this machine (the override, or
 * the one running the service). A failed fetch is not retried until the service restarts.
 */
export async function nodeFor(runtime: string, wanted: number, machineNode: string): Promise<NodeChoice> {
  const machineVersion = (await nodeVersion(machineNode)) ?? process.versions.node;
  const machine: NodeChoice = { path: machineNode, version: machineVersion, major: Number(machineVersion.split('.')[0]) };
  if (machine.major === wanted || !Number.isInteger(wanted)) return machine;
  const cached = cachedNodes().get(wanted);
  if (cached) return choice(cached, wanted);
  let reason = failed.get(wanted);
  if (!reason) {
    try {
      return await choice(await fetchNode(wanted), wanted);
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
      failed.set(wanted, reason);
    }
  }
  // The nearest installed major (the lower one on a tie): the machine's or one in the cache.
  const installed = [machine, ...(await Promise.all([...cachedNodes().values()].map((p) => choice(p, wanted))))];
  installed.sort((a, b) => Math.abs(a.major - wanted) - Math.abs(b.major - wanted) || a.major - b.major);
  const best = installed[0]!;
  return {
    ...best,
    warning:
      `WARNING: ${runtime} runs on Node ${best.version}, not Node ${wanted}: Node ${wanted} could not be fetched from the npm registry ` +
      `(${packageName()}@${wanted}: ${reason}). Connect to the registry and restart the local service, or install Node ${wanted} and set LAMBDA_WORKBENCH_NODE to it.`,
  };
}

async function choice(path: string, wanted: number): Promise<NodeChoice> {
  const version = (await nodeVersion(path)) ?? String(wanted);
  return { path, version, major: Number(version.split('.')[0]) };
}
