// SAM-specific rules the schema cannot express: what the SAM transform rejects about APIs and their
// OpenAPI bodies, authorizers, CORS, domains, gateway responses, events (API auth and models, queue
// access configurations, Kafka, Cognito, S3), functions (aliases, destinations, tenancy, policies),
// tables, applications, state machines, WebSocket APIs and connectors. Each reports on the offending
// key or value, blaming the SAM resource.
import { getPair, getValue, intrinsicName, refName, scalarString, type TMap, type TNode, type TPair, type TScalar } from './ast';
import type { Sink } from './validate';
import { PSEUDO_PARAMETERS, type ResourceEntry, type Template } from './template';

const kr = (p: TPair) => ({ start: p.keyStart, end: p.keyEnd });
const isMap = (n: TNode | null | undefined): n is TMap => !!n && n.kind === 'map' && !intrinsicName(n);
const isIntrinsic = (n: TNode | null | undefined) => !!intrinsicName(n);
const isStr = (n: TNode | null | undefined): n is TScalar => !!n && n.kind === 'scalar' && n.value !== null;
const truthy = (n: TNode | null | undefined) => !!n && n.kind === 'scalar' && (n.value === true || n.value === 'true' || n.value === 'True');

/** `Key` present with a value that must be a map (intrinsics are left to CloudFormation unless `strict`). */
function mustMap(sink: Sink, parent: TNode | null | undefined, key: string, path: string, strict = false): TMap | undefined {
  const p = getPair(parent, key);
  if (!p || !p.value) return undefined;
  if (isMap(p.value)) return p.value;
  if (!strict && isIntrinsic(p.value)) return undefined;
  if (p.value.kind === 'scalar' && p.value.value === null && !strict) return undefined;
  sink.error(p.value, 'sam', `Property '${path}' should be a map.`);
  return undefined;
}

function mustList(sink: Sink, parent: TNode | null | undefined, key: string, path: string, items?: 'string'): void {
  const v = getValue(parent, key);
  if (!v || isIntrinsic(v)) return;
  if (v.kind !== 'seq') {
    sink.error(v, 'sam', `Property '${path}' should be a list.`);
    return;
  }
  if (items === 'string')
    v.items.forEach((it, i) => it.kind !== 'scalar' && !isIntrinsic(it) && sink.error(it, 'sam', `Property '${path}[${i}]' should be a string.`));
}

function mustBool(sink: Sink, parent: TNode | null | undefined, key: string, path: string): void {
  const v = getValue(parent, key);
  if (!v || isIntrinsic(v)) return;
  if (v.kind === 'scalar' && (typeof v.value === 'boolean' || v.value === 'true' || v.value === 'false')) return;
  sink.error(v, 'sam', `Property '${path}' should be a boolean.`);
}

/** A Ref SAM cannot resolve while it transforms (not a parameter or pseudo parameter): the value stays a map. */
function unresolvableRef(t: Template, n: TNode | null | undefined): string | undefined {
  if (intrinsicName(n) !== 'Ref') return undefined;
  const target = scalarString((n as TMap).pairs[0].value);
  if (target === undefined || t.parameters.has(target) || PSEUDO_PARAMETERS.includes(target)) return undefined;
  return target;
}

/** Properties SAM reads as text during the transform: a Ref it cannot resolve there is an error. */
function mustResolveString(t: Template, sink: Sink, n: TNode | null | undefined, path: string): void {
  const target = unresolvableRef(t, n);
  if (target !== undefined)
    sink.error(
      n!,
      'sam',
      `Property '${path}' should be a string: SAM needs its value when it transforms the template, and '${target}' is not a parameter it can resolve.`,
    );
}

/** A URL with a scheme other than s3:// cannot be a code location (a local path has no scheme). */
function notS3Url(sink: Sink, n: TNode | null | undefined, key: string): void {
  if (n?.kind !== 'scalar' || typeof n.value !== 'string') return;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(n.value)?.[1];
  if (scheme && scheme.toLowerCase() !== 's3')
    sink.error(
      n,
      'sam',
      `'${key}' is not a valid S3 URI of the form 's3://bucket/key' (a ${scheme}:// URL cannot be used; give a local path or an S3 location).`,
    );
}

/** Reports what `report` finds on another resource under that resource's logical id. */
function blaming(sink: Sink, logicalId: string, report: () => void): void {
  const own = sink.logicalId;
  sink.logicalId = logicalId;
  try {
    report();
  } finally {
    sink.logicalId = own;
  }
}

function onlyKeys(sink: Sink, n: TNode | null | undefined, allowed: string[], what: string): void {
  if (!isMap(n)) return;
  for (const p of n.pairs) if (!allowed.includes(p.key)) sink.error(kr(p), 'sam', `'${p.key}' is not valid in ${what}: use ${allowed.join(', ')}.`);
}

// ---------------------------------------------------------------------------------------------

export function samRules(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  switch (r.type) {
    case 'AWS::Serverless::Api':
      return restApi(t, r, props, sink);
    case 'AWS::Serverless::HttpApi':
      return httpApi(t, r, props, sink);
    case 'AWS::Serverless::Function':
      return fn(t, r, props, sink);
    case 'AWS::Serverless::StateMachine':
      return stateMachine(r, props, sink);
    case 'AWS::Serverless::SimpleTable':
      return table(props, sink);
    case 'AWS::Serverless::Application':
      return application(props, sink);
    case 'AWS::Serverless::WebSocketApi':
      return webSocket(props, sink);
    case 'AWS::Serverless::Connector':
      return connector(props, sink);
    case 'AWS::Serverless::CapacityProvider':
      return capacityProvider(props, sink);
  }
}

