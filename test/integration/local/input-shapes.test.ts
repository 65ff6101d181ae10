// Request bodies whose members have the wrong JSON type are refused with Lambda's 400
// InvalidRequestContentException naming the member, instead of being coerced: `Publish: "yes"` must
// not publish a version, `Environment: "x"` and `Tags: []` must not create a function.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, GetFunctionCommand, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from './harness';
import { send, signed, type Raw } from './signedRequest';
import { makeZip, NODE_HANDLER } from './zip';

describe('input shapes from the SDK model', () => {
  let h: LocalHarness;
  let zip64: string;
  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
    zip64 = (await makeZip({ 'index.js': NODE_HANDLER })).toString('base64');
  });
  after(async () => {
    await h.stop();
  });

  const post = async (path: string, body: unknown, method = 'POST'): Promise<Raw> => {
    const s = await signed(h, { method, path, body: JSON.stringify(body) });
    return send(h.info.endpoint, method, s.path, s.headers, s.body);
  };
  const base = (name: string): Record<string, unknown> => ({
    FunctionName: name,
    Role: 'arn:aws:iam::000000000000:role/lambda-role',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Code: { ZipFile: zip64 },
  });
  const refused = (r: Raw, member: RegExp): void => {
    assert.equal(r.status, 400, r.body);
    assert.equal(r.headers['x-amzn-errortype'], 'InvalidRequestContentException');
    const message = (JSON.parse(r.body) as { message: string }).message;
    assert.match(message, /^Could not parse request body into json: /);
    assert.match(message, member);
  };

  it('refuses Publish: "yes" and publishes nothing', async () => {
    refused(
      await post('/2015-03-31/functions', { ...base('shape-publish'), Publish: 'yes' }),
      /CreateFunctionRequest\.Publish: expected boolean, got String value \("yes"\)/,
    );
    await assert.rejects(h.lambda.send(new GetFunctionCommand({ FunctionName: 'shape-publish' })), { name: 'ResourceNotFoundException' });
  });

  it('refuses Environment: "x" and Tags: [] naming the member', async () => {
    refused(
      await post('/2015-03-31/functions', { ...base('shape-env'), Environment: 'x' }),
      /CreateFunctionRequest\.Environment: expected object \(Environment\)/,
    );
    refused(await post('/2015-03-31/functions', { ...base('shape-tags'), Tags: [] }), /CreateFunctionRequest\.Tags: expected object \(map\), got Array value/);
  });

  it('checks nested members, list items and map values', async () => {
    refused(
      await post('/2015-03-31/functions', { ...base('shape-nested'), Environment: { Variables: { A: 1 } } }),
      /Environment\.Variables\.A: expected string, got Number value \(1\)/,
    );
    refused(await post('/2015-03-31/functions', { ...base('shape-list'), Layers: ['ok', 7] }), /Layers\[1\]: expected string/);
    refused(await post('/2015-03-31/functions', { ...base('shape-num'), MemorySize: '256' }), /MemorySize: expected number, got String value \("256"\)/);
  });

  it('checks the body of updates, not their labels', async () => {
    await h.lambda.send(new CreateFunctionCommand({ ...base('shape-ok'), Code: { ZipFile: Buffer.from(zip64, 'base64') } } as never));
    refused(
      await post('/2015-03-31/functions/shape-ok/configuration', { Timeout: true }, 'PUT'),
      /UpdateFunctionConfigurationRequest\.Timeout: expected number, got Boolean value \(true\)/,
    );
    refused(await post('/2015-03-31/functions/shape-ok/versions', { Description: 5 }), /PublishVersionRequest\.Description: expected string/);
    const versions = await h.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'shape-ok' }));
    assert.deepEqual(
      versions.Versions?.map((v) => v.Version),
      ['$LATEST'],
    );
  });

  it('accepts well-typed bodies, nulls and unknown members', async () => {
    const r = await post('/2015-03-31/functions', { ...base('shape-fine'), Description: null, SomethingNew: { x: 1 }, Publish: true });
    assert.equal(r.status, 201, r.body);
    assert.equal((JSON.parse(r.body) as { Version: string }).Version, '1');
  });

  it('refuses a create without Role, with an empty zip, and an invoke payload that is not UTF-8, as Lambda does', async () => {
    const { Role: _role, ...noRole } = base('no-role');
    const r = await post('/2015-03-31/functions', noRole);
    assert.equal(r.status, 400, r.body);
    assert.equal(r.headers['x-amzn-errortype'], 'ValidationException');
    assert.match(r.body, /Value null at 'role' failed to satisfy constraint: Member must not be null/);

    const empty = (await makeZip({})).toString('base64');
    const e = await post('/2015-03-31/functions', { ...base('empty-zip'), Code: { ZipFile: empty } });
    assert.equal(e.status, 400, e.body);
    assert.equal(e.headers['x-amzn-errortype'], 'InvalidParameterValueException');
    assert.match(e.body, /Uploaded file must be a non-empty zip/);

    await h.lambda.send(new CreateFunctionCommand({ ...base('utf8'), Code: { ZipFile: Buffer.from(zip64, 'base64') } } as never));
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x97, 0x22, 0x7d]); // {"a":"\x97"}
    const signedBytes = await signed(h, { method: 'POST', path: '/2015-03-31/functions/utf8/invocations', body: bytes });
    const inv = await send(h.info.endpoint, 'POST', signedBytes.path, signedBytes.headers, bytes);
    assert.equal(inv.status, 400, inv.body);
    assert.equal(inv.headers['x-amzn-errortype'], 'InvalidRequestContentException');
    assert.match(inv.body, /Invalid UTF-8 start byte 0x97/);
  });
});
