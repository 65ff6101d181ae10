// CORS as API Gateway serves it. REST APIs: SAM's `Cors` adds an OPTIONS method with a mock
// integration to every path, answering 200 with the configured headers whatever the Origin.
// HTTP APIs: API Gateway itself answers a preflight (OPTIONS with Origin and
// Access-Control-Request-Method) with 204, and decorates every response to an allowed Origin,
// replacing whatever CORS headers the function returned. An OPTIONS without Origin gets
// `sam local start-api`'s answer (200 and the configured headers).
import type { CorsConfig } from './model';

export type HeaderList = Array<[string, string]>;

const ALL_METHODS = 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT';

function originAllowed(cors: CorsConfig, origin: string): string | undefined {
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? origin : '*';
  for (const allowed of cors.allowOrigins) {
    if (allowed === origin) return origin;
    if (allowed.includes('*')) {
      const re = new RegExp(`^${allowed.split('*').map(escapeRe).join('[^/]*')}$`, 'i');
      if (re.test(origin)) return origin;
    }
  }
  return undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether an HTTP API answers this request itself as a CORS preflight. */
export function isHttpPreflight(method: string, origin: string | undefined, requestMethod: string | undefined): boolean {
  return method === 'OPTIONS' && !!origin && !!requestMethod;
}

/** HTTP APIs: the 204 preflight answer's headers (none when the Origin is not allowed). */
export function httpPreflightHeaders(cors: CorsConfig, origin: string): HeaderList {
  const allowOrigin = originAllowed(cors, origin);
  if (!allowOrigin) return [];
  const out: HeaderList = [['access-control-allow-origin', allowOrigin]];
  if (cors.allowCredentials) out.push(['access-control-allow-credentials', 'true']);
  if (cors.allowHeaders.length) out.push(['access-control-allow-headers', cors.allowHeaders.join(',')]);
  out.push(['access-control-allow-methods', (cors.allowMethods.length ? cors.allowMethods : ['*']).join(',')]);
  if (cors.maxAge !== undefined) out.push(['access-control-max-age', String(cors.maxAge)]);
  return out;
}

/** REST APIs: the headers of SAM's OPTIONS mock (200, empty body); `sam local` answers HTTP APIs' bare OPTIONS alike. */
export function restPreflightHeaders(cors: CorsConfig): HeaderList {
  const out: HeaderList = [['Access-Control-Allow-Origin', cors.allowOrigins.join(',') || '*']];
  // sorted, as `sam local start-api` lists them ('GET,OPTIONS,POST')
  out.push(['Access-Control-Allow-Methods', cors.allowMethods.length ? [...new Set(cors.allowMethods)].sort().join(',') : ALL_METHODS]);
  if (cors.allowHeaders.length) out.push(['Access-Control-Allow-Headers', cors.allowHeaders.join(',')]);
  if (cors.maxAge !== undefined) out.push(['Access-Control-Max-Age', String(cors.maxAge)]);
  if (cors.allowCredentials) out.push(['Access-Control-Allow-Credentials', 'true']);
  return out;
}

/**
 * Adds the CORS headers to a function's response as HTTP APIs do: only for an allowed Origin,
 * replacing the function's own CORS headers. REST APIs leave responses as the function wrote them
 * (SAM's Cors only adds the OPTIONS method), as `sam local start-api` does too.
 */
export function decorate(apiType: 'REST' | 'HTTP', cors: CorsConfig | undefined, origin: string | undefined, headers: HeaderList): HeaderList {
  if (!cors || apiType === 'REST') return headers;
  const kept = headers.filter(([k]) => !k.toLowerCase().startsWith('access-control-'));
  const allowOrigin = origin ? originAllowed(cors, origin) : undefined;
  if (!allowOrigin) return kept;
  kept.push(['access-control-allow-origin', allowOrigin]);
  if (cors.allowCredentials) kept.push(['access-control-allow-credentials', 'true']);
  if (cors.exposeHeaders.length) kept.push(['access-control-expose-headers', cors.exposeHeaders.join(',')]);
  return kept;
}
