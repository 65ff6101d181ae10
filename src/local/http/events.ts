// The events API Gateway hands to a Lambda proxy integration, built as API Gateway builds them:
// REST APIs' payload 1.0, HTTP APIs' payload 2.0 (and 1.0 when a route asks for it), and the 2.0
// shape that function URLs use (buildV2Event with target.functionUrl). Null where AWS writes null,
// absent where AWS leaves a field out.
import { createHash, randomBytes } from 'node:crypto';

/** One HTTP request as the front door received it, before any route or API is chosen. */
export interface IncomingApiRequest {
  method: string; // upper case
  rawPath: string; // as received: percent-encoded, without the query
  rawQuery: string; // without '?', '' when none
  /** In arrival order, names as the client wrote them (node's rawHeaders as pairs). */
  headers: Array<[string, string]>;
  body: Buffer;
  sourceIp: string;
  protocol: string; // 'HTTP/1.1'
  time: number; // epoch ms the request arrived
  requestId: string;
}

/** Where the request goes: the API, stage and route it matched. */
export interface EventTarget {
  apiId: string; // the API's id as API Gateway would show it (apiIdFor)
  stage: string;
  stageVariables: Record<string, string>;
  accountId: string;
  region: string;
  resourcePath: string; // the route's path as defined: /pets/{id}, /{proxy+}, $default
  routeKey: string; // HTTP APIs: 'GET /pets/{id}' or '$default'
  pathParameters?: Record<string, string>; // decoded
  /** Whether the body goes to the function base64 (binary.ts decides). */
  base64: boolean;
  /** requestContext.authorizer as the authorizer left it (authorizers.ts shapes it per payload). */
  authorizer?: Record<string, unknown>;
  /** Overrides the domain name (function URLs: <url-id>.lambda-url.<region>.on.aws). */
  domainName?: string;
  /** A function URL's event: no pathParameters nor stageVariables, routeKey and stage '$default'. */
  functionUrl?: boolean;
}

/** A 10-character lower-case id derived from a logical id, stable across restarts (API Gateway ids look like this). */
export function apiIdFor(logicalId: string): string {
  return shortId(logicalId, 10);
}

function shortId(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[digest[i]! % alphabet.length];
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's request time: '07/Dec/2026:12:00:00 +0000'. */
export function formatRequestTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Query pairs in order, '+' as space and percent-decoded as API Gateway passes them. */
export function queryPairs(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  const out: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    out.push([decode(k.replace(/\+/g, ' ')), decode(v.replace(/\+/g, ' '))]);
  }
  return out;
}

/** Single-value (last one wins) and multi-value maps, null when empty, as payload 1.0 writes them. */
function v1Maps(pairs: Array<[string, string]>): [Record<string, string> | null, Record<string, string[]> | null] {
  if (pairs.length === 0) return [null, null];
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of pairs) {
    single[k] = v;
    (multi[k] ??= []).push(v);
  }
  return [single, multi];
}

/** Header lookup (case-insensitive), values of repeated headers joined with ','. */
export function headerValue(headers: Array<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  const values = headers.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
  return values.length ? values.join(',') : undefined;
}

function bodyText(req: IncomingApiRequest, base64: boolean): string {
  return base64 ? req.body.toString('base64') : req.body.toString('utf8');
}

function decodedPath(rawPath: string): string {
  return rawPath.split('/').map(decode).join('/');
}

function domainOf(req: IncomingApiRequest, t: EventTarget): { domainName: string; domainPrefix: string } {
  const domainName = t.domainName ?? (headerValue(req.headers, 'host') ?? 'localhost').replace(/:\d+$/, '');
  return { domainName, domainPrefix: domainName.split('.')[0] ?? domainName };
}

function identity(req: IncomingApiRequest): Record<string, unknown> {
  return {
    cognitoIdentityPoolId: null,
    accountId: null,
    cognitoIdentityId: null,
    caller: null,
    sourceIp: req.sourceIp,
    principalOrgId: null,
    accessKey: null,
    cognitoAuthenticationType: null,
    cognitoAuthenticationProvider: null,
    userArn: null,
    userAgent: headerValue(req.headers, 'user-agent') ?? null,
    user: null,
  };
}

/** API Gateway's extendedRequestId: 16 characters then '='. */
function extendedRequestId(req: IncomingApiRequest): string {
  return `${createHash('sha256').update(req.requestId).digest('base64').replace(/[+/]/g, 'A').slice(0, 15)}=`;
}

/**
 * Payload format 1.0: a REST API's Lambda proxy event, or an HTTP API route with
 * PayloadFormatVersion '1.0' (then `version: '1.0'`).
 */
