import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, request, startApi, until, type StartedApi } from './startApi';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4d80000000049454e44ae426082',
  'hex',
);

function json(body: Buffer): Record<string, unknown> {
  return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
}

describe('start-api serves a template like API Gateway', () => {
  let api: StartedApi;
  let ep: string;
  before(async () => {
    api = await startApi(copyFixture('app'));
    ep = api.info.endpoint;
  });
  after(async () => {
    assert.equal(await api.stop(), 0);
  });

  it('prints the endpoint and every route once listening', () => {
    assert.match(ep, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(api.info.functionUrls, []);
    assert.ok(
      api.info.routes.some((r) => r.method === 'GET' && r.path === '/echo/{id}' && r.api === 'RestApi' && r.type === 'REST' && r.function === 'EchoFunction'),
    );
    assert.ok(api.info.routes.some((r) => r.path === '/v2/echo/{id}' && r.type === 'HTTP'));
  });

  it('passes a REST payload 1.0 event with path parameters and the stage', async () => {
    const r = await request(ep, 'GET', '/echo/42?color=red&color=blue', { 'X-Custom': 'yes' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-handler'], 'echo-v1');
    assert.ok(r.headers['x-amzn-requestid']);
    const e = json(r.body);
    assert.equal(e['resource'], '/echo/{id}');
    assert.equal(e['path'], '/echo/42');
    assert.equal(e['httpMethod'], 'GET');
    assert.deepEqual(e['pathParameters'], { id: '42' });
    assert.deepEqual(e['queryStringParameters'], { color: 'blue' });
    assert.deepEqual(e['multiValueQueryStringParameters'], { color: ['red', 'blue'] });
    assert.equal((e['headers'] as Record<string, string>)['X-Custom'], 'yes');
    // the forwarding headers API Gateway adds
    assert.equal((e['headers'] as Record<string, string>)['X-Forwarded-Proto'], 'http');
    assert.equal((e['headers'] as Record<string, string>)['X-Forwarded-Port'], new URL(ep).port);
    assert.deepEqual((e['multiValueHeaders'] as Record<string, string[]>)['X-Forwarded-For'], ['127.0.0.1']);
    assert.equal(e['body'], null);
    const rc = e['requestContext'] as Record<string, unknown>;
    assert.equal(rc['stage'], 'dev');
    assert.equal(rc['path'], '/dev/echo/42');
    assert.equal(rc['requestId'], r.headers['x-amzn-requestid']);
  });

  it('passes a POST body and greedy {proxy+} paths', async () => {
    const post = await request(ep, 'POST', '/echo', { 'Content-Type': 'application/json' }, '{"a":1}');
    assert.equal(post.status, 200);
    assert.equal(json(post.body)['body'], '{"a":1}');
    assert.equal(json(post.body)['isBase64Encoded'], false);
    const proxy = await request(ep, 'DELETE', '/proxy/a/b/c');
    assert.equal(proxy.status, 200);
    assert.deepEqual(json(proxy.body)['pathParameters'], { proxy: 'a/b/c' });
    assert.equal(json(proxy.body)['resource'], '/proxy/{proxy+}');
  });

  it('passes HTTP API payload 2.0 events, and 1.0 where the route asks for it', async () => {
    const v2 = await request(ep, 'GET', '/v2/echo/7?x=1&x=2', { Cookie: 'a=1; b=2' });
    assert.equal(v2.status, 200);
    assert.ok(v2.headers['apigw-requestid']);
    const e = json(v2.body);
    assert.equal(e['version'], '2.0');
    assert.equal(e['routeKey'], 'GET /v2/echo/{id}');
    assert.equal(e['rawPath'], '/v2/echo/7');
    assert.equal(e['rawQueryString'], 'x=1&x=2');
    assert.deepEqual(e['queryStringParameters'], { x: '1,2' });
    assert.deepEqual(e['cookies'], ['a=1', 'b=2']);
    assert.deepEqual(e['pathParameters'], { id: '7' });
    assert.equal((e['requestContext'] as Record<string, unknown>)['stage'], '$default');
    const v1 = json((await request(ep, 'GET', '/v1/echo')).body);
    assert.equal(v1['version'], '1.0');
    assert.equal(v1['httpMethod'], 'GET');
    assert.equal(v1['queryStringParameters'], null);
  });

  it("serves v2's simplified response as 200 JSON", async () => {
    const r = await request(ep, 'GET', '/v2/bare');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.deepEqual(json(r.body), { hello: 'world' });
  });

  it('round-trips a binary image through BinaryMediaTypes', async () => {
    const r = await request(ep, 'POST', '/image', { 'Content-Type': 'image/png', Accept: 'image/png' }, PNG);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'image/png');
    assert.ok(r.body.equals(PNG), 'the same bytes come back');
  });

  it('answers CORS preflights: REST with the OPTIONS mock, HTTP APIs for allowed origins', async () => {
    const rest = await request(ep, 'OPTIONS', '/echo', { Origin: 'https://x.com', 'Access-Control-Request-Method': 'POST' });
    assert.equal(rest.status, 200);
    assert.equal(rest.headers['access-control-allow-origin'], '*');
    assert.equal(rest.headers['access-control-allow-methods'], 'GET,OPTIONS,POST');
    assert.equal(rest.headers['access-control-allow-headers'], 'Content-Type,Authorization');
    const pre = await request(ep, 'OPTIONS', '/v2/echo/1', { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(pre.headers['access-control-max-age'], '600');
    assert.match(String(pre.headers['access-control-allow-methods']), /GET/);
    const other = await request(ep, 'OPTIONS', '/v2/echo/1', { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    const bare = await request(ep, 'OPTIONS', '/v2/echo/1');
    assert.equal(bare.status, 200, "an OPTIONS without Origin gets sam local's answer");
    assert.equal(bare.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(bare.headers['access-control-max-age'], '600');
    const restGet = await request(ep, 'GET', '/echo/1', { Origin: 'https://x.com' });
    assert.equal(restGet.headers['access-control-allow-origin'], undefined, 'REST responses are as the function wrote them');
    const get = await request(ep, 'GET', '/v2/echo/1', { Origin: 'https://app.example.com' });
    assert.equal(get.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(get.headers['access-control-expose-headers'], 'x-total');
  });

  it('answers a missing route with 403 Missing Authentication Token', async () => {
    const r = await request(ep, 'GET', '/nothing/here');
    assert.equal(r.status, 403);
    assert.deepEqual(json(r.body), { message: 'Missing Authentication Token' });
    assert.equal((await request(ep, 'PUT', '/echo/1')).status, 403);
  });

  it('answers 502 when the function throws, and logs why', async () => {
    const r = await request(ep, 'GET', '/boom');
    assert.equal(r.status, 502);
    assert.deepEqual(json(r.body), { message: 'Internal server error' });
    await until(async () => /GET \/boom 502 \d+ms BoomFunction .*boom from the handler/.test(api.stderr()), 'the request log line');
  });

  it('answers 502 when the function times out', async () => {
    const r = await request(ep, 'GET', '/sleepy');
    assert.equal(r.status, 502);
    assert.deepEqual(json(r.body), { message: 'Internal server error' });
    await until(async () => /GET \/sleepy 502 \d+ms SleepyFunction .*Task timed out after 1\.00 seconds/.test(api.stderr()), 'the timeout log line');
  });

  it('runs the REST TOKEN authorizer: 401 without a token, 403 on deny, context passed on allow', async () => {
    const none = await request(ep, 'GET', '/secure');
    assert.equal(none.status, 401);
    assert.deepEqual(json(none.body), { message: 'Unauthorized' });
    const bad = await request(ep, 'GET', '/secure', { Authorization: 'garbage' });
    assert.equal(bad.status, 401);
    const deny = await request(ep, 'GET', '/secure', { Authorization: 'deny' });
    assert.equal(deny.status, 403);
    assert.deepEqual(json(deny.body), { message: 'User is not authorized to access this resource with an explicit deny' });
    const allow = await request(ep, 'GET', '/secure', { Authorization: 'allow' });
    assert.equal(allow.status, 200);
    const authorizer = (json(allow.body)['requestContext'] as Record<string, Record<string, unknown>>)['authorizer']!;
    assert.equal(authorizer['principalId'], 'user-42');
    assert.equal(authorizer['role'], 'admin');
    assert.equal(authorizer['tokenType'], 'TOKEN');
  });

  it('runs the HTTP API simple-response authorizer', async () => {
    assert.equal((await request(ep, 'GET', '/v2/secure')).status, 401);
    const no = await request(ep, 'GET', '/v2/secure', { 'x-key': 'bad' });
    assert.equal(no.status, 403);
    assert.deepEqual(json(no.body), { message: 'User is not authorized to access this resource' });
    const yes = await request(ep, 'GET', '/v2/secure', { 'x-key': 'good' });
    assert.equal(yes.status, 200);
    assert.deepEqual((json(yes.body)['requestContext'] as Record<string, unknown>)['authorizer'], { lambda: { key: 'good' } });
  });

  it('refuses a non-loopback Host header and a body over 10 MB', async () => {
    const host = await request(ep, 'GET', '/echo/1', { Host: 'evil.example.com' });
    assert.equal(host.status, 403);
    assert.match(json(host.body)['message'] as string, /not a loopback address/);
    const big = await request(ep, 'POST', '/echo', { 'Content-Type': 'text/plain' }, Buffer.alloc(10 * 1024 * 1024 + 1, 97));
    assert.equal(big.status, 413);
  });

  it('answers 20 parallel requests, all 200', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => request(ep, 'GET', `/slow?n=${i}`)));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array.from({ length: 20 }, () => 200),
    );
    assert.deepEqual(
      answers.map((a) => json(a.body)['n']),
      Array.from({ length: 20 }, (_, i) => String(i)),
    );
  });

  it('runs an edited handler on the next request, without a restart', async () => {
    const file = join(api.dir, 'src/echo.js');
    writeFileSync(file, readFileSync(file, 'utf8').replace("'echo-v1'", "'echo-v2'"));
    const r = await request(ep, 'GET', '/echo/1');
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-handler'], 'echo-v2');
  });

  it('picks up a route added to the template', async () => {
    const file = join(api.dir, 'template.yaml');
    const added = readFileSync(file, 'utf8').replace(
      '        Proxy:\n',
      '        Added:\n          Type: Api\n          Properties:\n            RestApiId: !Ref RestApi\n            Path: /added\n            Method: get\n        Proxy:\n',
    );
    assert.notEqual(added, readFileSync(file, 'utf8'));
    assert.equal((await request(ep, 'GET', '/added')).status, 403);
    writeFileSync(file, added);
    await until(async () => (await request(ep, 'GET', '/added')).status === 200, 'the added route');
    // a broken edit keeps the last good model
    writeFileSync(file, `${added}\n  Broken: [\n`);
    await until(async () => /reload failed, still serving the previous version/.test(api.stderr()), 'the reload failure');
    assert.equal((await request(ep, 'GET', '/added')).status, 200);
  });
});
