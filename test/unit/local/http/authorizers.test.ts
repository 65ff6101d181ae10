import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizerRunner,
  authorizerEvent,
  authorizerFor,
  evaluatePolicy,
  parseAuthorizerAnswer,
  type AuthInvoke,
} from '../../../../src/local/http/authorizers';
import type { EventTarget, IncomingApiRequest } from '../../../../src/local/http/events';
import type { ApiDef, AuthorizerDef, RouteDef } from '../../../../src/local/http/model';

const target: EventTarget = {
  apiId: 'abcdefghij',
  stage: 'Prod',
  stageVariables: {},
  accountId: '123456789012',
  region: 'us-east-1',
  resourcePath: '/pets/{id}',
  routeKey: 'GET /pets/{id}',
  pathParameters: { id: '1' },
  base64: false,
};

function req(headers: Array<[string, string]> = [], rawQuery = ''): IncomingApiRequest {
  return { method: 'GET', rawPath: '/pets/1', rawQuery, headers, body: Buffer.alloc(0), sourceIp: '127.0.0.1', protocol: 'HTTP/1.1', time: 0, requestId: 'r1' };
}

const token: AuthorizerDef = { name: 'Tok', type: 'TOKEN', functionId: 'AuthFn', identitySources: ['method.request.header.Authorization'], ttlSeconds: 300 };
const route: RouteDef = { apiId: 'Api', method: 'GET', path: '/pets/{id}', functionId: 'Fn', payloadFormatVersion: '1.0', authorizer: 'Tok' };
const restApi: ApiDef = { id: 'Api', type: 'REST', stageName: 'Prod', stageVariables: {}, binaryMediaTypes: [], authorizers: { Tok: token }, routes: [route] };

function policy(effect: string, resource = 'arn:aws:execute-api:us-east-1:123456789012:abcdefghij/Prod/GET/*'): unknown {
  return {
    principalId: 'user-1',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
    context: { role: 'admin', n: 1 },
  };
}

function invoker(answer: (event: Record<string, unknown>) => unknown, calls: Array<Record<string, unknown>> = []): AuthInvoke {
  return async (_id, payload) => {
    const event = JSON.parse(payload.toString()) as Record<string, unknown>;
    calls.push(event);
    const a = answer(event);
    if (a instanceof Error) return { payload: Buffer.from(JSON.stringify({ errorType: 'Error', errorMessage: a.message })), functionError: 'Unhandled' };
    return { payload: Buffer.from(JSON.stringify(a)) };
  };
}

