// Lambda authorizers in their four spellings, made AuthorizerDef: SAM `Auth.Authorizers` (REST TOKEN /
// REQUEST; HTTP API with a payload version), OpenAPI security schemes with
// `x-amazon-apigateway-authorizer`, and CloudFormation AWS::ApiGateway::Authorizer /
// AWS::ApiGatewayV2::Authorizer. Cognito, JWT and IAM authorizers are not enforced locally (as with
// `sam local start-api`): a warning, and the route is served open. A Lambda authorizer without a
// function of this template, or of an unknown type, cannot be served: TemplateLoadError.
import { TemplateLoadError, type ApiType, type AuthorizerDef } from '../model';
import { payloadVersion } from './integration';
import { functionIdOfUri, resolveEach, targetId, tryResolve, tryString, warn, type StackCtx } from './intrinsics';
import { isObj, type Obj, type Path, type SourceFile } from './source';

/** The authorizer could not be made, but is legal: not enforced locally. */
export const NOT_ENFORCED = 'not-enforced';
export type AuthResult = AuthorizerDef | typeof NOT_ENFORCED;

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** The function (prefixed logical id) an authorizer's FunctionArn / AuthorizerUri names. */
function authorizerFunction(ctx: StackCtx, name: string, v: unknown, p: Path, src: SourceFile): string {
  const line = src.lineOf(p);
  if (v === undefined || v === null)
    throw new TemplateLoadError(src.file, line, `authorizer ${name} has no function (FunctionArn / authorizerUri); a Lambda authorizer needs one`);
  const t = targetId(v);
  if (t && ctx.functionNames.has(t)) return ctx.prefix + ctx.functionNames.get(t)!;
  const s = typeof v === 'string' ? v : tryString(ctx, v, p, `authorizer ${name} function`);
  const id = s !== undefined ? functionIdOfUri(ctx, s) : undefined;
  if (!id) throw new TemplateLoadError(src.file, line, `authorizer ${name}: ${s ?? JSON.stringify(v)} names no function of this template`);
  return id;
}

function notEnforced(ctx: StackCtx, name: string, kind: string, p: Path, src: SourceFile): AuthResult {
  warn(ctx, p, `authorizer ${name} (${kind}) is not enforced locally; its routes are served without authorization`, src);
  return NOT_ENFORCED;
}

const ttl = (v: unknown, def: number | undefined): number | undefined => {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) ? n : def;
};

/** SAM `Auth.Authorizers.<name>` of an AWS::Serverless::Api / HttpApi (values resolved where needed). */
export function samAuthorizer(ctx: StackCtx, apiType: ApiType, name: string, def: unknown, p: Path): AuthResult {
  const src = ctx.src;
  if (!isObj(def)) throw new TemplateLoadError(src.file, src.lineOf(p), `authorizer ${name} is not an object`);
  if (def.UserPoolArn !== undefined) return notEnforced(ctx, name, 'Cognito user pool', p, src);
  if (def.JwtConfiguration !== undefined) return notEnforced(ctx, name, 'JWT', p, src);
  const identity = resolveEach(ctx, def.Identity, [...p, 'Identity'], `authorizer ${name} Identity`);
  const id: Obj = isObj(identity) ? identity : {};
  if (def.FunctionArn === undefined)
    throw new TemplateLoadError(
      src.file,
      src.lineOf(p),
      `authorizer ${name} has neither FunctionArn (Lambda) nor UserPoolArn (Cognito)${apiType === 'HTTP' ? ' nor JwtConfiguration (JWT)' : ''}`,
    );
  const functionId = authorizerFunction(ctx, name, def.FunctionArn, [...p, 'FunctionArn'], src);
  if (apiType === 'REST') {
    const type = tryString(ctx, def.FunctionPayloadType, [...p, 'FunctionPayloadType'], `authorizer ${name} FunctionPayloadType`) ?? 'TOKEN';
    if (type !== 'TOKEN' && type !== 'REQUEST')
      throw new TemplateLoadError(
        src.file,
        src.lineOf([...p, 'FunctionPayloadType']),
        `authorizer ${name}: FunctionPayloadType ${String(type)} is not TOKEN or REQUEST`,
      );
    const sources =
      type === 'TOKEN'
        ? [`method.request.header.${typeof id.Header === 'string' ? id.Header : 'Authorization'}`]
        : [
            ...strs(id.Headers).map((h) => `method.request.header.${h}`),
            ...strs(id.QueryStrings).map((q) => `method.request.querystring.${q}`),
            ...strs(id.StageVariables).map((s) => `stageVariables.${s}`),
            ...strs(id.Context).map((c) => `context.${c}`),
          ];
    return {
      name,
      type,
      functionId,
      identitySources: sources,
      validationExpression: type === 'TOKEN' && typeof id.ValidationExpression === 'string' ? id.ValidationExpression : undefined,
      ttlSeconds: ttl(id.ReauthorizeEvery, 300),
    };
  }
  const raw = tryResolve(
    ctx,
    def.AuthorizerPayloadFormatVersion,
    [...p, 'AuthorizerPayloadFormatVersion'],
    `authorizer ${name} AuthorizerPayloadFormatVersion`,
  );
  const version = payloadVersion(raw);
  if (raw !== undefined && version === undefined)
    throw new TemplateLoadError(
      src.file,
      src.lineOf([...p, 'AuthorizerPayloadFormatVersion']),
      `authorizer ${name}: AuthorizerPayloadFormatVersion ${String(raw)} is not 1.0 or 2.0`,
    );
  if (version === undefined) warn(ctx, p, `authorizer ${name} has no AuthorizerPayloadFormatVersion (SAM requires one); 2.0 is used`);
  return {
    name,
    type: 'REQUEST',
    functionId,
    identitySources: [
      ...strs(id.Headers).map((h) => `$request.header.${h}`),
      ...strs(id.QueryStrings).map((q) => `$request.querystring.${q}`),
      ...strs(id.StageVariables).map((s) => `$stageVariables.${s}`),
      ...strs(id.Context).map((c) => `$context.${c}`),
    ],
    payloadFormatVersion: version ?? '2.0',
    enableSimpleResponses: tryResolve(ctx, def.EnableSimpleResponses, [...p, 'EnableSimpleResponses'], `authorizer ${name} EnableSimpleResponses`) === true,
    ttlSeconds: ttl(id.ReauthorizeEvery, undefined),
  };
}

