// The HTTP front of the local service: admission (loopback Host, no Origin, SigV4), then the Lambda REST
// routes, the CloudWatch Logs JSON API (X-Amz-Target), and unsigned-but-tokened code downloads.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CodeStore, type CodeRef } from './code';
import { LOCAL_ACCOUNT_ID, type LocalServiceInfo } from '../contract/localService';
import { ServiceError, type Executor, type LogsApi } from './seams';
import { loadOrCreateKeys } from './credentials';
import { readBody, sendEmpty, sendJson, sendJsonProtocolError, sendRestError } from './http';
import { LambdaContext } from './lambda/context';
import { codeTokenSubject } from './lambda/functions';
import { layerTokenSubject } from './lambda/layers';
import { match } from './lambda/routes';
import { functionUrlHost, serveLocalFunctionUrl } from './lambda/urlServe';
import { LocalApiControl } from './http/control';
import { registerLocalApis } from './lambda/localApis';
import { localInvoker } from './lambda/localInvoker';
import { checkOrigin, parseQuery, verifySignature, type Keys } from './security';
import { Store } from './store';
import { handleSts, stsAction } from './sts';

/** Lambda's request cap for CreateFunction with a base64 zip (50 MB zipped, base64-inflated). */
const MAX_REQUEST_BYTES = 69905067;

export interface LocalServiceOptions {
  dataDir: string;
  host?: string;
  port?: number;
  region: string;
  keys?: Partial<Keys>;
  /** Builds the executor once the store exists (it needs the account identity). */
  executor?: Executor;
  logsApi?: LogsApi;
  /** Runs last on close, after the executor and the Logs API (e.g. flushing the log store). */
  onClose?: () => Promise<void>;
  stateDelayMs?: number;
  accountConcurrency?: number;
  verbose?: boolean;
  log?: (line: string) => void;
}

export interface LocalService {
  info: LocalServiceInfo;
  server: Server;
  ctx: LambdaContext;
  close(): Promise<void>;
}

export async function startLocalService(o: LocalServiceOptions): Promise<LocalService> {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const log = o.log ?? ((line: string) => process.stderr.write(`lambda-workbench-local: ${line}\n`));
  const keys = loadOrCreateKeys(o.dataDir, o.keys);
  const store = new Store(o.dataDir);
  let endpoint = '';
  const ctx = new LambdaContext({
    store,
    code: new CodeStore(join(o.dataDir, 'code')),
    region: o.region,
    accountId: LOCAL_ACCOUNT_ID,
    executor: o.executor,
    stateDelayMs: o.stateDelayMs ?? 150,
    accountConcurrency: o.accountConcurrency ?? 1000,
    endpoint: () => endpoint,
    log,
  });
  const localApis = new LocalApiControl({
    region: o.region,
    accountId: LOCAL_ACCOUNT_ID,
    host: o.host ?? '127.0.0.1',
    keys,
    invoker: localInvoker(ctx),
    log: (line) => (o.verbose || !/^[A-Z]+ \//.test(line) ? log(`local API: ${line}`) : undefined),
  });
  registerLocalApis(ctx, localApis);
  const server = createServer((req, res) => {
    // Function URLs (CreateFunctionUrlConfig) answer on this port under their own *.localhost Host.
    if (functionUrlHost(req.headers.host)) return serveLocalFunctionUrl(ctx, keys, req, res, log);
    const started = Date.now();
    handle(req, res, ctx, keys, o.logsApi)
      .catch((err: unknown) => {
        log(`internal error on ${req.method} ${req.url?.split('?')[0]}: ${(err as Error).stack ?? String(err)}`);
        if (!res.headersSent)
          sendRestError(res, new ServiceError(500, 'ServiceException', 'Internal error in the local Lambda service; see its log.'), randomUUID());
        else res.destroy();
      })
      .finally(() => {
        if (o.verbose) log(`${req.method} ${req.url?.split('?')[0]} ${res.statusCode} ${Date.now() - started}ms`);
      });
  });
  server.keepAliveTimeout = 30_000;
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const info: LocalServiceInfo = {
    endpoint,
    region: o.region,
    accessKeyId: keys.accessKeyId,
    secretAccessKey: keys.secretAccessKey,
    pid: process.pid,
    dataDir: o.dataDir,
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await localApis.closeAll();
      await ctx.executor?.shutdown();
      await o.logsApi?.close();
      await o.onClose?.();
    })());
  return { info, server, ctx, close };
}

