import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiIdFor,
  buildV1Event,
  buildV2Event,
  formatRequestTime,
  queryPairs,
  type EventTarget,
  type IncomingApiRequest,
} from '../../../../src/local/http/events';

const time = Date.UTC(2026, 11, 7, 12, 0, 0);

function req(over: Partial<IncomingApiRequest> = {}): IncomingApiRequest {
  return {
    method: 'GET',
    rawPath: '/pets/42',
    rawQuery: '',
    headers: [
      ['Host', '127.0.0.1:3000'],
      ['User-Agent', 'curl/8.0'],
    ],
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    time,
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    ...over,
  };
}

const target: EventTarget = {
  apiId: apiIdFor('ServerlessRestApi'),
  stage: 'Prod',
  stageVariables: {},
  accountId: '123456789012',
  region: 'us-east-1',
  resourcePath: '/pets/{id}',
  routeKey: 'GET /pets/{id}',
  pathParameters: { id: '42' },
  base64: false,
};

describe('events', () => {
  it('formats the request time as API Gateway does', () => {
    assert.equal(formatRequestTime(time), '07/Dec/2026:12:00:00 +0000');
  });

  it('builds a REST payload 1.0 event with nulls where AWS writes them', () => {
    const e = buildV1Event(req(), target, 'REST');
    assert.deepEqual(Object.keys(e), [
      'resource',
      'path',
      'httpMethod',
      'headers',
      'multiValueHeaders',
      'queryStringParameters',
      'multiValueQueryStringParameters',
      'pathParameters',
      'stageVariables',
      'requestContext',
      'body',
      'isBase64Encoded',
    ]);
    assert.equal(e['resource'], '/pets/{id}');
    assert.equal(e['path'], '/pets/42');
    assert.equal(e['queryStringParameters'], null);
    assert.equal(e['multiValueQueryStringParameters'], null);
    assert.equal(e['stageVariables'], null);
    assert.equal(e['body'], null);
    assert.equal(e['isBase64Encoded'], false);
    assert.deepEqual(e['headers'], { Host: '127.0.0.1:3000', 'User-Agent': 'curl/8.0' });
    assert.deepEqual(e['multiValueHeaders'], { Host: ['127.0.0.1:3000'], 'User-Agent': ['curl/8.0'] });
    assert.deepEqual(e['pathParameters'], { id: '42' });
    const rc = e['requestContext'] as Record<string, unknown>;
    assert.equal(rc['path'], '/Prod/pets/42');
    assert.equal(rc['stage'], 'Prod');
    assert.equal(rc['resourcePath'], '/pets/{id}');
    assert.equal(rc['httpMethod'], 'GET');
    assert.equal(rc['requestTime'], '07/Dec/2026:12:00:00 +0000');
    assert.equal(rc['requestTimeEpoch'], time);
    assert.equal(rc['accountId'], '123456789012');
    assert.equal(rc['protocol'], 'HTTP/1.1');
    assert.equal(rc['apiId'], target.apiId);
    assert.match(String(rc['resourceId']), /^[a-z0-9]{6}$/);
    assert.match(String(rc['extendedRequestId']), /^.{15}=$/);
    const id = rc['identity'] as Record<string, unknown>;
    assert.equal(id['sourceIp'], '127.0.0.1');
    assert.equal(id['userAgent'], 'curl/8.0');
    assert.equal(id['cognitoIdentityId'], null);
    assert.equal(id['userArn'], null);
    assert.equal(rc['authorizer'], undefined);
  });

  it('keeps the last value in single-value maps and every value in multi-value ones', () => {
    const e = buildV1Event(
      req({
        rawQuery: 'a=1&a=2&b=x%20y&c=d+e',
        headers: [
          ['X-Multi', 'one'],
          ['X-Multi', 'two'],
        ],
        method: 'POST',
        body: Buffer.from('{"a":1}'),
      }),
      { ...target, stageVariables: { v: '1' } },
      'REST',
    );
    assert.deepEqual(e['queryStringParameters'], { a: '2', b: 'x y', c: 'd e' });
    assert.deepEqual(e['multiValueQueryStringParameters'], { a: ['1', '2'], b: ['x y'], c: ['d e'] });
    assert.deepEqual(e['headers'], { 'X-Multi': 'two' });
    assert.deepEqual(e['multiValueHeaders'], { 'X-Multi': ['one', 'two'] });
    assert.equal(e['body'], '{"a":1}');
    assert.deepEqual(e['stageVariables'], { v: '1' });
  });

  it('base64-encodes a binary body', () => {
    const body = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    const e = buildV1Event(req({ method: 'POST', body }), { ...target, base64: true }, 'REST');
    assert.equal(e['body'], body.toString('base64'));
    assert.equal(e['isBase64Encoded'], true);
  });

  it('builds payload 1.0 for an HTTP API with its version', () => {
    const e = buildV1Event(req(), { ...target, stage: '$default' }, 'HTTP');
    assert.equal(e['version'], '1.0');
    assert.deepEqual(e['headers'], { Host: '127.0.0.1:3000', 'User-Agent': 'curl/8.0' });
    const rc = e['requestContext'] as Record<string, unknown>;
    assert.equal(rc['path'], '/pets/42');
    assert.equal(rc['resourceId'], null);
  });

  it('builds an HTTP API payload 2.0 event as the documented example', () => {
    const e = buildV2Event(
      req({
        method: 'POST',
        rawQuery: 'parameter1=value1&parameter1=value2&parameter2=value',
        headers: [
          ['Header1', 'value1'],
          ['header2', 'value1'],
          ['header2', 'value2'],
          ['Cookie', 'cookie1=a; cookie2=b'],
          ['User-Agent', 'agent'],
        ],
        body: Buffer.from('Hello from Lambda'),
      }),
      { ...target, stage: '$default', stageVariables: { stageVariable1: 'value1' } },
    );
    assert.deepEqual(Object.keys(e), [
      'version',
      'routeKey',
      'rawPath',
      'rawQueryString',
      'cookies',
      'headers',
      'queryStringParameters',
      'requestContext',
      'body',
      'pathParameters',
      'isBase64Encoded',
      'stageVariables',
    ]);
    assert.equal(e['version'], '2.0');
    assert.equal(e['routeKey'], 'GET /pets/{id}');
    assert.equal(e['rawQueryString'], 'parameter1=value1&parameter1=value2&parameter2=value');
    assert.deepEqual(e['cookies'], ['cookie1=a', 'cookie2=b']);
    // names as the client wrote them (as sam local start-api), repeated ones joined with commas
    assert.deepEqual(e['headers'], { Header1: 'value1', header2: 'value1,value2', 'User-Agent': 'agent' });
    assert.deepEqual(e['queryStringParameters'], { parameter1: 'value1,value2', parameter2: 'value' });
    assert.equal(e['body'], 'Hello from Lambda');
    const rc = e['requestContext'] as Record<string, unknown>;
    assert.deepEqual(rc['http'], { method: 'POST', path: '/pets/42', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'agent' });
    assert.equal(rc['time'], '07/Dec/2026:12:00:00 +0000');
    assert.equal(rc['timeEpoch'], time);
    assert.equal(rc['stage'], '$default');
    assert.equal(rc['routeKey'], 'GET /pets/{id}');
  });

  it('leaves absent what a bare 2.0 request lacks, and function URLs drop path parameters', () => {
    const e = buildV2Event(req(), { ...target, pathParameters: {} });
    for (const k of ['queryStringParameters', 'body', 'pathParameters', 'stageVariables']) assert.equal(k in e, false, k);
    assert.deepEqual(e['cookies'], [], 'an empty cookie list, as sam local start-api');
    assert.equal(e['isBase64Encoded'], false);
    const u = buildV2Event(req(), { ...target, functionUrl: true, accountId: 'anonymous', domainName: 'abc.lambda-url.us-east-1.on.aws' });
    assert.equal(u['routeKey'], '$default');
    assert.equal('pathParameters' in u, false);
    assert.equal('cookies' in u, false);
    assert.deepEqual(u['headers'], { host: '127.0.0.1:3000', 'user-agent': 'curl/8.0' }, 'function URL events have lower-case header names');
    const rc = u['requestContext'] as Record<string, unknown>;
    assert.equal(rc['domainName'], 'abc.lambda-url.us-east-1.on.aws');
    assert.equal(rc['domainPrefix'], 'abc');
    assert.equal(rc['accountId'], 'anonymous');
    assert.equal(rc['stage'], '$default');
  });

  it('decodes query pairs', () => {
    assert.deepEqual(queryPairs('a&b=&c=%2F'), [
      ['a', ''],
      ['b', ''],
      ['c', '/'],
    ]);
  });
});
