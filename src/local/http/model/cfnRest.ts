// REST APIs in plain CloudFormation: AWS::ApiGateway::RestApi (BinaryMediaTypes, Body), the Resource
// tree (ParentId chains make the path; a Resource without a parent of the template hangs off the
// root), Methods with Lambda proxy integrations (a method's CONVERT_TO_BINARY content type is binary
// for the API), Authorizers, and the stage of a Deployment or Stage.
import { NOT_ENFORCED, cfnAuthorizer } from './auth';
import { idOf, type CfnScope } from './cfnShared';
import { integrationTarget } from './integration';
import { tryResolve, tryString, warn } from './intrinsics';
import { normalizeMethod } from './openapi';
import { addRoute, unescapeMediaType } from './samApis';
import { isObj, strMap } from './source';

export async function loadCfnRest(s: CfnScope): Promise<void> {
  const { ctx, apis } = s;
  for (const r of s.of('AWS::ApiGateway::RestApi')) {
    const b = s.newApi(r, 'REST');
    const bmt = tryResolve(ctx, r.props.BinaryMediaTypes, [...r.p, 'BinaryMediaTypes'], `${r.id} BinaryMediaTypes`);
    if (Array.isArray(bmt)) b.def.binaryMediaTypes = bmt.map((t) => unescapeMediaType(String(t)));
    await s.addBody(r, b);
  }
  const resources = new Map(s.of('AWS::ApiGateway::Resource').map((r) => [r.id, r]));
  const paths = new Map<string, string>();
  const pathOf = (id: string, seen = new Set<string>()): string | undefined => {
    if (apis.has(id)) return '/';
    const known = paths.get(id);
    if (known) return known;
    const r = resources.get(id);
    if (!r || seen.has(id)) return undefined;
    seen.add(id);
    const parent = idOf(r.props.ParentId);
    const base = parent && resources.has(parent) ? pathOf(parent, seen) : '/';
    const part = tryString(ctx, r.props.PathPart, [...r.p, 'PathPart'], `${r.id} PathPart`);
    if (base === undefined || part === undefined) return undefined;
    const full = `${base === '/' ? '' : base}/${part}`;
    paths.set(id, full);
    return full;
  };
  for (const r of s.of('AWS::ApiGateway::Authorizer')) {
    const b = s.apiOf(r, 'RestApiId');
    if (!b) continue;
    const a = cfnAuthorizer(ctx, 'REST', r.id, r.props);
    if (a === NOT_ENFORCED) b.openAuthorizers.add(r.id);
    else b.def.authorizers[r.id] = a;
  }
  for (const r of s.of('AWS::ApiGateway::Method')) {
    const b = s.apiOf(r, 'RestApiId');
    if (!b) continue;
    const integ = isObj(r.props.Integration) ? r.props.Integration : {};
    const method = normalizeMethod(tryString(ctx, r.props.HttpMethod, [...r.p, 'HttpMethod'], `${r.id} HttpMethod`) ?? 'ANY');
    const type = String(integ.Type ?? 'AWS_PROXY').toUpperCase();
    if (type !== 'AWS_PROXY') {
      if (type !== 'MOCK') warn(ctx, [...r.p, 'Integration', 'Type'], `${r.id}: only Lambda proxy (AWS_PROXY) integrations are served locally, not ${type}`);
      continue;
    }
    if (integ.ContentHandling === 'CONVERT_TO_BINARY' && typeof integ.ContentType === 'string') {
      const t = unescapeMediaType(integ.ContentType);
      if (!b.def.binaryMediaTypes.includes(t)) b.def.binaryMediaTypes.push(t);
    }
    const resId = idOf(r.props.ResourceId);
    const path = resId ? pathOf(resId) : '/';
    if (path === undefined) {
      warn(ctx, [...r.p, 'ResourceId'], `${r.id}: its ResourceId is not a resource path of this template; left out`);
      continue;
    }
    const target = integrationTarget(ctx, integ.Uri, [...r.p, 'Integration', 'Uri'], `${r.id} (${method} ${path})`);
    const authId = idOf(r.props.AuthorizerId);
    if (r.props.AuthorizationType === 'AWS_IAM' || r.props.AuthorizationType === 'COGNITO_USER_POOLS')
      warn(ctx, [...r.p, 'AuthorizationType'], `${r.id}: ${String(r.props.AuthorizationType)} authorization is not enforced locally; the route is served open`);
    addRoute(b.def, {
      apiId: b.def.id,
      method,
      path,
      ...target,
      payloadFormatVersion: '1.0',
      authorizer: authId && authId in b.def.authorizers ? authId : 'NONE',
    });
  }
  for (const r of s.of('AWS::ApiGateway::Deployment')) {
    const b = s.apiOf(r, 'RestApiId');
    if (!b) continue;
    const stage = r.props.StageName !== undefined ? tryString(ctx, r.props.StageName, [...r.p, 'StageName'], `${r.id} StageName`) : undefined;
    if (stage) b.def.stageName = stage;
    const sd = isObj(r.props.StageDescription) ? r.props.StageDescription : {};
    if (sd.Variables !== undefined)
      b.def.stageVariables = strMap(tryResolve(ctx, sd.Variables, [...r.p, 'StageDescription', 'Variables'], `${r.id} Variables`));
  }
  for (const r of s.of('AWS::ApiGateway::Stage')) {
    const b = s.apiOf(r, 'RestApiId');
    if (!b) continue;
    b.def.stageName = tryString(ctx, r.props.StageName, [...r.p, 'StageName'], `${r.id} StageName`) ?? b.def.stageName;
    b.def.stageVariables = strMap(tryResolve(ctx, r.props.Variables, [...r.p, 'Variables'], `${r.id} Variables`));
  }
}
