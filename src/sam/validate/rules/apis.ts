// The API resources (AWS::Serverless::Api, HttpApi, WebSocketApi): definitions, auth, CORS, gateway
// responses and custom domains, as far as the SAM transform reads them.
import { getPair, getValue, scalarString, type TNode } from '../../ast';
import type { ResourceEntry, Template } from '../../template';
import { keyRange, type Sink } from '../sink';
import { definitionBody } from './openapi';
import { routesOf } from './routes';
import { isIntrinsic, isMap, isStr, mustBool, mustList, mustMap, onlyKeys, truthy } from './shapes';

/** Definition and stage of an AWS::Serverless::Api; runs before restApi() (see resource.ts). */
export function checkApi(props: TNode | null, sink: Sink): void {
  const body = getPair(props, 'DefinitionBody');
  const uri = getPair(props, 'DefinitionUri');
  if (body && uri) sink.error(keyRange(uri), 'api-definition-uri-and-body', `Set either 'DefinitionUri' or 'DefinitionBody', not both.`);
  const stage = getValue(props, 'StageName');
  if (stage?.kind === 'scalar' && (stage.value === '' || stage.value === null)) sink.error(stage, 'api-stage-name-empty', `StageName cannot be empty.`);
}

export function restApi(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  const body = getValue(props, 'DefinitionBody');
  const uri = getPair(props, 'DefinitionUri');
  definitionBody(body, sink, !!getPair(props, 'OpenApiVersion'), routesOf(t, r.logicalId));
  const auth = mustMap(sink, props, 'Auth', 'Auth', true);
  if (auth) {
    const authorizers = mustMap(sink, auth, 'Authorizers', 'Auth.Authorizers', true);
    if (authorizers) {
      for (const a of authorizers.pairs) {
        if (!isMap(a.value)) {
          sink.error(a.value ?? keyRange(a), 'shape-not-map', `Property 'Auth.Authorizers.${a.key}' should be a map.`);
          continue;
        }
        const identity = getValue(a.value, 'Identity');
        if (identity && !isMap(identity)) sink.error(identity, 'shape-not-map', `Property 'Auth.Authorizers.${a.key}.Identity' should be a map.`);
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
          sink.error(
            getValue(a.value, 'FunctionPayloadType')!,
            'api-auth-payload-type',
            `'FunctionPayloadType' of authorizer ${a.key} must be TOKEN or REQUEST.`,
          );
        // The translator's ApiGatewayAuthorizer._is_missing_identity_source: no identity source is
        // fine when caching is off (Identity.ReauthorizeEvery resolves to 0).
        if (payload === 'REQUEST' && getPair(a.value, 'FunctionArn')) {
          const ids = ['Headers', 'QueryStrings', 'StageVariables', 'Context'];
          const ttl = scalarString(getValue(identity, 'ReauthorizeEvery'));
          const cachingOff = ttl !== undefined && /^\s*[+-]?0+\s*$/.test(ttl);
          if (!cachingOff && (!isMap(identity) || !ids.some((k) => isPresent(getValue(identity, k)))))
            sink.error(
              keyRange(a),
              'api-auth-identity-required',
              `${a.key} Authorizer must specify Identity with at least one of Headers, QueryStrings, StageVariables, or Context.`,
            );
        }
      }
    }
    const def = getValue(auth, 'DefaultAuthorizer');
    if (def && def.kind !== 'scalar')
      sink.error(def, 'api-auth-default-authorizer-type', `Property 'Auth.DefaultAuthorizer' should be a string (an authorizer name).`);
    else if (def && isStr(def) && !['AWS_IAM', 'NONE'].includes(String(def.value)) && authorizers && !getPair(authorizers, String(def.value))) {
      sink.error(def, 'api-auth-unknown-default-authorizer', `Unable to set DefaultAuthorizer because '${def.value}' was not defined in 'Authorizers'.`);
    }
    mustMap(sink, auth, 'ResourcePolicy', 'Auth.ResourcePolicy', true);
    mustMap(sink, auth, 'UsagePlan', 'Auth.UsagePlan', true);
    const up = getValue(auth, 'UsagePlan');
    onlyKeys(sink, up, ['CreateUsagePlan', 'UsagePlanName', 'Description', 'Quota', 'Tags', 'Throttle'], "'UsagePlan'", 'api-usage-plan-invalid-key');
    const rp = getValue(auth, 'ResourcePolicy');
    if (isMap(rp))
      for (const k of ['SourceVpcBlacklist', 'SourceVpcWhitelist']) {
        const v = getValue(rp, k);
        if (v && (v.kind !== 'seq' || v.items.some((i) => i.kind !== 'scalar')))
          sink.error(v, 'api-resource-policy-vpc-list', `${k} must be a list of strings; use Intrinsic${k.slice(9)} for values with intrinsic functions.`);
      }
    if (uri && !body)
      for (const k of ['Authorizers', 'DefaultAuthorizer', 'ResourcePolicy'])
        if (getPair(auth, k))
          sink.error(keyRange(getPair(auth, k)!), 'api-auth-needs-definition-body', `Auth works only with an inline DefinitionBody (not DefinitionUri).`);
  }
  const models = getValue(props, 'Models');
  if (models && uri && !body)
    sink.error(keyRange(getPair(props, 'Models')!), 'api-models-need-definition-body', `Models works only with an inline DefinitionBody (not DefinitionUri).`);
  const ownCors = getValue(props, 'Cors');
  const cors = ownCors ?? getValue(getValue(t.globals, 'Api'), 'Cors');
  if (ownCors && uri && !body)
    sink.error(keyRange(getPair(props, 'Cors')!), 'api-cors-needs-definition-body', `Cors works only with an inline DefinitionBody (not DefinitionUri).`);
  if (isMap(cors)) {
    onlyKeys(sink, cors, ['AllowMethods', 'AllowHeaders', 'AllowOrigin', 'MaxAge', 'AllowCredentials'], "'Cors'", 'api-cors-invalid-key');
    const origin = scalarString(getValue(cors, 'AllowOrigin'));
    if (truthy(getValue(cors, 'AllowCredentials')) && (origin === undefined || origin === "'*'"))
      sink.error(
        ownCors ? keyRange(getPair(cors, 'AllowCredentials')!) : keyRange(r.pair),
        'api-cors-credentials-wildcard-origin',
        `'AllowCredentials' cannot be true when 'AllowOrigin' is "'*'" or not set.`,
      );
    const o = getValue(cors, 'AllowOrigin');
    if (getPair(cors, 'AllowOrigin') && (!o || (o.kind === 'scalar' && (o.value === '' || o.value === null))))
      sink.error(keyRange(getPair(cors, 'AllowOrigin')!), 'api-cors-origin-empty', `AllowOrigin cannot be empty.`);
  }
  if (uri && !body) {
    for (const k of ['DisableExecuteApiEndpoint'])
      if (getPair(props, k))
        sink.error(keyRange(getPair(props, k)!), 'api-disable-execute-endpoint-needs-definition-body', `${k} works only with an inline DefinitionBody.`);
    if (truthy(getValue(props, 'MergeDefinitions')))
      sink.error(keyRange(getPair(props, 'MergeDefinitions')!), 'api-merge-definitions-with-uri', `'MergeDefinitions' cannot be true with DefinitionUri.`);
  }
  if (!body && !uri && getPair(props, 'DisableExecuteApiEndpoint') && getPair(props, 'DefinitionBody'))
    sink.error(
      keyRange(getPair(props, 'DisableExecuteApiEndpoint')!),
      'api-disable-execute-endpoint-needs-definition-body',
      `DisableExecuteApiEndpoint works only with an inline DefinitionBody.`,
    );
  const ov = getValue(props, 'OpenApiVersion');
  if (ov?.kind === 'scalar' && typeof ov.value === 'string' && !/^[23]\.\d+(\.\d+)?$/.test(ov.value))
    sink.error(ov, 'api-openapi-version-format', `OpenApiVersion must look like '3.0.1' (OpenAPI 3) or '2.0' (Swagger).`);
  // 3.0 reads as a version, 3 does not (SAM reads the YAML number back as text).
  if (ov && ov.kind === 'scalar' && typeof ov.value === 'number' && !t.text.slice(ov.start, ov.end).includes('.'))
    sink.error(ov, 'api-openapi-version-type', `Property 'OpenApiVersion' should be a string like '3.0.1'.`);
  if (ov && ov.kind !== 'scalar' && !isIntrinsic(ov)) sink.error(ov, 'api-openapi-version-type', `Property 'OpenApiVersion' should be a string.`);
  const ep = getValue(props, 'EndpointConfiguration');
  if (isMap(ep) && getPair(ep, 'VPCEndpointIds') && getPair(ep, 'VpcEndpointIds'))
    sink.error(keyRange(getPair(ep, 'VPCEndpointIds')!), 'api-endpoint-vpc-ids-conflict', `'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together.`);
  gatewayResponses(props, sink);
  domain(props, sink, 'rest');
}