function definitionBody(body: TNode | null | undefined, sink: Sink, openApi: boolean, eventRoutes: Set<string> = new Set()): void {
  if (!isMap(body)) return;
  mustMap(sink, body, 'securityDefinitions', 'DefinitionBody.securityDefinitions', true);
  const ep = getValue(body, 'x-amazon-apigateway-endpoint-configuration');
  if (ep && !isMap(ep)) sink.error(ep, 'sam', `The value of 'x-amazon-apigateway-endpoint-configuration' should be a map.`);
  const servers = getValue(body, 'servers');
  if (servers?.kind === 'seq')
    for (const s of servers.items) {
      const e = getValue(s, 'x-amazon-apigateway-endpoint-configuration');
      if (e && !isMap(e)) sink.error(e, 'sam', `The value of 'x-amazon-apigateway-endpoint-configuration' in servers should be a map.`);
    }
  const tags = getValue(body, 'tags');
  if (openApi && tags && tags.kind !== 'seq' && !isIntrinsic(tags)) sink.error(tags, 'sam', `'tags' in the OpenAPI DefinitionBody should be a list.`);
  const paths = getValue(body, 'paths');
  if (!isMap(paths)) return;
  for (const p of paths.pairs) {
    const item = p.value;
    if (isIntrinsic(item)) {
      const fnIf = getValue(item, 'Fn::If');
      if (fnIf && fnIf.kind !== 'seq') sink.error(fnIf, 'sam', `Value of Fn::If must be a list.`);
      continue;
    }
    if (!isMap(item)) {
      sink.error(item ?? kr(p), 'sam', `Value of path '${p.key}' must be a map of methods (Swagger/OpenAPI).`);
      continue;
    }
    for (const m of item.pairs) {
      if (m.key === 'parameters' || (m.key.startsWith('x-amazon-apigateway-any-method') === false && m.key.startsWith('x-'))) continue;
      const def = m.value;
      if (isIntrinsic(def)) {
        const fnIf = getValue(def, 'Fn::If');
        if (fnIf && fnIf.kind !== 'seq') sink.error(fnIf, 'sam', `Value of Fn::If must be a list.`);
        continue;
      }
      if (!isMap(def)) {
        // An empty method that an event of the template fills in is fine.
        if ((!def || (def.kind === 'scalar' && def.value === null)) && eventRoutes.has(`${m.key.toLowerCase()} ${p.key}`)) continue;
        sink.error(def ?? kr(m), 'sam', `Definition of method '${m.key}' for path '${p.key}' should be a map.`);
        continue;
      }
      const sec = getValue(def, 'security');
      if (sec && !isIntrinsic(sec)) {
        if (sec.kind !== 'seq') sink.error(sec, 'sam', `'security' of ${m.key} ${p.key} must be a list.`);
        else for (const s of sec.items) if (!isMap(s) && !isIntrinsic(s)) sink.error(s, 'sam', `Each 'security' item of ${m.key} ${p.key} must be a map.`);
      }
      const responses = getValue(def, 'responses');
      if (responses && !isMap(responses) && !isIntrinsic(responses)) sink.error(responses, 'sam', `'responses' of ${m.key} ${p.key} should be a map.`);
      if (isMap(responses))
        for (const rp of responses.pairs) {
          const h = getValue(rp.value, 'headers');
          if (h && !isMap(h) && !isIntrinsic(h)) sink.error(h, 'sam', `Response headers of ${m.key} ${p.key} must be a map.`);
        }
    }
  }
}

