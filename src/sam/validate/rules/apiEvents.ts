// Api and HttpApi events against the API they attach to (the explicit one, or the implicit API with
// Globals): path and method, the authorizers and models the event names, and the API key setting.
import { getPair, getValue, refName, scalarString, type TMap, type TPair } from '../../ast';
import type { Template } from '../../template';
import { keyRange, type Sink } from '../sink';
import { isIntrinsic, isMap, isStr, truthy } from './shapes';

export function apiEvent(t: Template, ev: TPair, type: string, p: TMap, sink: Sink): void {
  const path = getValue(p, 'Path');
  const method = getValue(p, 'Method');
  if (path && (path.kind !== 'scalar' || typeof path.value !== 'string'))
    sink.error(path, 'event-api-path-type', `Property 'Path' of event '${ev.key}' should be a string.`);
  if (type === 'HttpApi' && path && !method)
    sink.error(keyRange(ev), 'event-httpapi-method-required', `Property 'Method' is required: event '${ev.key}' sets 'Path'.`);
  const apiRef = type === 'Api' ? getValue(p, 'RestApiId') : getValue(p, 'ApiId');
  const apiId = refName(apiRef) ?? scalarString(apiRef);
  // As for RestApiId (events.ts): the translator requires a resource of the template by that id.
  const apiType = apiId ? t.resourceById.get(apiId)?.type : undefined;
  if (type === 'HttpApi' && apiRef && refName(apiRef) && !apiType && !t.parameters.has(refName(apiRef)!))
    sink.error(
      apiRef,
      'event-httpapi-api-id-ref',
      `ApiId must be a valid reference to an 'AWS::Serverless::HttpApi' resource in same template (event '${ev.key}').`,
    );
  else if (type === 'HttpApi' && apiRef && apiType && apiType !== 'AWS::Serverless::HttpApi')
    sink.add(
      apiRef.start,
      apiRef.end,
      'warning',
      'event-httpapi-api-id-type',
      `ApiId of event '${ev.key}' names a ${apiType}: SAM adds routes only to an AWS::Serverless::HttpApi.`,
    );
  const api = apiId ? t.resourceById.get(apiId) : undefined;
  // Auth of the API, or of Globals for the implicit API (and for an explicit one without its own).
  const globalAuth = getValue(getValue(t.globals, type), 'Auth');
  const apiAuth = getValue(api?.properties, 'Auth') ?? (api || !apiId ? globalAuth : undefined);
  const evAuth = getValue(p, 'Auth');
  if (isMap(evAuth)) {
    const az = getValue(evAuth, 'Authorizer');
    const name = scalarString(az);
    if (az && az.kind !== 'scalar' && !isIntrinsic(az)) sink.error(az, 'event-api-authorizer-type', `Auth.Authorizer should be a string.`);
    if (name && !['NONE', 'AWS_IAM'].includes(name) && (api || !apiId)) {
      const authorizers = getValue(apiAuth, 'Authorizers');
      if (!isMap(authorizers))
        sink.error(
          az!,
          'event-api-auth-no-authorizers',
          `Unable to set Authorizer [${name}] on event '${ev.key}' because the related API does not define any Authorizers.`,
        );
      else if (!getPair(authorizers, name))
        sink.error(az!, 'event-api-auth-unknown-authorizer', `Unable to set Authorizer [${name}] because it wasn't defined in the API's Authorizers.`);
    }
    if (name === 'NONE' && !getPair(apiAuth, 'DefaultAuthorizer') && type === 'Api')
      sink.error(az!, 'event-api-auth-none-needs-default', `Authorizer 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified.`);
    if (
      truthy(getValue(evAuth, 'OverrideApiAuth')) &&
      !getPair(evAuth, 'Authorizer') &&
      !getPair(evAuth, 'ApiKeyRequired') &&
      !getPair(evAuth, 'ResourcePolicy')
    )
      sink.error(
        keyRange(getPair(evAuth, 'OverrideApiAuth')!),
        'event-api-override-auth',
        `Must define one of: Authorizer, ApiKeyRequired or ResourcePolicy when using the OverrideApiAuth property.`,
      );
    if (getPair(evAuth, 'AuthorizationScopes') && !getPair(evAuth, 'Authorizer') && !getPair(apiAuth, 'DefaultAuthorizer'))
      sink.error(
        keyRange(getPair(evAuth, 'AuthorizationScopes')!),
        'event-api-auth-scopes-need-authorizer',
        `AuthorizationScopes works only when an Authorizer is set.`,
      );
    const akr = getValue(evAuth, 'ApiKeyRequired');
    if (akr?.kind === 'scalar' && (akr.value === false || akr.value === 'false') && !truthy(getValue(apiAuth, 'ApiKeyRequired')))
      sink.error(
        akr,
        'event-api-key-required-false',
        `Unable to set ApiKeyRequired [False] because the related API does not specify any ApiKeyRequired: set Auth.ApiKeyRequired on the API, or remove this.`,
      );
  }
  const rm = getValue(p, 'RequestModel');
  if (isMap(rm)) {
    const model = getValue(rm, 'Model');
    const models = getValue(api?.properties, 'Models');
    if (model && model.kind !== 'scalar') sink.error(model, 'event-api-request-model-type', `RequestModel.Model should be a string.`);
    else if (isStr(model) && api && !isMap(models))
      sink.error(model, 'event-api-request-model-no-models', `RequestModel '${model.value}' cannot be set: the API defines no Models.`);
    else if (isStr(model) && isMap(models) && !getPair(models, String(model.value)))
      sink.error(model, 'event-api-request-model-unknown', `RequestModel '${model.value}' is not defined in the API's Models.`);
    for (const k of ['ValidateBody', 'ValidateParameters']) {
      const v = getValue(rm, k);
      if (v && !(v.kind === 'scalar' && typeof v.value === 'boolean'))
        sink.error(v, 'event-api-request-model-validate-type', `${k} must be a boolean (strings and intrinsics are not supported).`);
    }
  }
  const um = getValue(p, 'UnescapeMappingTemplate');
  if (um && !(um.kind === 'scalar' && typeof um.value === 'boolean'))
    sink.error(um, 'event-api-unescape-mapping-template-type', `UnescapeMappingTemplate must be true or false (no intrinsic functions).`);
}
