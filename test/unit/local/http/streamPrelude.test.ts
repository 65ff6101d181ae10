import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PreludeParser } from '../../../../src/local/http/streamPrelude';

const NUL8 = Buffer.alloc(8);

describe('the function-URL prelude of a streamed response', () => {
  it('reads status, headers and cookies before the 8 zero bytes, even split across chunks', () => {
    const p = new PreludeParser();
    const whole = Buffer.concat([Buffer.from('{"statusCode":418,"headers":{"x-a":"b"},"cookies":["c=1"]}'), NUL8, Buffer.from('body')]);
    assert.deepEqual(p.push(whole.subarray(0, 10)), { body: Buffer.alloc(0) });
    const out = p.push(whole.subarray(10, whole.length - 2));
    assert.equal(out.prelude?.statusCode, 418);
    assert.deepEqual(out.prelude?.headers, [
      ['x-a', 'b'],
      ['Set-Cookie', 'c=1'],
      ['Content-Type', 'application/octet-stream'],
    ]);
    assert.equal(out.body.toString(), 'bo');
    assert.equal(p.push(Buffer.from('dy')).body.toString(), 'dy');
  });

  it('treats a stream without a prelude as all body, 200', () => {
    const p = new PreludeParser();
    const out = p.push(Buffer.from('plain text'));
    assert.equal(out.prelude?.statusCode, 200);
    assert.equal(out.body.toString(), 'plain text');
  });

  it('gives back held JSON as body when the stream ends without the delimiter', () => {
    const p = new PreludeParser();
    assert.equal(p.push(Buffer.from('{"a":1}')).body.length, 0);
    const end = p.end();
    assert.equal(end.prelude?.statusCode, 200);
    assert.equal(end.body.toString(), '{"a":1}');
  });

  it('says nothing came when nothing did', () => {
    assert.deepEqual(new PreludeParser().end(), { body: Buffer.alloc(0) });
  });
});
