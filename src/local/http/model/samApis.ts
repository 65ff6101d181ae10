// SAM's APIs: AWS::Serverless::Api and AWS::Serverless::HttpApi (Globals.Api / Globals.HttpApi merged,
// DefinitionBody / DefinitionUri), and the implicit ServerlessRestApi / ServerlessHttpApi that `Api`
// and `HttpApi` events without RestApiId / ApiId create, as the SAM transform does.
import { TemplateLoadError, type ApiDef, type ApiType, type RouteDef } from '../model';
import { NOT_ENFORCED, samAuthorizer } from './auth';
import { fileBody, inlineBody } from './body';
import { httpCors, restCors } from './cors';
import { isActive, targetId, tryResolve, tryString, warn, type StackCtx } from './intrinsics';
import { payloadVersion } from './integration';
import { normalizeMethod, parseOpenApi } from './openapi';
import { isObj, strMap, type Obj, type Path } from './source';

const SAM_API: Record<string, ApiType> = { 'AWS::Serverless::Api': 'REST', 'AWS::Serverless::HttpApi': 'HTTP' };
const IMPLICIT: Record<ApiType, string> = { REST: 'ServerlessRestApi', HTTP: 'ServerlessHttpApi' };

/** An API being built, with what its events need: the authorizers not enforced locally. */
export interface ApiBuild {
  def: ApiDef;
  openAuthorizers: Set<string>;
}

/** SAM Globals: the resource's own properties win; maps (Auth, Cors, Variables…) merge key by key. */
function withGlobals(globals: Obj, own: Obj): Obj {
  const out: Obj = { ...globals };
  for (const [k, v] of Object.entries(own)) out[k] = isObj(v) && isObj(out[k]) ? { ...(out[k] as Obj), ...v } : v;
  return out;
}

export const unescapeMediaType = (t: string): string => t.replace(/~1/g, '/');

/** The settings of a SAM API (explicit, or implicit with Globals alone), before its routes. */
function samApiSettings(ctx: StackCtx, id: string, type: ApiType, props: Obj, p: Path): ApiBuild {
  const r = (k: string) => tryResolve(ctx, props[k], [...p, k], `${id} ${k}`);
  const stage = props.StageName !== undefined ? tryString(ctx, props.StageName, [...p, 'StageName'], `${id} StageName`) : undefined;
  const bmt = type === 'REST' ? r('BinaryMediaTypes') : undefined;
  const def: ApiDef = {
    id: ctx.prefix + id,
    type,
    stageName: stage ?? (type === 'REST' ? 'Prod' : '$default'),
    stageVariables: strMap(r(type === 'REST' ? 'Variables' : 'StageVariables')),
    binaryMediaTypes: Array.isArray(bmt) ? bmt.map((t) => unescapeMediaType(String(t))) : [],
    cors: type === 'REST' ? restCors(ctx, props.Cors, [...p, 'Cors'], id) : httpCors(r('CorsConfiguration')),
    authorizers: {},
    routes: [],
  };
  const build: ApiBuild = { def, openAuthorizers: new Set() };
  const auth = isObj(props.Auth) ? props.Auth : {};
  const authorizers = isObj(auth.Authorizers) ? auth.Authorizers : {};
  for (const [name, a] of Object.entries(authorizers)) {
    const res = samAuthorizer(ctx, type, name, a, [...p, 'Auth', 'Authorizers', name]);
    if (res === NOT_ENFORCED) build.openAuthorizers.add(name);
    else def.authorizers[name] = res;
  }
  const defaultName = tryString(ctx, auth.DefaultAuthorizer, [...p, 'Auth', 'DefaultAuthorizer'], `${id} DefaultAuthorizer`);
  if (defaultName !== undefined) {
    const name = defaultName;
    if (name in def.authorizers) def.defaultAuthorizer = name;
    else if (name === 'AWS_IAM')
      warn(ctx, [...p, 'Auth', 'DefaultAuthorizer'], `${id}: AWS_IAM authorization is not enforced locally; its routes are served open`);
    else if (!build.openAuthorizers.has(name))
      throw new TemplateLoadError(
        ctx.src.file,
        ctx.src.lineOf([...p, 'Auth', 'DefaultAuthorizer']),
        `${id}: DefaultAuthorizer ${name} is not one of its Auth.Authorizers`,
      );
  }
  return build;
}

/** Adds `route` unless the API has that method and path already (an event repeating its body). */
export function addRoute(api: ApiDef, route: RouteDef): void {
  if (!api.routes.some((x) => x.method === route.method && x.path === route.path)) api.routes.push(route);
}

async function explicitApi(ctx: StackCtx, id: string, type: ApiType, props: Obj, files: string[]): Promise<ApiBuild> {
  const p: Path = ['Resources', id, 'Properties'];
  const build = samApiSettings(ctx, id, type, props, p);
  const def = build.def;
  const loaded =
    props.DefinitionBody !== undefined
      ? await inlineBody(ctx, props.DefinitionBody, [...p, 'DefinitionBody'], `${id} DefinitionBody`, files)
      : props.DefinitionUri !== undefined
        ? await fileBody(ctx, props.DefinitionUri, [...p, 'DefinitionUri'], `${id} DefinitionUri`, files)
        : undefined;
  if (loaded) {
    const oa = parseOpenApi(ctx, loaded.body, loaded, def.id, type, { authorizers: def.authorizers, openSchemes: build.openAuthorizers });
    for (const route of oa.routes) addRoute(def, route);
    Object.assign(def.authorizers, oa.authorizers);
    oa.openSchemes.forEach((s) => build.openAuthorizers.add(s));
    for (const t of oa.binaryMediaTypes) if (!def.binaryMediaTypes.includes(t)) def.binaryMediaTypes.push(t);
    def.cors ??= oa.cors;
  }
  return build;
}

