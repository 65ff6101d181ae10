// A shared cache of what the local service builds or fetches once per machine (the compiled Java
// runtime client, Node binaries), outside the repository and the user's projects. Installs are atomic:
// built in a temp folder beside the final one, then renamed into place, so a half-finished install is
// never used and two services racing keep whichever finished first.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const MARKER = '.lambda-workbench-complete';

/** $LAMBDA_WORKBENCH_CACHE, else $XDG_CACHE_HOME or ~/.cache, /lambda-workbench. */
export function cacheRoot(): string {
  if (process.env.LAMBDA_WORKBENCH_CACHE) return process.env.LAMBDA_WORKBENCH_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lambda-workbench');
}

export function isInstalled(dir: string): boolean {
  return existsSync(join(dir, MARKER));
}

const running = new Map<string, Promise<string>>();

/** `final` once complete: runs `install(tmp)` unless an earlier run finished it. One run per folder per process. */
export function installOnce(final: string, install: (tmp: string) => Promise<void>): Promise<string> {
  if (isInstalled(final)) return Promise.resolve(final);
  let p = running.get(final);
  if (!p) {
    p = (async () => {
      const parent = join(final, '..');
      mkdirSync(parent, { recursive: true });
      removeStaleTemps(parent);
      const tmp = mkdtempSync(join(parent, '.tmp-'));
      try {
        await install(tmp);
        writeFileSync(join(tmp, MARKER), new Date().toISOString() + '\n');
        if (existsSync(final) && !isInstalled(final)) rmSync(final, { recursive: true, force: true });
        try {
          renameSync(tmp, final);
        } catch (err) {
          if (!isInstalled(final)) throw err;
        }
        return final;
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    })().finally(() => running.delete(final));
    running.set(final, p);
  }
  return p;
}

/** Temp folders older than a day are what an interrupted install left behind. */
function removeStaleTemps(dir: string): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('.tmp-')) continue;
    try {
      if (statSync(join(dir, name)).mtimeMs < dayAgo) rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

/**
 * The environment for an npm started from inside another npm's script (the service under `npm test`,
 * the e2e tool installs): none of the outer npm's npm_* settings, INIT_CWD or node_modules/.bin on
 * PATH. Otherwise the inner npm reports the outer one's Node: code-server's postinstall read Node 20
 * from npm_config_user_agent that way.
 */
export function cleanNpmEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'NODE') out[k] = v;
  if (env.PATH !== undefined) {
    out.PATH = env.PATH.split(delimiter)
      .filter((d) => !/[\\/]node_modules[\\/]\.bin$/.test(d) && !/[\\/]node-gyp-bin$/.test(d))
      .join(delimiter);
  }
  return out;
}
