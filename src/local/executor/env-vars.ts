// The process environment of a function, as Lambda builds it: its reserved variables, the language
// paths with layers where /opt would put them, then the function's own variables (which may extend
// PATH and friends but never override a reserved one). Nothing of the local service's own environment
// leaks in, above all no credentials: functions get dummy local keys so an SDK inside them never falls
// back to the user's ~/.aws profiles.
import { delimiter, dirname, join } from 'node:path';
import type { ResolvedFunction } from '../seams';
import type { RunnerSpec } from './runners';
import { RESERVED_ENV_KEYS } from '../../contract/lambdaEnvironment';

/**
 * Dummy credentials: an SDK accepts any strings, AWS refuses these. Never the user's keys. They are
 * deliberately not shaped like AWS keys (AKIA/ASIA ids, 40-character secrets), so secret scanners
 * (vsce's, the Marketplace's) and people reading logs never take them for real ones.
 */
export const LOCAL_FUNCTION_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'lambda-workbench-local-function',
  AWS_SECRET_ACCESS_KEY: 'lambda-workbench-local-dummy-secret',
  AWS_SESSION_TOKEN: 'lambda-workbench-local-dummy-session-token',
};

export interface EnvInputs {
  fn: ResolvedFunction;
  runner: RunnerSpec;
  region: string;
  runtimeApi: string; // host:port
  logStream: string;
  tmpDir: string;
}

const joinPath = (parts: (string | undefined)[]): string => parts.filter(Boolean).join(delimiter);

export function buildEnvironment({ fn, runner, region, runtimeApi, logStream, tmpDir }: EnvInputs): Record<string, string> {
  // /opt is the merge of the layers in order, later ones winning: so later layers come first here.
  const opts = [...fn.layerDirs].reverse();
  const hostPath = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  const env: Record<string, string> = {
    PATH: joinPath([runner.family === 'provided' ? undefined : dirname(runner.command), hostPath, ...opts.map((o) => join(o, 'bin'))]),
    LD_LIBRARY_PATH: joinPath([...opts.map((o) => join(o, 'lib')), process.env.LD_LIBRARY_PATH]),
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    // Their /tmp: os.tmpdir() and tempfile land in a scratch folder the service removes.
    TMPDIR: tmpDir,
    HOME: tmpDir,
  };
  if (runner.family === 'node') {
    const major = /^nodejs(\d+)/.exec(fn.runtime)?.[1] ?? '';
    env.NODE_PATH = joinPath([
      ...opts.flatMap((o) => [join(o, 'nodejs', `node${major}`, 'node_modules'), join(o, 'nodejs', 'node_modules')]),
      join(runner.runtimeDir, 'node_modules'),
      runner.runtimeDir,
      fn.codeDir,
    ]);
    env.AWS_EXECUTION_ENV = `AWS_Lambda_${fn.runtime}`;
  } else if (runner.family === 'python') {
    const v = runner.languageVersion ?? '3';
    env.PYTHONPATH = joinPath([
      fn.codeDir,
      ...opts.flatMap((o) => [join(o, 'python', 'lib', `python${v}`, 'site-packages'), join(o, 'python')]),
      runner.runtimeDir,
    ]);
    env.AWS_EXECUTION_ENV = `AWS_Lambda_${fn.runtime}`;
    // Python would write __pycache__ into the user's source folder; Lambda's /var/task is read-only too.
    env.PYTHONDONTWRITEBYTECODE = '1';
  } else if (runner.family === 'ruby') {
    // Lambda: GEM_PATH=/var/task/vendor/bundle/ruby/3.2.0:/opt/ruby/gems/3.2.0, RUBYLIB=/var/task:/opt/ruby/lib.
    // A bundle made on this machine's ruby sits under its own version folder, so both are searched.
    const versions = [...new Set([runner.languageVersion, runner.actualLanguageVersion].filter((v): v is string => !!v))];
    env.GEM_PATH = joinPath([
      ...versions.map((v) => join(fn.codeDir, 'vendor', 'bundle', 'ruby', v)),
      ...opts.flatMap((o) => versions.map((v) => join(o, 'ruby', 'gems', v))),
    ]);
    env.RUBYLIB = joinPath([fn.codeDir, runner.runtimeDir, ...opts.map((o) => join(o, 'ruby', 'lib'))]);
    env.AWS_EXECUTION_ENV = `AWS_Lambda_${fn.runtime}`;
  } else if (runner.family === 'java') {
    // The classpath is on the JVM's command line (runners); Lambda's java runtime names itself here too.
    env.AWS_EXECUTION_ENV = `AWS_Lambda_${fn.runtime}`;
  }
  if (fn.logFormat === 'JSON') {
    env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
    if (fn.applicationLogLevel) env.AWS_LAMBDA_LOG_LEVEL = fn.applicationLogLevel.toUpperCase();
  }
  // The function's own variables: extending the unreserved ones is allowed, reserved ones are not.
  for (const [k, v] of Object.entries(fn.environment ?? {})) if (!RESERVED_ENV_KEYS.has(k)) env[k] = String(v);
  Object.assign(env, {
    _HANDLER: fn.handler,
    LAMBDA_TASK_ROOT: fn.codeDir,
    LAMBDA_RUNTIME_DIR: runner.runtimeDir,
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: fn.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: logStream,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    ...LOCAL_FUNCTION_CREDENTIALS,
  });
  return env;
}
