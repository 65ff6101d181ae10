// Routes and settings of an OpenAPI 3 / Swagger 2 body, as API Gateway imports it: every path and
// method (x-amazon-apigateway-any-method is ANY) with an aws_proxy x-amazon-apigateway-integration
// naming a function of the template, its payloadFormatVersion, the security scheme it uses, binary
// media types and x-amazon-apigateway-cors.
import { type ApiType, type AuthorizerDef, type CorsConfig, type RouteDef } from '../model';
import { NOT_ENFORCED, openApiAuthorizer } from './auth';
import { httpCors } from './cors';
import { integrationTarget, payloadVersion } from './integration';
import { warn, type StackCtx } from './intrinsics';
import { isObj, type Obj, type Path, type SourceFile } from './source';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method', 'any']);

export interface OpenApiResult {
  routes: RouteDef[];
  binaryMediaTypes: string[];
  cors?: CorsConfig;
  authorizers: Record<string, AuthorizerDef>;
  /** Security schemes that are not enforced locally (Cognito, JWT, IAM, API keys). */
  openSchemes: Set<string>;
}

/** Where the body is: its file and the path of the body inside it. */
export interface BodyAt {
  src: SourceFile;
  base: Path;
}

export const normalizeMethod = (m: string): string => {
  const l = m.toLowerCase();
  return l === 'x-amazon-apigateway-any-method' || l === 'any' || l === '*' ? 'ANY' : l.toUpperCase();
};

function securityOf(sec: unknown): string | undefined | null {
  if (!Array.isArray(sec)) return undefined; // not set
  const first = sec.find(isObj);
  const name = first ? Object.keys(first)[0] : undefined;
  return name ?? null; // [] or [{}]: explicitly open
}

/** The route's authorizer: a scheme name, 'NONE' (open, explicitly or not enforced), or undefined (the API's default). */
function routeAuthorizer(ctx: StackCtx, out: OpenApiResult, auth: string | null | undefined, at: BodyAt, p: Path, route: string): string | undefined {
  if (auth === undefined) return undefined;
  if (auth === null || out.openSchemes.has(auth)) return 'NONE';
  if (auth in out.authorizers) return auth;
  warn(ctx, [...p, 'security'], `${route}: security scheme ${auth} is not defined or not a Lambda authorizer; the route is served open`, at.src);
  return 'NONE';
}

/**
 * `known`: authorizers defined outside the body (SAM Auth.Authorizers), which its operations may name;
 * the body's own schemes are added to out.authorizers / out.openSchemes.
 */
export function parseOpenApi(
  ctx: StackCtx,
  body: Obj,
  at: BodyAt,
  apiId: string,
  apiType: ApiType,
  known?: { authorizers: Record<string, AuthorizerDef>; openSchemes: Set<string> },
): OpenApiResult {
  const out: OpenApiResult = { routes: [], binaryMediaTypes: [], authorizers: { ...known?.authorizers }, openSchemes: new Set(known?.openSchemes) };
  const schemesAt: Path = isObj(body.components) && isObj(body.components.securitySchemes) ? ['components', 'securitySchemes'] : ['securityDefinitions'];
  const schemes = schemesAt.length === 2 ? ((body.components as Obj).securitySchemes as Obj) : isObj(body.securityDefinitions) ? body.securityDefinitions : {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const a = openApiAuthorizer(ctx, apiType, name, scheme, [...at.base, ...schemesAt, name], at.src);
    if (a === NOT_ENFORCED) out.openSchemes.add(name);
    else if (a) out.authorizers[name] = a;
  }
  const bmt = body['x-amazon-apigateway-binary-media-types'];
  if (Array.isArray(bmt)) out.binaryMediaTypes = bmt.map((t) => String(t).replace(/~1/g, '/'));
  if (body['x-amazon-apigateway-cors'] !== undefined) out.cors = httpCors(body['x-amazon-apigateway-cors']);
  const topSecurity = securityOf(body.security);
  const paths = isObj(body.paths) ? body.paths : {};
  for (const [routePath, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    for (const [m, op] of Object.entries(item)) {
      if (!METHODS.has(m.toLowerCase()) || !isObj(op)) continue;
      const method = normalizeMethod(m);
      const route = `${method} ${routePath}`;
      const p: Path = [...at.base, 'paths', routePath, m];
      const integ = op['x-amazon-apigateway-integration'];
      if (!isObj(integ)) {
        warn(ctx, p, `${route} has no x-amazon-apigateway-integration; it is not served`, at.src);
        continue;
      }
      const type = String(integ.type ?? '').toLowerCase();
      if (type !== 'aws_proxy') {
        if (type !== 'mock')
          warn(
            ctx,
            [...p, 'x-amazon-apigateway-integration'],
            `${route}: only Lambda proxy (aws_proxy) integrations are served locally, not ${type || 'this one'}`,
            at.src,
          );
        continue;
      }
      const target = integrationTarget(ctx, integ.uri, [...p, 'x-amazon-apigateway-integration', 'uri'], route, at.src);
      const sec = securityOf(op.security);
      const auth = sec === undefined ? topSecurity : sec;
      out.routes.push({
        apiId,
        method,
        path: routePath,
        ...target,
        payloadFormatVersion: apiType === 'REST' ? '1.0' : (payloadVersion(integ.payloadFormatVersion) ?? '2.0'),
        authorizer: routeAuthorizer(ctx, out, auth, at, p, route),
      });
    }
  }
  return out;
}
