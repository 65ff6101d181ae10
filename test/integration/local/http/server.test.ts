// startApiServer in this process, on a hand-built model and a scripted invoker: gateway behaviour
// without templates or runtimes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer } from '../../../../src/local/http/server';
import type { ApiDef, ApiModel, FunctionDef } from '../../../../src/local/http/model';
import { request } from './startApi';

function fn(logicalId: string): FunctionDef {
  return {
    logicalId,
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    codeDir: '/nowhere',
    layerDirs: [],
    environment: {},
    memorySize: 128,
    timeout: 3,
    architectures: ['x86_64'],
    logGroup: `/aws/lambda/${logicalId}`,
    logFormat: 'Text',
  };
}

const rest: ApiDef = {
  id: 'Rest',
  type: 'REST',
  stageName: 'Prod',
  stageVariables: { VarName: 'varValue' },
  binaryMediaTypes: ['image~1gif'],
  authorizers: {},
  routes: [
    { apiId: 'Rest', method: 'GET', path: '/string', functionId: 'Str', payloadFormatVersion: '1.0' },
    { apiId: 'Rest', method: 'GET', path: '/echo', functionId: 'Echo', payloadFormatVersion: '1.0' },
    { apiId: 'Rest', method: 'GET', path: '/ghost', functionId: 'Ghost', payloadFormatVersion: '1.0' },
    { apiId: 'Rest', method: 'GET', path: '/gif', functionId: 'Gif', payloadFormatVersion: '1.0' },
    { apiId: 'Rest', method: 'GET', path: '/crash', functionId: 'Crash', payloadFormatVersion: '1.0' },
    {
      apiId: 'Rest',
      method: 'GET',
      path: '/inline',
      functionId: 'Inline',
      payloadFormatVersion: '1.0',
      unavailable: { status: 501, message: 'Inline code is not supported for sam local commands. Please write your code in a separate file.' },
    },
  ],
};
const http: ApiDef = {
  id: 'Http',
  type: 'HTTP',
  stageName: '$default',
  stageVariables: {},
  binaryMediaTypes: [],
  authorizers: {},
  routes: [
    { apiId: 'Http', method: 'GET', path: '/v2/string', functionId: 'Str', payloadFormatVersion: '2.0' },
    { apiId: 'Http', method: 'ANY', path: '$default', functionId: 'Echo', payloadFormatVersion: '2.0' },
  ],
};

const GIF = 'R0lGODdhAQABAJEAAAAAAP///wAAAAAAACH5BAkAAAIALAAAAAABAAEAAAICRAEAOw==';
const answers: Record<string, (event: Record<string, unknown>) => { payload: unknown; functionError?: 'Unhandled' }> = {
  Str: () => ({ payload: 'This is a string' }),
  Echo: (e) => ({ payload: { statusCode: 200, body: JSON.stringify(e) } }),
  Gif: () => ({ payload: { statusCode: 200, headers: { 'Content-Type': 'image/gif' }, body: GIF, isBase64Encoded: true } }),
  Crash: () => ({ payload: { errorType: 'TypeError', errorMessage: 'x is undefined' }, functionError: 'Unhandled' }),
};

describe('startApiServer', () => {
  let server: ApiServer;
  let ep: string;
  const lines: string[] = [];
  before(async () => {
    const model: ApiModel = {
      templateFile: '/virtual/template.yaml',
      apis: [rest, http],
      functions: new Map(['Str', 'Echo', 'Gif', 'Crash'].map((id) => [id, fn(id)])),
      warnings: [{ file: '/virtual/template.yaml', line: 3, message: 'something left out' }],
      files: [],
    };
    server = await startApiServer({
      templatePath: '/virtual/template.yaml',
      load: { region: 'eu-west-1', accountId: '123456789012' },
      host: '127.0.0.1',
      port: 0,
      log: (l) => lines.push(l),
      loadModel: async () => model,
      watch: false,
      invoker: {
        invoke: async (id, payload) => {
          const a = answers[id]!(JSON.parse(payload.toString()) as Record<string, unknown>);
          return { payload: Buffer.from(JSON.stringify(a.payload)), ...(a.functionError ? { functionError: a.functionError } : {}), requestId: 'r' };
        },
      },
    });
    ep = server.info.endpoint;
  });
  after(() => server.close());

  it('describes what it serves', () => {
    assert.equal(server.info.template, '/virtual/template.yaml');
    assert.match(server.info.id, /^[0-9a-f]{16}$/);
    assert.deepEqual(server.info.warnings, ['/virtual/template.yaml:3: something left out']);
    assert.equal(server.info.routes.length, 8);
    assert.deepEqual(server.info.routes[7], { method: 'ANY', path: '$default', api: 'Http', type: 'HTTP', function: 'Echo' });
  });

  it('refuses a bare string on payload 1.0 and serves it on 2.0', async () => {
    const v1 = await request(ep, 'GET', '/string');
    assert.equal(v1.status, 502);
    assert.deepEqual(JSON.parse(v1.body.toString()), { message: 'Internal server error' });
    const v2 = await request(ep, 'GET', '/v2/string');
    assert.equal(v2.status, 200);
    assert.equal(v2.body.toString(), 'This is a string');
    assert.ok(
      lines.some((l) => /^GET \/string 502 \d+ms Str \(the function returned string/.test(l)),
      lines.join('\n'),
    );
  });

  it('passes stage variables, the region and the account in the event', async () => {
    const e = JSON.parse((await request(ep, 'GET', '/echo')).body.toString()) as Record<string, unknown>;
    assert.deepEqual(e['stageVariables'], { VarName: 'varValue' });
    const rc = e['requestContext'] as Record<string, unknown>;
    assert.equal(rc['accountId'], '123456789012');
    assert.equal(rc['stage'], 'Prod');
  });

  it('serves the $default route for any other path on the port', async () => {
    const r = await request(ep, 'PATCH', '/any/where?a=1');
    assert.equal(r.status, 200);
    const e = JSON.parse(r.body.toString()) as Record<string, unknown>;
    assert.equal(e['routeKey'], '$default');
    assert.equal(e['rawPath'], '/any/where');
    assert.deepEqual(e['cookies'], []);
  });

  it('decodes a REST binary response for a client that accepts it', async () => {
    const r = await request(ep, 'GET', '/gif');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'image/gif');
    assert.ok(r.body.equals(Buffer.from(GIF, 'base64')));
  });

  it('answers 502 for a function error and for a route whose function the template lacks', async () => {
    assert.equal((await request(ep, 'GET', '/crash')).status, 502);
    const ghost = await request(ep, 'GET', '/ghost');
    assert.equal(ghost.status, 502);
    assert.deepEqual(JSON.parse(ghost.body.toString()), { message: 'No function defined for resource method' });
    const inline = await request(ep, 'GET', '/inline');
    assert.equal(inline.status, 501);
    assert.match(JSON.parse(inline.body.toString()).message as string, /^Inline code is not supported/);
  });
});