function restApi(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  const body = getValue(props, 'DefinitionBody');
  const uri = getPair(props, 'DefinitionUri');
  definitionBody(body, sink, !!getPair(props, 'OpenApiVersion'), routesOf(t, r.logicalId));
  const auth = mustMap(sink, props, 'Auth', 'Auth', true);
  if (auth) {
    const authorizers = mustMap(sink, auth, 'Authorizers', 'Auth.Authorizers', true);
    if (authorizers) {
      for (const a of authorizers.pairs) {
        if (!isMap(a.value)) {
          sink.error(a.value ?? kr(a), 'sam', `Property 'Auth.Authorizers.${a.key}' should be a map.`);
          continue;
        }
        const identity = getValue(a.value, 'Identity');
        if (identity && !isMap(identity)) sink.error(identity, 'sam', `Property 'Auth.Authorizers.${a.key}.Identity' should be a map.`);
        if (isMap(identity)) {
          mustList(sink, identity, 'Headers', `Auth.Authorizers.${a.key}.Identity.Headers`, 'string');
          mustList(sink, identity, 'QueryStrings', `Auth.Authorizers.${a.key}.Identity.QueryStrings`, 'string');
          mustList(sink, identity, 'StageVariables', `Auth.Authorizers.${a.key}.Identity.StageVariables`, 'string');
          mustList(sink, identity, 'Context', `Auth.Authorizers.${a.key}.Identity.Context`, 'string');
        }
        mustList(sink, a.value, 'AuthorizationScopes', `Auth.Authorizers.${a.key}.AuthorizationScopes`);
        mustBool(sink, a.value, 'DisableFunctionDefaultPermissions', `Auth.Authorizers.${a.key}.DisableFunctionDefaultPermissions`);
        const payload = scalarString(getValue(a.value, 'FunctionPayloadType'));
        if (payload !== undefined && !['TOKEN', 'REQUEST'].includes(payload))
          sink.error(getValue(a.value, 'FunctionPayloadType')!, 'sam', `'FunctionPayloadType' of authorizer ${a.key} must be TOKEN or REQUEST.`);
        if (payload === 'REQUEST' && getPair(a.value, 'FunctionArn')) {
          const ids = ['Headers', 'QueryStrings', 'StageVariables', 'Context'];
          if (!isMap(identity) || !ids.some((k) => getPair(identity, k)))
            sink.error(kr(a), 'sam', `Authorizer ${a.key} (REQUEST) must set Identity with at least one of ${ids.join(', ')}.`);
        }
      }
    }
    const def = getValue(auth, 'DefaultAuthorizer');
    if (def && def.kind !== 'scalar') sink.error(def, 'sam', `Property 'Auth.DefaultAuthorizer' should be a string (an authorizer name).`);
    else if (def && isStr(def) && !['AWS_IAM', 'NONE'].includes(String(def.value)) && authorizers && !getPair(authorizers, String(def.value))) {
      sink.error(def, 'sam', `DefaultAuthorizer '${def.value}' is not defined in Auth.Authorizers.`);
    }
    mustMap(sink, auth, 'ResourcePolicy', 'Auth.ResourcePolicy', true);
    mustMap(sink, auth, 'UsagePlan', 'Auth.UsagePlan', true);
    const up = getValue(auth, 'UsagePlan');
    onlyKeys(sink, up, ['CreateUsagePlan', 'UsagePlanName', 'Description', 'Quota', 'Tags', 'Throttle'], "'UsagePlan'");
    const rp = getValue(auth, 'ResourcePolicy');
    if (isMap(rp))
      for (const k of ['SourceVpcBlacklist', 'SourceVpcWhitelist']) {
        const v = getValue(rp, k);
        if (v && (v.kind !== 'seq' || v.items.some((i) => i.kind !== 'scalar')))
          sink.error(v, 'sam', `${k} must be a list of strings; use Intrinsic${k.slice(9)} for values with intrinsic functions.`);
      }
    if (uri && !body)
      for (const k of ['Authorizers', 'DefaultAuthorizer', 'ResourcePolicy'])
        if (getPair(auth, k)) sink.error(kr(getPair(auth, k)!), 'sam', `Auth works only with an inline DefinitionBody (not DefinitionUri).`);
  }
  const models = getValue(props, 'Models');
  if (models && uri && !body) sink.error(kr(getPair(props, 'Models')!), 'sam', `Models works only with an inline DefinitionBody (not DefinitionUri).`);
  const ownCors = getValue(props, 'Cors');
  const cors = ownCors ?? getValue(getValue(t.globals, 'Api'), 'Cors');
  if (ownCors && uri && !body) sink.error(kr(getPair(props, 'Cors')!), 'sam', `Cors works only with an inline DefinitionBody (not DefinitionUri).`);
  if (isMap(cors)) {
    onlyKeys(sink, cors, ['AllowMethods', 'AllowHeaders', 'AllowOrigin', 'MaxAge', 'AllowCredentials'], "'Cors'");
    const origin = scalarString(getValue(cors, 'AllowOrigin'));
    if (truthy(getValue(cors, 'AllowCredentials')) && (origin === undefined || origin === "'*'"))
      sink.error(
        ownCors ? kr(getPair(cors, 'AllowCredentials')!) : kr(r.pair),
        'sam',
        `'AllowCredentials' cannot be true when 'AllowOrigin' is "'*'" or not set.`,
      );
    const o = getValue(cors, 'AllowOrigin');
    if (getPair(cors, 'AllowOrigin') && (!o || (o.kind === 'scalar' && (o.value === '' || o.value === null))))
      sink.error(kr(getPair(cors, 'AllowOrigin')!), 'sam', `AllowOrigin cannot be empty.`);
  }
  if (uri && !body) {
    for (const k of ['DisableExecuteApiEndpoint'])
      if (getPair(props, k)) sink.error(kr(getPair(props, k)!), 'sam', `${k} works only with an inline DefinitionBody.`);
    if (truthy(getValue(props, 'MergeDefinitions')))
      sink.error(kr(getPair(props, 'MergeDefinitions')!), 'sam', `'MergeDefinitions' cannot be true with DefinitionUri.`);
  }
  if (!body && !uri && getPair(props, 'DisableExecuteApiEndpoint') && getPair(props, 'DefinitionBody'))
    sink.error(kr(getPair(props, 'DisableExecuteApiEndpoint')!), 'sam', `DisableExecuteApiEndpoint works only with an inline DefinitionBody.`);
  const ov = getValue(props, 'OpenApiVersion');
  if (ov?.kind === 'scalar' && typeof ov.value === 'string' && !/^[23]\.\d+(\.\d+)?$/.test(ov.value))
    sink.error(ov, 'sam', `OpenApiVersion must look like '3.0.1' (OpenAPI 3) or '2.0' (Swagger).`);
  // 3.0 reads as a version, 3 does not (SAM reads the YAML number back as text).
  if (ov && ov.kind === 'scalar' && typeof ov.value === 'number' && !t.text.slice(ov.start, ov.end).includes('.'))
    sink.error(ov, 'sam', `Property 'OpenApiVersion' should be a string like '3.0.1'.`);
  if (ov && ov.kind !== 'scalar' && !isIntrinsic(ov)) sink.error(ov, 'sam', `Property 'OpenApiVersion' should be a string.`);
  const ep = getValue(props, 'EndpointConfiguration');
  if (isMap(ep) && getPair(ep, 'VPCEndpointIds') && getPair(ep, 'VpcEndpointIds'))
    sink.error(kr(getPair(ep, 'VPCEndpointIds')!), 'sam', `'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together.`);
  gatewayResponses(props, sink);
  domain(props, sink, 'rest');
}

function gatewayResponses(props: TNode | null, sink: Sink): void {
  const gp = getPair(props, 'GatewayResponses');
  const gr = gp?.value;
  if (!gp || !gr) return;
  if (isIntrinsic(gr)) {
    sink.error(gr, 'sam', `GatewayResponses cannot be an intrinsic function.`);
    return;
  }
  if (!isMap(gr)) {
    sink.error(gr, 'sam', `Property 'GatewayResponses' should be a map.`);
    return;
  }
  for (const p of gr.pairs) {
    if (!isMap(p.value)) {
      sink.error(p.value ?? kr(p), 'sam', `GatewayResponses.${p.key} should be a map (a GatewayResponse).`);
      continue;
    }
    onlyKeys(sink, p.value, ['ResponseParameters', 'ResponseTemplates', 'StatusCode'], `GatewayResponses.${p.key}`);
    const sc = getValue(p.value, 'StatusCode');
    if (sc?.kind === 'scalar' && !/^\d+$/.test(String(sc.value))) sink.error(sc, 'sam', `Property 'StatusCode' must be numeric.`);
    const rp = getValue(p.value, 'ResponseParameters');
    if (rp && !isMap(rp)) sink.error(rp, 'sam', `Property 'GatewayResponses.${p.key}.ResponseParameters' should be a map.`);
    onlyKeys(sink, rp, ['Headers', 'Paths', 'QueryStrings'], `GatewayResponses.${p.key}.ResponseParameters`);
  }
}

