import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listProfiles, findProfile, endpointFor, defaultProfileName } from '../../../src/core/profiles';
import { makeAwsHome, KEY_ID, SECRET, type AwsHome } from './helpers';

let home: AwsHome;
beforeEach(() => {
  home = makeAwsHome();
});
afterEach(() => home.cleanup());

const CONFIG = `
[default]
region = eu-west-1

[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = default
region = us-east-2

[profile legacy-sso]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = Dev

[profile modern-sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Dev
region = ap-southeast-2

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1

[profile proc]
credential_process = /usr/bin/false

[profile localstack]
aws_access_key_id = test
aws_secret_access_key = test
endpoint_url = http://localhost:4566
region = us-east-1

[profile split]
services = split-svc
region = us-west-2

[services split-svc]
lambda =
  endpoint_url = http://127.0.0.1:9001
logs =
  endpoint_url = http://127.0.0.1:9002
`;

test('lists every profile kind with region, endpoint and sources', async () => {
  home.write(
    CONFIG,
    `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n\n[creds-only]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
  );
  const profiles = await listProfiles();
  const byName = new Map(profiles.map((p) => [p.name, p]));
  assert.deepEqual([...byName.keys()].sort(), ['admin', 'creds-only', 'default', 'legacy-sso', 'localstack', 'modern-sso', 'proc', 'split']);
  assert.equal(profiles[0].name, 'default', 'default profile first');
  assert.equal(byName.get('default')!.kind, 'static');
  assert.equal(byName.get('default')!.region, 'eu-west-1');
  assert.deepEqual(byName.get('default')!.sources, ['config', 'credentials']);
  assert.equal(byName.get('default')!.isDefault, true);
  assert.equal(byName.get('admin')!.kind, 'assume-role');
  assert.equal(byName.get('admin')!.roleArn, 'arn:aws:iam::123456789012:role/Admin');
  assert.equal(byName.get('admin')!.sourceProfile, 'default');
  assert.equal(byName.get('legacy-sso')!.kind, 'sso');
  assert.equal(byName.get('legacy-sso')!.ssoStartUrl, 'https://example.awsapps.com/start');
  assert.equal(byName.get('legacy-sso')!.region, undefined, 'sso_region is not the default region');
  assert.equal(byName.get('modern-sso')!.kind, 'sso-session');
  assert.equal(byName.get('modern-sso')!.ssoSession, 'corp');
  assert.equal(byName.get('modern-sso')!.ssoStartUrl, 'https://corp.awsapps.com/start');
  assert.equal(byName.get('proc')!.kind, 'credential-process');
  assert.equal(byName.get('localstack')!.endpointUrl, 'http://localhost:4566');
  assert.equal(endpointFor(byName.get('localstack')!, 'lambda'), 'http://localhost:4566');
  assert.equal(byName.get('creds-only')!.kind, 'static');
  assert.deepEqual(byName.get('creds-only')!.sources, ['credentials']);
  const split = byName.get('split')!;
  assert.equal(endpointFor(split, 'lambda'), 'http://127.0.0.1:9001');
  assert.equal(split.serviceEndpoints?.logs, 'http://127.0.0.1:9002');
  assert.ok(!byName.has('corp') && !byName.has('sso-session.corp'), 'sso-session sections are not profiles');
});

test('honours AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE', async () => {
  home.write('[profile ignored]\nregion = us-east-1\n');
  const cfg = join(home.dir, 'other-config');
  const creds = join(home.dir, 'other-creds');
  writeFileSync(cfg, '[profile team]\nregion = sa-east-1\n');
  writeFileSync(
    creds,
    `[team]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n[ci]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
  );
  process.env.AWS_CONFIG_FILE = cfg;
  process.env.AWS_SHARED_CREDENTIALS_FILE = creds;
  process.env.AWS_PROFILE = 'ci';
  const profiles = await listProfiles();
  assert.deepEqual(
    profiles.map((p) => p.name),
    ['ci', 'team'],
  );
  assert.equal(profiles[0].isDefault, true);
  assert.equal(profiles[1].region, 'sa-east-1');
  assert.equal(profiles[1].kind, 'static');
  assert.equal(defaultProfileName(), 'ci');
});

test('re-reads the files on every call (no stale cache)', async () => {
  home.write('[profile one]\nregion = us-east-1\n');
  assert.deepEqual(
    (await listProfiles()).map((p) => p.name),
    ['one'],
  );
  home.write('[profile one]\nregion = us-east-1\n[profile two]\nregion = us-west-2\n');
  assert.deepEqual(
    (await listProfiles()).map((p) => p.name),
    ['one', 'two'],
  );
});

test('missing files give an empty list, and findProfile finds by name', async () => {
  assert.deepEqual(await listProfiles(), []);
  home.write('[profile a]\nregion = us-east-1\n');
  assert.equal((await findProfile('a'))?.region, 'us-east-1');
  assert.equal(await findProfile('nope'), undefined);
});
