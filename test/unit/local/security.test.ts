import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { checkOrigin, parseAuthorization, parseQuery, verifySignature } from '../../../src/local/security';
import { ServiceError } from '../../../src/local/seams';

const keys = { accessKeyId: 'LKIATESTTESTTEST0001', secretAccessKey: 'secretsecretsecretsecretsecretsecret0000' };

async function sign(o: {
  path: string;
  query?: Record<string, string | string[]>;
  rawQuery?: string;
  body?: string;
  method?: string;
  headers?: Record<string, string>;
  date?: Date;
  secret?: string;
  region?: string;
  sessionToken?: string;
}) {
  const req = new HttpRequest({
    method: o.method ?? 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: o.path,
    query: o.query ?? {},
    headers: { host: '127.0.0.1:4566', ...(o.headers ?? {}) },
    body: o.body ?? '',
  });
  const credentials = { ...keys, secretAccessKey: o.secret ?? keys.secretAccessKey, sessionToken: o.sessionToken };
  const signer = new SignatureV4({ credentials, region: o.region ?? 'eu-west-1', service: 'lambda', sha256: Sha256 });
  const s = await signer.sign(req, { signingDate: o.date ?? new Date() });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.headers)) headers[k.toLowerCase()] = v;
  // The scope the service expects: by default the one signed for, so each test changes only what it tests.
  const scope = { region: o.region ?? 'eu-west-1', service: 'lambda' };
  return { method: o.method ?? 'POST', rawPath: o.path, rawQuery: o.rawQuery ?? '', headers, body: Buffer.from(o.body ?? ''), scope };
}

function code(err: unknown): string {
  assert.ok(err instanceof ServiceError, String(err));
  assert.equal(err.status, 403);
  return err.code;
}

