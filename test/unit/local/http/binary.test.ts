import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isBinaryType, isTextType, mediaTypeMatches, requestBodyIsBinary, responseBodyIsBinary, unescapeMediaType } from '../../../../src/local/http/binary';

describe('binary', () => {
  it('matches media types with wildcards and parameters', () => {
    assert.equal(mediaTypeMatches('image/png', 'image/png'), true);
    assert.equal(mediaTypeMatches('image/png; q=1', 'image/*'), true);
    assert.equal(mediaTypeMatches('IMAGE/PNG', '*/*'), true);
    assert.equal(mediaTypeMatches('text/plain', 'image/*'), false);
    assert.equal(mediaTypeMatches('', '*/*'), false);
  });

  it('unescapes SAM ~1 media types', () => {
    assert.equal(unescapeMediaType('image~1png'), 'image/png');
    assert.equal(isBinaryType('image/gif', ['image~1*']), true);
    assert.equal(isBinaryType('application/json', ['image~1*']), false);
  });

  it('sends REST request bodies base64 only for binary media types', () => {
    const body = Buffer.from([1, 2, 3]);
    assert.equal(requestBodyIsBinary('REST', 'image/png', ['image/png'], body), true);
    assert.equal(requestBodyIsBinary('REST', 'image/png', [], body), false);
    assert.equal(requestBodyIsBinary('REST', 'application/json', ['*/*'], body), true);
    assert.equal(requestBodyIsBinary('REST', 'image/png', ['image/png'], Buffer.alloc(0)), false);
  });

  it('sends HTTP API bodies base64 when they are not text', () => {
    const body = Buffer.from('hi');
    assert.equal(requestBodyIsBinary('HTTP', 'application/json', [], body), false);
    assert.equal(requestBodyIsBinary('HTTP', 'text/html; charset=utf-8', [], body), false);
    assert.equal(requestBodyIsBinary('HTTP', 'application/octet-stream', [], body), true);
    assert.equal(requestBodyIsBinary('HTTP', undefined, [], Buffer.from([0xff, 0xfe])), true);
    assert.equal(isTextType('application/x-www-form-urlencoded'), true);
  });

  it('decodes REST responses when Accept allows a binary Content-Type', () => {
    assert.equal(responseBodyIsBinary('REST', true, 'image/png', 'image/png', ['image/png']), true);
    assert.equal(responseBodyIsBinary('REST', true, undefined, 'image/png', ['image/png']), true);
    assert.equal(responseBodyIsBinary('REST', true, 'text/html', 'image/png', ['image/png']), false);
    assert.equal(responseBodyIsBinary('REST', true, 'image/png', 'image/png', []), false);
    assert.equal(responseBodyIsBinary('REST', false, 'image/png', 'image/png', ['image/png']), false);
    assert.equal(responseBodyIsBinary('REST', true, 'image/webp', 'application/octet-stream', ['image/*']), true);
  });

  it('always decodes HTTP API base64 responses', () => {
    assert.equal(responseBodyIsBinary('HTTP', true, undefined, undefined, []), true);
    assert.equal(responseBodyIsBinary('HTTP', false, undefined, 'image/png', []), false);
  });
});
