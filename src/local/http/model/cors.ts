// CORS settings in their three spellings, made one CorsConfig: SAM's REST `Cors` (a quoted string,
// or an object of quoted strings, as API Gateway's mock OPTIONS integration wants them), HTTP APIs'
// `CorsConfiguration` (true, or lists) and OpenAPI's `x-amazon-apigateway-cors` (the same in camel case),
// and function URLs' `Cors`. Method lists as SAM CLI serves them: '*' and a missing list mean every
// method, and OPTIONS is always allowed (it is the preflight).
import type { CorsConfig } from '../model';
import { isObj, type Obj } from './source';

export const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** `'value'` as SAM writes REST CORS values (API Gateway header mappings) → value. */
const unquote = (v: unknown): string | undefined => {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t.length >= 2 && t.startsWith("'") && t.endsWith("'") ? t.slice(1, -1) : t;
};

const csv = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s) => typeof s === 'string' || typeof s === 'number').map(String) : typeof v === 'string' ? csv(v) : [];

function methods(list: string[]): string[] {
  const up = list.map((m) => m.toUpperCase());
  if (!up.length || up.includes('*')) return [...ALL_METHODS];
  return up.includes('OPTIONS') ? up : [...up, 'OPTIONS'];
}

const num = (v: unknown): number | undefined => {
  const n = Number(typeof v === 'string' ? unquote(v) : v);
  return v !== undefined && v !== null && v !== '' && Number.isFinite(n) ? n : undefined;
};

/** SAM AWS::Serverless::Api `Cors` (already resolved). Undefined when it enables nothing. */
export function restCors(v: unknown): CorsConfig | undefined {
  if (typeof v === 'string')
    return { allowOrigins: csv(unquote(v)), allowMethods: [...ALL_METHODS], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
  if (!isObj(v)) return undefined;
  const origin = unquote(v.AllowOrigin);
  if (!origin) return undefined;
  return {
    allowOrigins: csv(origin),
    allowMethods: methods(csv(unquote(v.AllowMethods))),
    allowHeaders: csv(unquote(v.AllowHeaders)),
    exposeHeaders: [],
    maxAge: num(v.MaxAge),
    allowCredentials: v.AllowCredentials === true || v.AllowCredentials === 'true',
  };
}

/** HTTP API `CorsConfiguration` (true or an object) or OpenAPI `x-amazon-apigateway-cors` (camel case). */
export function httpCors(v: unknown): CorsConfig | undefined {
  if (v === true || v === 'true') return { allowOrigins: ['*'], allowMethods: [...ALL_METHODS], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
  if (!isObj(v)) return undefined;
  const get = (k: string): unknown => (k in v ? v[k] : v[k[0].toLowerCase() + k.slice(1)]);
  return {
    allowOrigins: strings(get('AllowOrigins')),
    allowMethods: methods(strings(get('AllowMethods'))),
    allowHeaders: strings(get('AllowHeaders')),
    exposeHeaders: strings(get('ExposeHeaders')),
    maxAge: num(get('MaxAge')),
    allowCredentials: get('AllowCredentials') === true || get('AllowCredentials') === 'true',
  };
}

/** A function URL's `Cors`: lists as written (Lambda sends only what is configured). */
export function urlCors(v: Obj): CorsConfig {
  return {
    allowOrigins: strings(v.AllowOrigins),
    allowMethods: strings(v.AllowMethods).map((m) => m.toUpperCase()),
    allowHeaders: strings(v.AllowHeaders),
    exposeHeaders: strings(v.ExposeHeaders),
    maxAge: num(v.MaxAge),
    allowCredentials: v.AllowCredentials === true || v.AllowCredentials === 'true',
  };
}
