// Each admission refusal of the local service, over real HTTP: unsigned, bad signature, wrong key,
// tampered body, stale clock, non-loopback Host, browser Origin.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startLocal, type LocalHarness } from './harness';
import { send, signed, type Raw } from './signedRequest';

function errorOf(r: Raw): { type: string | undefined; message: string } {
  return { type: r.headers['x-amzn-errortype'] as string | undefined, message: (JSON.parse(r.body) as { message: string }).message };
}

describe('local service security', () => {
  let h: LocalHarness;
  before(async () => {
    h = await startLocal();
  });
  after(async () => {
    await h.stop();
  });

  it('accepts a correctly signed raw request', async () => {
    const s = await signed(h, { path: '/2015-03-31/functions?MaxItems=5' });
    const r = await send(h.info.endpoint, 'GET', s.path, s.headers);
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(JSON.parse(r.body), { Functions: [] });
  });

  it('answers a malformed path escape with a validation error, not a crash', async () => {
    const s = await signed(h, { path: '/2015-03-31/functions/%E0%A4%A' });
    const r = await send(h.info.endpoint, 'GET', s.path, s.headers);
    assert.equal(r.status, 400, r.body);
    assert.equal(errorOf(r).type, 'ValidationException');
  });

  it('refuses an unsigned request', async () => {
    const r = await send(h.info.endpoint, 'GET', '/2015-03-31/functions', { host: new URL(h.info.endpoint).host });
    assert.equal(r.status, 403);
    assert.equal(errorOf(r).type, 'MissingAuthenticationTokenException');
    assert.match(errorOf(r).message, /SigV4-signed/);
  });

  it('refuses a signature made with the wrong secret', async () => {
    const s = await signed(h, { secret: 'x'.repeat(40) });
    const r = await send(h.info.endpoint, 'GET', s.path, s.headers);
    assert.equal(r.status, 403);
    assert.equal(errorOf(r).type, 'InvalidSignatureException');
  });

  it('refuses an unknown access key id', async () => {
    const s = await signed(h, { keyId: 'AKIAWRONGWRONGWRONG1' });
    const r = await send(h.info.endpoint, 'GET', s.path, s.headers);
    assert.equal(r.status, 403);
    assert.equal(errorOf(r).type, 'UnrecognizedClientException');
  });

  it('refuses a body changed after signing, and a changed query', async () => {
    const body = JSON.stringify({ FunctionName: 'f' });
    const s = await signed(h, { method: 'POST', body });
    const r = await send(h.info.endpoint, 'POST', s.path, s.headers, body.replace('"f"', '"g"'));
    assert.equal(r.status, 403);
    assert.equal(errorOf(r).type, 'InvalidSignatureException');
    const q = await signed(h, { path: '/2015-03-31/functions?MaxItems=5' });
    const r2 = await send(h.info.endpoint, 'GET', '/2015-03-31/functions?MaxItems=6', q.headers);
    assert.equal(errorOf(r2).type, 'InvalidSignatureException');
  });

  it('checks x-amz-content-sha256 against the body and refuses UNSIGNED-PAYLOAD, so a body changed after signing never runs', async () => {
    const body = '{}';
    const wrong = await signed(h, { method: 'POST', body, extra: { 'x-amz-content-sha256': createHash('sha256').update('other').digest('hex') } });
    const r = await send(h.info.endpoint, 'POST', wrong.path, wrong.headers, body);
    assert.equal(r.status, 403);
    assert.match(errorOf(r).message, /x-amz-content-sha256/);
    const original = JSON.stringify({ FunctionName: 'f' });
    const unsigned = await signed(h, { method: 'POST', body: original, extra: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    for (const sent of [original, original.replace('"f"', '"g"')]) {
      const refused = await send(h.info.endpoint, 'POST', unsigned.path, unsigned.headers, sent);
      assert.equal(refused.status, 403, refused.body);
      assert.equal(errorOf(refused).type, 'InvalidSignatureException');
      assert.match(errorOf(refused).message, /^The request signature we calculated does not match/);
    }
  });

  it('refuses a request signed for another service or another region, on the Lambda and the Logs API', async () => {
    const logs = { 'x-amz-target': 'Logs_20140328.DescribeLogGroups', 'content-type': 'application/x-amz-json-1.1' };
    const cases = [
      { what: 'logs-signed Lambda call', o: { service: 'logs' }, message: "Credential should be scoped to correct service: 'lambda'. " },
      { what: 'other-region Lambda call', o: { region: 'eu-west-1' }, message: "Credential should be scoped to a valid region, not 'eu-west-1'. " },
      {
        what: 'lambda-signed Logs call',
        o: { method: 'POST', path: '/', body: '{}', extra: logs },
        message: "Credential should be scoped to correct service: 'logs'. ",
      },
      {
        what: 'other-region Logs call',
        o: { method: 'POST', path: '/', body: '{}', extra: logs, service: 'logs', region: 'eu-west-1' },
        message: "Credential should be scoped to a valid region, not 'eu-west-1'. ",
      },
    ];
    for (const c of cases) {
      const s = await signed(h, c.o);
      const r = await send(h.info.endpoint, c.o.method ?? 'GET', s.path, s.headers, s.body);
      assert.equal(r.status, 403, `${c.what}: ${r.body}`);
      const err = JSON.parse(r.body) as { message: string; __type?: string };
      assert.equal(r.headers['x-amzn-errortype'], 'InvalidSignatureException', c.what);
      assert.equal(err.message, c.message, c.what);
    }
    const good = await signed(h, { method: 'POST', path: '/', body: '{}', extra: logs, service: 'logs' });
    const ok = await send(h.info.endpoint, 'POST', good.path, good.headers, good.body);
    assert.equal(ok.status, 200, ok.body);
  });

  it('refuses a request signed more than 15 minutes away from now', async () => {
    const s = await signed(h, { date: new Date(Date.now() - 20 * 60 * 1000) });
    const r = await send(h.info.endpoint, 'GET', s.path, s.headers);
    assert.equal(r.status, 403);
    assert.equal(errorOf(r).type, 'InvalidSignatureException');
    assert.match(errorOf(r).message, /Signature expired/);
  });

  it('refuses a non-loopback Host even when correctly signed', async () => {
    const s = await signed(h, { host: 'evil.example.com' });
    const r = await send(h.info.endpoint, 'GET', s.path, s.headers);
    assert.equal(r.status, 403);
    assert.equal(errorOf(r).type, 'AccessDeniedException');
    assert.match(errorOf(r).message, /not a loopback address/);
  });

  it('refuses any request carrying an Origin header', async () => {
    const s = await signed(h);
    const r = await send(h.info.endpoint, 'GET', s.path, { ...s.headers, origin: 'http://localhost:3000' });
    assert.equal(r.status, 403);
    assert.equal(errorOf(r).type, 'AccessDeniedException');
    assert.match(errorOf(r).message, /Origin/);
  });

  it('gives the SDK a clear error with wrong credentials', async () => {
    const bad = new LambdaClient({
      endpoint: h.info.endpoint,
      region: h.info.region,
      credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: 'nope' },
      maxAttempts: 1,
    });
    try {
      await assert.rejects(bad.send(new ListFunctionsCommand({})), (err: Error & { $metadata: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'InvalidSignatureException');
        assert.equal(err.$metadata.httpStatusCode, 403);
        assert.ok(!err.message.includes(h.info.secretAccessKey));
        return true;
      });
    } finally {
      bad.destroy();
    }
  });

  it('answers STS GetCallerIdentity for the SDK and the CLI, so credential checks pass', async () => {
    const sts = new STSClient({
      endpoint: h.info.endpoint,
      region: h.info.region,
      credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
      maxAttempts: 1,
    });
    try {
      const who = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(who.Account, '000000000000');
      assert.equal(who.UserId, h.info.accessKeyId);
    } finally {
      sts.destroy();
    }
    const cli = await h.cli(['sts', 'get-caller-identity']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal((cli.json as { Account: string }).Account, '000000000000');
  });

  it('keeps its credentials in the data dir with mode 0600 and never logs them', async () => {
    const file = `${h.dataDir}/credentials.json`;
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { secretAccessKey: string }).secretAccessKey, h.info.secretAccessKey);
    assert.ok(!h.stderr().includes(h.info.secretAccessKey));
    const again = await h.restart();
    h = again;
    assert.equal(again.info.secretAccessKey, (JSON.parse(readFileSync(file, 'utf8')) as { secretAccessKey: string }).secretAccessKey);
  });
});
