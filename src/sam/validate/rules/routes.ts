// API routes made by Api and HttpApi events: the routes an API's DefinitionBody may leave empty for
// SAM to fill, and the rule that one method and path of an API has one event.
import { getValue, refName, scalarString } from '../../ast';
import type { Template } from '../../template';
import { keyRange, type Sink } from '../sink';
import { isMap, isStr } from './shapes';

/** "method path" of every event of the template that attaches to this API. */
export function routesOf(t: Template, apiId: string): Set<string> {
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
      // The translator finds a duplicate while adding the route to the API's DefinitionBody; an API
      // defined by DefinitionUri has none, so SAM adds nothing and checks nothing there.
      const api = t.resourceById.get(apiId)?.properties;
      if (getValue(api, 'DefinitionUri') && !getValue(api, 'DefinitionBody')) continue;
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
      sink.blaming(r.logicalId, () =>
        sink.error(
          isStr(method) ? method : keyRange(ev),
          'api-route-duplicate',
          `API method ${methodText} for path ${route} is already served by ${owner}: each method and path of an API can have one event only.`,
        ),
      );
    }
  }
}

/**
 * Globals.Api.Cors of the implicit API (ServerlessRestApi, made for Api events without RestApiId),
 * which is no resource of the template for restApi() to check: the translator's "Invalid key 'X' for
 * 'Cors' property." Runs over the whole template with duplicateRoutes().
 */
export function implicitApiCors(t: Template, sink: Sink): void {
  const from = t.implicit.get('ServerlessRestApi')?.from;
  const cors = getValue(getValue(t.globals, 'Api'), 'Cors');
  if (!from || !isMap(cors)) return;
  const allowed = ['AllowMethods', 'AllowHeaders', 'AllowOrigin', 'MaxAge', 'AllowCredentials'];
  sink.blaming('ServerlessRestApi', () => {
    for (const p of cors.pairs)
      if (!allowed.includes(p.key)) sink.error(keyRange(p), 'api-cors-invalid-key', `Invalid key '${p.key}' for 'Cors' property: use ${allowed.join(', ')}.`);
  });
}
