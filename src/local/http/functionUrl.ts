// One Lambda function URL, served locally: the request becomes the payload 2.0 event function URLs send
// (routeKey and stage '$default', requestContext.authorizer.iam for AWS_IAM), the result is mapped as
// HTTP APIs map it, AWS_IAM requests must carry a SigV4 signature for service 'lambda' made with the
// local keys, and CORS comes from the URL's config. RESPONSE_STREAM: the handler's prelude (status,
// headers, cookies) goes out first, then each chunk as the handler writes it (chunked transfer).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceError } from '../seams';
import { verifySignature, type Keys } from '../security';
import { isTextType } from './binary';
import { decorate, httpPreflightHeaders, isHttpPreflight, type HeaderList } from './cors';
import { buildV2Event, headerValue, newRequestId, type IncomingApiRequest } from './events';
import type { ApiInvoker, CorsConfig } from './model';
import { convertResult } from './responses';
import { PreludeParser } from './streamPrelude';

/** Lambda's synchronous request limit, which a function URL's request meets too. */
const MAX_REQUEST_BYTES = 6_291_456;

export interface FunctionUrlTarget {
  /** What the invoker runs: a template logical id, or a function name on the local service. */
  functionId: string;
  /** The URL's 32-character id, as in https://<id>.lambda-url.<region>.on.aws/. */
  urlId: string;
  region: string;
  accountId: string;
  authType: 'NONE' | 'AWS_IAM';
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  cors?: CorsConfig;
  /** The keys AWS_IAM requests must be signed with. */
  keys?: Keys;
}

export interface FunctionUrlLog {
  (line: string): void;
}