/** The route authorizer an event names: a name of the API, 'NONE', or undefined (the API's default). */
function eventAuthorizer(ctx: StackCtx, build: ApiBuild, ev: Obj, p: Path, what: string): string | undefined {
  const auth = isObj(ev.Auth) ? ev.Auth : {};
  const name = tryString(ctx, auth.Authorizer, [...p, 'Auth', 'Authorizer'], `${what} Auth.Authorizer`);
  if (name === undefined) return undefined;
  if (name === 'NONE') return 'NONE';
  if (name in build.def.authorizers) return name;
  if (build.openAuthorizers.has(name)) return 'NONE';
  if (name === 'AWS_IAM') {
    warn(ctx, [...p, 'Auth', 'Authorizer'], `${what}: AWS_IAM authorization is not enforced locally; the route is served open`);
    return 'NONE';
  }
  throw new TemplateLoadError(
    ctx.src.file,
    ctx.src.lineOf([...p, 'Auth', 'Authorizer']),
    `${what}: authorizer ${name} is not defined in the Auth.Authorizers of ${build.def.id}`,
  );
}

/** Every SAM API of the stack, explicit and implicit, with the routes of its body and its events. */
export async function loadSamApis(ctx: StackCtx, doc: Obj, files: string[]): Promise<ApiBuild[]> {
  const globals = isObj(doc.Globals) ? doc.Globals : {};
  const gOf = (t: ApiType): Obj => (t === 'REST' ? (isObj(globals.Api) ? globals.Api : {}) : isObj(globals.HttpApi) ? globals.HttpApi : {});
  const apis = new Map<string, ApiBuild>();
  const out: ApiBuild[] = [];
  for (const [id, res] of Object.entries(ctx.resources)) {
    if (!isObj(res) || typeof res.Type !== 'string' || !(res.Type in SAM_API) || !isActive(ctx, res, id)) continue;
    const type = SAM_API[res.Type];
    const b = await explicitApi(ctx, id, type, withGlobals(gOf(type), isObj(res.Properties) ? res.Properties : {}), files);
    apis.set(id, b);
    out.push(b);
  }
  const implicit = (type: ApiType): ApiBuild => {
    const id = IMPLICIT[type];
    let b = apis.get(id);
    if (!b) {
      b = samApiSettings(ctx, id, type, gOf(type), ['Globals', type === 'REST' ? 'Api' : 'HttpApi']);
      apis.set(id, b);
      out.push(b);
    }
    return b;
  };
  for (const [fid, res] of Object.entries(ctx.resources)) {
    if (!isObj(res) || res.Type !== 'AWS::Serverless::Function' || !isActive(ctx, res, fid)) continue;
    const events = isObj(res.Properties) && isObj(res.Properties.Events) ? res.Properties.Events : {};
    for (const [eid, ev] of Object.entries(events)) {
      if (!isObj(ev) || (ev.Type !== 'Api' && ev.Type !== 'HttpApi')) continue;
      const type: ApiType = ev.Type === 'Api' ? 'REST' : 'HTTP';
      const p: Path = ['Resources', fid, 'Properties', 'Events', eid, 'Properties'];
      const props = isObj(ev.Properties) ? ev.Properties : {};
      const what = `${ctx.prefix}${fid} event ${eid}`;
      const apiRef = type === 'REST' ? props.RestApiId : props.ApiId;
      let build: ApiBuild;
      if (apiRef !== undefined) {
        const target = targetId(apiRef) ?? tryString(ctx, apiRef, [...p, type === 'REST' ? 'RestApiId' : 'ApiId'], what);
        const b = target ? apis.get(target) : undefined;
        if (!b || b.def.type !== type)
          throw new TemplateLoadError(
            ctx.src.file,
            ctx.src.lineOf([...p, type === 'REST' ? 'RestApiId' : 'ApiId']),
            `${what}: ${type === 'REST' ? 'RestApiId' : 'ApiId'} must reference an ${type === 'REST' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi'} of this template${target ? ` (${target} is not one)` : ''}`,
          );
        build = b;
      } else build = implicit(type);
      const rawPath = tryString(ctx, props.Path, [...p, 'Path'], `${what} Path`);
      const rawMethod = tryString(ctx, props.Method, [...p, 'Method'], `${what} Method`);
      if (type === 'REST' && (!rawPath || !rawMethod))
        throw new TemplateLoadError(ctx.src.file, ctx.src.lineOf(p), `${what}: an Api event needs Path and Method`);
      const fnId = ctx.prefix + fid;
      addRoute(build.def, {
        apiId: build.def.id,
        method: rawMethod ? normalizeMethod(rawMethod) : 'ANY',
        path: rawPath ?? '$default',
        functionId: fnId,
        payloadFormatVersion:
          type === 'REST'
            ? '1.0'
            : (payloadVersion(tryResolve(ctx, props.PayloadFormatVersion, [...p, 'PayloadFormatVersion'], `${what} PayloadFormatVersion`)) ?? '2.0'),
        authorizer: eventAuthorizer(ctx, build, props, p, what),
      });
    }
  }
  return out;
}

/** Routes without an authorizer of their own get the API's default; 'NONE' becomes open (undefined). */
export function applyDefaultAuthorizer(api: ApiDef): void {
  for (const r of api.routes) {
    if (r.authorizer === undefined) r.authorizer = api.defaultAuthorizer;
    if (r.authorizer === 'NONE' || (r.authorizer !== undefined && !(r.authorizer in api.authorizers))) r.authorizer = undefined;
  }
}
