import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayErrors, convertResult, withGatewayHeaders, type ConvertInput } from '../../../../src/local/http/responses';

function conv(payload: unknown, over: Partial<ConvertInput> = {}): ReturnType<typeof convertResult> {
  return convertResult({
    apiType: 'REST',
    payloadFormatVersion: '1.0',
    payload: Buffer.from(typeof payload === 'string' && over.payload === undefined ? payload : JSON.stringify(payload)),
    binaryMediaTypes: [],
    ...over,
  });
}

function ok(c: ReturnType<typeof convertResult>): { status: number; headers: Array<[string, string]>; body: string } {
  assert.equal(c.ok, true, c.ok ? '' : c.reason);
  if (!c.ok) throw new Error('unreachable');
  return { status: c.answer.status, headers: c.answer.headers, body: c.answer.body.toString('utf8') };
}

describe('responses', () => {
  it('serves a payload 1.0 result with merged headers and multi-value headers', () => {
    const r = ok(
      conv(
        JSON.stringify({
          statusCode: 201,
          headers: { 'Content-Type': 'text/plain', 'X-One': 'a' },
          multiValueHeaders: { 'X-One': ['a', 'b'], 'Set-Cookie': ['c=1', 'd=2'] },
          body: 'created',
        }),
      ),
    );
    assert.equal(r.status, 201);
    assert.equal(r.body, 'created');
    assert.deepEqual(r.headers, [
      ['X-One', 'a'],
      ['X-One', 'b'],
      ['Set-Cookie', 'c=1'],
      ['Set-Cookie', 'd=2'],
      ['Content-Type', 'text/plain'],
    ]);
  });

  it('defaults Content-Type to application/json and an empty body', () => {
    const r = ok(conv(JSON.stringify({ statusCode: 204 })));
    assert.equal(r.status, 204);
    assert.equal(r.body, '');
    assert.deepEqual(r.headers, [['Content-Type', 'application/json']]);
  });

  it('refuses malformed payload 1.0 results', () => {
    for (const bad of ['"hello"', 'null', '[1]', '{"statusCode":"abc"}', '{"statusCode":200,"body":{"a":1}}', '{"statusCode":200,"extra":1}', 'not json']) {
      const c = conv(bad);
      assert.equal(c.ok, false, bad);
    }
  });

  it('refuses function errors with the reason', () => {
    const c = conv(JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' }), { functionError: 'Unhandled' });
    assert.equal(c.ok, false);
    if (!c.ok) assert.match(c.reason, /Sandbox\.Timedout: Task timed out after 3\.00 seconds/);
  });

  it("serves v2's simplified response as 200 JSON", () => {
    const v2 = { apiType: 'HTTP' as const, payloadFormatVersion: '2.0' as const };
    const o = ok(conv(JSON.stringify({ message: 'hi' }), v2));
    assert.equal(o.status, 200);
    assert.equal(o.body, '{"message":"hi"}');
    assert.deepEqual(o.headers, [['Content-Type', 'application/json']]);
    assert.equal(ok(conv('"Hello from Lambda!"', v2)).body, 'Hello from Lambda!');
    assert.equal(ok(conv('42', v2)).body, '42');
  });

  it('serves a structured v2 response with cookies and base64 body', () => {
    const r = convertResult({
      apiType: 'HTTP',
      payloadFormatVersion: '2.0',
      payload: Buffer.from(
        JSON.stringify({
          statusCode: 200,
          headers: { 'content-type': 'image/png' },
          cookies: ['a=1', 'b=2'],
          body: Buffer.from([1, 2, 255]).toString('base64'),
          isBase64Encoded: true,
        }),
      ),
      binaryMediaTypes: [],
    });
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.deepEqual([...r.answer.body], [1, 2, 255]);
    assert.deepEqual(r.answer.headers, [
      ['content-type', 'image/png'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ]);
  });

  it('decodes REST base64 bodies only for binary media types', () => {
    const payload = Buffer.from(JSON.stringify({ statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: 'AQL/', isBase64Encoded: true }));
    const bin = convertResult({ apiType: 'REST', payloadFormatVersion: '1.0', payload, binaryMediaTypes: ['image~1png'], accept: 'image/png' });
    assert.ok(bin.ok && bin.answer.body.equals(Buffer.from([1, 2, 255])));
    const text = convertResult({ apiType: 'REST', payloadFormatVersion: '1.0', payload, binaryMediaTypes: [], accept: 'image/png' });
    assert.ok(text.ok && text.answer.body.toString() === 'AQL/');
  });

  it("honours sam local's older base64Encoded spelling, before isBase64Encoded", () => {
    const gif = (extra: Record<string, unknown>): ReturnType<typeof convertResult> =>
      convertResult({
        apiType: 'REST',
        payloadFormatVersion: '1.0',
        payload: Buffer.from(JSON.stringify({ statusCode: 200, headers: { 'Content-Type': 'image/gif' }, body: 'AQL/', ...extra })),
        binaryMediaTypes: ['image/gif'],
      });
    const a = gif({ base64Encoded: true });
    assert.ok(a.ok && a.answer.body.equals(Buffer.from([1, 2, 255])));
    const b = gif({ base64Encoded: false, isBase64Encoded: true });
    assert.ok(b.ok && b.answer.body.toString() === 'AQL/');
  });

  it("answers API Gateway's own errors", () => {
    assert.equal(GatewayErrors.internal().status, 502);
    assert.equal(GatewayErrors.internal().body.toString(), '{"message":"Internal server error"}');
    assert.equal(GatewayErrors.missingRoute('REST').status, 403);
    assert.equal(GatewayErrors.missingRoute('REST').body.toString(), '{"message":"Missing Authentication Token"}');
    assert.equal(GatewayErrors.missingRoute('HTTP').status, 404);
    assert.equal(GatewayErrors.missingRoute('HTTP').body.toString(), '{"message":"Not Found"}');
    assert.equal(GatewayErrors.unauthorized().body.toString(), '{"message":"Unauthorized"}');
  });

  it('adds the gateway headers', () => {
    const rest = withGatewayHeaders('REST', 'req-1', { status: 200, headers: [['Content-Length', '99']], body: Buffer.from('abc') });
    const names = rest.headers.map(([k]) => k);
    assert.deepEqual(
      rest.headers.find(([k]) => k === 'Content-Length'),
      ['Content-Length', '3'],
    );
    assert.equal(names.filter((n) => n === 'Content-Length').length, 1);
    assert.ok(rest.headers.some(([k, v]) => k === 'x-amzn-RequestId' && v === 'req-1'));
    assert.ok(names.includes('X-Amzn-Trace-Id'));
    const http = withGatewayHeaders('HTTP', 'req-2', { status: 200, headers: [], body: Buffer.alloc(0) });
    assert.ok(http.headers.some(([k]) => k === 'Apigw-Requestid'));
  });
});
