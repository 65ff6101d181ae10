// Which program runs a function's runtime, found on this machine: for nodejs* the Node it names (see
// node-versions), for python3.x its python3.x else python3, its ruby for ruby*, its JDK for java*, the
// function's own `bootstrap` for provided*. Anything else cannot run here and gets an error that says
// what is missing and what to do; a runtime that runs on another version than it names says so.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ServiceError, type ResolvedFunction } from '../seams';
import { compiledBootstrap, findJava, javaCommand, needsJdk } from './java-runner';
import { nodeFor } from './node-versions';

export type RuntimeFamily = 'node' | 'python' | 'ruby' | 'java' | 'provided';

export interface RunnerSpec {
  family: RuntimeFamily;
  command: string;
  args: string[];
  /** Folder of our bootstrap for this family (LAMBDA_RUNTIME_DIR). */
  runtimeDir: string;
  /** e.g. nodejs:20.local, shown in INIT_START like Lambda's runtime version. */
  runtimeVersion: string;
  /** Python: the major.minor the layers were built for (python/lib/pythonX.Y/site-packages); Ruby: the gem folder version (3.2.0). */
  languageVersion?: string;
  /** Ruby: the gem folder version of the interpreter that runs, when it differs from the declared one. */
  actualLanguageVersion?: string;
  /** Said in the function's log after INIT_START: the runtime runs, but not on the version it names. */
  warning?: string;
}

function runtimeFamily(runtime: string): RuntimeFamily | undefined {
  if (/^nodejs/.test(runtime)) return 'node';
  if (/^python3/.test(runtime)) return 'python';
  if (/^ruby\d/.test(runtime)) return 'ruby';
  if (/^java\d/.test(runtime)) return 'java';
  if (/^provided/.test(runtime)) return 'provided';
  return undefined;
}

