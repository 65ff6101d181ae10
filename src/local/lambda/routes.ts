// The Lambda REST API's route table: method + path template (as the SDK's serializers build them) → handler.
import type { LambdaContext } from './context';
import * as tags from './tags';
import * as concurrency from './concurrency';
import * as esm from './eventSourceMappings';
import * as urls from './functionUrls';
import * as policy from './permissions';
import * as eic from './eventInvokeConfig';
import * as unmodelled from './unmodelled';
import * as fns from './functions';
import * as layers from './layers';
import * as versions from './versions';
import { invoke, invokeAsync } from './invoke';
import { invokeWithResponseStream } from './stream';
import { LOCAL_API_PATH } from '../../contract/localApi';
import * as localApis from './localApis';
import type { Reply, Req } from './types';
import { checkInputShape } from './inputShapes';

type Handler = (ctx: LambdaContext, req: Req) => Reply | Promise<Reply>;

interface Route {
  method: string;
  re: RegExp;
  names: string[];
  handler: Handler;
  op: string;
}

const routes: Route[] = [];

/** Registers `METHOD /2015-03-31/functions/{FunctionName}/...` for an operation. */
function route(method: string, template: string, op: string, handler: Handler): void {
  const names: string[] = [];
  const re = new RegExp(
    '^' +
      template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, n: string) => {
        names.push(n);
        return '([^/]+)';
      }) +
      '$',
  );
  // Every JSON body is checked against the SDK model of the operation's input before its handler runs.
  const checked: Handler = (ctx, req) => {
    checkInputShape(op, req);
    return handler(ctx, req);
  };
  routes.push({ method, re, names, handler: checked, op });
}

/** A malformed escape stays as it is: the handler's validation then names the bad value. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface Match {
  op: string;
  handler: Handler;
  params: Record<string, string>;
}

/** `rawPath` is still percent-encoded: labels are decoded after matching so an encoded '/' stays inside its label. */
export function match(method: string, rawPathIn: string): Match | undefined {
  // botocore (the AWS CLI) sends `/2015-03-31/functions/` for ListFunctions / CreateFunction.
  const rawPath = rawPathIn.length > 1 && rawPathIn.endsWith('/') ? rawPathIn.slice(0, -1) : rawPathIn;
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.re.exec(rawPath);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => (params[n] = safeDecode(m[i + 1]!)));
    return { op: r.op, handler: r.handler, params };
  }
  return undefined;
}

route('POST', '/2015-03-31/functions', 'CreateFunction', fns.createFunction);
route('GET', '/2015-03-31/functions', 'ListFunctions', fns.listFunctions);
route('GET', '/2015-03-31/functions/{FunctionName}', 'GetFunction', fns.getFunction);
route('DELETE', '/2015-03-31/functions/{FunctionName}', 'DeleteFunction', fns.deleteFunction);
route('GET', '/2015-03-31/functions/{FunctionName}/configuration', 'GetFunctionConfiguration', fns.getFunctionConfiguration);
route('PUT', '/2015-03-31/functions/{FunctionName}/configuration', 'UpdateFunctionConfiguration', fns.updateFunctionConfiguration);
route('PUT', '/2015-03-31/functions/{FunctionName}/code', 'UpdateFunctionCode', fns.updateFunctionCode);
route('POST', '/2015-03-31/functions/{FunctionName}/invocations', 'Invoke', invoke);
route('POST', '/2014-11-13/functions/{FunctionName}/invoke-async', 'InvokeAsync', invokeAsync);
route('POST', '/2021-11-15/functions/{FunctionName}/response-streaming-invocations', 'InvokeWithResponseStream', invokeWithResponseStream);
route('POST', '/2015-03-31/functions/{FunctionName}/versions', 'PublishVersion', versions.publishVersion);
route('GET', '/2015-03-31/functions/{FunctionName}/versions', 'ListVersionsByFunction', versions.listVersions);
route('POST', '/2015-03-31/functions/{FunctionName}/aliases', 'CreateAlias', versions.createAlias);
route('GET', '/2015-03-31/functions/{FunctionName}/aliases', 'ListAliases', versions.listAliases);
route('GET', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'GetAlias', versions.getAlias);
route('PUT', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'UpdateAlias', versions.updateAlias);
route('DELETE', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'DeleteAlias', versions.deleteAlias);

route('POST', '/2018-10-31/layers/{LayerName}/versions', 'PublishLayerVersion', layers.publishLayerVersion);
route('GET', '/2018-10-31/layers/{LayerName}/versions', 'ListLayerVersions', layers.listLayerVersions);
route('GET', '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}', 'GetLayerVersion', layers.getLayerVersion);
route('DELETE', '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}', 'DeleteLayerVersion', layers.deleteLayerVersion);
route('POST', '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy', 'AddLayerVersionPermission', layers.addLayerVersionPermission);
route('GET', '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy', 'GetLayerVersionPolicy', layers.getLayerVersionPolicy);
route(
  'DELETE',
  '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy/{StatementId}',
  'RemoveLayerVersionPermission',
  layers.removeLayerVersionPermission,
);
route('GET', '/2018-10-31/layers', 'ListLayers', (ctx, req) =>
  req.query['find'] === 'LayerVersion' ? layers.getLayerVersionByArn(ctx, req) : layers.listLayers(ctx, req),
);