function splitUrl(url: string): { rawPath: string; rawQuery: string } {
  const q = url.indexOf('?');
  return q < 0 ? { rawPath: url, rawQuery: '' } : { rawPath: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: LambdaContext, keys: Keys, logsApi: LogsApi | undefined): Promise<void> {
  const requestId = randomUUID();
  const target = req.headers['x-amz-target'];
  const isLogs = typeof target === 'string' && target.startsWith('Logs_20140328.');
  const fail = (err: ServiceError): void => (isLogs ? sendJsonProtocolError(res, err, requestId) : sendRestError(res, err, requestId));
  try {
    checkOrigin(req.headers);
    const { rawPath, rawQuery } = splitUrl(req.url ?? '/');
    if (req.method === 'GET' && (rawPath.startsWith('/__local/code/') || rawPath.startsWith('/__local/layer/'))) {
      serveCode(ctx, rawPath, rawQuery, res);
      return;
    }
    const body = await readBody(
      req,
      MAX_REQUEST_BYTES,
      () => new ServiceError(413, 'RequestEntityTooLargeException', `Request must be smaller than ${MAX_REQUEST_BYTES} bytes.`),
    );
    const sts = req.method === 'POST' && rawPath === '/' && !isLogs ? stsAction(req.headers['content-type'], body) : undefined;
    const service = isLogs ? 'logs' : sts ? 'sts' : 'lambda';
    await verifySignature({ method: req.method ?? 'GET', rawPath, rawQuery, headers: req.headers, body, scope: { region: ctx.region, service } }, keys);
    if (isLogs) {
      if (!logsApi) throw new ServiceError(400, 'UnknownOperationException', 'The CloudWatch Logs API is not available in this build of the local service.');
      // What an invocation that has already answered logged is readable: its REPORT line included.
      await ctx.executor?.logsWritten?.();
      await logsApi.handle(target.slice('Logs_20140328.'.length), body, req, res);
      return;
    }
    if (sts) {
      handleSts(sts, keys.accessKeyId, res, requestId);
      return;
    }
    const m = match(req.method ?? 'GET', rawPath);
    if (!m) {
      throw new ServiceError(404, 'UnknownOperationException', `The local Lambda service does not implement ${req.method} ${safeDecode(rawPath)}.`);
    }
    const onCallerGone = (cb: () => void): void => {
      if (res.destroyed) return void (!res.writableFinished && cb());
      res.once('close', () => !res.writableFinished && cb());
    };
    const reply = await m.handler(ctx, { params: m.params, query: parseQuery(rawQuery), headers: req.headers, body, requestId, onCallerGone });
    const headers = { 'x-amzn-RequestId': requestId, ...(reply.headers ?? {}) };
    if (reply.raw instanceof Readable) {
      res.writeHead(reply.status, headers);
      pipeOrAbort(reply.raw, res);
    } else if (reply.raw) {
      res.writeHead(reply.status, { ...headers, 'Content-Length': reply.raw.length });
      res.end(reply.raw);
    } else if (reply.body !== undefined) sendJson(res, reply.status, reply.body, headers);
    else sendEmpty(res, reply.status, headers);
  } catch (err) {
    if (err instanceof ServiceError) fail(err);
    else throw err;
  }
}

/** GetFunction's Code.Location: unsigned (it is a pre-signed-style URL) but only with the HMAC token we issued. */
function serveCode(ctx: LambdaContext, rawPath: string, rawQuery: string, res: ServerResponse): void {
  const [, , kind, name, version] = rawPath.split('/').map((s) => safeDecode(s));
  const token = new URLSearchParams(rawQuery).get('token') ?? '';
  const target = kind === 'layer' ? layerTarget(ctx, name, version) : functionTarget(ctx, name, version);
  if (!target) {
    sendRestError(
      res,
      new ServiceError(404, 'ResourceNotFoundException', 'The code location has expired or the resource is gone: call GetFunction / GetLayerVersion again.'),
      randomUUID(),
    );
    return;
  }
  const expected = Buffer.from(ctx.codeUrlToken(target.subject));
  const given = Buffer.from(token);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    sendRestError(
      res,
      new ServiceError(403, 'AccessDeniedException', 'Invalid or expired code location token: call GetFunction again for a fresh Code.Location.'),
      randomUUID(),
    );
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/zip' });
  pipeOrAbort(ctx.code.zipStream(target.code), res);
}

/** Streams a body; a read error after the headers went out can only abort the connection. */
function pipeOrAbort(source: Readable, res: ServerResponse): void {
  source.on('error', () => res.destroy());
  source.pipe(res);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function functionTarget(ctx: LambdaContext, name?: string, version?: string): { subject: string; code: CodeRef } | undefined {
  const rec = name ? ctx.store.functions.get(name) : undefined;
  const ver = rec && version ? (version === '$LATEST' ? rec.latest : rec.versions[version]) : undefined;
  if (!rec || !ver) return undefined;
  return { subject: codeTokenSubject(rec.name, ver), code: ver.code };
}

function layerTarget(ctx: LambdaContext, name?: string, version?: string): { subject: string; code: CodeRef } | undefined {
  const lv = name && version ? ctx.store.layers.get(name)?.versions[version] : undefined;
  if (!name || !lv) return undefined;
  return { subject: layerTokenSubject(name, lv), code: lv.code };
}