function domain(props: TNode | null, sink: Sink, kind: 'rest' | 'http' | 'ws'): void {
  const d = mustMap(sink, props, 'Domain', 'Domain', true);
  if (!d) return;
  const bp = getValue(d, 'BasePath');
  if (kind !== 'rest' && bp && bp.kind !== 'scalar' && !isIntrinsic(bp) && bp.kind !== 'seq') sink.error(bp, 'sam', `Basepath must be a string.`);
  if (kind !== 'rest' && bp?.kind === 'seq' && bp.items.some((i) => i.kind !== 'scalar')) sink.error(bp, 'sam', `Basepath must be a string.`);
  const r53 = mustMap(sink, d, 'Route53', 'Domain.Route53', true);
  if (r53) {
    mustBool(sink, r53, 'SeparateRecordSetGroup', 'Domain.Route53.SeparateRecordSetGroup');
    if (!getPair(r53, 'HostedZoneId') && !getPair(r53, 'HostedZoneName'))
      sink.error(kr(getPair(d, 'Route53')!), 'sam', `Route53 needs HostedZoneId or HostedZoneName.`);
  }
  const mtls = mustMap(sink, d, 'MutualTlsAuthentication', 'Domain.MutualTlsAuthentication', true);
  onlyKeys(sink, mtls, ['TruststoreUri', 'TruststoreVersion'], 'Domain.MutualTlsAuthentication');
  mustMap(sink, d, 'AccessAssociation', 'Domain.AccessAssociation', true);
  const ec = getValue(d, 'EndpointConfiguration');
  if (ec?.kind === 'scalar' && typeof ec.value === 'string' && !['EDGE', 'REGIONAL', 'PRIVATE'].includes(ec.value))
    sink.error(ec, 'sam', `Domain EndpointConfiguration must be EDGE, REGIONAL or PRIVATE.`);
}

/** "method path" of every event of the template that attaches to this API. */
function routesOf(t: Template, apiId: string): Set<string> {
  const out = new Set<string>();
  for (const r of t.resources) {
    const events = getValue(r.properties, 'Events');
    if (!isMap(events)) continue;
    for (const ev of events.pairs) {
      const p = getValue(ev.value, 'Properties');
      const ref = getValue(p, 'ApiId') ?? getValue(p, 'RestApiId');
      const id = refName(ref);
      const path = scalarString(getValue(p, 'Path'));
      const method = scalarString(getValue(p, 'Method'));
      if (id === apiId && path && method) out.add(`${method.toLowerCase() === 'any' ? 'x-amazon-apigateway-any-method' : method.toLowerCase()} ${path}`);
    }
  }
  return out;
}

function httpApi(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  const body = getValue(props, 'DefinitionBody');
  const uri = getPair(props, 'DefinitionUri');
  if (body && uri) sink.error(kr(uri), 'sam', `Set either 'DefinitionUri' or 'DefinitionBody', not both.`);
  definitionBody(body, sink, true, routesOf(t, r.logicalId));
  if (isMap(body) && !getPair(body, 'openapi') && !getPair(body, 'swagger') && !isIntrinsic(body))
    sink.error(kr(getPair(props, 'DefinitionBody')!), 'sam', `DefinitionBody is not an OpenAPI document: it needs 'openapi' and 'paths'.`);
  const auth = mustMap(sink, props, 'Auth', 'Auth', true);
  if (auth) {
    const authorizers = mustMap(sink, auth, 'Authorizers', 'Auth.Authorizers', true);
    if (authorizers)
      for (const a of authorizers.pairs) {
        if (!isMap(a.value)) {
          sink.error(a.value ?? kr(a), 'sam', `Property 'Auth.Authorizers.${a.key}' should be a map.`);
          continue;
        }
        mustMap(sink, a.value, 'JwtConfiguration', 'JwtConfiguration', true);
        if (getPair(a.value, 'FunctionArn') && !getPair(a.value, 'AuthorizerPayloadFormatVersion'))
          sink.error(kr(a), 'sam', `Lambda authorizer ${a.key} must set 'AuthorizerPayloadFormatVersion'.`);
      }
    const def = getValue(auth, 'DefaultAuthorizer');
    if (def && def.kind !== 'scalar') sink.error(def, 'sam', `DefaultAuthorizer should be a string.`);
  }
  if (uri && !body)
    for (const k of ['CorsConfiguration', 'Tags', 'DisableExecuteApiEndpoint'])
      if (getPair(props, k)) sink.error(kr(getPair(props, k)!), 'sam', `${k} works only with an inline DefinitionBody (not DefinitionUri).`);
  const cors = getValue(props, 'CorsConfiguration');
  onlyKeys(sink, cors, ['AllowMethods', 'AllowHeaders', 'AllowOrigins', 'MaxAge', 'AllowCredentials', 'ExposeHeaders'], "'CorsConfiguration'");
  for (const k of ['AccessLogSettings', 'DefaultRouteSettings', 'RouteSettings']) mustMap(sink, props, k, k, true);
  domain(props, sink, 'http');
  void r;
}

