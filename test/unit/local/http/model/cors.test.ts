import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_METHODS, httpCors, restCors, urlCors } from '../../../../../src/local/http/model/cors';

describe('CORS settings', () => {
  it('reads REST Cors as a quoted origin string: every method', () => {
    assert.deepEqual(restCors("'https://a.example'"), {
      allowOrigins: ['https://a.example'],
      allowMethods: ALL_METHODS,
      allowHeaders: [],
      exposeHeaders: [],
      allowCredentials: false,
    });
  });

  it('reads REST Cors objects with quoted values, adding OPTIONS', () => {
    assert.deepEqual(restCors({ AllowOrigin: "'*'", AllowMethods: "'GET, PUT'", AllowHeaders: "'X-A,X-B'", MaxAge: "'60'", AllowCredentials: true }), {
      allowOrigins: ['*'],
      allowMethods: ['GET', 'PUT', 'OPTIONS'],
      allowHeaders: ['X-A', 'X-B'],
      exposeHeaders: [],
      maxAge: 60,
      allowCredentials: true,
    });
    assert.equal(restCors({ AllowMethods: "'GET'" }), undefined, 'no AllowOrigin: nothing enabled');
  });

  it('reads HttpApi CorsConfiguration (true or lists) and x-amazon-apigateway-cors', () => {
    assert.deepEqual(httpCors(true)?.allowOrigins, ['*']);
    assert.deepEqual(httpCors({ AllowOrigins: ['http://x'], AllowMethods: ['*'], MaxAge: 5 }), {
      allowOrigins: ['http://x'],
      allowMethods: ALL_METHODS,
      allowHeaders: [],
      exposeHeaders: [],
      maxAge: 5,
      allowCredentials: false,
    });
    assert.deepEqual(httpCors({ allowOrigins: ['http://y'], allowMethods: ['get'], exposeHeaders: ['x-e'], allowCredentials: true }), {
      allowOrigins: ['http://y'],
      allowMethods: ['GET', 'OPTIONS'],
      allowHeaders: [],
      exposeHeaders: ['x-e'],
      maxAge: undefined,
      allowCredentials: true,
    });
    assert.equal(httpCors(undefined), undefined);
  });

  it('keeps function URL lists as written', () => {
    assert.deepEqual(urlCors({ AllowOrigins: ['*'], AllowMethods: ['get'] }).allowMethods, ['GET']);
  });
});
