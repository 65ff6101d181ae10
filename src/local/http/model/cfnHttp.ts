// HTTP APIs in plain CloudFormation: AWS::ApiGatewayV2::Api (HTTP only; CorsConfiguration, Body, and
// the quick-create form with Target), Integrations (AWS_PROXY, payload 1.0 or 2.0), Routes ("GET /x",
// "$default", Target "integrations/<id>"), Authorizers and the Stage.
import { NOT_ENFORCED, cfnAuthorizer } from './auth';
import { idOf, routeKey, type CfnScope, type Res } from './cfnShared';
import { httpCors } from './cors';
import { integrationTarget, payloadVersion, type IntegrationTarget } from './integration';
import { tryResolve, tryString, warn } from './intrinsics';
import { strMap } from './source';
import { addRoute } from './samApis';

export async function loadCfnHttp(s: CfnScope): Promise<void> {
  const { ctx } = s;
  for (const r of s.of('AWS::ApiGatewayV2::Api')) {
    if (r.props.ProtocolType !== undefined && r.props.ProtocolType !== 'HTTP') {
      warn(ctx, [...r.p, 'ProtocolType'], `${r.id}: ${String(r.props.ProtocolType)} APIs are not served locally`);
      continue;
    }
    const b = s.newApi(r, 'HTTP');
    b.def.cors = httpCors(tryResolve(ctx, r.props.CorsConfiguration, [...r.p, 'CorsConfiguration'], `${r.id} CorsConfiguration`));
    await s.addBody(r, b);
    if (r.props.Target !== undefined) {
      const key = tryString(ctx, r.props.RouteKey, [...r.p, 'RouteKey'], `${r.id} RouteKey`) ?? '$default';
      const target = integrationTarget(ctx, r.props.Target, [...r.p, 'Target'], `${r.id} (quick create)`);
      addRoute(b.def, { apiId: b.def.id, ...routeKey(key), ...target, payloadFormatVersion: '2.0' });
    }
  }
  const integrations = new Map<string, { target?: IntegrationTarget; pfv: '1.0' | '2.0'; r: Res }>();
  for (const r of s.of('AWS::ApiGatewayV2::Integration')) {
    const type = String(r.props.IntegrationType ?? 'AWS_PROXY').toUpperCase();
    const pfv = payloadVersion(tryResolve(ctx, r.props.PayloadFormatVersion, [...r.p, 'PayloadFormatVersion'], `${r.id} PayloadFormatVersion`)) ?? '2.0';
    integrations.set(r.id, {
      target: type === 'AWS_PROXY' ? integrationTarget(ctx, r.props.IntegrationUri, [...r.p, 'IntegrationUri'], r.id) : undefined,
      pfv,
      r,
    });
  }
  for (const r of s.of('AWS::ApiGatewayV2::Authorizer')) {
    const b = s.apiOf(r, 'ApiId');
    if (!b) continue;
    const a = cfnAuthorizer(ctx, 'HTTP', r.id, r.props);
    if (a === NOT_ENFORCED) b.openAuthorizers.add(r.id);
    else b.def.authorizers[r.id] = a;
  }
  for (const r of s.of('AWS::ApiGatewayV2::Route')) {
    const b = s.apiOf(r, 'ApiId');
    if (!b) continue;
    const key = tryString(ctx, r.props.RouteKey, [...r.p, 'RouteKey'], `${r.id} RouteKey`);
    const target = tryString(ctx, r.props.Target, [...r.p, 'Target'], `${r.id} Target`);
    const integ = integrations.get(target ? (/^integrations\/(.+)$/.exec(target)?.[1] ?? '') : '');
    if (!key || !integ) {
      warn(ctx, r.p, `${r.id}: ${!key ? 'no RouteKey' : `its Target ${target ?? '(none)'} is not integrations/<an integration of this template>`}; left out`);
      continue;
    }
    if (!integ.target) {
      warn(ctx, r.p, `${r.id}: only Lambda proxy (AWS_PROXY) integrations are served locally, not ${String(integ.r.props.IntegrationType)}`);
      continue;
    }
    const authId = idOf(r.props.AuthorizerId);
    if (r.props.AuthorizationType === 'AWS_IAM' || r.props.AuthorizationType === 'JWT')
      warn(ctx, [...r.p, 'AuthorizationType'], `${r.id}: ${String(r.props.AuthorizationType)} authorization is not enforced locally; the route is served open`);
    addRoute(b.def, {
      apiId: b.def.id,
      ...routeKey(key),
      ...integ.target,
      payloadFormatVersion: integ.pfv,
      authorizer: authId && authId in b.def.authorizers ? authId : 'NONE',
    });
  }
  for (const r of s.of('AWS::ApiGatewayV2::Stage')) {
    const b = s.apiOf(r, 'ApiId');
    if (!b) continue;
    b.def.stageName = tryString(ctx, r.props.StageName, [...r.p, 'StageName'], `${r.id} StageName`) ?? b.def.stageName;
    b.def.stageVariables = strMap(tryResolve(ctx, r.props.StageVariables, [...r.p, 'StageVariables'], `${r.id} StageVariables`));
  }
}