function fn(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  const role = getValue(props, 'Role');
  if (role?.kind === 'scalar' && typeof role.value !== 'string' && role.value !== null)
    sink.error(role, 'sam', `Property 'Role' should be a string (a role ARN).`);
  const sha = getValue(props, 'AutoPublishCodeSha256');
  if (sha && sha.kind !== 'scalar' && intrinsicName(sha) !== 'Ref') sink.error(sha, 'sam', `AutoPublishCodeSha256 must be a string or a Ref to a parameter.`);
  const alias = getValue(props, 'AutoPublishAlias');
  if (alias?.kind === 'scalar') {
    const v = alias.value === null ? '' : String(alias.value);
    if (v === '') sink.error(alias, 'sam', `AutoPublishAlias needs an alias name.`);
    else if (!/^[A-Za-z0-9_-]+$/.test(v)) sink.error(alias, 'sam', `AutoPublishAlias '${v}' may contain only letters, digits, '-' and '_'.`);
  }
  const pkg = scalarString(getValue(props, 'PackageType'));
  if (
    pkg === 'Image' &&
    !getPair(props, 'ImageUri') &&
    !getPair(getValue(t.globals, 'Function'), 'ImageUri') &&
    !getPair(getValue(props, 'Metadata'), 'DockerContext')
  ) {
    const meta = getValue(r.node, 'Metadata');
    if (!getPair(meta, 'DockerContext') && !getPair(meta, 'Dockerfile'))
      sink.error(kr(r.pair), 'sam', `Function '${r.logicalId}' has PackageType Image but no 'ImageUri'.`);
  }
  if (alias && intrinsicName(alias) === 'Ref') {
    const param = t.parameters.get(scalarString((alias as TMap).pairs[0].value) ?? '');
    const def = getValue(param?.value, 'Default');
    if (def?.kind === 'scalar' && (def.value === null || def.value === ''))
      sink.error(alias, 'sam', `AutoPublishAlias refers to parameter '${param!.key}', whose Default is empty: SAM needs an alias name to create the alias.`);
    else mustResolveString(t, sink, alias, 'AutoPublishAlias');
  }
  mustResolveString(t, sink, getValue(getValue(props, 'DeadLetterQueue'), 'Type'), 'DeadLetterQueue.Type');
  const codeUri = getValue(props, 'CodeUri');
  notS3Url(sink, codeUri, 'CodeUri');
  if (codeUri?.kind === 'scalar' && typeof codeUri.value === 'string' && codeUri.value.includes('{{resolve:'))
    sink.error(codeUri, 'sam', `CodeUri cannot use a dynamic reference: use the {Bucket, Key} form.`);
  const rif = getValue(role, 'Fn::If');
  if (rif?.kind === 'seq' && rif.items.length !== 3) sink.error(rif, 'sam', `Malformed 'Role': Fn::If requires 3 arguments.`);
  const dp = getValue(props, 'DeploymentPreference');
  if (isMap(dp)) {
    mustList(sink, dp, 'Alarms', 'DeploymentPreference.Alarms');
    const pc = getValue(dp, 'PassthroughCondition');
    if (pc && pc.kind !== 'scalar' && !['Ref', 'Fn::FindInMap'].includes(intrinsicName(pc) ?? ''))
      sink.error(pc, 'sam', `Invalid value for PassthroughCondition: a boolean, a Ref or Fn::FindInMap.`);
  }
  const eic = getValue(props, 'EventInvokeConfig');
  const dc = getValue(eic, 'DestinationConfig');
  if (isMap(dc))
    for (const side of ['OnSuccess', 'OnFailure']) {
      const d = getValue(dc, side);
      if (!isMap(d)) continue;
      const ty = scalarString(getValue(d, 'Type'));
      if (ty && !['SQS', 'SNS'].includes(ty) && !getPair(d, 'Destination'))
        sink.error(getValue(d, 'Type')!, 'sam', `${side}: 'Destination' is required when Type is ${ty} (only SQS and SNS can be created for you).`);
      const dest = getValue(getValue(d, 'Destination'), 'Fn::If');
      if (dest?.kind === 'seq' && dest.items.length !== 3) sink.error(dest, 'sam', `Malformed 'Destination': Fn::If requires 3 arguments.`);
    }
  const url = getValue(props, 'FunctionUrlConfig');
  if (isMap(url)) {
    if (!getPair(url, 'AuthType')) sink.error(kr(getPair(props, 'FunctionUrlConfig')!), 'sam', `FunctionUrlConfig needs 'AuthType' (AWS_IAM or NONE).`);
    const cors = getValue(url, 'Cors');
    onlyKeys(sink, cors, ['AllowCredentials', 'AllowHeaders', 'AllowMethods', 'AllowOrigins', 'ExposeHeaders', 'MaxAge'], 'FunctionUrlConfig.Cors');
    const ma = getValue(cors, 'MaxAge');
    if (ma?.kind === 'scalar' && typeof ma.value !== 'number') sink.error(ma, 'sam', `MaxAge must be an integer.`);
  }
  if (getPair(props, 'TenancyConfig')) {
    for (const [k, what] of [
      ['SnapStart', 'SnapStart'],
      ['ProvisionedConcurrencyConfig', 'Provisioned concurrency'],
      ['FunctionUrlConfig', 'A function URL'],
    ]) {
      const p = getPair(props, k);
      if (p) sink.error(kr(p), 'sam', `${what} is not supported for functions with a TenancyConfig.`);
    }
    const events = getValue(props, 'Events');
    if (isMap(events))
      for (const ev of events.pairs) {
        const ty = scalarString(getValue(ev.value, 'Type'));
        if (ty && !['Api', 'HttpApi'].includes(ty))
          sink.error(getValue(ev.value, 'Type')!, 'sam', `Event source '${ty}' is not supported for functions with a TenancyConfig: only Api and HttpApi.`);
      }
  }
  const ig = getValue(r.node, 'IgnoreGlobals');
  if (ig?.kind === 'seq') {
    const g = getValue(t.globals, 'Function');
    for (const it of ig.items) {
      const name = scalarString(it);
      if (name !== undefined && g && !getPair(g, name)) sink.error(it, 'sam', `IgnoreGlobals lists '${name}', which Globals.Function does not set.`);
    }
  }
  const policies = getValue(props, 'Policies');
  if (policies?.kind === 'seq')
    policies.items.forEach((it, i) => {
      if (!isMap(it)) return;
      if (it.pairs.length === 1 && !['Statement', 'Version'].includes(it.pairs[0].key)) {
        const tpl = it.pairs[0];
        if (!/Policy$/.test(tpl.key)) sink.error(kr(tpl), 'sam', `Policy at index ${i} in 'Policies' is not valid: '${tpl.key}' is not a SAM policy template.`);
        else if (tpl.value && !isMap(tpl.value) && !isIntrinsic(tpl.value))
          sink.error(tpl.value, 'sam', `Policy template '${tpl.key}' takes a map of its parameters.`);
      }
    });
}