function gatewayResponses(props: TNode | null, sink: Sink): void {
  const gp = getPair(props, 'GatewayResponses');
  const gr = gp?.value;
  if (!gp || !gr) return;
  if (isIntrinsic(gr)) {
    sink.error(gr, 'api-gateway-responses-shape', `GatewayResponses cannot be an intrinsic function.`);
    return;
  }
  if (!isMap(gr)) {
    sink.error(gr, 'api-gateway-responses-shape', `Property 'GatewayResponses' should be a map.`);
    return;
  }
  for (const p of gr.pairs) {
    if (!isMap(p.value)) {
      sink.error(p.value ?? keyRange(p), 'api-gateway-responses-shape', `GatewayResponses.${p.key} should be a map (a GatewayResponse).`);
      continue;
    }
    onlyKeys(sink, p.value, ['ResponseParameters', 'ResponseTemplates', 'StatusCode'], `GatewayResponses.${p.key}`, 'api-gateway-response-invalid-key');
    const sc = getValue(p.value, 'StatusCode');
    if (sc?.kind === 'scalar' && !/^\d+$/.test(String(sc.value))) sink.error(sc, 'api-gateway-response-status-code', `Property 'StatusCode' must be numeric.`);
    const rp = getValue(p.value, 'ResponseParameters');
    if (rp && !isMap(rp)) sink.error(rp, 'api-gateway-responses-shape', `Property 'GatewayResponses.${p.key}.ResponseParameters' should be a map.`);
    onlyKeys(sink, rp, ['Headers', 'Paths', 'QueryStrings'], `GatewayResponses.${p.key}.ResponseParameters`, 'api-gateway-response-invalid-key');
  }
}