describe('authorizers', () => {
  it("picks the route's authorizer, else the API default, NONE for none", () => {
    assert.equal(authorizerFor(restApi, route)?.name, 'Tok');
    assert.equal(authorizerFor({ ...restApi, defaultAuthorizer: 'Tok' }, { ...route, authorizer: undefined })?.name, 'Tok');
    assert.equal(authorizerFor({ ...restApi, defaultAuthorizer: 'Tok' }, { ...route, authorizer: 'NONE' }), undefined);
  });

  it('builds the TOKEN, REQUEST and HTTP API events', () => {
    const t = authorizerEvent(token, 'REST', req([['Authorization', 'allow']]), target, ['allow']);
    assert.deepEqual(t, { type: 'TOKEN', authorizationToken: 'allow', methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdefghij/Prod/GET/pets/1' });
    const r = authorizerEvent({ ...token, type: 'REQUEST' }, 'REST', req([['Authorization', 'x']], 'q=1'), target, ['x']);
    assert.equal(r['type'], 'REQUEST');
    assert.equal(r['resource'], '/pets/{id}');
    assert.deepEqual(r['queryStringParameters'], { q: '1' });
    assert.equal('body' in r, false);
    const v2 = authorizerEvent(
      { ...token, type: 'REQUEST', payloadFormatVersion: '2.0' },
      'HTTP',
      req([['Authorization', 'x']]),
      { ...target, stage: '$default' },
      ['x'],
    );
    assert.equal(v2['version'], '2.0');
    assert.equal(v2['type'], 'REQUEST');
    assert.deepEqual(v2['identitySource'], ['x']);
    assert.equal(v2['routeArn'], 'arn:aws:execute-api:us-east-1:123456789012:abcdefghij/$default/GET/pets/1');
    const v1 = authorizerEvent({ ...token, type: 'REQUEST', payloadFormatVersion: '1.0' }, 'HTTP', req([['Authorization', 'x']]), target, ['x']);
    assert.equal(v1['version'], '1.0');
    assert.equal(v1['identitySource'], 'x');
  });

  it('evaluates IAM policies with wildcards', () => {
    const p = parseAuthorizerAnswer(token, policy('Allow'));
    assert.ok(typeof p !== 'string');
    assert.equal(evaluatePolicy(p.policy!, 'arn:aws:execute-api:us-east-1:123456789012:abcdefghij/Prod/GET/pets/1'), 'allow');
    assert.equal(evaluatePolicy(p.policy!, 'arn:aws:execute-api:us-east-1:123456789012:abcdefghij/Prod/POST/pets/1'), 'implicit-deny');
    const d = parseAuthorizerAnswer(token, policy('Deny', '*'));
    assert.ok(typeof d !== 'string');
    assert.equal(evaluatePolicy(d.policy!, 'arn:x'), 'explicit-deny');
    assert.equal(typeof parseAuthorizerAnswer(token, { principalId: 'x' }), 'string');
  });

  it('answers 401 without calling the function when the token is missing or invalid', async () => {
    const calls: Array<Record<string, unknown>> = [];
    const runner = new AuthorizerRunner(invoker(() => policy('Allow'), calls));
    const missing = await runner.authorize(token, restApi, route, req(), target);
    assert.ok(!missing.ok && missing.answer.status === 401 && missing.answer.body.toString() === '{"message":"Unauthorized"}');
    const invalid = await runner.authorize({ ...token, validationExpression: '^Bearer .+$' }, restApi, route, req([['Authorization', 'nope']]), target);
    assert.ok(!invalid.ok && invalid.answer.status === 401);
    assert.equal(calls.length, 0);
  });

  it('allows, passes the context, caches by token and denies with 403', async () => {
    const calls: Array<Record<string, unknown>> = [];
    const runner = new AuthorizerRunner(
      invoker(
        (e) =>
          e['authorizationToken'] === 'allow'
            ? policy('Allow')
            : e['authorizationToken'] === 'boom'
              ? new Error('Unauthorized')
              : e['authorizationToken'] === 'crash'
                ? new Error('kaput')
                : e['authorizationToken'] === 'elsewhere'
                  ? policy('Allow', 'arn:aws:execute-api:*:*:other/*')
                  : policy('Deny'),
        calls,
      ),
    );
    const ok = await runner.authorize(token, restApi, route, req([['Authorization', 'allow']]), target);
    assert.ok(ok.ok);
    assert.equal(ok.authorizer?.['principalId'], 'user-1');
    assert.equal(ok.authorizer?.['role'], 'admin');
    assert.equal(ok.authorizer?.['n'], 1);
    await runner.authorize(token, restApi, route, req([['Authorization', 'allow']]), target);
    assert.equal(calls.length, 1, 'the second request is answered from the cache');
    const deny = await runner.authorize(token, restApi, route, req([['Authorization', 'deny']]), target);
    assert.ok(!deny.ok);
    assert.equal(deny.answer.status, 403);
    assert.equal(deny.answer.body.toString(), '{"message":"User is not authorized to access this resource with an explicit deny"}');
    const thrown = await runner.authorize(token, restApi, route, req([['Authorization', 'boom']]), target);
    assert.ok(!thrown.ok && thrown.answer.status === 401);
    const crashed = await runner.authorize(token, restApi, route, req([['Authorization', 'crash']]), target);
    assert.ok(!crashed.ok && crashed.answer.status === 502 && crashed.answer.body.toString() === '{"message":"Internal server error"}');
    assert.ok(!crashed.ok && /kaput/.test(crashed.reason));
    const implicit = await runner.authorize(token, restApi, route, req([['Authorization', 'elsewhere']]), target);
    assert.ok(
      !implicit.ok && implicit.answer.status === 403 && implicit.answer.body.toString() === '{"message":"User is not authorized to access this resource"}',
    );
  });

  it('serves HTTP API simple responses and passes context as authorizer.lambda', async () => {
    const simple: AuthorizerDef = {
      name: 'S',
      type: 'REQUEST',
      functionId: 'AuthFn',
      identitySources: ['$request.header.x-key'],
      payloadFormatVersion: '2.0',
      enableSimpleResponses: true,
    };
    const httpRoute: RouteDef = { ...route, payloadFormatVersion: '2.0', authorizer: 'S' };
    const httpApi: ApiDef = { ...restApi, type: 'HTTP', authorizers: { S: simple }, routes: [httpRoute] };
    const runner = new AuthorizerRunner(
      invoker((e) => ({ isAuthorized: (e['headers'] as Record<string, string>)['x-key'] === 'good', context: { user: 'u1' } })),
    );
    const ok = await runner.authorize(simple, httpApi, httpRoute, req([['x-key', 'good']]), target);
    assert.ok(ok.ok);
    assert.deepEqual(ok.authorizer, { lambda: { user: 'u1' } });
    const no = await runner.authorize(simple, httpApi, httpRoute, req([['x-key', 'bad']]), target);
    assert.ok(!no.ok && no.answer.status === 403 && no.answer.body.toString() === '{"message":"User is not authorized to access this resource"}');
    const missing = await runner.authorize(simple, httpApi, httpRoute, req(), target);
    assert.ok(!missing.ok && missing.answer.status === 401);
  });
});