/** Event rules that need the rest of the template (the API an event attaches to, other events). */
export function eventRules(t: Template, r: ResourceEntry, sink: Sink): void {
  const events = getValue(r.properties, 'Events');
  if (!isMap(events)) return;
  const triggers = new Map<string, string>();
  for (const ev of events.pairs) {
    const type = scalarString(getValue(ev.value, 'Type'));
    const p = getValue(ev.value, 'Properties');
    if (!isMap(p) || !type) continue;
    if (type === 'Api' || type === 'HttpApi') {
      const path = getValue(p, 'Path');
      const method = getValue(p, 'Method');
      if (path && (path.kind !== 'scalar' || typeof path.value !== 'string'))
        sink.error(path, 'sam', `Property 'Path' of event '${ev.key}' should be a string.`);
      if (type === 'HttpApi' && path && !method) sink.error(kr(ev), 'sam', `Event '${ev.key}': 'Method' is required with 'Path'.`);
      const apiRef = type === 'Api' ? getValue(p, 'RestApiId') : getValue(p, 'ApiId');
      const apiId = refName(apiRef) ?? scalarString(apiRef);
      if (type === 'HttpApi' && apiRef && apiId && t.resourceById.get(apiId) && t.resourceById.get(apiId)?.type !== 'AWS::Serverless::HttpApi')
        sink.error(apiRef, 'sam', `ApiId of event '${ev.key}' must reference an AWS::Serverless::HttpApi of this template.`);
      const api = apiId ? t.resourceById.get(apiId) : undefined;
      // Auth of the API, or of Globals for the implicit API (and for an explicit one without its own).
      const globalAuth = getValue(getValue(t.globals, type), 'Auth');
      const apiAuth = getValue(api?.properties, 'Auth') ?? (api || !apiId ? globalAuth : undefined);
      const evAuth = getValue(p, 'Auth');
      if (isMap(evAuth)) {
        const az = getValue(evAuth, 'Authorizer');
        const name = scalarString(az);
        if (az && az.kind !== 'scalar' && !isIntrinsic(az)) sink.error(az, 'sam', `Auth.Authorizer should be a string.`);
        if (name && !['NONE', 'AWS_IAM'].includes(name) && (api || !apiId)) {
          const authorizers = getValue(apiAuth, 'Authorizers');
          if (!isMap(authorizers)) sink.error(az!, 'sam', `Authorizer '${name}' cannot be set on event '${ev.key}': the API defines no Authorizers.`);
          else if (!getPair(authorizers, name)) sink.error(az!, 'sam', `Authorizer '${name}' is not defined in the API's Authorizers.`);
        }
        if (name === 'NONE' && !getPair(apiAuth, 'DefaultAuthorizer') && type === 'Api')
          sink.error(az!, 'sam', `Authorizer NONE is only valid when the API has a DefaultAuthorizer.`);
        if (
          truthy(getValue(evAuth, 'OverrideApiAuth')) &&
          !getPair(evAuth, 'Authorizer') &&
          !getPair(evAuth, 'ApiKeyRequired') &&
          !getPair(evAuth, 'ResourcePolicy')
        )
          sink.error(kr(getPair(evAuth, 'OverrideApiAuth')!), 'sam', `OverrideApiAuth needs Authorizer, ApiKeyRequired or ResourcePolicy.`);
        if (getPair(evAuth, 'AuthorizationScopes') && !getPair(evAuth, 'Authorizer') && !getPair(apiAuth, 'DefaultAuthorizer'))
          sink.error(kr(getPair(evAuth, 'AuthorizationScopes')!), 'sam', `AuthorizationScopes works only when an Authorizer is set.`);
        const akr = getValue(evAuth, 'ApiKeyRequired');
        if (akr?.kind === 'scalar' && (akr.value === false || akr.value === 'false') && !truthy(getValue(apiAuth, 'ApiKeyRequired')))
          sink.error(akr, 'sam', `ApiKeyRequired false has no effect unless the API requires API keys.`);
      }
      const rm = getValue(p, 'RequestModel');
      if (isMap(rm)) {
        const model = getValue(rm, 'Model');
        const models = getValue(api?.properties, 'Models');
        if (model && model.kind !== 'scalar') sink.error(model, 'sam', `RequestModel.Model should be a string.`);
        else if (isStr(model) && api && !isMap(models)) sink.error(model, 'sam', `RequestModel '${model.value}' cannot be set: the API defines no Models.`);
        else if (isStr(model) && isMap(models) && !getPair(models, String(model.value)))
          sink.error(model, 'sam', `RequestModel '${model.value}' is not defined in the API's Models.`);
        for (const k of ['ValidateBody', 'ValidateParameters']) {
          const v = getValue(rm, k);
          if (v && !(v.kind === 'scalar' && typeof v.value === 'boolean'))
            sink.error(v, 'sam', `${k} must be a boolean (strings and intrinsics are not supported).`);
        }
      }
      const um = getValue(p, 'UnescapeMappingTemplate');
      if (um && !(um.kind === 'scalar' && typeof um.value === 'boolean'))
        sink.error(um, 'sam', `UnescapeMappingTemplate must be true or false (no intrinsic functions).`);
    }
    if (type === 'Cognito') {
      const tr = getValue(p, 'Trigger');
      if (tr && tr.kind !== 'scalar' && !(tr.kind === 'seq' && tr.items.every((i) => i.kind === 'scalar')))
        sink.error(tr, 'sam', `Trigger should be a string or a list of strings.`);
      const pool = getValue(p, 'UserPool');
      const poolId = refName(pool);
      if (intrinsicName(pool) === 'Ref' && poolId === undefined) sink.error(pool!, 'sam', `Ref in UserPool must be a string.`);
      const list = tr?.kind === 'seq' ? tr.items : tr ? [tr] : [];
      for (const it of list) {
        const k = `${poolId} ${scalarString(it)}`;
        if (triggers.has(k)) sink.error(it, 'sam', `Cognito trigger '${scalarString(it)}' is defined twice for this user pool.`);
        triggers.set(k, ev.key);
      }
      const poolRes = poolId ? t.resourceById.get(poolId) : undefined;
      // SAM writes the trigger into the pool's LambdaConfig: a malformed one is the pool's error.
      if (poolRes) blaming(sink, poolRes.logicalId, () => mustMap(sink, poolRes.properties, 'LambdaConfig', 'LambdaConfig', true));
    }
    if (type === 'S3') {
      const b = getValue(p, 'Bucket');
      const id = refName(b);
      if (b && (!id || t.resourceById.get(id)?.type !== 'AWS::S3::Bucket'))
        sink.error(b, 'sam', `S3 events must reference (Ref) an AWS::S3::Bucket of this template.`);
      if (id) {
        const bucket = t.resourceById.get(id);
        // SAM adds the notification to the bucket: what it cannot extend there is the bucket's error.
        if (bucket)
          blaming(sink, id, () => {
            const nc = mustMap(sink, bucket.properties, 'NotificationConfiguration', 'NotificationConfiguration', true);
            const lc = getValue(nc, 'LambdaConfigurations');
            if (lc && lc.kind !== 'seq') sink.error(lc, 'sam', `Property 'NotificationConfiguration.LambdaConfigurations' should be a list.`);
          });
      }
    }
    if (type === 'SNS') {
      const sq = getValue(p, 'SqsSubscription');
      if (isMap(sq) && (!getPair(sq, 'QueueArn') || !getPair(sq, 'QueueUrl'))) sink.error(sq, 'sam', `SqsSubscription needs both QueueArn and QueueUrl.`);
    }
    if (type === 'MQ' || type === 'DocumentDB' || type === 'SelfManagedKafka' || type === 'MSK') accessConfigs(type, ev, p, sink);
    if (type === 'MQ') mustResolveString(t, sink, getValue(p, 'SecretsManagerKmsKeyId'), 'SecretsManagerKmsKeyId');
    if (type === 'Kinesis' || type === 'DynamoDB' || type === 'SQS' || type === 'MSK' || type === 'SelfManagedKafka') {
      const dc = getValue(p, 'DestinationConfig');
      const of = getValue(getValue(dc, 'OnFailure'), 'Type');
      const allowed = type === 'SQS' ? [] : ['SQS', 'SNS', 'S3'];
      if (of && isStr(of) && !allowed.includes(String(of.value)))
        sink.error(of, 'sam', `DestinationConfig.OnFailure.Type must be one of ${allowed.join(', ') || '(none for SQS)'}.`);
      if (dc && !isMap(dc) && !isIntrinsic(dc)) sink.error(dc, 'sam', `Property 'DestinationConfig' should be a map.`);
    }
  }
}