let root: string | undefined;
/** Our bootstraps: next to dist/local.js once built, or in the sources when run through tsx. */
function runtimesRoot(): string {
  if (root) return root;
  const candidates = [
    join(__dirname, 'runtimes'), // dist/local.js -> dist/runtimes
    join(__dirname, '..', 'runtimes'), // src/local/executor -> src/local/runtimes; dist/x/ -> dist/runtimes
    join(__dirname, '..', '..', 'dist', 'runtimes'),
    join(__dirname, '..', '..', 'src', 'local', 'runtimes'),
  ];
  for (const c of candidates) if (existsSync(join(c, 'node', 'bootstrap.js'))) return (root = c);
  throw new ServiceError(
    500,
    'ServiceException',
    `The local service's runtime bootstraps are missing (looked in ${candidates.join(', ')}). Rebuild with "npm run build".`,
  );
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

let nodePath: string | undefined;
/** The machine's node; never VS Code's own Electron binary. */
function findNode(): string {
  if (nodePath) return nodePath;
  const override = process.env.LAMBDA_WORKBENCH_NODE;
  const found = override || (process.versions.electron ? onPath('node') : process.execPath);
  if (!found)
    throw missingInterpreter(
      'nodejs',
      'node',
      'Install Node.js 20 or later (https://nodejs.org) so that `node` is on PATH, or set LAMBDA_WORKBENCH_NODE to its path',
    );
  return (nodePath = found);
}

const pythons = new Map<string, Promise<{ path: string; version: string }>>();
/** A python (python3, or python3.12), resolved through shims (pyenv) once to the real binary, which starts faster. */
export function findPython(cmd = process.env.LAMBDA_WORKBENCH_PYTHON || 'python3'): Promise<{ path: string; version: string }> {
  let p = pythons.get(cmd);
  if (!p) {
    p = new Promise((resolve, reject) => {
      execFile(cmd, ['-c', 'import sys;print(sys.executable);print("%d.%d"%sys.version_info[:2])'], { timeout: 10_000 }, (err, stdout) => {
        const [exe, version] = String(stdout).trim().split('\n');
        if (err || !exe) {
          pythons.delete(cmd);
          reject(missingInterpreter('python', cmd, 'Install Python 3 so that `python3` is on PATH, or set LAMBDA_WORKBENCH_PYTHON to its path'));
        } else resolve({ path: exe, version: version ?? '3' });
      });
    });
    pythons.set(cmd, p);
  }
  return p;
}

/** python3.12 for python3.12 when on PATH (unless LAMBDA_WORKBENCH_PYTHON names one), else python3 with a warning. */
async function pythonFor(runtime: string, declared: string | undefined): Promise<{ path: string; version: string; warning?: string }> {
  if (declared && !process.env.LAMBDA_WORKBENCH_PYTHON) {
    const exact = await findPython(`python${declared}`).catch(() => undefined);
    if (exact?.version === declared) return exact;
  }
  const py = await findPython();
  if (!declared || py.version === declared) return py;
  return {
    ...py,
    warning: `WARNING: ${runtime} runs on Python ${py.version} (${py.path}), not Python ${declared}: no python${declared} on PATH. Install Python ${declared} so that python${declared} is on PATH.`,
  };
}

let ruby: Promise<{ path: string; version: string; abi: string }> | undefined;
/** The machine's ruby: its real binary, its version and its gem folder version (3.1.0). */
export function findRuby(): Promise<{ path: string; version: string; abi: string }> {
  ruby ??= new Promise((resolve, reject) => {
    const cmd = process.env.LAMBDA_WORKBENCH_RUBY || 'ruby';
    execFile(cmd, ['-e', 'puts RbConfig.ruby, RUBY_VERSION, RbConfig::CONFIG["ruby_version"]'], { timeout: 10_000 }, (err, stdout) => {
      const [exe, version, abi] = String(stdout).trim().split('\n');
      if (err || !exe || !version) {
        ruby = undefined;
        reject(
          missingInterpreter(
            'ruby',
            cmd,
            'Install Ruby so that `ruby` is on PATH (Debian/Ubuntu: `apt-get install ruby`), or set LAMBDA_WORKBENCH_RUBY to its path',
          ),
        );
      } else resolve({ path: exe, version, abi: abi ?? version });
    });
  });
  return ruby;
}

const debugpyChecked = new Map<string, Promise<boolean>>();
/** Whether this interpreter can import debugpy (what VS Code's Python debugger speaks); asked once per path. */
function hasDebugpy(python: string): Promise<boolean> {
  let p = debugpyChecked.get(python);
  if (!p) {
    p = new Promise<boolean>((resolve) => execFile(python, ['-c', 'import debugpy'], { timeout: 10_000 }, (err) => resolve(!err)));
    debugpyChecked.set(python, p);
    // A missing debugpy may be installed before the next try: only a yes is kept.
    void p.then((yes) => yes || debugpyChecked.delete(python));
  }
  return p;
}

/**
 * The interpreter a debug run uses. The one Invoke Locally would use, when it has debugpy. Otherwise
 * (unless LAMBDA_WORKBENCH_PYTHON names one) another interpreter of the same major.minor that has it:
 * `python3.X` on PATH, then the system's /usr/bin and /usr/local/bin ones (Debian's python3-debugpy
 * installs debugpy for /usr/bin/python3, while a pyenv python3 first on PATH has none). The version
 * stays the one Invoke Locally runs on, so debugging never changes the language version; `note` says
 * which interpreter was taken instead, in the function's log.
 */
async function debugPython(py: { path: string; version: string }): Promise<{ path: string; version: string; note?: string }> {
  if (await hasDebugpy(py.path)) return py;
  const tried = [py.path];
  if (!process.env.LAMBDA_WORKBENCH_PYTHON) {
    const v = py.version;
    const candidates = [`python${v}`, `/usr/bin/python${v}`, '/usr/bin/python3', `/usr/local/bin/python${v}`, '/usr/local/bin/python3'];
    for (const cmd of candidates) {
      const other = await findPython(cmd).catch(() => undefined);
      if (!other || other.version !== v || tried.includes(other.path)) continue;
      tried.push(other.path);
      if (await hasDebugpy(other.path)) {
        return { ...other, note: `Debugging on ${other.path} (Python ${v}, has debugpy): ${py.path} has no debugpy.` };
      }
    }
  }
  throw new ServiceError(
    400,
    'InvalidRuntimeException',
    `Cannot debug python functions: debugpy is not installed for ${tried.join(' or ')}. Install it with \`${py.path} -m pip install debugpy\`` +
      ' (Debian/Ubuntu: `apt-get install python3-debugpy` for /usr/bin/python3), or set LAMBDA_WORKBENCH_PYTHON to a python that has it, then start debugging again.',
  );
}

function missingInterpreter(runtime: string, program: string, what: string): ServiceError {
  return new ServiceError(
    400,
    'InvalidRuntimeException',
    `Cannot run ${runtime} functions locally: \`${program}\` was not found on this machine. ${what}, then invoke again.`,
  );
}

/** The provided.* entry point: the function's bootstrap, else a layer's (/opt/bootstrap). */
function findBootstrap(fn: ResolvedFunction): string | undefined {
  const dirs = [fn.codeDir, ...[...fn.layerDirs].reverse()];
  for (const d of dirs) {
    const p = join(d, 'bootstrap');
    if (existsSync(p)) return p;
  }
  return undefined;
}

export interface RunnerOptions {
  memorySize: number;
  debug?: { inspectPort: number; waitForDebugger: boolean };
}

export async function resolveRunner(fn: ResolvedFunction, opts: RunnerOptions): Promise<RunnerSpec> {
  const family = runtimeFamily(fn.runtime);
  const rt = family ? runtimesRoot() : '';
  if (family === 'node') {
    const major = Number(/^nodejs(\d+)/.exec(fn.runtime)?.[1] ?? process.versions.node.split('.')[0]);
    // Lambda's node runtime keeps the V8 heap under the function's memory, leaving room for the rest.
    const heap = Math.max(32, Math.floor(opts.memorySize * 0.9));
    const args = [`--max-old-space-size=${heap}`];
    if (opts.debug) args.push(`--inspect=127.0.0.1:${opts.debug.inspectPort}`);
    args.push(join(rt, 'node', 'bootstrap.js'));
    const node = await nodeFor(fn.runtime, major, findNode());
    return { family, command: node.path, args, runtimeDir: join(rt, 'node'), runtimeVersion: `nodejs:${node.major}.local`, warning: node.warning };
  }
  if (family === 'python') {
    const asked = /^python(\d+\.\d+)/.exec(fn.runtime)?.[1];
    const found = await pythonFor(fn.runtime, asked);
    const declared = asked ?? found.version;
    // -u: unbuffered, so print() output reaches the log as it happens, as in Lambda.
    const bootstrap = join(rt, 'python', 'bootstrap.py');
    let args = ['-u', bootstrap];
    let py: { path: string; version: string; note?: string } = found;
    if (opts.debug) {
      // debugpy is what VS Code's debugger attaches to: its adapter listens on the port and speaks DAP.
      py = await debugPython(found);
      const { inspectPort, waitForDebugger } = opts.debug;
      args = ['-u', '-m', 'debugpy', '--listen', `127.0.0.1:${inspectPort}`, ...(waitForDebugger ? ['--wait-for-client'] : []), bootstrap];
    }
    // The version shown is the interpreter that really runs, which may differ from the declared one.
    const said = [found.warning, py.note].filter(Boolean).join('\n');
    return {
      family,
      command: py.path,
      args,
      runtimeDir: join(rt, 'python'),
      runtimeVersion: `python:${py.version}.local`,
      languageVersion: declared,
      warning: said || undefined,
    };
  }
  if (family === 'ruby') {
    const rb = await findRuby();
    const declared = /^ruby(\d+\.\d+)/.exec(fn.runtime)?.[1];
    const minor = rb.version.split('.').slice(0, 2).join('.');
    return {
      family,
      command: rb.path,
      args: [join(rt, 'ruby', 'bootstrap.rb')],
      runtimeDir: join(rt, 'ruby'),
      runtimeVersion: `ruby:${minor}.local`,
      languageVersion: declared ? `${declared}.0` : rb.abi,
      actualLanguageVersion: rb.abi,
      warning:
        declared && declared !== minor
          ? `WARNING: ${fn.runtime} runs on this machine's Ruby ${rb.version} (${rb.path}), not Ruby ${declared}. Install Ruby ${declared} and set LAMBDA_WORKBENCH_RUBY to it.`
          : undefined,
    };
  }
  if (family === 'java') {
    const info = await findJava(fn.runtime);
    if (info.major < 11) throw needsJdk(fn.runtime, `this machine's Java ${info.version} (${info.home}) is older than 11, the oldest Lambda runs`);
    const client = await compiledBootstrap(rt, info, fn.runtime);
    const cmd = javaCommand(info, client, fn, opts.debug);
    return { family, ...cmd, runtimeDir: join(rt, 'java'), runtimeVersion: `java:${info.major}.local` };
  }
  if (family === 'provided') {
    const bootstrap = findBootstrap(fn);
    if (!bootstrap) {
      throw new ServiceError(
        400,
        'InvalidRuntimeException',
        `Cannot run ${fn.functionName} (${fn.runtime}): no executable named "bootstrap" at the root of its code or of a layer. Add one (for Go/Rust, the compiled binary named bootstrap), then update the function.`,
      );
    }
    return { family, command: bootstrap, args: [], runtimeDir: join(rt, 'provided'), runtimeVersion: `${fn.runtime}.local` };
  }
  throw unsupportedRuntime(fn.runtime);
}

function unsupportedRuntime(runtime: string): ServiceError {
  const lang = /^(dotnet|go)/.exec(runtime)?.[1] ?? runtime;
  const what: Record<string, string> = {
    dotnet: 'a .NET runtime and its Lambda runtime interface client (not installed here)',
    go: 'the retired go1.x runtime; Go functions run as provided.al2023 with a binary named bootstrap',
  };
  return new ServiceError(
    400,
    'InvalidRuntimeException',
    `The runtime ${runtime} cannot run in the local service: it needs ${what[lang] ?? 'a runtime this service does not know'}. ` +
      'Invoke it on AWS instead, or package it as a provided.al2023 function whose "bootstrap" runs it against the Runtime API.',
  );
}
