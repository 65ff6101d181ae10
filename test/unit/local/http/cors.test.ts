import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decorate, httpPreflightHeaders, isHttpPreflight, restPreflightHeaders } from '../../../../src/local/http/cors';
import type { CorsConfig } from '../../../../src/local/http/model';

const cors: CorsConfig = {
  allowOrigins: ['https://app.example.com', 'https://*.dev.example.com'],
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['content-type', 'authorization'],
  exposeHeaders: ['x-total'],
  maxAge: 600,
  allowCredentials: true,
};

describe('cors', () => {
  it('recognises an HTTP API preflight', () => {
    assert.equal(isHttpPreflight('OPTIONS', 'https://a', 'GET'), true);
    assert.equal(isHttpPreflight('OPTIONS', undefined, 'GET'), false);
    assert.equal(isHttpPreflight('GET', 'https://a', 'GET'), false);
  });

  it('answers an HTTP API preflight for an allowed origin only', () => {
    assert.deepEqual(httpPreflightHeaders(cors, 'https://app.example.com'), [
      ['access-control-allow-origin', 'https://app.example.com'],
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-headers', 'content-type,authorization'],
      ['access-control-allow-methods', 'GET,POST'],
      ['access-control-max-age', '600'],
    ]);
    assert.equal(httpPreflightHeaders(cors, 'https://x.dev.example.com')[0]![1], 'https://x.dev.example.com');
    assert.deepEqual(httpPreflightHeaders(cors, 'https://evil.com'), []);
    const star: CorsConfig = { ...cors, allowOrigins: ['*'], allowCredentials: false };
    assert.equal(httpPreflightHeaders(star, 'https://any.com')[0]![1], '*');
  });

  it("answers SAM's REST OPTIONS mock with the configured values", () => {
    const h = restPreflightHeaders({ allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false });
    assert.deepEqual(h, [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'],
    ]);
  });

  it('lists the methods sorted, as sam local does', () => {
    const h = restPreflightHeaders({
      allowOrigins: ['*'],
      allowMethods: ['POST', 'GET', 'OPTIONS'],
      allowHeaders: [],
      exposeHeaders: [],
      allowCredentials: false,
    });
    assert.deepEqual(h[1], ['Access-Control-Allow-Methods', 'GET,OPTIONS,POST']);
  });

  it('decorates HTTP API responses to allowed origins, replacing the function CORS headers', () => {
    const out = decorate('HTTP', cors, 'https://app.example.com', [
      ['content-type', 'text/plain'],
      ['Access-Control-Allow-Origin', 'https://wrong'],
    ]);
    assert.deepEqual(out, [
      ['content-type', 'text/plain'],
      ['access-control-allow-origin', 'https://app.example.com'],
      ['access-control-allow-credentials', 'true'],
      ['access-control-expose-headers', 'x-total'],
    ]);
    assert.deepEqual(decorate('HTTP', cors, 'https://evil.com', [['a', 'b']]), [['a', 'b']]);
    assert.deepEqual(decorate('HTTP', undefined, 'https://app.example.com', [['a', 'b']]), [['a', 'b']]);
  });

  it('leaves REST responses as the function wrote them', () => {
    const star: CorsConfig = { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
    assert.deepEqual(decorate('REST', star, 'https://x', [['a', 'b']]), [['a', 'b']]);
  });
});
