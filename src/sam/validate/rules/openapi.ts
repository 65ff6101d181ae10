// An inline DefinitionBody (OpenAPI 3 or Swagger 2): the parts SAM reads and merges its own
// integrations into, so a malformed one fails the transform rather than API Gateway.
import { getValue, type TNode } from '../../ast';
import { keyRange, type Sink } from '../sink';
import { isIntrinsic, isMap, mustMap } from './shapes';

export function definitionBody(body: TNode | null | undefined, sink: Sink, openApi: boolean, eventRoutes: Set<string> = new Set()): void {
  if (!isMap(body)) return;
  mustMap(sink, body, 'securityDefinitions', 'DefinitionBody.securityDefinitions', true);
  const ep = getValue(body, 'x-amazon-apigateway-endpoint-configuration');
  if (ep && !isMap(ep)) sink.error(ep, 'openapi-endpoint-configuration-shape', `The value of 'x-amazon-apigateway-endpoint-configuration' should be a map.`);
  const servers = getValue(body, 'servers');
  if (servers?.kind === 'seq')
    for (const s of servers.items) {
      const e = getValue(s, 'x-amazon-apigateway-endpoint-configuration');
      if (e && !isMap(e))
        sink.error(e, 'openapi-endpoint-configuration-shape', `The value of 'x-amazon-apigateway-endpoint-configuration' in servers should be a map.`);
    }
  const tags = getValue(body, 'tags');
  if (openApi && tags && tags.kind !== 'seq' && !isIntrinsic(tags))
    sink.error(tags, 'openapi-tags-shape', `'tags' in the OpenAPI DefinitionBody should be a list.`);
  const paths = getValue(body, 'paths');
  if (!isMap(paths)) return;
  for (const p of paths.pairs) {
    // The Paths Object allows specification extensions (`x-...` keys) beside the paths themselves.
    if (p.key.startsWith('x-')) continue;
    const item = p.value;
    if (isIntrinsic(item)) {
      const fnIf = getValue(item, 'Fn::If');
      if (fnIf && fnIf.kind !== 'seq') sink.error(fnIf, 'openapi-fn-if-shape', `Value of Fn::If must be a list.`);
      continue;
    }
    if (!isMap(item)) {
      sink.error(item ?? keyRange(p), 'openapi-path-shape', `Value of path '${p.key}' must be a map of methods (Swagger/OpenAPI).`);
      continue;
    }
    for (const m of item.pairs) {
      if (m.key === 'parameters' || (m.key.startsWith('x-amazon-apigateway-any-method') === false && m.key.startsWith('x-'))) continue;
      const def = m.value;
      if (isIntrinsic(def)) {
        const fnIf = getValue(def, 'Fn::If');
        if (fnIf && fnIf.kind !== 'seq') sink.error(fnIf, 'openapi-fn-if-shape', `Value of Fn::If must be a list.`);
        continue;
      }
      if (!isMap(def)) {
        // An empty method that an event of the template fills in is fine.
        if ((!def || (def.kind === 'scalar' && def.value === null)) && eventRoutes.has(`${m.key.toLowerCase()} ${p.key}`)) continue;
        sink.error(def ?? keyRange(m), 'openapi-method-shape', `Definition of method '${m.key}' for path '${p.key}' should be a map.`);
        continue;
      }
      // SAM checks a method's security ("Type of security for path ... must be a list") only when it
      // adds authorizers to that method, which depends on the API's Auth: a warning here.
      const sec = getValue(def, 'security');
      const warn = (n: { start: number; end: number }, msg: string) => sink.add(n.start, n.end, 'warning', 'openapi-security-shape', msg);
      if (sec && !isIntrinsic(sec)) {
        if (sec.kind !== 'seq') warn(sec, `'security' of ${m.key} ${p.key} should be a list.`);
        else for (const s of sec.items) if (!isMap(s) && !isIntrinsic(s)) warn(s, `Each 'security' item of ${m.key} ${p.key} should be a map.`);
      }
      const responses = getValue(def, 'responses');
      if (responses && !isMap(responses) && !isIntrinsic(responses))
        sink.error(responses, 'openapi-responses-shape', `'responses' of ${m.key} ${p.key} should be a map.`);
      if (isMap(responses))
        for (const rp of responses.pairs) {
          const h = getValue(rp.value, 'headers');
          if (h && !isMap(h) && !isIntrinsic(h)) sink.error(h, 'openapi-response-headers-shape', `Response headers of ${m.key} ${p.key} must be a map.`);
        }
    }
  }
}
