// APIs written as plain CloudFormation (and as CDK synthesizes them): AWS::ApiGateway::RestApi with its
// Resource tree (ParentId chains make the path), Methods (AWS_PROXY integrations), Authorizers, Stage
// and Deployment; AWS::ApiGatewayV2::Api (HTTP; the quick-create form with Target too) with its Routes
// ("GET /x", "$default"), Integrations, Authorizers and Stage.
import { TemplateLoadError, type ApiDef, type RouteDef } from '../model';
import { NOT_ENFORCED, cfnAuthorizer } from './auth';
import { fileBody, inlineBody } from './body';
import { httpCors } from './cors';
import { functionIdOfUri, isActive, Unresolved, resolve, targetId, tryResolve, tryString, warn, type StackCtx } from './intrinsics';
import { normalizeMethod, parseOpenApi } from './openapi';
import { addRoute, unescapeMediaType, type ApiBuild } from './samApis';
import { isObj, type Obj, type Path } from './source';

interface Res {
  id: string;
  props: Obj;
  p: Path;
}

const strMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, val] of Object.entries(v)) if (val !== undefined && val !== null && typeof val !== 'object') out[k] = String(val);
  return out;
};

/** The function an integration URI names; undefined (warned) when unresolvable, an error when it names none. */
function uriFunction(ctx: StackCtx, uri: unknown, p: Path, what: string, unservable: Map<string, string>): string | undefined {
  const t = targetId(uri);
  if (t && ctx.functionNames.has(t)) return ctx.prefix + t;
  let s: unknown;
  try {
    s = resolve(ctx, uri, p);
  } catch (err) {
    if (!(err instanceof Unresolved)) throw err;
    warn(ctx, p, `${what}: the integration URI cannot be resolved (${err.message}); the route is left out`);
    return undefined;
  }
  const id = typeof s === 'string' ? functionIdOfUri(ctx, s) : undefined;
  if (!id) throw new TemplateLoadError(ctx.src.file, ctx.src.lineOf(p), `${what}: the integration URI ${JSON.stringify(s)} names no function of this template`);
  if (unservable.has(id)) {
    warn(ctx, p, `${what}: ${unservable.get(id)}; the route is not served`);
    return undefined;
  }
  return id;
}

