// The local service's Local API control operations (LOCAL_API_PATH, signed like every request): serve
// a template's APIs and function URLs from the service itself, running the service's own functions
// (functionNames maps the template's logical ids to them) through the Invoke path, so request logs
// land in each function's log group. Served APIs close with the service.
import { isAbsolute, resolve } from 'node:path';
import { LOCAL_API_PATH, type LocalApiInfo, type StartLocalApiInput } from '../../contract/localApi';
import { ServiceError } from '../seams';
import type { Keys } from '../security';
import { startFunctionUrlServers, type FunctionUrlServers } from './functionUrlServers';
import { TemplateLoadError, type ApiInvoker, type ApiModel, type LoadOptions } from './model';
import { loadApiModel } from './model/index';
import { startApiServer, type ApiServer } from './server';

export interface LocalApiControlOptions {
  region: string;
  accountId: string;
  /** Loopback address the APIs listen on (the service's own host). */
  host: string;
  /** The service's keys: AWS_IAM function URLs check signatures against them. */
  keys: Keys;
  /** Runs one of the service's functions by name, as Invoke does (lambda/localInvoker.ts). */
  invoker: ApiInvoker;
  log: (line: string) => void;
  loadModel?: (templatePath: string, opts: LoadOptions) => Promise<ApiModel>;
}

interface Served {
  template: string;
  api: ApiServer;
  urls: FunctionUrlServers;
}

function invalid(message: string): ServiceError {
  return new ServiceError(400, 'InvalidParameterValueException', message);
}

function stringMap(v: unknown, field: string): Record<string, string> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw invalid(`${field} must be an object whose values are strings.`);
  }
  return v as Record<string, string>;
}

/** Checks a StartLocalApiInput body, saying which field is wrong and how. */
export function parseStartInput(body: unknown): StartLocalApiInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The request body must be a JSON object (StartLocalApiInput).');
  const b = body as Record<string, unknown>;
  if (typeof b['template'] !== 'string' || !isAbsolute(b['template'])) throw invalid('template must be the absolute path of a SAM or CloudFormation template.');
  const port = b['port'];
  if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)) {
    throw invalid('port must be an integer from 0 to 65535 (0 or absent: a free port).');
  }
  if (b['disableAuthorizer'] !== undefined && typeof b['disableAuthorizer'] !== 'boolean') throw invalid('disableAuthorizer must be true or false.');
  if (b['functionNames'] === undefined) throw invalid("functionNames is required: the template's logical ids mapped to the local service's function names.");
  return {
    template: resolve(b['template']),
    ...(port !== undefined ? { port } : {}),
    parameterOverrides: stringMap(b['parameterOverrides'], 'parameterOverrides'),
    ...(b['disableAuthorizer'] !== undefined ? { disableAuthorizer: b['disableAuthorizer'] } : {}),
    functionNames: stringMap(b['functionNames'], 'functionNames'),
  };
}

/**
 * Template functions a request can reach (routes, authorizers, function URLs) without a local function.
 * A route whose function the model could not resolve is the server's to answer (502), not a mapping gap.
 */
function unmapped(model: ApiModel, names: Record<string, string>): string[] {
  const used = new Set<string>();
  for (const api of model.apis) {
    for (const r of api.routes) used.add(r.functionId);
    for (const a of Object.values(api.authorizers)) used.add(a.functionId);
  }
  for (const fn of model.functions.values()) if (fn.url) used.add(fn.logicalId);
  return [...used].filter((id) => model.functions.has(id) && !names[id]).sort();
}

export class LocalApiControl {
  private readonly served = new Map<string, Served>();
  /** Templates being started: a second start of one is a conflict, not a second server. */
  private readonly starting = new Set<string>();
  private closed = false;

  constructor(private readonly o: LocalApiControlOptions) {}

  async start(body: unknown): Promise<LocalApiInfo> {
    if (this.closed) throw new ServiceError(503, 'ServiceException', 'The local service is shutting down.');
    const input = parseStartInput(body);
    const running = [...this.served.values()].find((s) => s.template === input.template);
    if (running || this.starting.has(input.template)) {
      const where = running ? ` at ${running.api.info.endpoint} (id ${running.api.info.id})` : '';
      throw new ServiceError(409, 'ResourceConflictException', `The template ${input.template} is already served${where}: stop it before starting it again.`);
    }
    this.starting.add(input.template);
    try {
      return await this.launch(input);
    } finally {
      this.starting.delete(input.template);
    }
  }

  private async launch(input: StartLocalApiInput): Promise<LocalApiInfo> {
    const names = input.functionNames;
    const invoker: ApiInvoker = {
      invoke: (functionId, payload, opts) => {
        const name = names[functionId];
        if (!name) return Promise.reject(new Error(`${functionId} has no function on the local service (it is not in functionNames)`));
        return this.o.invoker.invoke(name, payload, opts);
      },
    };
    const load: LoadOptions = { parameterOverrides: input.parameterOverrides ?? {}, region: this.o.region, accountId: this.o.accountId };
    const loadModel = this.o.loadModel ?? loadApiModel;
    let api: ApiServer;
    try {
      api = await startApiServer({
        templatePath: input.template,
        load,
        host: this.o.host,
        port: input.port ?? 0,
        invoker,
        disableAuthorizer: input.disableAuthorizer ?? false,
        log: this.o.log,
        loadModel,
        onModel: (model, previous) => {
          if (previous) return;
          const missing = unmapped(model, names);
          if (missing.length) throw invalid(`functionNames has no local function for ${missing.join(', ')}: create them on the local service and map them.`);
        },
      });
    } catch (err) {
      if (err instanceof ServiceError) throw err;
      if (err instanceof TemplateLoadError) throw invalid(err.message);
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw invalid(`Port ${input.port} on ${this.o.host} is in use: choose another port, or 0 for a free one.`);
      throw invalid(`Could not serve ${input.template}: ${(err as Error).message}`);
    }
    let urls: FunctionUrlServers;
    try {
      const port = Number(new URL(api.info.endpoint).port);
      urls = await startFunctionUrlServers(api.model, invoker, {
        host: this.o.host,
        basePort: input.port ? port + 1 : 0,
        keys: this.o.keys,
        region: this.o.region,
        accountId: this.o.accountId,
        log: this.o.log,
      });
    } catch (err) {
      await api.close();
      throw invalid((err as Error).message);
    }
    api.info.functionUrls = urls.urls;
    if (this.closed) {
      await Promise.all([api.close(), urls.close()]);
      throw new ServiceError(503, 'ServiceException', 'The local service is shutting down.');
    }
    this.served.set(api.info.id, { template: input.template, api, urls });
    this.o.log(`serving ${input.template} at ${api.info.endpoint} (${api.info.routes.length} routes, ${urls.urls.length} function URLs)`);
    return api.info;
  }

  list(): LocalApiInfo[] {
    return [...this.served.values()].map((s) => s.api.info);
  }

  /** Stops one served template; resolves once its ports are closed. */
  async stop(id: string): Promise<void> {
    const s = this.served.get(id);
    if (!s) throw new ServiceError(404, 'ResourceNotFoundException', `No local API with id ${id} is being served: list them with GET ${LOCAL_API_PATH}.`);
    this.served.delete(id);
    await Promise.all([s.api.close(), s.urls.close()]);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    const all = [...this.served.keys()];
    await Promise.all(all.map((id) => this.stop(id).catch(() => undefined)));
  }
}
