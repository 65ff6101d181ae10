// What API Gateway answers: a Lambda proxy result turned into an HTTP response (payload 1.0 and 2.0,
// the 2.0 simplified response), the gateway's own error answers, and the headers it adds.
import { randomBytes } from 'node:crypto';
import { responseBodyIsBinary } from './binary';
import type { HeaderList } from './cors';

export interface HttpAnswer {
  status: number;
  headers: HeaderList;
  body: Buffer;
}

/** A function result that cannot be served: the client gets 502, the log gets the reason. */
export type Converted = { ok: true; answer: HttpAnswer } | { ok: false; reason: string };

export interface ConvertInput {
  apiType: 'REST' | 'HTTP';
  payloadFormatVersion: '1.0' | '2.0';
  payload: Buffer;
  functionError?: string;
  /** The request's Accept header (REST binary responses). */
  accept?: string;
  binaryMediaTypes: string[];
}

// base64Encoded: an older spelling `sam local` still honours (before isBase64Encoded when both are set)
const V1_KEYS = new Set(['statusCode', 'body', 'headers', 'multiValueHeaders', 'isBase64Encoded', 'base64Encoded']);

function json(status: number, body: unknown, headers: HeaderList = []): HttpAnswer {
  return { status, headers: [['Content-Type', 'application/json'], ...headers], body: Buffer.from(JSON.stringify(body)) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function statusOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function contentTypeOf(headers: HeaderList): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
}

function functionErrorReason(payload: Buffer, kind: string): string {
  try {
    const e = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    if (isObject(e)) return `function error (${kind}): ${String(e['errorType'] ?? 'Error')}: ${String(e['errorMessage'] ?? '')}`;
  } catch {
    // not JSON: quoted below
  }
  return `function error (${kind}): ${payload.toString('utf8').slice(0, 500)}`;
}

/** Turns a function's result into the HTTP answer API Gateway would send, or the reason it would send 502. */
export function convertResult(i: ConvertInput): Converted {
  if (i.functionError) return { ok: false, reason: functionErrorReason(i.payload, i.functionError) };
  const text = i.payload.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: `the function returned a response that is not JSON: ${text.slice(0, 200)}` };
  }
  if (i.payloadFormatVersion === '2.0') {
    if (!isObject(value) || !('statusCode' in value)) {
      // the simplified response: the value itself, 200, JSON
      const body = typeof value === 'string' ? value : text;
      return { ok: true, answer: { status: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(body) } };
    }
    return structured(i, value, false);
  }
  if (!isObject(value)) {
    return {
      ok: false,
      reason: `the function returned ${Array.isArray(value) ? 'an array' : String(value === null ? 'null' : typeof value)} instead of an object with statusCode, headers and body`,
    };
  }
  const extra = Object.keys(value).filter((k) => !V1_KEYS.has(k));
  if (extra.length) {
    return {
      ok: false,
      reason: `invalid API Gateway response keys ${extra.join(', ')} (allowed: statusCode, body, headers, multiValueHeaders, isBase64Encoded)`,
    };
  }
  return structured(i, value, true);
}

