import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { resolveCredentials, credentialProvider, ENV_PROFILE, CHAIN_PROFILE, hasEnvCredentials } from '../../../src/core/credentials';
import { WorkbenchError } from '../../../src/core/errors';
import { makeAwsHome, KEY_ID, SECRET, TOKEN, type AwsHome } from './helpers';

let home: AwsHome;
beforeEach(() => {
  home = makeAwsHome();
});
afterEach(() => home.cleanup());

function assertNoSecret(text: string): void {
  assert.ok(!text.includes(SECRET), `secret key leaked: ${text}`);
  assert.ok(!text.includes(TOKEN), `session token leaked: ${text}`);
  assert.ok(!text.includes(KEY_ID), `access key id leaked: ${text}`);
}

async function rejection(p: Promise<unknown>): Promise<WorkbenchError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof WorkbenchError, `expected a WorkbenchError, got ${String(err)}`);
    assertNoSecret(err.message);
    assertNoSecret(err.action ?? '');
    return err;
  }
  assert.fail('expected a rejection');
}

test('static keys from the credentials file', async () => {
  home.write('[profile dev]\nregion = eu-west-1\n', `[dev]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`);
  const creds = await resolveCredentials('dev');
  assert.equal(creds.accessKeyId, KEY_ID);
  assert.equal(creds.secretAccessKey, SECRET);
  assert.equal(creds.sessionToken, TOKEN);
});

test('environment credentials through the $env pseudo-profile', async () => {
  assert.equal(hasEnvCredentials(), false);
  process.env.AWS_ACCESS_KEY_ID = KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = SECRET;
  assert.equal(hasEnvCredentials(), true);
  const creds = await resolveCredentials(ENV_PROFILE);
  assert.equal(creds.accessKeyId, KEY_ID);
});

test('missing environment credentials say what to set', async () => {
  const err = await rejection(resolveCredentials(ENV_PROFILE));
  assert.match(err.message, /environment/);
});

test('a missing profile names the profile and how to fix it', async () => {
  home.write('[profile other]\nregion = us-east-1\n');
  const err = await rejection(resolveCredentials('ghost'));
  assert.equal(err.code, 'ProfileNotFound');
  assert.match(err.message, /profile "ghost" was not found/);
  assert.match(err.action ?? '', /aws configure --profile ghost/);
});

test('credential_process: success, then a failure that shows its stderr with secrets redacted', async () => {
  const ok = join(home.dir, 'ok.sh');
  writeFileSync(ok, `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"${KEY_ID}","SecretAccessKey":"${SECRET}"}'\n`);
  chmodSync(ok, 0o755);
  const bad = join(home.dir, 'bad.sh');
  writeFileSync(bad, `#!/bin/sh\necho "token refresh failed for aws_secret_access_key=${SECRET} (vault sealed)" >&2\nexit 3\n`);
  chmodSync(bad, 0o755);
  home.write(`[profile good]\ncredential_process = ${ok}\n[profile broken]\ncredential_process = ${bad}\n`);
  const creds = await resolveCredentials('good');
  assert.equal(creds.secretAccessKey, SECRET);
  const err = await rejection(resolveCredentials('broken'));
  assert.equal(err.code, 'CredentialProcessFailed');
  assert.match(err.message, /credential_process of profile "broken" failed/);
  assert.match(err.message, /vault sealed/, 'stderr of the process is shown');
});

test('credential_process that prints invalid JSON', async () => {
  const junk = join(home.dir, 'junk.sh');
  writeFileSync(junk, '#!/bin/sh\necho not-json\n');
  chmodSync(junk, 0o755);
  home.write(`[profile junk]\ncredential_process = ${junk}\n`);
  const err = await rejection(resolveCredentials('junk'));
  assert.equal(err.code, 'CredentialProcessFailed');
  assert.match(err.message, /invalid JSON/);
});

test('an SSO profile with no cached token says to run aws sso login --profile X', async () => {
  home.write(
    '[profile sso-dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n',
  );
  const err = await rejection(resolveCredentials('sso-dev'));
  assert.equal(err.code, 'SsoTokenExpired');
  assert.equal(err.action, 'Run: aws sso login --profile sso-dev');
});

test('a legacy SSO profile with an expired cached token says to log in again', async () => {
  const startUrl = 'https://legacy.awsapps.com/start';
  home.write(`[profile old]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Dev\n`);
  const cache = join(home.dir, '.aws', 'sso', 'cache');
  mkdirSync(cache, { recursive: true });
  const file = createHash('sha1').update(startUrl).digest('hex') + '.json';
  writeFileSync(join(cache, file), JSON.stringify({ accessToken: TOKEN, expiresAt: '2001-01-01T00:00:00Z', region: 'us-east-1', startUrl }));
  const err = await rejection(resolveCredentials('old'));
  assert.equal(err.code, 'SsoTokenExpired');
  assert.match(err.action ?? '', /aws sso login --profile old/);
});

test('the provider wraps failures for SDK clients too', async () => {
  home.write('');
  const provider = credentialProvider('nobody');
  const err = await rejection(provider());
  assert.equal(err.code, 'ProfileNotFound');
});

test('the default chain pseudo-profile follows the SDK order: environment first, then the default profile', async () => {
  home.write(
    '[default]\nregion = us-east-1\n',
    `[default]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n`,
  );
  const fromFile = await resolveCredentials(CHAIN_PROFILE);
  assert.equal(fromFile.accessKeyId, 'AKIAI44QH8DHBEXAMPLE');
  process.env.AWS_ACCESS_KEY_ID = KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = SECRET;
  const fromEnv = await resolveCredentials(CHAIN_PROFILE);
  assert.equal(fromEnv.accessKeyId, KEY_ID);
});
