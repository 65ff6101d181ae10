// APIs written as plain CloudFormation (and as CDK synthesizes them): the stack's API Gateway resources
// grouped by type once, then read by cfnRest.ts (AWS::ApiGateway::*) and cfnHttp.ts
// (AWS::ApiGatewayV2::*). Ids are accepted as `!Ref X`, `!GetAtt X.attr` or plainly `X`, as SAM CLI reads them.
import type { ApiDef } from '../model';
import { fileBody, inlineBody } from './body';
import { loadCfnHttp } from './cfnHttp';
import { loadCfnRest } from './cfnRest';
import { idOf, type CfnScope, type Res } from './cfnShared';
import { isActive, warn, type StackCtx } from './intrinsics';
import { parseOpenApi } from './openapi';
import { addRoute, type ApiBuild } from './samApis';
import { isObj } from './source';

export async function loadCfnApis(ctx: StackCtx, files: string[]): Promise<ApiBuild[]> {
  const byType = new Map<string, Res[]>();
  for (const [id, res] of Object.entries(ctx.resources)) {
    if (!isObj(res) || typeof res.Type !== 'string' || !res.Type.startsWith('AWS::ApiGateway') || !isActive(ctx, res, id)) continue;
    const list = byType.get(res.Type) ?? [];
    list.push({ id, props: isObj(res.Properties) ? res.Properties : {}, p: ['Resources', id, 'Properties'] });
    byType.set(res.Type, list);
  }
  const apis = new Map<string, ApiBuild>();
  const scope: CfnScope = {
    ctx,
    files,
    apis,
    of: (t) => byType.get(t) ?? [],
    apiOf(r, key) {
      const t = idOf(r.props[key]);
      const b = t ? apis.get(t) : undefined;
      if (!b) warn(ctx, [...r.p, key], `${r.id}: ${key} names no API of this template; left out`);
      return b;
    },
    newApi(r, type) {
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
    },
    async addBody(r, b) {
      const loaded =
        r.props.Body !== undefined
          ? await inlineBody(ctx, r.props.Body, [...r.p, 'Body'], `${r.id} Body`, files)
          : r.props.BodyS3Location !== undefined
            ? await fileBody(ctx, r.props.BodyS3Location, [...r.p, 'BodyS3Location'], `${r.id} BodyS3Location`, files)
            : undefined;
      if (!loaded) return;
      const oa = parseOpenApi(ctx, loaded.body, loaded, b.def.id, b.def.type);
      for (const route of oa.routes) addRoute(b.def, route);
      Object.assign(b.def.authorizers, oa.authorizers);
      oa.openSchemes.forEach((s) => b.openAuthorizers.add(s));
      for (const t of oa.binaryMediaTypes) if (!b.def.binaryMediaTypes.includes(t)) b.def.binaryMediaTypes.push(t);
      b.def.cors ??= oa.cors;
    },
  };
  await loadCfnRest(scope);
  await loadCfnHttp(scope);
  return [...apis.values()];
}