function domain(props: TNode | null, sink: Sink, kind: 'rest' | 'http' | 'ws'): void {
  const d = mustMap(sink, props, 'Domain', 'Domain', true);
  if (!d) return;
  const bp = getValue(d, 'BasePath');
  if (kind !== 'rest' && bp && bp.kind !== 'scalar' && !isIntrinsic(bp) && bp.kind !== 'seq')
    sink.error(bp, 'api-domain-basepath-type', `Basepath must be a string.`);
  if (kind !== 'rest' && bp?.kind === 'seq' && bp.items.some((i) => i.kind !== 'scalar'))
    sink.error(bp, 'api-domain-basepath-type', `Basepath must be a string.`);
  const r53 = mustMap(sink, d, 'Route53', 'Domain.Route53', true);
  if (r53) {
    mustBool(sink, r53, 'SeparateRecordSetGroup', 'Domain.Route53.SeparateRecordSetGroup');
    if (!getPair(r53, 'HostedZoneId') && !getPair(r53, 'HostedZoneName'))
      sink.error(
        keyRange(getPair(d, 'Route53')!),
        'api-domain-route53-hosted-zone',
        `HostedZoneId or HostedZoneName is required to enable Route53 support on Custom Domains.`,
      );
  }
  const mtls = mustMap(sink, d, 'MutualTlsAuthentication', 'Domain.MutualTlsAuthentication', true);
  onlyKeys(sink, mtls, ['TruststoreUri', 'TruststoreVersion'], 'Domain.MutualTlsAuthentication', 'api-domain-mtls-invalid-key');
  mustMap(sink, d, 'AccessAssociation', 'Domain.AccessAssociation', true);
  const ec = getValue(d, 'EndpointConfiguration');
  if (ec?.kind === 'scalar' && typeof ec.value === 'string' && !['EDGE', 'REGIONAL', 'PRIVATE'].includes(ec.value))
    sink.error(ec, 'api-domain-endpoint-type', `Domain EndpointConfiguration must be EDGE, REGIONAL or PRIVATE.`);
}

