import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact, redactObject, registerSecret, forgetSecret, isSecretName } from '../../../src/core/redact';
import { KEY_ID, SECRET, TOKEN } from './helpers';

test('masks access key ids, secret keys and tokens in free text, INI, JSON and headers', () => {
  const samples = [
    `creds ${KEY_ID} / ${SECRET}`,
    `aws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}`,
    JSON.stringify({ AccessKeyId: KEY_ID, SecretAccessKey: SECRET, SessionToken: TOKEN }),
    `Authorization: AWS4-HMAC-SHA256 Credential=${KEY_ID}/20260101/us-east-1/lambda/aws4_request, Signature=abc`,
    `X-Amz-Security-Token: ${TOKEN}`,
  ];
  for (const s of samples) {
    const out = redact(s);
    for (const secret of [KEY_ID, SECRET, TOKEN]) assert.ok(!out.includes(secret), `leaked in: ${out}`);
    assert.equal(redact(out), out, 'idempotent');
  }
});

test('keeps ordinary text, ARNs and hashes readable', () => {
  const arn = 'arn:aws:lambda:us-east-1:123456789012:function:my-fn';
  assert.equal(redact(`Function ${arn} updated`), `Function ${arn} updated`);
  const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
  assert.equal(redact(sha1), sha1);
});

test('registered secrets are masked wherever they appear, until forgotten', () => {
  const local = 'local-service-secret-value-123';
  registerSecret(local);
  assert.equal(redact(`signing with ${local}!`), 'signing with ****!');
  forgetSecret(local);
  assert.equal(redact(`x ${local}`), `x ${local}`);
});

test('redactObject masks secret-named fields and secrets inside strings', () => {
  const out = redactObject({
    FunctionName: 'f',
    Environment: { Variables: { DB_PASSWORD: 'hunter22', API_KEY: 'k-123', STAGE: 'prod', NOTE: `key ${KEY_ID}` } },
    Layers: [{ Arn: 'arn:aws:lambda:us-east-1:1:layer:l:1' }],
  });
  assert.equal(out.Environment.Variables.DB_PASSWORD, '****');
  assert.equal(out.Environment.Variables.API_KEY, '****');
  assert.equal(out.Environment.Variables.STAGE, 'prod');
  assert.ok(!out.Environment.Variables.NOTE.includes(KEY_ID));
  assert.equal(out.Layers[0].Arn, 'arn:aws:lambda:us-east-1:1:layer:l:1');
  assert.equal(isSecretName('GITHUB_TOKEN'), true);
  assert.equal(isSecretName('TABLE_NAME'), false);
});