describe('SigV4 verification', () => {
  it('accepts a request signed with our keys and reports its scope', async () => {
    const input = await sign({ path: '/2015-03-31/functions', body: '{"a":1}' });
    const auth = await verifySignature(input, keys);
    assert.equal(auth.region, 'eu-west-1');
    assert.equal(auth.service, 'lambda');
  });

  it('verifies encoded path labels (ARNs with colons) and multi-valued queries', async () => {
    const path = '/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af';
    const input = await sign({ method: 'DELETE', path, query: { tagKeys: ['b', 'a c'] }, rawQuery: 'tagKeys=b&tagKeys=a%20c' });
    await verifySignature(input, keys);
  });

  it('refuses a tampered path, query or body', async () => {
    const input = await sign({ path: '/2015-03-31/functions', body: '{"a":1}' });
    await assert.rejects(verifySignature({ ...input, body: Buffer.from('{"a":2}') }, keys), (e) => code(e) === 'InvalidSignatureException');
    await assert.rejects(verifySignature({ ...input, rawPath: '/2015-03-31/functions/x' }, keys), (e) => code(e) === 'InvalidSignatureException');
    await assert.rejects(verifySignature({ ...input, rawQuery: 'MaxItems=1' }, keys), (e) => code(e) === 'InvalidSignatureException');
  });

  it('refuses missing, malformed, foreign-key, wrong-secret and stale signatures with distinct codes', async () => {
    const input = await sign({ path: '/x' });
    const { authorization: _a, ...unsigned } = input.headers;
    await assert.rejects(verifySignature({ ...input, headers: unsigned }, keys), (e) => code(e) === 'MissingAuthenticationTokenException');
    await assert.rejects(
      verifySignature({ ...input, headers: { ...input.headers, authorization: 'Bearer x' } }, keys),
      (e) => code(e) === 'IncompleteSignatureException',
    );
    await assert.rejects(verifySignature(input, { ...keys, accessKeyId: 'OTHER' }), (e) => code(e) === 'UnrecognizedClientException');
    await assert.rejects(verifySignature(await sign({ path: '/x', secret: 'nope' }), keys), (e) => code(e) === 'InvalidSignatureException');
    const stale = await sign({ path: '/x', date: new Date(Date.now() - 16 * 60 * 1000) });
    await assert.rejects(verifySignature(stale, keys), (e) => code(e) === 'InvalidSignatureException' && /expired/.test((e as Error).message));
    // The same request is fine at the time it was signed (the skew bound is what refused it).
    await verifySignature(stale, keys, Date.now() - 16 * 60 * 1000);
  });

  it('refuses a signature scoped to another service or region, as AWS words it', async () => {
    const input = await sign({ path: '/x', region: 'eu-west-1' });
    await assert.rejects(verifySignature({ ...input, scope: { region: 'eu-west-1', service: 'logs' } }, keys), (e) => {
      assert.equal(code(e), 'InvalidSignatureException');
      assert.equal((e as Error).message, "Credential should be scoped to correct service: 'logs'. ");
      return true;
    });
    await assert.rejects(verifySignature({ ...input, scope: { region: 'us-east-1', service: 'lambda' } }, keys), (e) => {
      assert.equal(code(e), 'InvalidSignatureException');
      assert.equal((e as Error).message, "Credential should be scoped to a valid region, not 'eu-west-1'. ");
      return true;
    });
  });

  it('checks a stated payload hash and never trusts UNSIGNED-PAYLOAD (only S3 allows it)', async () => {
    const unsignedPayload = await sign({ path: '/x', body: 'anything', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    await assert.rejects(verifySignature(unsignedPayload, keys), (e) => {
      assert.equal(code(e), 'InvalidSignatureException');
      assert.match((e as Error).message, /^The request signature we calculated does not match the signature you provided/);
      return true;
    });
    await assert.rejects(verifySignature({ ...unsignedPayload, body: Buffer.from('changed') }, keys), (e) => code(e) === 'InvalidSignatureException');
    const stated = await sign({
      path: '/x',
      body: 'abc',
      headers: { 'x-amz-content-sha256': 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
    });
    await verifySignature(stated, keys);
    await assert.rejects(verifySignature({ ...stated, body: Buffer.from('abd') }, keys), (e) => code(e) === 'InvalidSignatureException');
  });

  it('stays exact with signers reused across requests: per key pair, region, date and session token', async () => {
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
    // Warm the cache for each scope, then check every scope again, interleaved.
    for (let round = 0; round < 2; round++) {
      for (const region of ['eu-west-1', 'us-east-1']) {
        const auth = await verifySignature(await sign({ path: '/x', region }), keys);
        assert.equal(auth.region, region);
        await verifySignature(await sign({ path: '/x', region, date: yesterday }), keys, yesterday.getTime());
        await verifySignature(await sign({ path: '/x', region, sessionToken: 'tok' }), keys);
      }
    }
    // Same access key id, another secret: the cached signer of the first pair must not vouch for it.
    const rotated = { ...keys, secretAccessKey: 'rotatedrotatedrotatedrotatedrotated0000' };
    await assert.rejects(verifySignature(await sign({ path: '/x' }), rotated), (e) => code(e) === 'InvalidSignatureException');
    await verifySignature(await sign({ path: '/x', secret: rotated.secretAccessKey }), rotated);
    await assert.rejects(verifySignature(await sign({ path: '/x', secret: rotated.secretAccessKey }), keys), (e) => code(e) === 'InvalidSignatureException');
    // A session token is signed: swapping it after signing is refused even with a warm signer for both.
    const withToken = await sign({ path: '/x', sessionToken: 'tok' });
    await assert.rejects(
      verifySignature({ ...withToken, headers: { ...withToken.headers, 'x-amz-security-token': 'other' } }, keys),
      (e) => code(e) === 'InvalidSignatureException',
    );
  });
});

describe('parsing helpers', () => {
  it('parses an Authorization header', () => {
    const a = parseAuthorization('AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=ABC');
    assert.deepEqual(a, {
      accessKeyId: 'AK',
      date: '20240101',
      region: 'us-east-1',
      service: 'lambda',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'abc',
    });
    assert.equal(parseAuthorization('AWS4-HMAC-SHA256 Credential=AK/x, Signature=a'), undefined);
  });

  it('decodes queries with repeated keys and bare keys', () => {
    assert.deepEqual(parseQuery('a=1&a=2&find=LayerVersion&b&c=%3A%2F'), { a: ['1', '2'], find: 'LayerVersion', b: '', c: ':/' });
  });
});

describe('Host and Origin admission', () => {
  it('accepts loopback hosts with or without port', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:4566', 'localhost:1', 'LOCALHOST', '[::1]:8080']) checkOrigin({ host });
  });
  it('refuses other hosts, a missing host, and any Origin', () => {
    for (const host of ['evil.com', '127.0.0.1.evil.com', '10.0.0.1:80', 'localhost.attacker:80', undefined]) {
      assert.throws(
        () => checkOrigin({ host }),
        (e) => code(e) === 'AccessDeniedException',
      );
    }
    assert.throws(
      () => checkOrigin({ host: 'localhost', origin: 'null' }),
      (e) => code(e) === 'AccessDeniedException',
    );
  });
});