function structured(i: ConvertInput, value: Record<string, unknown>, v1: boolean): Converted {
  const status = value['statusCode'] === undefined && v1 ? 200 : statusOf(value['statusCode']);
  if (status === undefined) return { ok: false, reason: `statusCode ${JSON.stringify(value['statusCode'])} is not an HTTP status code` };
  const headers: HeaderList = [];
  const rawHeaders = value['headers'];
  if (rawHeaders !== undefined && rawHeaders !== null && !isObject(rawHeaders)) return { ok: false, reason: 'headers must be an object of strings' };
  const multi = v1 ? value['multiValueHeaders'] : undefined;
  if (multi !== undefined && multi !== null && !isObject(multi)) return { ok: false, reason: 'multiValueHeaders must be an object of string lists' };
  if (isObject(multi)) {
    for (const [k, vs] of Object.entries(multi)) {
      if (!Array.isArray(vs)) return { ok: false, reason: `multiValueHeaders.${k} must be a list` };
      for (const v of vs) {
        const s = scalar(v);
        if (s !== undefined) headers.push([k, s]);
      }
    }
  }
  if (isObject(rawHeaders)) {
    for (const [k, v] of Object.entries(rawHeaders)) {
      const s = scalar(v);
      if (s === undefined) continue;
      // a pair given in both maps appears once
      if (headers.some(([hk, hv]) => hk.toLowerCase() === k.toLowerCase() && hv === s)) continue;
      headers.push([k, s]);
    }
  }
  if (!v1 && value['cookies'] !== undefined) {
    if (!Array.isArray(value['cookies'])) return { ok: false, reason: 'cookies must be a list of strings' };
    for (const c of value['cookies']) if (typeof c === 'string') headers.push(['Set-Cookie', c]);
  }
  if (!contentTypeOf(headers)) headers.push(['Content-Type', 'application/json']);
  const rawBody = value['body'];
  let body: string;
  if (rawBody === undefined || rawBody === null) body = '';
  else if (typeof rawBody === 'string') body = rawBody;
  else if (typeof rawBody === 'number' || typeof rawBody === 'boolean') body = String(rawBody);
  else return { ok: false, reason: `body must be a string (got ${Array.isArray(rawBody) ? 'an array' : typeof rawBody}; JSON.stringify it)` };
  const flag = 'base64Encoded' in value ? value['base64Encoded'] : value['isBase64Encoded'];
  const base64 = flag === true || flag === 'true';
  const decode = responseBodyIsBinary(i.apiType, base64, i.accept, contentTypeOf(headers), i.binaryMediaTypes);
  return { ok: true, answer: { status, headers, body: decode ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8') } };
}

/** API Gateway's own answers. */
export const GatewayErrors = {
  internal: (): HttpAnswer => json(502, { message: 'Internal server error' }, [['x-amzn-ErrorType', 'InternalServerErrorException']]),
  /** A route whose integration names a function the template does not define (`sam local`'s answer). */
  noFunction: (): HttpAnswer => json(502, { message: 'No function defined for resource method' }),
  /** A route whose function cannot run locally (RouteDef.unavailable): `sam local`'s status and message. */
  unavailable: (status: number, message: string): HttpAnswer => json(status, { message }),
  missingRoute: (apiType: 'REST' | 'HTTP'): HttpAnswer =>
    apiType === 'REST'
      ? json(403, { message: 'Missing Authentication Token' }, [['x-amzn-ErrorType', 'MissingAuthenticationTokenException']])
      : json(404, { message: 'Not Found' }),
  unauthorized: (): HttpAnswer => json(401, { message: 'Unauthorized' }, [['x-amzn-ErrorType', 'UnauthorizedException']]),
  explicitDeny: (): HttpAnswer =>
    json(403, { message: 'User is not authorized to access this resource with an explicit deny' }, [['x-amzn-ErrorType', 'AccessDeniedException']]),
  implicitDeny: (): HttpAnswer => json(403, { message: 'User is not authorized to access this resource' }, [['x-amzn-ErrorType', 'AccessDeniedException']]),
  /** An authorizer that failed or answered something unusable: `sam local`'s 502 (API Gateway itself answers 500). */
  authorizerFailure: (): HttpAnswer => json(502, { message: 'Internal server error' }),
  tooLarge: (apiType: 'REST' | 'HTTP'): HttpAnswer => json(413, { message: apiType === 'REST' ? 'Request Too Long' : 'Request Entity Too Large' }),
  badHost: (host: string): HttpAnswer =>
    json(403, { message: `Host header '${host}' is not a loopback address: the local API only answers requests addressed to 127.0.0.1, localhost or [::1].` }),
};

/** The headers API Gateway adds to every answer: its request id (and REST's trace/extended ids), Content-Length. */
export function withGatewayHeaders(apiType: 'REST' | 'HTTP', requestId: string, answer: HttpAnswer): HttpAnswer {
  const lower = new Set(answer.headers.map(([k]) => k.toLowerCase()));
  const headers: HeaderList = answer.headers.filter(([k]) => !['content-length', 'transfer-encoding', 'connection'].includes(k.toLowerCase()));
  headers.push(['Content-Length', String(answer.body.length)]);
  if (apiType === 'REST') {
    headers.push(['x-amzn-RequestId', requestId]);
    headers.push(['x-amz-apigw-id', `${randomBytes(12).toString('base64').slice(0, 15)}=`]);
    if (!lower.has('x-amzn-trace-id')) headers.push(['X-Amzn-Trace-Id', traceId()]);
  } else {
    headers.push(['Apigw-Requestid', `${randomBytes(12).toString('base64').slice(0, 15)}=`]);
  }
  return { ...answer, headers };
}

function traceId(): string {
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')};Sampled=0`;
}