route('PUT', '/2017-10-31/functions/{FunctionName}/concurrency', 'PutFunctionConcurrency', concurrency.putConcurrency);
route('DELETE', '/2017-10-31/functions/{FunctionName}/concurrency', 'DeleteFunctionConcurrency', concurrency.deleteConcurrency);
route('GET', '/2019-09-30/functions/{FunctionName}/concurrency', 'GetFunctionConcurrency', concurrency.getConcurrency);
route('GET', '/2016-08-19/account-settings', 'GetAccountSettings', (ctx) => concurrency.getAccountSettings(ctx));

route('POST', '/2017-03-31/tags/{Resource}', 'TagResource', tags.tagResource);
route('DELETE', '/2017-03-31/tags/{Resource}', 'UntagResource', tags.untagResource);
route('GET', '/2017-03-31/tags/{Resource}', 'ListTags', tags.listTags);

route('POST', '/2015-03-31/event-source-mappings', 'CreateEventSourceMapping', esm.createEsm);
route('GET', '/2015-03-31/event-source-mappings', 'ListEventSourceMappings', esm.listEsms);
route('GET', '/2015-03-31/event-source-mappings/{UUID}', 'GetEventSourceMapping', esm.getEsm);
route('PUT', '/2015-03-31/event-source-mappings/{UUID}', 'UpdateEventSourceMapping', esm.updateEsm);
route('DELETE', '/2015-03-31/event-source-mappings/{UUID}', 'DeleteEventSourceMapping', esm.deleteEsm);

route('POST', '/2021-10-31/functions/{FunctionName}/url', 'CreateFunctionUrlConfig', urls.createUrlConfig);
route('GET', '/2021-10-31/functions/{FunctionName}/url', 'GetFunctionUrlConfig', urls.getUrlConfig);
route('PUT', '/2021-10-31/functions/{FunctionName}/url', 'UpdateFunctionUrlConfig', urls.updateUrlConfig);
route('DELETE', '/2021-10-31/functions/{FunctionName}/url', 'DeleteFunctionUrlConfig', urls.deleteUrlConfig);
route('GET', '/2021-10-31/functions/{FunctionName}/urls', 'ListFunctionUrlConfigs', urls.listUrlConfigs);

// Local-only: serve a template's APIs from this service (src/local/http/control.ts).
route('POST', LOCAL_API_PATH, 'StartLocalApi', localApis.startLocalApi);
route('GET', LOCAL_API_PATH, 'ListLocalApis', (ctx) => localApis.listLocalApis(ctx));
route('DELETE', `${LOCAL_API_PATH}/{Id}`, 'StopLocalApi', localApis.stopLocalApi);

route('POST', '/2015-03-31/functions/{FunctionName}/policy', 'AddPermission', policy.addPermission);
route('GET', '/2015-03-31/functions/{FunctionName}/policy', 'GetPolicy', policy.getPolicy);
route('DELETE', '/2015-03-31/functions/{FunctionName}/policy/{StatementId}', 'RemovePermission', policy.removePermission);

route('PUT', '/2019-09-25/functions/{FunctionName}/event-invoke-config', 'PutFunctionEventInvokeConfig', eic.putEic);
route('POST', '/2019-09-25/functions/{FunctionName}/event-invoke-config', 'UpdateFunctionEventInvokeConfig', eic.updateEic);
route('GET', '/2019-09-25/functions/{FunctionName}/event-invoke-config', 'GetFunctionEventInvokeConfig', eic.getEic);
route('DELETE', '/2019-09-25/functions/{FunctionName}/event-invoke-config', 'DeleteFunctionEventInvokeConfig', eic.deleteEic);
route('GET', '/2019-09-25/functions/{FunctionName}/event-invoke-config/list', 'ListFunctionEventInvokeConfigs', eic.listEic);

route('GET', '/2020-06-30/functions/{FunctionName}/code-signing-config', 'GetFunctionCodeSigningConfig', unmodelled.getCodeSigningConfig);
route('GET', '/2021-07-20/functions/{FunctionName}/runtime-management-config', 'GetRuntimeManagementConfig', unmodelled.getRuntimeManagementConfig);
route('GET', '/2024-08-31/functions/{FunctionName}/recursion-config', 'GetFunctionRecursionConfig', unmodelled.getRecursionConfig);
route('GET', '/2019-09-30/functions/{FunctionName}/provisioned-concurrency', 'GetProvisionedConcurrencyConfig', (ctx, req) =>
  req.query['List'] === 'ALL' ? unmodelled.listProvisionedConcurrency(ctx, req) : unmodelled.getProvisionedConcurrency(ctx, req),
);
