import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_METHODS, httpCors, urlCors } from '../../../../../src/local/http/model/cors';
import { api, fn, loadText } from './helpers';

describe('CORS settings', () => {
  const restApi = (cors: string) => `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      Cors: ${cors}
${fn('F', '        E:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /x\n            Method: get\n')}`;

  it('reads REST Cors as a quoted origin string: every method', async () => {
    const a = api(await loadText(restApi(`"'https://a.example'"`)), 'Api');
    assert.deepEqual(a.cors, { allowOrigins: ['https://a.example'], allowMethods: ALL_METHODS, allowHeaders: [], exposeHeaders: [], allowCredentials: false });
  });

  it('reads REST Cors objects as SAM CLI does: values verbatim without their quotes, OPTIONS added to the methods', async () => {
    const cors = `{ AllowOrigin: "'*''", AllowMethods: "'get, PUT'", AllowHeaders: "'origin, x-requested-with'", MaxAge: "'510'", AllowCredentials: "'true'" }`;
    assert.deepEqual(api(await loadText(restApi(cors)), 'Api').cors, {
      allowOrigins: ['*'],
      allowMethods: ['GET', 'PUT', 'OPTIONS'],
      allowHeaders: ['origin, x-requested-with'],
      exposeHeaders: [],
      maxAge: 510,
      allowCredentials: true,
    });
  });

  it('leaves out a Cors value that cannot be resolved, with a warning, and keeps the others', async () => {
    const cors = `\n        AllowOrigin: !Sub ["'https://\${Zone}'", { Zone: !ImportValue zone }]\n        AllowMethods: "'GET'"`;
    const m = await loadText(restApi(cors));
    assert.deepEqual(api(m, 'Api').cors?.allowOrigins, []);
    assert.deepEqual(api(m, 'Api').cors?.allowMethods, ['GET', 'OPTIONS']);
    assert.equal(m.warnings[0].line, 7);
    assert.match(m.warnings[0].message, /Api Cors AllowOrigin: Fn::ImportValue "zone" names another stack's export/);
  });

  it('refuses an unquoted REST Cors value, naming the line', async () => {
    await assert.rejects(
      loadText(restApi('{ AllowOrigin: "*" }')),
      (e: Error & { line?: number }) => /Api Cors AllowOrigin must be a quoted string/.test(e.message) && e.line === 6,
    );
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