/** An OpenAPI security scheme (`securityDefinitions` / `components.securitySchemes`). */
export function openApiAuthorizer(ctx: StackCtx, apiType: ApiType, name: string, scheme: unknown, p: Path, src: SourceFile): AuthResult | undefined {
  if (!isObj(scheme)) return undefined;
  const a = scheme['x-amazon-apigateway-authorizer'];
  if (!isObj(a)) {
    if (scheme['x-amazon-apigateway-authtype'] === 'awsSigv4' || scheme.name === 'x-api-key')
      return notEnforced(ctx, name, String(scheme['x-amazon-apigateway-authtype'] ?? 'API key'), p, src);
    return undefined;
  }
  const ap = [...p, 'x-amazon-apigateway-authorizer'];
  // Values may be intrinsics (`identityValidationExpression: !Ref X`); the URI is read on its own below.
  const r = resolveEach(ctx, { ...a, authorizerUri: undefined }, ap, `authorizer ${name}`) as Obj;
  const type = String(r.type ?? '').toLowerCase();
  if (type === 'jwt' || type === 'cognito_user_pools') return notEnforced(ctx, name, type, ap, src);
  if (type !== 'token' && type !== 'request')
    throw new TemplateLoadError(
      src.file,
      src.lineOf([...ap, 'type']),
      `authorizer ${name}: type ${String(r.type)} is not token, request, jwt or cognito_user_pools`,
    );
  const functionId = authorizerFunction(ctx, name, a.authorizerUri, [...ap, 'authorizerUri'], src);
  const listed = Array.isArray(r.identitySource) ? r.identitySource.map(String) : typeof r.identitySource === 'string' ? r.identitySource.split(',') : [];
  let sources = listed.map((s) => s.trim()).filter(Boolean);
  if (!sources.length && type === 'token') sources = [`method.request.header.${typeof scheme.name === 'string' ? scheme.name : 'Authorization'}`];
  const version = payloadVersion(r.authorizerPayloadFormatVersion);
  return {
    name,
    type: apiType === 'HTTP' ? 'REQUEST' : type === 'token' ? 'TOKEN' : 'REQUEST',
    functionId,
    identitySources: sources,
    validationExpression: typeof r.identityValidationExpression === 'string' && r.identityValidationExpression ? r.identityValidationExpression : undefined,
    payloadFormatVersion: apiType === 'HTTP' ? (version ?? '2.0') : undefined,
    enableSimpleResponses: apiType === 'HTTP' ? r.enableSimpleResponses === true : undefined,
    ttlSeconds: ttl(r.authorizerResultTtlInSeconds, apiType === 'REST' ? 300 : undefined),
  };
}

/** AWS::ApiGateway::Authorizer or AWS::ApiGatewayV2::Authorizer (logical id `id`). */
export function cfnAuthorizer(ctx: StackCtx, apiType: ApiType, id: string, props: Obj): AuthResult {
  const p: Path = ['Resources', id, 'Properties'];
  const src = ctx.src;
  const name = id;
  const typeKey = apiType === 'REST' ? 'Type' : 'AuthorizerType';
  const type = tryString(ctx, props[typeKey], [...p, typeKey], `${id} ${typeKey}`) ?? '';
  if (type === 'COGNITO_USER_POOLS' || type === 'JWT') return notEnforced(ctx, name, type, p, src);
  if (type !== 'TOKEN' && type !== 'REQUEST')
    throw new TemplateLoadError(
      src.file,
      src.lineOf([...p, apiType === 'REST' ? 'Type' : 'AuthorizerType']),
      `authorizer ${name}: type ${type || '(none)'} is not TOKEN or REQUEST`,
    );
  const functionId = authorizerFunction(ctx, name, props.AuthorizerUri, [...p, 'AuthorizerUri'], src);
  const resolvedSources = tryResolve(ctx, props.IdentitySource, [...p, 'IdentitySource'], `${id} IdentitySource`);
  const rawSources = Array.isArray(resolvedSources) ? resolvedSources.join(',') : typeof resolvedSources === 'string' ? resolvedSources : undefined;
  const sources = (rawSources ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!sources.length && type === 'TOKEN') sources.push('method.request.header.Authorization');
  const version = payloadVersion(
    tryResolve(ctx, props.AuthorizerPayloadFormatVersion, [...p, 'AuthorizerPayloadFormatVersion'], `${id} AuthorizerPayloadFormatVersion`),
  );
  return {
    name,
    type: type as 'TOKEN' | 'REQUEST',
    functionId,
    identitySources: sources,
    validationExpression: typeof props.IdentityValidationExpression === 'string' ? props.IdentityValidationExpression : undefined,
    payloadFormatVersion: apiType === 'HTTP' ? (version ?? '2.0') : undefined,
    enableSimpleResponses:
      apiType === 'HTTP' ? tryResolve(ctx, props.EnableSimpleResponses, [...p, 'EnableSimpleResponses'], `${id} EnableSimpleResponses`) === true : undefined,
    ttlSeconds: ttl(props.AuthorizerResultTtlInSeconds, apiType === 'REST' ? 300 : undefined),
  };
}
