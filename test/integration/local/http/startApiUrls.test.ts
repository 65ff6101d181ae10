// start-api also serves the template's function URLs (FunctionUrlConfig), one loopback port each as
// `sam local start-function-urls` does: listed in the JSON line, RESPONSE_STREAM streamed, AWS_IAM
// refusing unsigned requests.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, request, startApi, type StartedApi } from './startApi';

describe('start-api function URLs', () => {
  let api: StartedApi;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-api-urls-'));
    cpSync(join(ROOT, 'test/fixtures/start-api/sam-implicit'), dir, { recursive: true });
    api = await startApi(dir);
  });
  after(async () => {
    await api.stop();
  });

  it('lists each function URL with its auth type and invoke mode', () => {
    const byFn = Object.fromEntries(api.info.functionUrls.map((u) => [u.function, u]));
    assert.equal(byFn.StreamFunction?.invokeMode, 'RESPONSE_STREAM');
    assert.equal(byFn.StreamFunction?.authType, 'NONE');
    assert.equal(byFn.IamUrlFunction?.authType, 'AWS_IAM');
    for (const u of api.info.functionUrls) assert.match(u.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.notEqual(byFn.StreamFunction!.url, byFn.IamUrlFunction!.url);
  });

  it('streams a RESPONSE_STREAM URL and refuses an unsigned request to an AWS_IAM one', async () => {
    const stream = api.info.functionUrls.find((u) => u.function === 'StreamFunction')!;
    const r = await request(stream.url, 'GET', '/');
    assert.equal(r.status, 200, r.body.toString());
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    assert.match(r.body.toString(), /chunk 1[\s\S]*chunk 3/);
    const iam = api.info.functionUrls.find((u) => u.function === 'IamUrlFunction')!;
    const denied = await request(iam.url, 'GET', '/');
    assert.equal(denied.status, 403, denied.body.toString());
  });
});