function accessConfigs(type: string, ev: TPair, p: TMap, sink: Sink): void {
  const sac = getValue(p, 'SourceAccessConfigurations');
  const allowed: Record<string, string[]> = {
    MQ: ['BASIC_AUTH', 'VIRTUAL_HOST'],
    DocumentDB: ['BASIC_AUTH'],
    SelfManagedKafka: [
      'BASIC_AUTH',
      'SASL_SCRAM_256_AUTH',
      'SASL_SCRAM_512_AUTH',
      'VPC_SUBNET',
      'VPC_SECURITY_GROUP',
      'CLIENT_CERTIFICATE_TLS_AUTH',
      'SERVER_ROOT_CA_CERTIFICATE',
    ],
    MSK: ['CLIENT_CERTIFICATE_TLS_AUTH', 'SASL_SCRAM_512_AUTH', 'SERVER_ROOT_CA_CERTIFICATE'],
  };
  if (type === 'SelfManagedKafka') {
    if (!getPair(p, 'KafkaBootstrapServers')) sink.error(kr(ev), 'sam', `Event '${ev.key}': SelfManagedKafka needs KafkaBootstrapServers.`);
    if (!sac) sink.error(kr(ev), 'sam', `Event '${ev.key}': SelfManagedKafka needs SourceAccessConfigurations.`);
    const topics = getValue(p, 'Topics');
    if (topics?.kind === 'seq' && topics.items.length > 1) sink.error(topics, 'sam', `SelfManagedKafka supports a single topic.`);
  }
  const srg = getValue(p, 'SchemaRegistryConfig');
  if (isMap(srg))
    for (const k of ['ConsumerSchema', 'EventRecordFormat']) {
      void k;
    }
  if (isMap(srg) && !getPair(srg, 'EventRecordFormat')) sink.error(srg, 'sam', `SchemaRegistryConfig needs EventRecordFormat.`);
  if (!sac || sac.kind !== 'seq') return;
  const counts = new Map<string, number>();
  for (const it of sac.items) {
    const tyNode = getValue(it, 'Type');
    const ty = scalarString(tyNode);
    if (ty === undefined) continue;
    counts.set(ty, (counts.get(ty) ?? 0) + 1);
    if (!allowed[type].includes(ty))
      sink.error(tyNode!, 'sam', `SourceAccessConfigurations Type '${ty}' is not valid for ${type}: use ${allowed[type].join(', ')}.`);
    if (ty === 'BASIC_AUTH' && !getPair(it, 'URI')) sink.error(tyNode!, 'sam', `BASIC_AUTH needs a URI (the secret's ARN).`);
  }
  if ((type === 'MQ' || type === 'DocumentDB') && !counts.get('BASIC_AUTH'))
    sink.error(sac, 'sam', `${type} events need one BASIC_AUTH entry in SourceAccessConfigurations.`);
  if ((counts.get('BASIC_AUTH') ?? 0) > 1) sink.error(sac, 'sam', `Only one BASIC_AUTH entry is allowed in SourceAccessConfigurations.`);
  if (type === 'SelfManagedKafka') {
    const auth = ['BASIC_AUTH', 'SASL_SCRAM_256_AUTH', 'SASL_SCRAM_512_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH'].filter((k) => counts.get(k));
    if (auth.length > 1) sink.error(sac, 'sam', `Only one authentication method may be set in SourceAccessConfigurations (found ${auth.join(', ')}).`);
  }
}

function stateMachine(r: ResourceEntry, props: TNode | null, sink: Sink): void {
  const dp = getPair(props, 'DeploymentPreference');
  if (dp && !getPair(props, 'AutoPublishAlias')) sink.error(kr(dp), 'sam', `'DeploymentPreference' needs 'AutoPublishAlias' to be set.`);
  const du = getValue(props, 'DefinitionUri');
  if (isMap(du) && (!getPair(du, 'Bucket') || !getPair(du, 'Key'))) sink.error(du, 'sam', `DefinitionUri needs Bucket and Key.`);
  void r;
}

function table(props: TNode | null, sink: Sink): void {
  const pk = getValue(props, 'PrimaryKey');
  if (!isMap(pk)) return;
  for (const k of ['Name', 'Type']) if (!getPair(pk, k)) sink.error(kr(getPair(props, 'PrimaryKey')!), 'sam', `Property 'PrimaryKey.${k}' is required.`);
  const ty = getValue(pk, 'Type');
  if (isStr(ty) && !['String', 'Number', 'Binary'].includes(String(ty.value)))
    sink.error(ty!, 'sam', `PrimaryKey Type '${ty!.kind === 'scalar' ? ty!.value : ''}' must be String, Number or Binary.`);
}

function application(props: TNode | null, sink: Sink): void {
  const loc = getValue(props, 'Location');
  if (!isMap(loc)) return;
  const id = getPair(loc, 'ApplicationId');
  if (!id || !id.value || (id.value.kind === 'scalar' && id.value.value === null))
    sink.error(id ? kr(id) : loc, 'sam', `Property 'ApplicationId' is required.`);
  if (id?.value?.kind === 'scalar' && String(id.value.value).includes('{{resolve:'))
    sink.error(id.value, 'sam', `ApplicationId cannot be a dynamic reference.`);
  const sv = getPair(loc, 'SemanticVersion');
  if (sv && (!sv.value || (sv.value.kind === 'scalar' && (sv.value.value === null || sv.value.value === ''))))
    sink.error(sv.value ?? kr(sv), 'sam', `SemanticVersion cannot be blank.`);
}

