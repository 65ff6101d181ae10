import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RouteTable } from '../../../../src/local/http/match';
import type { ApiDef, RouteDef } from '../../../../src/local/http/model';

function api(id: string, type: 'REST' | 'HTTP', routes: Array<[string, string, string]>): ApiDef {
  return {
    id,
    type,
    stageName: type === 'REST' ? 'Prod' : '$default',
    stageVariables: {},
    binaryMediaTypes: [],
    authorizers: {},
    routes: routes.map(([method, path, functionId]): RouteDef => ({
      apiId: id,
      method,
      path,
      functionId,
      payloadFormatVersion: type === 'REST' ? '1.0' : '2.0',
    })),
  };
}

describe('RouteTable', () => {
  const table = new RouteTable({
    apis: [
      api('Rest', 'REST', [
        ['ANY', '/{proxy+}', 'Proxy'],
        ['GET', '/pets/{id}', 'GetPet'],
        ['GET', '/pets/mine', 'Mine'],
        ['ANY', '/pets/{id}', 'AnyPet'],
        ['GET', '/', 'Root'],
        ['GET', '/files/{path+}', 'Files'],
      ]),
      api('Http', 'HTTP', [
        ['ANY', '$default', 'Default'],
        ['POST', '/orders/{orderId}/items/{itemId}', 'Items'],
      ]),
    ],
  });
  const fn = (m: string, p: string): string | undefined => table.match(m, p).match?.route.functionId;

  it('prefers literal segments over parameters over greedy paths', () => {
    assert.equal(fn('GET', '/pets/mine'), 'Mine');
    assert.equal(fn('GET', '/pets/7'), 'GetPet');
    assert.equal(fn('GET', '/other/deep/path'), 'Proxy');
  });

  it('prefers a named method over ANY', () => {
    assert.equal(fn('DELETE', '/pets/7'), 'AnyPet');
    assert.equal(fn('GET', '/pets/7'), 'GetPet');
  });

  it('serves the root only from a root route, and ignores a trailing slash', () => {
    assert.equal(fn('GET', '/'), 'Root');
    assert.equal(fn('GET', '/pets/7/'), 'GetPet');
  });

  it('decodes path parameters and gives greedy parameters the rest of the path', () => {
    assert.deepEqual(table.match('GET', '/pets/a%20b').match?.pathParameters, { id: 'a b' });
    assert.deepEqual(table.match('GET', '/files/a/b/c.txt').match?.pathParameters, { path: 'a/b/c.txt' });
    assert.deepEqual(table.match('POST', '/orders/1/items/2').match?.pathParameters, { orderId: '1', itemId: '2' });
  });

  it('falls back to $default last', () => {
    assert.equal(fn('POST', '/'), 'Default');
    const only = new RouteTable({
      apis: [
        api('Http', 'HTTP', [
          ['GET', '/a', 'A'],
          ['ANY', '$default', 'D'],
        ]),
      ],
    });
    assert.equal(only.match('GET', '/a').match?.route.functionId, 'A');
    assert.equal(only.match('GET', '/b').match?.route.functionId, 'D');
  });

  it('reports no match, and the API whose path exists with another method', () => {
    const t = new RouteTable({ apis: [api('Rest', 'REST', [['GET', '/hello', 'H']])] });
    assert.equal(t.match('GET', '/nope').match, undefined);
    assert.equal(t.match('GET', '/nope').nearApi, undefined);
    assert.equal(t.match('POST', '/hello').nearApi?.id, 'Rest');
    assert.equal(t.pathExists('Rest', '/hello'), true);
    assert.equal(t.pathExists('Rest', '/nope'), false);
  });

  it('does not let {proxy+} match the root', () => {
    const t = new RouteTable({ apis: [api('Rest', 'REST', [['ANY', '/{proxy+}', 'P']])] });
    assert.equal(t.match('GET', '/').match, undefined);
    assert.equal(t.match('GET', '/x').match?.route.functionId, 'P');
  });
});
