// `lambda-workbench-local start-api`: serves a template's APIs through this process's own executor
// (warm environments, source mode: an edited handler runs on the next request), prints one JSON line
// (LocalApiInfo) once listening, logs requests and function output on stderr, stops on SIGTERM/SIGINT.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_ACCOUNT_ID } from '../../contract/localService';
import { createExecutor } from '../executor/index';
import { createLogStore } from '../logs/index';
import { ACCOUNT_CONCURRENCY } from '../parts';
import type { Executor, LogSink, ResolvedFunction } from '../seams';
import { StartApiHelp, START_API_USAGE, parseStartApiArgs } from './cliArgs';
import { TemplateLoadError, type ApiInvoker, type ApiModel, type FunctionDef } from './model';
import { loadApiModel } from './model/index';
import { startApiServer } from './server';
import { startFunctionUrlServers, type FunctionUrlServers } from './functionUrlServers';
import { loadOrCreateKeys } from '../credentials';
import { stopOnSignals } from '../lifecycle';

function revisionOf(def: FunctionDef): string {
  return createHash('sha256').update(JSON.stringify(def)).digest('hex');
}

/** Runs a template's functions on an executor; follows the model across reloads, retiring environments of changed functions. */
export class TemplateInvoker implements ApiInvoker {
  private defs = new Map<string, { fn: ResolvedFunction; revision: string }>();

  constructor(
    private readonly executor: Executor,
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  /** Takes the functions of a (re)loaded model; environments of functions whose definition changed or went away are retired. */
  async update(model: ApiModel): Promise<void> {
    const next = new Map<string, { fn: ResolvedFunction; revision: string }>();
    for (const [id, def] of model.functions) {
      const revision = revisionOf(def);
      next.set(id, { fn: this.resolve(def, revision), revision });
    }
    const stale = [...this.defs].filter(([id, d]) => next.get(id)?.revision !== d.revision).map(([id]) => id);
    this.defs = next;
    await Promise.all(stale.map((id) => this.executor.invalidate(id)));
  }

  private resolve(def: FunctionDef, revision: string): ResolvedFunction {
    return {
      functionName: def.logicalId,
      functionArn: `arn:aws:lambda:${this.region}:${this.accountId}:function:${def.logicalId}`,
      version: '$LATEST',
      runtime: def.runtime,
      handler: def.handler,
      codeDir: def.codeDir,
      sourceMode: true,
      layerDirs: def.layerDirs,
      memorySize: def.memorySize,
      timeout: def.timeout,
      environment: def.environment,
      logGroup: def.logGroup,
      logFormat: def.logFormat,
      architectures: def.architectures,
      revisionId: revision,
      codeSha256: createHash('sha256').update(def.codeDir).digest('base64'),
    };
  }

  async invoke(
    functionId: string,
    payload: Buffer,
    opts?: { onChunk?: (chunk: Buffer) => void },
  ): Promise<{ payload: Buffer; functionError?: 'Unhandled' | 'Handled'; requestId: string }> {
    const d = this.defs.get(functionId);
    if (!d) throw new Error(`function ${functionId} is not in the template`);
    const requestId = randomUUID();
    const r = await this.executor.invoke({
      fn: d.fn,
      payload,
      invocationType: 'RequestResponse',
      logTail: false,
      requestId,
      ...(opts?.onChunk ? { onChunk: opts.onChunk } : {}),
    });
    return { payload: r.payload, ...(r.functionError ? { functionError: r.functionError } : {}), requestId };
  }
}

function readEnvVars(file: string): Record<string, Record<string, string>> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--env-vars ${file}: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`--env-vars ${file}: expected a JSON object like { "MyFunction": { "VAR": "value" }, "Parameters": { "VAR": "value" } }.`);
  }
  const out: Record<string, Record<string, string>> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`--env-vars ${file}: "${k}" must be an object of variables.`);
    out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([n, x]) => [n, typeof x === 'string' ? x : JSON.stringify(x)]));
  }
  return out;
}

export async function runStartApi(argv: string[]): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`start-api: ${line}\n`);
  let opts;
  try {
    opts = parseStartApiArgs(argv);
  } catch (err) {
    if (err instanceof StartApiHelp) {
      process.stdout.write(`${START_API_USAGE}\n`);
      process.exit(0);
    }
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  let envVars;
  try {
    envVars = opts.envVarsFile ? readEnvVars(opts.envVarsFile) : undefined;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  if (opts.ignored.length) log(`ignored (functions run without Docker here): ${opts.ignored.join(' ')}`);
  mkdirSync(opts.dataDir, { recursive: true });
  const store = createLogStore({ dataDir: opts.dataDir, warn: log });
  // function output goes to the log store (for the log tail) and to stderr, as sam local prints it
  const sink: LogSink = {
    append(group, stream, events) {
      store.append(group, stream, events);
      for (const e of events) process.stderr.write(e.message.endsWith('\n') ? e.message : `${e.message}\n`);
    },
  };
  const executor = createExecutor({
    region: opts.region,
    accountId: LOCAL_ACCOUNT_ID,
    workDir: join(opts.dataDir, 'work'),
    logSink: sink,
    accountConcurrency: ACCOUNT_CONCURRENCY,
  });
  const invoker = new TemplateInvoker(executor, opts.region, LOCAL_ACCOUNT_ID);
  let server;
  try {
    server = await startApiServer({
      templatePath: opts.templatePath,
      load: { parameterOverrides: opts.parameterOverrides, region: opts.region, accountId: LOCAL_ACCOUNT_ID, ...(envVars ? { envVars } : {}) },
      host: opts.host,
      port: opts.port,
      invoker,
      disableAuthorizer: opts.disableAuthorizer,
      log,
      loadModel: loadApiModel,
      onModel: (model) => invoker.update(model),
    });
  } catch (err) {
    await executor.shutdown().catch(() => undefined);
    await store.close().catch(() => undefined);
    if (err instanceof TemplateLoadError) process.stderr.write(`${err.message}\n`);
    else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      process.stderr.write(`start-api: port ${opts.port} on ${opts.host} is in use; pick another with --port.\n`);
    else process.stderr.write(`start-api: failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  // The template's function URLs (FunctionUrlConfig): one port each after the API's, as sam local
  // start-function-urls serves them; AWS_IAM ones check signatures made with the data dir's keys.
  let urls: FunctionUrlServers | undefined;
  try {
    urls = await startFunctionUrlServers(server.model, invoker, {
      host: opts.host,
      basePort: opts.port ? opts.port + 1 : 0,
      keys: loadOrCreateKeys(opts.dataDir),
      region: opts.region,
      accountId: LOCAL_ACCOUNT_ID,
      log,
    });
    server.info.functionUrls = urls.urls;
  } catch (err) {
    log(`function URLs not served: ${(err as Error).message}`);
  }
  process.stdout.write(`${JSON.stringify(server.info)}\n`);
  for (const u of server.info.functionUrls) log(`function URL ${u.url} → ${u.function} (${u.authType}, ${u.invokeMode})`);
  for (const r of server.info.routes) log(`mounted ${r.method} ${server.info.endpoint}${r.path === '$default' ? '/*' : r.path} → ${r.function} (${r.api})`);
  for (const w of server.info.warnings) log(`warning: ${w}`);
  stopOnSignals(log, async () => {
    await server.close();
    await urls?.close();
    await executor.shutdown();
    await store.close();
  });
}