/** The AWS API's Cors shape (CreateFunctionUrlConfig, a template's FunctionUrlConfig.Cors) as CorsConfig. */
export function corsFromApi(c: Record<string, unknown> | undefined): CorsConfig | undefined {
  if (!c) return undefined;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    allowOrigins: list(c['AllowOrigins']),
    allowMethods: list(c['AllowMethods']),
    allowHeaders: list(c['AllowHeaders']),
    exposeHeaders: list(c['ExposeHeaders']),
    ...(typeof c['MaxAge'] === 'number' ? { maxAge: c['MaxAge'] } : {}),
    allowCredentials: c['AllowCredentials'] === true,
  };
}

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, headers: HeaderList, body: Buffer | string): void {
  if (res.headersSent || res.destroyed) return;
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of headers) {
    const key = k.toLowerCase();
    const prev = out[key];
    out[key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  out['content-length'] = String(buf.length);
  res.writeHead(status, out);
  res.end(buf);
}

const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

/** Serves one request to the function URL; never throws (every failure is an HTTP answer and a log line). */
export async function serveFunctionUrl(
  req: IncomingMessage,
  res: ServerResponse,
  t: FunctionUrlTarget,
  invoker: ApiInvoker,
  log: FunctionUrlLog,
): Promise<void> {
  const started = Date.now();
  const requestId = newRequestId();
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = pairs(req.rawHeaders);
  const origin = headerValue(headers, 'origin');
  const base: HeaderList = [['x-amzn-RequestId', requestId]];
  const done = (status: number, note = ''): void => log(`${method} ${rawPath} ${status} ${Date.now() - started}ms ${t.functionId}${note ? ` (${note})` : ''}`);
  try {
    const body = await readBody(req, MAX_REQUEST_BYTES);
    if (!body) {
      send(
        res,
        413,
        [...base, JSON_TYPE],
        JSON.stringify({ Message: `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation` }),
      );
      return done(413, 'request too large');
    }
    if (t.cors && isHttpPreflight(method, origin, headerValue(headers, 'access-control-request-method'))) {
      send(res, 200, [...base, ...httpPreflightHeaders(t.cors, origin!)], '');
      return done(200, 'CORS preflight');
    }
    let authorizer: Record<string, unknown> | undefined;
    if (t.authType === 'AWS_IAM') {
      try {
        const auth = await verifySignature(
          { method, rawPath, rawQuery, headers: req.headers, body, scope: { region: t.region, service: 'lambda' } },
          t.keys ?? { accessKeyId: '', secretAccessKey: '' },
        );
        authorizer = {
          iam: {
            accessKey: auth.accessKeyId,
            accountId: t.accountId,
            callerId: auth.accessKeyId,
            cognitoIdentity: null,
            principalOrgId: null,
            userArn: `arn:aws:iam::${t.accountId}:user/lambda-workbench-local`,
            userId: auth.accessKeyId,
          },
        };
      } catch (e) {
        const err = e instanceof ServiceError ? e : new ServiceError(403, 'AccessDeniedException', 'Forbidden');
        const message = err.code === 'MissingAuthenticationTokenException' ? 'Forbidden' : err.message;
        send(res, 403, [...base, JSON_TYPE, ['x-amzn-ErrorType', 'AccessDeniedException']], JSON.stringify({ Message: message }));
        return done(403, `AWS_IAM: ${err.message}`);
      }
    }
    const incoming: IncomingApiRequest = {
      method,
      rawPath,
      rawQuery,
      headers,
      body,
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      protocol: `HTTP/${req.httpVersion}`,
      time: started,
      requestId,
    };
    const event = buildV2Event(incoming, {
      apiId: t.urlId,
      stage: '$default',
      stageVariables: {},
      accountId: t.authType === 'NONE' ? 'anonymous' : t.accountId,
      region: t.region,
      resourcePath: '$default',
      routeKey: '$default',
      base64: body.length > 0 && !isTextType(headerValue(headers, 'content-type')),
      ...(authorizer ? { authorizer } : {}),
      domainName: `${t.urlId}.lambda-url.${t.region}.on.aws`,
      functionUrl: true,
    });
    const payload = Buffer.from(JSON.stringify(event));
    const decorateCors = (h: HeaderList): HeaderList => decorate('HTTP', t.cors, origin, h);
    if (t.invokeMode === 'RESPONSE_STREAM') return await streamed(res, t, invoker, payload, base, decorateCors, done);
    const result = await invoker.invoke(t.functionId, payload);
    answerBuffered(res, result, base, decorateCors, done, method === 'HEAD');
  } catch (e) {
    const status = e instanceof ServiceError && e.status === 429 ? 429 : 502;
    send(res, status, [...base, JSON_TYPE], status === 429 ? JSON.stringify({ Message: 'Rate Exceeded.' }) : 'Internal Server Error');
    done(status, (e as Error).message);
  }
}

/** A whole (not streamed) result, mapped as an HTTP API payload 2.0 response; 502 when it cannot be. */
function answerBuffered(
  res: ServerResponse,
  result: { payload: Buffer; functionError?: 'Unhandled' | 'Handled' },
  base: HeaderList,
  decorateCors: (h: HeaderList) => HeaderList,
  done: (status: number, note?: string) => void,
  headOnly: boolean,
): void {
  const converted = convertResult({
    apiType: 'HTTP',
    payloadFormatVersion: '2.0',
    payload: result.payload,
    functionError: result.functionError,
    binaryMediaTypes: [],
  });
  if (!converted.ok) {
    send(res, 502, [...base, JSON_TYPE], 'Internal Server Error');
    return done(502, converted.reason);
  }
  const { status, headers, body } = converted.answer;
  send(res, status, [...base, ...decorateCors(headers)], headOnly ? '' : body);
  done(status);
}

/** RESPONSE_STREAM: the prelude's status and headers first, then the body as the handler writes it. */
async function streamed(
  res: ServerResponse,
  t: FunctionUrlTarget,
  invoker: ApiInvoker,
  payload: Buffer,
  base: HeaderList,
  decorateCors: (h: HeaderList) => HeaderList,
  done: (status: number, note?: string) => void,
): Promise<void> {
  let status = 200;
  const parser = new PreludeParser();
  const head = (prelude: { statusCode: number; headers: HeaderList }): void => {
    status = prelude.statusCode;
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of [...base, ...decorateCors(prelude.headers)]) {
      const key = k.toLowerCase();
      const prev = out[key];
      out[key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    res.writeHead(status, out);
    res.flushHeaders();
  };
  const onChunk = (chunk: Buffer): void => {
    if (res.destroyed) return;
    const parsed = parser.push(chunk);
    if (parsed.prelude) head(parsed.prelude);
    if (parsed.body.length) res.write(parsed.body);
  };
  const result = await invoker.invoke(t.functionId, payload, { onChunk });
  if (!res.headersSent) {
    // Nothing streamed: a failure before the first write, a buffered handler behind a streaming URL, or
    // an invoker that collected the stream (prelude, 8 zero bytes, body) instead of passing it on.
    const p = result.payload;
    const collected = !result.functionError && p[0] === 0x7b && p.indexOf(Buffer.alloc(8)) > 0;
    const flushed = collected ? parser.push(p) : parser.end();
    if (!result.functionError && flushed.prelude) {
      head(flushed.prelude);
      res.end(flushed.body);
      return done(status);
    }
    if (!result.functionError && result.payload.length === 0) {
      // A streaming handler that ended without writing.
      send(res, 200, [...base, ...decorateCors([['Content-Type', 'application/octet-stream']])], '');
      return done(200);
    }
    return answerBuffered(res, result, base, decorateCors, done, false);
  }
  const rest = parser.end();
  if (rest.body.length) res.write(rest.body);
  // An error after the first bytes can only cut the response short, as Lambda does.
  if (result.functionError) {
    res.destroy();
    return done(status, `function error while streaming: ${result.payload.toString('utf8').slice(0, 300)}`);
  }
  res.end();
  done(status);
}