function webSocket(props: TNode | null, sink: Sink): void {
  const routes = getValue(props, 'Routes');
  if (isMap(routes)) {
    if (routes.pairs.length === 0) sink.error(routes, 'sam', `A WebSocket API needs at least one route.`);
    for (const rt of routes.pairs) {
      if (!/^\$(connect|disconnect|default)$/.test(rt.key) && !/^[A-Za-z0-9]+$/.test(rt.key))
        sink.error(kr(rt), 'sam', `Route key '${rt.key}' must be alphanumeric, or $connect, $disconnect, $default.`);
      if (isMap(rt.value) && !getPair(rt.value, 'FunctionArn')) sink.error(kr(rt), 'sam', `Route '${rt.key}' needs a FunctionArn.`);
      if (rt.key !== '$connect' && getPair(rt.value, 'RequestParameters'))
        sink.error(kr(getPair(rt.value, 'RequestParameters')!), 'sam', `RequestParameters are supported only on the $connect route.`);
    }
  }
  const ip = getValue(props, 'IpAddressType');
  if (isStr(ip) && !['ipv4', 'dualstack'].includes(String(ip!.kind === 'scalar' && ip!.value)))
    sink.error(ip!, 'sam', `IpAddressType must be ipv4 or dualstack.`);
  const stage = getValue(props, 'StageName');
  if (isStr(stage) && stage!.kind === 'scalar' && stage!.value === '$default') sink.error(stage!, 'sam', `A WebSocket API stage cannot be named $default.`);
  const auth = getValue(props, 'Auth');
  if (isMap(auth)) {
    const ty = scalarString(getValue(auth, 'AuthType'));
    const extra = auth.pairs.filter((p) => p.key !== 'AuthType');
    if (!ty && extra.length) sink.error(auth, 'sam', `AuthType must be set when other Auth properties are.`);
    if (ty && !['AWS_IAM', 'CUSTOM', 'NONE'].includes(ty)) sink.error(getValue(auth, 'AuthType')!, 'sam', `AuthType must be AWS_IAM, CUSTOM or NONE.`);
    if ((ty === 'NONE' || ty === 'AWS_IAM') && extra.length) sink.error(kr(extra[0]), 'sam', `AuthType ${ty} takes no other Auth properties.`);
    if (ty === 'CUSTOM' && !getPair(auth, 'AuthArn')) sink.error(auth, 'sam', `AuthType CUSTOM needs AuthArn.`);
    if (ty && ty !== 'NONE' && isMap(routes) && !getPair(routes, '$connect')) sink.error(auth, 'sam', `Authorization needs a $connect route.`);
  }
  domain(props, sink, 'ws');
}

function connector(props: TNode | null, sink: Sink): void {
  for (const side of ['Source', 'Destination']) {
    const v = getValue(props, side);
    const items = v?.kind === 'seq' ? v.items : v ? [v] : [];
    for (const it of items) {
      if (!isMap(it)) continue;
      const id = getValue(it, 'Id');
      if (getPair(it, 'Id') && !isStr(id)) sink.error(id ?? it, 'sam', `${side}.Id must be a logical id (a string).`);
      if (!getPair(it, 'Id') && !getPair(it, 'Type')) sink.error(it, 'sam', `${side} needs 'Id' (with optional 'Qualifier') or 'Type' with 'Arn'.`);
    }
  }
}

function capacityProvider(props: TNode | null, sink: Sink): void {
  const vpc = getValue(props, 'VpcConfig');
  if (isMap(vpc) && !getPair(vpc, 'SubnetIds')) sink.error(kr(getPair(props, 'VpcConfig')!), 'sam', `Property 'VpcConfig.SubnetIds' is required.`);
  const ir = getValue(props, 'InstanceRequirements');
  if (isMap(ir) && getPair(ir, 'AllowedTypes') && getPair(ir, 'ExcludedTypes'))
    sink.error(kr(getPair(ir, 'ExcludedTypes')!), 'sam', `Set only one of 'InstanceRequirements.AllowedTypes' and 'ExcludedTypes'.`);
}

// ---------------------------------------------------------------------------------------------
// Template-wide: one API route, one event

/**
 * An API serves each method and path once: SAM refuses a second Api / HttpApi event on the same
 * route, in the same function or another one (an HttpApi event without Path and Method is the
 * `$default` route, ANY method). The later event is blamed, on its Method (or its key). Runs over the
 * whole template on every validation: a per-resource cache cannot see another function's events.
 */
export function duplicateRoutes(t: Template, sink: Sink): void {
  const first = new Map<string, string>();
  for (const r of t.resources) {
    if (r.type !== 'AWS::Serverless::Function') continue;
    const events = getValue(r.properties, 'Events');
    if (!isMap(events)) continue;
    for (const ev of events.pairs) {
      const type = scalarString(getValue(ev.value, 'Type'));
      if (type !== 'Api' && type !== 'HttpApi') continue;
      const p = getValue(ev.value, 'Properties');
      const apiRef = getValue(p, type === 'Api' ? 'RestApiId' : 'ApiId');
      const apiId = apiRef ? (refName(apiRef) ?? scalarString(apiRef)) : type === 'Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi';
      if (!apiId) continue; // an API from elsewhere (ImportValue, GetAtt): its routes are not known here
      const path = getValue(p, 'Path');
      const method = getValue(p, 'Method');
      let route: string;
      let methodText: string;
      if (!path && !method && type === 'HttpApi') {
        route = '$default';
        methodText = 'ANY';
      } else if (isStr(path) && isStr(method)) {
        route = String(path.value);
        methodText = String(method.value).toUpperCase();
      } else continue;
      const key = `${apiId} ${methodText === 'ANY' ? 'x-amazon-apigateway-any-method' : methodText.toLowerCase()} ${route}`;
      const owner = first.get(key);
      if (owner === undefined) {
        first.set(key, `event ${ev.key} of ${r.logicalId}`);
        continue;
      }
      blaming(sink, r.logicalId, () =>
        sink.error(
          isStr(method) ? method : kr(ev),
          'sam',
          `API method ${methodText} for path ${route} is already served by ${owner}: each method and path of an API can have one event only.`,
        ),
      );
    }
  }
}