export async function loadCfnApis(ctx: StackCtx, files: string[], unservable: Map<string, string>): Promise<ApiBuild[]> {
  const byType = new Map<string, Res[]>();
  for (const [id, res] of Object.entries(ctx.resources)) {
    if (!isObj(res) || typeof res.Type !== 'string' || !res.Type.startsWith('AWS::ApiGateway') || !isActive(ctx, res, id)) continue;
    const list = byType.get(res.Type) ?? [];
    list.push({ id, props: isObj(res.Properties) ? res.Properties : {}, p: ['Resources', id, 'Properties'] });
    byType.set(res.Type, list);
  }
  const of = (t: string): Res[] => byType.get(t) ?? [];
  const apis = new Map<string, ApiBuild>();
  const apiOf = (r: Res, key: string): ApiBuild | undefined => {
    const t = targetId(r.props[key]);
    const b = t ? apis.get(t) : undefined;
    if (!b) warn(ctx, [...r.p, key], `${r.id}: ${key} names no API of this template; left out`);
    return b;
  };
  const body = async (r: Res) =>
    r.props.Body !== undefined
      ? inlineBody(ctx, r.props.Body, [...r.p, 'Body'], `${r.id} Body`, files)
      : r.props.BodyS3Location !== undefined
        ? fileBody(ctx, r.props.BodyS3Location, [...r.p, 'BodyS3Location'], `${r.id} BodyS3Location`, files)
        : undefined;
  const newApi = (r: Res, type: 'REST' | 'HTTP'): ApiBuild => {
    const def: ApiDef = {
      id: ctx.prefix + r.id,
      type,
      stageName: type === 'REST' ? 'Prod' : '$default',
      stageVariables: {},
      binaryMediaTypes: [],
      authorizers: {},
      routes: [],
    };
    const b: ApiBuild = { def, openAuthorizers: new Set() };
    apis.set(r.id, b);
    return b;
  };
  const addBody = async (r: Res, b: ApiBuild) => {
    const loaded = await body(r);
    if (!loaded) return;
    const oa = parseOpenApi(ctx, loaded.body, loaded, b.def.id, b.def.type);
    for (const route of oa.routes) addRoute(b.def, route);
    Object.assign(b.def.authorizers, oa.authorizers);
    for (const t of oa.binaryMediaTypes) if (!b.def.binaryMediaTypes.includes(t)) b.def.binaryMediaTypes.push(t);
    b.def.cors ??= oa.cors;
  };

  // REST APIs.
  for (const r of of('AWS::ApiGateway::RestApi')) {
    const b = newApi(r, 'REST');
    const bmt = tryResolve(ctx, r.props.BinaryMediaTypes, [...r.p, 'BinaryMediaTypes'], `${r.id} BinaryMediaTypes`);
    if (Array.isArray(bmt)) b.def.binaryMediaTypes = bmt.map((t) => unescapeMediaType(String(t)));
    await addBody(r, b);
  }
  const paths = new Map<string, string>(); // Resource id → path
  const resources = new Map(of('AWS::ApiGateway::Resource').map((r) => [r.id, r]));
  const pathOf = (id: string, seen: Set<string> = new Set()): string | undefined => {
    if (apis.has(id)) return '/';
    const known = paths.get(id);
    if (known) return known;
    const r = resources.get(id);
    if (!r || seen.has(id)) return undefined;
    seen.add(id);
    const parent = targetId(r.props.ParentId);
    const base = parent ? pathOf(parent, seen) : undefined;
    const part = tryString(ctx, r.props.PathPart, [...r.p, 'PathPart'], `${r.id} PathPart`);
    if (base === undefined || part === undefined) return undefined;
    const full = `${base === '/' ? '' : base}/${part}`;
    paths.set(id, full);
    return full;
  };
  for (const r of of('AWS::ApiGateway::Authorizer')) {
    const b = apiOf(r, 'RestApiId');
    if (!b) continue;
    const a = cfnAuthorizer(ctx, 'REST', r.id, r.props);
    if (a === NOT_ENFORCED) b.openAuthorizers.add(r.id);
    else b.def.authorizers[r.id] = a;
  }
  for (const r of of('AWS::ApiGateway::Method')) {
    const b = apiOf(r, 'RestApiId');
    if (!b) continue;
    const integ = isObj(r.props.Integration) ? r.props.Integration : {};
    const method = normalizeMethod(tryString(ctx, r.props.HttpMethod, [...r.p, 'HttpMethod'], `${r.id} HttpMethod`) ?? 'ANY');
    if (String(integ.Type ?? '').toUpperCase() !== 'AWS_PROXY') {
      if (String(integ.Type ?? '').toUpperCase() !== 'MOCK')
        warn(ctx, [...r.p, 'Integration'], `${r.id}: only Lambda proxy (AWS_PROXY) integrations are served locally`);
      continue;
    }
    const resId = targetId(r.props.ResourceId);
    const path = resId ? pathOf(resId) : undefined;
    if (path === undefined) {
      warn(ctx, [...r.p, 'ResourceId'], `${r.id}: its ResourceId is not a resource path of this template; left out`);
      continue;
    }
    const functionId = uriFunction(ctx, integ.Uri, [...r.p, 'Integration', 'Uri'], `${r.id} (${method} ${path})`, unservable);
    if (!functionId) continue;
    const authId = targetId(r.props.AuthorizerId);
    if (r.props.AuthorizationType === 'AWS_IAM' || r.props.AuthorizationType === 'COGNITO_USER_POOLS')
      warn(ctx, [...r.p, 'AuthorizationType'], `${r.id}: ${String(r.props.AuthorizationType)} authorization is not enforced locally; the route is served open`);
    addRoute(b.def, {
      apiId: b.def.id,
      method,
      path,
      functionId,
      payloadFormatVersion: '1.0',
      authorizer: authId && authId in b.def.authorizers ? authId : 'NONE',
    });
  }
  for (const r of of('AWS::ApiGateway::Deployment')) {
    const b = apiOf(r, 'RestApiId');
    const stage = b && r.props.StageName !== undefined ? tryString(ctx, r.props.StageName, [...r.p, 'StageName'], `${r.id} StageName`) : undefined;
    if (b && stage) b.def.stageName = stage;
    const sd = isObj(r.props.StageDescription) ? r.props.StageDescription : {};
    if (b && sd.Variables !== undefined)
      b.def.stageVariables = strMap(tryResolve(ctx, sd.Variables, [...r.p, 'StageDescription', 'Variables'], `${r.id} Variables`));
  }
  for (const r of of('AWS::ApiGateway::Stage')) {
    const b = apiOf(r, 'RestApiId');
    if (!b) continue;
    b.def.stageName = tryString(ctx, r.props.StageName, [...r.p, 'StageName'], `${r.id} StageName`) ?? b.def.stageName;
    b.def.stageVariables = strMap(tryResolve(ctx, r.props.Variables, [...r.p, 'Variables'], `${r.id} Variables`));
  }

  // HTTP APIs.
  for (const r of of('AWS::ApiGatewayV2::Api')) {
    if (r.props.ProtocolType !== undefined && r.props.ProtocolType !== 'HTTP') {
      warn(ctx, [...r.p, 'ProtocolType'], `${r.id}: ${String(r.props.ProtocolType)} APIs are not served locally`);
      continue;
    }
    const b = newApi(r, 'HTTP');
    b.def.cors = httpCors(tryResolve(ctx, r.props.CorsConfiguration, [...r.p, 'CorsConfiguration'], `${r.id} CorsConfiguration`));
    await addBody(r, b);
    if (r.props.Target !== undefined) {
      const key = tryString(ctx, r.props.RouteKey, [...r.p, 'RouteKey'], `${r.id} RouteKey`) ?? '$default';
      const functionId = uriFunction(ctx, r.props.Target, [...r.p, 'Target'], `${r.id} (quick create)`, unservable);
      if (functionId) addRoute(b.def, { apiId: b.def.id, ...routeKey(key), functionId, payloadFormatVersion: '2.0' });
    }
  }
  const integrations = new Map<string, { functionId?: string; pfv: '1.0' | '2.0'; r: Res }>();
  for (const r of of('AWS::ApiGatewayV2::Integration')) {
    const type = String(r.props.IntegrationType ?? '').toUpperCase();
    const pfv = String(r.props.PayloadFormatVersion ?? '2.0') === '1.0' ? '1.0' : '2.0';
    if (type !== 'AWS_PROXY') integrations.set(r.id, { pfv, r });
    else integrations.set(r.id, { functionId: uriFunction(ctx, r.props.IntegrationUri, [...r.p, 'IntegrationUri'], r.id, unservable), pfv, r });
  }
  for (const r of of('AWS::ApiGatewayV2::Authorizer')) {
    const b = apiOf(r, 'ApiId');
    if (!b) continue;
    const a = cfnAuthorizer(ctx, 'HTTP', r.id, r.props);
    if (a === NOT_ENFORCED) b.openAuthorizers.add(r.id);
    else b.def.authorizers[r.id] = a;
  }
  for (const r of of('AWS::ApiGatewayV2::Route')) {
    const b = apiOf(r, 'ApiId');
    if (!b) continue;
    const key = tryString(ctx, r.props.RouteKey, [...r.p, 'RouteKey'], `${r.id} RouteKey`);
    const target = tryString(ctx, r.props.Target, [...r.p, 'Target'], `${r.id} Target`);
    const integId = target ? /^integrations\/(.+)$/.exec(target)?.[1] : undefined;
    const integ = integId ? integrations.get(integId) : undefined;
    if (!key || !integ) {
      warn(ctx, r.p, `${r.id}: ${!key ? 'no RouteKey' : `its Target ${target ?? '(none)'} is not integrations/<an integration of this template>`}; left out`);
      continue;
    }
    if (!integ.functionId) {
      if (integ.r.props.IntegrationType !== 'AWS_PROXY') warn(ctx, r.p, `${r.id}: only Lambda proxy (AWS_PROXY) integrations are served locally`);
      continue;
    }
    const authId = targetId(r.props.AuthorizerId);
    if (r.props.AuthorizationType === 'AWS_IAM' || r.props.AuthorizationType === 'JWT')
      warn(ctx, [...r.p, 'AuthorizationType'], `${r.id}: ${String(r.props.AuthorizationType)} authorization is not enforced locally; the route is served open`);
    addRoute(b.def, {
      apiId: b.def.id,
      ...routeKey(key),
      functionId: integ.functionId,
      payloadFormatVersion: integ.pfv,
      authorizer: authId && authId in b.def.authorizers ? authId : 'NONE',
    });
  }
  for (const r of of('AWS::ApiGatewayV2::Stage')) {
    const b = apiOf(r, 'ApiId');
    if (!b) continue;
    b.def.stageName = tryString(ctx, r.props.StageName, [...r.p, 'StageName'], `${r.id} StageName`) ?? b.def.stageName;
    b.def.stageVariables = strMap(tryResolve(ctx, r.props.StageVariables, [...r.p, 'StageVariables'], `${r.id} StageVariables`));
  }
  return [...apis.values()];
}

/** "GET /pets/{id}" → GET and the path; "$default" → ANY $default. */
export function routeKey(key: string): Pick<RouteDef, 'method' | 'path'> {
  const k = key.trim();
  if (k === '$default') return { method: 'ANY', path: '$default' };
  const sp = k.indexOf(' ');
  return sp < 0 ? { method: 'ANY', path: k } : { method: normalizeMethod(k.slice(0, sp)), path: k.slice(sp + 1).trim() };
}