export function httpApi(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  const body = getValue(props, 'DefinitionBody');
  const uri = getPair(props, 'DefinitionUri');
  if (body && uri) sink.error(keyRange(uri), 'api-definition-uri-and-body', `Set either 'DefinitionUri' or 'DefinitionBody', not both.`);
  definitionBody(body, sink, true, routesOf(t, r.logicalId));
  if (isMap(body) && !getPair(body, 'openapi') && !getPair(body, 'swagger') && !isIntrinsic(body))
    sink.error(
      keyRange(getPair(props, 'DefinitionBody')!),
      'httpapi-definition-not-openapi',
      `DefinitionBody is not an OpenAPI document: it needs 'openapi' and 'paths'.`,
    );
  const auth = mustMap(sink, props, 'Auth', 'Auth', true);
  if (auth) {
    const authorizers = mustMap(sink, auth, 'Authorizers', 'Auth.Authorizers', true);
    if (authorizers)
      for (const a of authorizers.pairs) {
        if (!isMap(a.value)) {
          sink.error(a.value ?? keyRange(a), 'shape-not-map', `Property 'Auth.Authorizers.${a.key}' should be a map.`);
          continue;
        }
        mustMap(sink, a.value, 'JwtConfiguration', 'JwtConfiguration', true);
        if (getPair(a.value, 'FunctionArn') && !getPair(a.value, 'AuthorizerPayloadFormatVersion'))
          sink.error(keyRange(a), 'httpapi-auth-payload-format-required', `Lambda authorizer ${a.key} must set 'AuthorizerPayloadFormatVersion'.`);
      }
    const def = getValue(auth, 'DefaultAuthorizer');
    if (def && def.kind !== 'scalar') sink.error(def, 'api-auth-default-authorizer-type', `DefaultAuthorizer should be a string.`);
  }
  if (uri && !body)
    for (const k of ['CorsConfiguration', 'Tags', 'DisableExecuteApiEndpoint'])
      if (getPair(props, k))
        sink.error(keyRange(getPair(props, k)!), 'httpapi-needs-definition-body', `${k} works only with an inline DefinitionBody (not DefinitionUri).`);
  const cors = getValue(props, 'CorsConfiguration');
  onlyKeys(
    sink,
    cors,
    ['AllowMethods', 'AllowHeaders', 'AllowOrigins', 'MaxAge', 'AllowCredentials', 'ExposeHeaders'],
    "'CorsConfiguration'",
    'httpapi-cors-invalid-key',
  );
  for (const k of ['AccessLogSettings', 'DefaultRouteSettings', 'RouteSettings']) mustMap(sink, props, k, k, true);
  domain(props, sink, 'http');
}

export function webSocket(props: TNode | null, sink: Sink): void {
  const routes = getValue(props, 'Routes');
  if (isMap(routes)) {
    if (routes.pairs.length === 0) sink.error(routes, 'websocket-routes-empty', `WebSocket API must have at least one route.`);
    for (const rt of routes.pairs) {
      if (!/^\$(connect|disconnect|default)$/.test(rt.key) && !/^[A-Za-z0-9]+$/.test(rt.key))
        sink.error(keyRange(rt), 'websocket-route-key', `Route key '${rt.key}' must be alphanumeric, or $connect, $disconnect, $default.`);
      if (isMap(rt.value) && !getPair(rt.value, 'FunctionArn'))
        sink.error(keyRange(rt), 'websocket-route-function-required', `Route must have associated function: give route '${rt.key}' a FunctionArn.`);
      if (rt.key !== '$connect' && getPair(rt.value, 'RequestParameters'))
        sink.error(
          keyRange(getPair(rt.value, 'RequestParameters')!),
          'websocket-request-parameters-connect-only',
          `Request parameters are only supported for the $connect route in WebSocket APIs.`,
        );
    }
  }
  const ip = getValue(props, 'IpAddressType');
  if (isStr(ip) && !['ipv4', 'dualstack'].includes(String(ip!.kind === 'scalar' && ip!.value)))
    sink.error(ip!, 'websocket-ip-address-type', `IpAddressType must be ipv4 or dualstack.`);
  const stage = getValue(props, 'StageName');
  if (isStr(stage) && stage!.kind === 'scalar' && stage!.value === '$default')
    sink.error(stage!, 'websocket-stage-default', `Stages cannot be named $default for WebSocket APIs.`);
  const auth = getValue(props, 'Auth');
  if (isMap(auth)) {
    const ty = scalarString(getValue(auth, 'AuthType'));
    const extra = auth.pairs.filter((p) => p.key !== 'AuthType');
    if (!ty && extra.length) sink.error(auth, 'websocket-auth-type-required', `AuthType must be specified for additional auth configurations.`);
    if (ty && !['AWS_IAM', 'CUSTOM', 'NONE'].includes(ty))
      sink.error(getValue(auth, 'AuthType')!, 'websocket-auth-type', `AuthType is not one of AWS_IAM, CUSTOM or NONE.`);
    if ((ty === 'NONE' || ty === 'AWS_IAM') && extra.length)
      sink.error(keyRange(extra[0]), 'websocket-auth-extra-properties', `No additional configurations supported for AuthType ${ty}.`);
    if (ty === 'CUSTOM' && !getPair(auth, 'AuthArn')) sink.error(auth, 'websocket-auth-arn-required', `AuthArn must be specified if AuthType is CUSTOM.`);
    if (ty && ty !== 'NONE' && isMap(routes) && !getPair(routes, '$connect'))
      sink.error(auth, 'websocket-auth-needs-connect', `Authorization is only available if there is a $connect route.`);
  }
  domain(props, sink, 'ws');
}

/** Python truthiness of a value, as the translator tests an identity source (`not headers`). */
function isPresent(n: TNode | null | undefined): boolean {
  if (!n) return false;
  if (n.kind === 'seq') return n.items.length > 0;
  if (n.kind === 'map') return n.pairs.length > 0;
  return n.value !== null && n.value !== '' && n.value !== false && n.value !== 0;
}