export function buildV1Event(req: IncomingApiRequest, t: EventTarget, api: 'REST' | 'HTTP'): Record<string, unknown> {
  const [headers, multiValueHeaders] = v1Maps(req.headers);
  const [query, multiQuery] = v1Maps(queryPairs(req.rawQuery));
  const path = decodedPath(req.rawPath);
  const { domainName, domainPrefix } = domainOf(req, t);
  const hasVars = Object.keys(t.stageVariables).length > 0;
  const requestContext: Record<string, unknown> = {
    resourceId: api === 'REST' ? shortId(`${t.apiId}${t.resourcePath}`, 6) : null,
    resourcePath: t.resourcePath,
    httpMethod: req.method,
    extendedRequestId: extendedRequestId(req),
    requestTime: formatRequestTime(req.time),
    path: api === 'REST' ? `/${t.stage}${path}` : path,
    accountId: t.accountId,
    protocol: req.protocol,
    stage: t.stage,
    domainPrefix,
    requestTimeEpoch: req.time,
    requestId: req.requestId,
    identity: identity(req),
    domainName,
    apiId: t.apiId,
  };
  if (t.authorizer) requestContext['authorizer'] = t.authorizer;
  const event: Record<string, unknown> = {};
  if (api === 'HTTP') event['version'] = '1.0';
  Object.assign(event, {
    resource: t.resourcePath,
    path,
    httpMethod: req.method,
    headers: headers ?? {},
    multiValueHeaders: multiValueHeaders ?? {},
    queryStringParameters: query,
    multiValueQueryStringParameters: multiQuery,
    pathParameters: t.pathParameters && Object.keys(t.pathParameters).length ? t.pathParameters : null,
    stageVariables: hasVars ? t.stageVariables : null,
    requestContext,
    body: req.body.length ? bodyText(req, t.base64) : null,
    isBase64Encoded: req.body.length ? t.base64 : false,
  });
  return event;
}

/** Payload format 2.0: HTTP APIs' default, and function URLs (target.functionUrl). */
export function buildV2Event(req: IncomingApiRequest, t: EventTarget): Record<string, unknown> {
  // Header names keep the case the client wrote, as `sam local start-api` passes them (API Gateway
  // lower-cases them; handlers written for both read them case-insensitively). Repeated headers are
  // joined with commas under the first spelling.
  const headers: Record<string, string> = {};
  const spelling = new Map<string, string>();
  const cookies: string[] = [];
  for (const [k, v] of req.headers) {
    const lower = k.toLowerCase();
    if (lower === 'cookie') {
      for (const c of v.split(';')) if (c.trim()) cookies.push(c.trim());
      continue;
    }
    const name = t.functionUrl ? lower : (spelling.get(lower) ?? k); // function URLs: lower case, as Lambda writes them
    spelling.set(lower, name);
    headers[name] = headers[name] === undefined ? v : `${headers[name]},${v}`;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of queryPairs(req.rawQuery)) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const { domainName, domainPrefix } = domainOf(req, t);
  const routeKey = t.functionUrl ? '$default' : t.routeKey;
  const requestContext: Record<string, unknown> = {
    accountId: t.accountId, // function URLs: 'anonymous' for AuthType NONE
    apiId: t.apiId,
  };
  if (t.authorizer) requestContext['authorizer'] = t.authorizer;
  Object.assign(requestContext, {
    domainName,
    domainPrefix,
    http: {
      method: req.method,
      path: req.rawPath,
      protocol: req.protocol,
      sourceIp: req.sourceIp,
      userAgent: headerValue(req.headers, 'user-agent') ?? '',
    },
    requestId: req.requestId,
    routeKey,
    stage: t.functionUrl ? '$default' : t.stage,
    time: formatRequestTime(req.time),
    timeEpoch: req.time,
  });
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey,
    rawPath: req.rawPath,
    rawQueryString: req.rawQuery,
  };
  // no cookies: an empty list (as `sam local start-api`; API Gateway leaves the field out)
  if (!t.functionUrl || cookies.length) event['cookies'] = cookies;
  event['headers'] = headers;
  if (Object.keys(query).length) event['queryStringParameters'] = query;
  event['requestContext'] = requestContext;
  if (req.body.length) event['body'] = bodyText(req, t.base64);
  if (!t.functionUrl && t.pathParameters && Object.keys(t.pathParameters).length) event['pathParameters'] = t.pathParameters;
  event['isBase64Encoded'] = req.body.length ? t.base64 : false;
  if (!t.functionUrl && Object.keys(t.stageVariables).length) event['stageVariables'] = t.stageVariables;
  return event;
}

/** A request id shaped like API Gateway's (a UUID). */
export function newRequestId(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
