// The local HTTP front door: one node:http server on loopback serving every API of a template on one
// port (as `sam local start-api`), answering as API Gateway does (routes, authorizers, CORS, binary,
// gateway errors), logging one line per request, and reloading the model when the template or an
// OpenAPI file it reads changes (a broken edit keeps the last good model).
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalApiInfo } from '../../contract/localApi';
import { isLoopbackHost } from '../security';
import { AuthorizerRunner, authorizerFor } from './authorizers';
import { requestBodyIsBinary } from './binary';
import { decorate, httpPreflightHeaders, isHttpPreflight, restPreflightHeaders, type HeaderList } from './cors';
import { apiIdFor, buildV1Event, buildV2Event, headerValue, newRequestId, type EventTarget, type IncomingApiRequest } from './events';
import { RouteTable } from './match';
import type { ApiDef, ApiInvoker, ApiModel, LoadOptions } from './model';
import { ModelWatcher } from './reload';
import { GatewayErrors, convertResult, withGatewayHeaders, type HttpAnswer } from './responses';

/** API Gateway's payload limit: 10 MB. */
export const MAX_REQUEST_BODY = 10 * 1024 * 1024;

export interface ApiServerOptions {
  templatePath: string;
  load: LoadOptions;
  host: string;
  port: number;
  invoker: ApiInvoker;
  disableAuthorizer?: boolean;
  log: (line: string) => void;
  /** Reads the template into a model (model/index.ts's loadApiModel). */
  loadModel: (templatePath: string, opts: LoadOptions) => Promise<ApiModel>;
  /** Called with each model served: the first, then every successful reload (with the one it replaces). */
  onModel?: (model: ApiModel, previous: ApiModel | undefined) => void | Promise<void>;
  /** Watch the model's files and reload on change (default true). */
  watch?: boolean;
}

export interface ApiServer {
  readonly info: LocalApiInfo;
  /** The model being served. */
  readonly model: ApiModel;
  close(): Promise<void>;
}

function routesOf(model: ApiModel): LocalApiInfo['routes'] {
  return model.apis.flatMap((api) => api.routes.map((r) => ({ method: r.method, path: r.path, api: api.id, type: api.type, function: r.functionId })));
}

function warningsOf(model: ApiModel): string[] {
  return model.warnings.map((w) => `${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}`);
}

function endpointOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  let model = await o.loadModel(o.templatePath, o.load);
  await o.onModel?.(model, undefined);
  let table = new RouteTable(model);
  const authorizers = new AuthorizerRunner((fnId, payload) => o.invoker.invoke(fnId, payload));
  const info: LocalApiInfo = {
    id: createHash('sha256').update(model.templateFile).digest('hex').slice(0, 16),
    endpoint: '',
    template: model.templateFile,
    routes: routesOf(model),
    functionUrls: [],
    warnings: warningsOf(model),
    pid: process.pid,
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      o.log(`${req.method} ${req.url} failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) send(res, withGatewayHeaders('REST', newRequestId(), GatewayErrors.internal()));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    let rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    if (/^https?:\/\//i.test(rawPath)) rawPath = new URL(rawPath).pathname; // absolute-form request target
    let fnName = '-';
    const finish = (apiType: 'REST' | 'HTTP', answer: HttpAnswer, reason?: string): void => {
      send(res, withGatewayHeaders(apiType, requestId, answer));
      o.log(`${method} ${rawPath} ${answer.status} ${Date.now() - started}ms ${fnName}${reason ? ` (${reason})` : ''}`);
    };
    const defaultType: 'REST' | 'HTTP' = model.apis.every((a) => a.type === 'HTTP') ? 'HTTP' : 'REST';

    const host = req.headers.host;
    if (!isLoopbackHost(host)) {
      req.resume();
      return finish(defaultType, GatewayErrors.badHost(host ?? ''), 'non-loopback Host header');
    }
    const body = await readBody(req);
    if (!body) return finish(defaultType, GatewayErrors.tooLarge(defaultType), `body over ${MAX_REQUEST_BODY} bytes`);

    const served = model;
    const { match, nearApi } = table.match(method, rawPath);
    const headers = pairs(req.rawHeaders);
    const origin = headerValue(headers, 'origin');

    if (method === 'OPTIONS') {
      const api = match?.api ?? nearApi ?? (model.apis.length === 1 ? model.apis[0] : undefined);
      if (api?.type === 'HTTP' && api.cors) {
        if (origin && isHttpPreflight(method, origin, headerValue(headers, 'access-control-request-method'))) {
          return finish('HTTP', { status: 204, headers: httpPreflightHeaders(api.cors, origin), body: Buffer.alloc(0) }, 'CORS preflight');
        }
        // an OPTIONS without Origin (not a browser's preflight) that no OPTIONS route serves: `sam local`'s
        // answer, 200 with the configured CORS headers
        if (!origin && match?.route.method !== 'OPTIONS') {
          return finish('HTTP', { status: 200, headers: restPreflightHeaders(api.cors), body: Buffer.alloc(0) }, 'CORS preflight');
        }
      }
      const restApi = [match?.api, nearApi].find((a): a is ApiDef => a?.type === 'REST' && !!a.cors);
      if (restApi?.cors && (!match || match.api !== restApi || match.route.method !== 'OPTIONS')) {
        return finish('REST', { status: 200, headers: restPreflightHeaders(restApi.cors), body: Buffer.alloc(0) }, 'CORS preflight');
      }
    }
    if (!match) return finish(nearApi?.type ?? defaultType, GatewayErrors.missingRoute(nearApi?.type ?? defaultType));
    const { api, route, pathParameters } = match;
    fnName = route.functionId;
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const request: IncomingApiRequest = {
      method,
      rawPath,
      rawQuery,
      headers: withForwarded(headers, sourceIp, req.socket.localPort ?? 0),
      body,
      sourceIp,
      protocol: `HTTP/${req.httpVersion}`,
      time: started,
      requestId,
    };
    const target: EventTarget = {
      apiId: apiIdFor(api.id),
      stage: api.stageName,
      stageVariables: api.stageVariables,
      accountId: o.load.accountId,
      region: o.load.region,
      resourcePath: route.path,
      routeKey: route.path === '$default' ? '$default' : `${route.method} ${route.path}`,
      pathParameters,
      base64: requestBodyIsBinary(api.type, headerValue(headers, 'content-type'), api.binaryMediaTypes, body),
    };
    if (route.unavailable) {
      // a route `sam local` serves but cannot run (no function, inline code): its fixed answer
      const { status, message } = route.unavailable;
      return finish(api.type, GatewayErrors.unavailable(status, message), message);
    }
    if (!served.functions.has(route.functionId)) {
      return finish(api.type, GatewayErrors.noFunction(), `function ${route.functionId} is not in the template`);
    }
    const authorizer = o.disableAuthorizer ? undefined : authorizerFor(api, route);
    if (authorizer) {
      const outcome = await authorizers.authorize(authorizer, api, route, request, target);
      if (!outcome.ok) return finish(api.type, { ...outcome.answer, headers: decorate(api.type, api.cors, origin, outcome.answer.headers) }, outcome.reason);
      target.authorizer = outcome.authorizer;
    }
    const event = route.payloadFormatVersion === '2.0' ? buildV2Event(request, target) : buildV1Event(request, target, api.type);
    let result;
    try {
      result = await o.invoker.invoke(route.functionId, Buffer.from(JSON.stringify(event)));
    } catch (err) {
      return finish(api.type, GatewayErrors.internal(), `invoke failed: ${(err as Error).message}`);
    }
    const converted = convertResult({
      apiType: api.type,
      payloadFormatVersion: route.payloadFormatVersion,
      payload: result.payload,
      functionError: result.functionError,
      accept: headerValue(headers, 'accept'),
      binaryMediaTypes: api.binaryMediaTypes,
    });
    if (!converted.ok) return finish(api.type, GatewayErrors.internal(), converted.reason);
    const answer = converted.answer;
    finish(api.type, { ...answer, headers: decorate(api.type, api.cors, origin, answer.headers) });
  }

  const watcher = new ModelWatcher({
    files: () => model.files,
    enabled: o.watch !== false,
    log: o.log,
    reload: async () => {
      const next = await o.loadModel(o.templatePath, o.load);
      const previous = model;
      await o.onModel?.(next, previous);
      model = next;
      table = new RouteTable(next);
      authorizers.clear();
      info.routes = routesOf(next);
      info.warnings = warningsOf(next);
      o.log(`reloaded ${next.templateFile}: ${info.routes.length} route${info.routes.length === 1 ? '' : 's'}`);
      for (const w of info.warnings) o.log(`warning: ${w}`);
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  info.endpoint = endpointOf(o.host, (server.address() as AddressInfo).port);
  watcher.start();

  return {
    info,
    get model() {
      return model;
    },
    close: async () => {
      watcher.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The X-Forwarded-* headers API Gateway adds to what the function sees (the client's own For is extended). */
function withForwarded(headers: Array<[string, string]>, sourceIp: string, port: number): Array<[string, string]> {
  const out = headers.map(([k, v]): [string, string] => (k.toLowerCase() === 'x-forwarded-for' ? [k, `${v}, ${sourceIp}`] : [k, v]));
  const has = (name: string): boolean => headers.some(([k]) => k.toLowerCase() === name);
  if (!has('x-forwarded-for')) out.push(['X-Forwarded-For', sourceIp]);
  if (!has('x-forwarded-port')) out.push(['X-Forwarded-Port', String(port)]);
  if (!has('x-forwarded-proto')) out.push(['X-Forwarded-Proto', 'http']);
  return out;
}

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** The request body, or undefined when it is over API Gateway's 10 MB (the rest is drained). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BODY) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > MAX_REQUEST_BODY) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  const flat: string[] = [];
  for (const [k, v] of answer.headers as HeaderList) flat.push(k, v);
  try {
    res.writeHead(answer.status, flat);
  } catch {
    // a header the function returned that HTTP cannot carry (a newline, a bad name)
    const bad = GatewayErrors.internal();
    res.writeHead(bad.status, ['Content-Type', 'application/json', 'Content-Length', String(bad.body.length)]);
    res.end(bad.body);
    return;
  }
  res.end(answer.body);
}
