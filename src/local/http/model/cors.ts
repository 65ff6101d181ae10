// CORS settings in their three spellings, made one CorsConfig: SAM's REST `Cors` (a quoted string,
// or an object of quoted strings, as API Gateway's mock OPTIONS integration wants them), HTTP APIs'
// `CorsConfiguration` (true, or lists) and OpenAPI's `x-amazon-apigateway-cors` (the same in camel case),
// and function URLs' `Cors`. Method lists as SAM CLI serves them: '*' and a missing list mean every
// method, and OPTIONS is always allowed (it is the preflight).
import { TemplateLoadError, type CorsConfig } from '../model';
import { tryResolve, tryString, type StackCtx } from './intrinsics';
import { isObj, type Obj, type Path } from './source';

export const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

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
  const n = Number(v);
  return v !== undefined && v !== null && v !== '' && Number.isFinite(n) ? n : undefined;
};

const REST_KEYS = ['AllowOrigin', 'AllowMethods', 'AllowHeaders', 'MaxAge', 'AllowCredentials'] as const;

/**
 * SAM AWS::Serverless::Api `Cors`, read as SAM CLI reads it: values are API Gateway header values in
 * single quotes (`"'*'"`), kept verbatim (one element each for the origin and the headers, as API
 * Gateway sends them); methods are normalized (a missing list is every method; OPTIONS added). A value
 * that cannot be resolved is left out with a warning; an unquoted value is an error, as in SAM CLI.
 */
export function restCors(ctx: StackCtx, raw: unknown, p: Path, owner: string): CorsConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  const quoted = (key: string, v: unknown, at: Path): string | undefined => {
    if (v === undefined) return undefined;
    const r = key === 'MaxAge' || key === 'AllowCredentials' ? tryResolve(ctx, v, at, `${owner} Cors ${key}`) : tryString(ctx, v, at, `${owner} Cors ${key}`);
    if (r === undefined || typeof r === 'number' || typeof r === 'boolean') return r === undefined ? undefined : String(r);
    const t = String(r);
    if (!(t.startsWith("'") && t.endsWith("'")))
      throw new TemplateLoadError(
        ctx.src.file,
        ctx.src.lineOf(at),
        `${owner} Cors${key ? ` ${key}` : ''} must be a quoted string ("'value'" is correct, "value" is not), as API Gateway reads it`,
      );
    return t.replace(/^'+|'+$/g, '');
  };
  if (!isObj(raw) || Object.keys(raw).some((k) => k.startsWith('Fn::') || k === 'Ref')) {
    const origin = quoted('', raw, p);
    return origin === undefined
      ? undefined
      : { allowOrigins: [origin], allowMethods: [...ALL_METHODS], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
  }
  const v: Partial<Record<(typeof REST_KEYS)[number], string>> = {};
  for (const k of REST_KEYS) v[k] = quoted(k, raw[k], [...p, k]);
  return {
    allowOrigins: v.AllowOrigin ? [v.AllowOrigin] : [],
    allowMethods: methods(csv(v.AllowMethods)),
    allowHeaders: v.AllowHeaders ? [v.AllowHeaders] : [],
    exposeHeaders: [],
    maxAge: num(v.MaxAge),
    allowCredentials: v.AllowCredentials === 'true',
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
