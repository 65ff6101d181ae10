import { test, after, before, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DefaultClientFactory, clientConfigFor } from '../../../src/core/clientFactory';
import { makeAwsConnection, makeLocalConnection, parseConnectionId, sanitizeRefs, refId } from '../../../src/core/connections';
import { makeAwsHome, KEY_ID, SECRET, type AwsHome } from './helpers';

let server: Server;
let endpoint = '';
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
before(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url?.startsWith('/2015-03-31/functions') ? JSON.stringify({ Functions: [{ FunctionName: 'hello' }] }) : JSON.stringify({ logGroups: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

let home: AwsHome;
beforeEach(() => {
  home = makeAwsHome();
  seen.length = 0;
});
afterEach(() => home.cleanup());

const local = () => makeLocalConnection({ endpoint, region: 'us-east-1', accessKeyId: 'local-key-id', secretAccessKey: 'local-secret-key-abcdef' });

test('one cached client per connection and service; dispose destroys them', async () => {
  const f = new DefaultClientFactory();
  const c = local();
  const a = f.lambda(c);
  assert.equal(f.lambda(c), a, 'same client on second call');
  const l = f.logs(c);
  assert.equal(f.logs(c), l);
  assert.equal(f.size(), 2);
  const out = await a.send(new ListFunctionsCommand({}));
  assert.equal(out.Functions?.[0].FunctionName, 'hello');
  await l.send(new DescribeLogGroupsCommand({}));
  f.dispose(c.id);
  assert.equal(f.size(), 0);
  assert.notEqual(f.lambda(c), a, 'a new client after dispose');
  f.dispose();
});

test('a changed endpoint for the same id (local service restarted) replaces the client', () => {
  const f = new DefaultClientFactory();
  const a = f.lambda(local());
  const moved = makeLocalConnection({
    endpoint: 'http://127.0.0.1:1',
    region: 'us-east-1',
    accessKeyId: 'local-key-id',
    secretAccessKey: 'local-secret-key-abcdef',
  });
  assert.notEqual(f.lambda(moved), a);
  assert.equal(f.size(), 1);
  f.dispose();
});

test('local connections sign with the local keys and disable the host prefix', async () => {
  const cfg = clientConfigFor(local());
  assert.equal(cfg.disableHostPrefix, true);
  assert.equal(cfg.endpoint, endpoint);
  const f = new DefaultClientFactory();
  await f.lambda(local()).send(new ListFunctionsCommand({}));
  assert.match(String(seen[0].headers.authorization), /Credential=local-key-id\/\d+\/us-east-1\/lambda\/aws4_request/);
  f.dispose();
});

test('aws connections resolve the profile lazily and use its endpoint', async () => {
  home.write(`[profile ls]\nregion = eu-west-1\nendpoint_url = ${endpoint}\n`, `[ls]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`);
  const c = makeAwsConnection('ls', 'eu-west-1', endpoint);
  assert.equal(c.id, 'aws:ls:eu-west-1');
  assert.equal(c.label, 'ls · eu-west-1');
  const f = new DefaultClientFactory();
  await f.lambda(c).send(new ListFunctionsCommand({}));
  assert.match(String(seen[0].headers.authorization), new RegExp(`Credential=${KEY_ID}/\\d+/eu-west-1/lambda/`));
  f.dispose();
});

test('a custom endpoint disables the host prefix (StartLiveTail), real AWS keeps it', () => {
  assert.equal(clientConfigFor(makeAwsConnection('ls', 'eu-west-1', endpoint)).disableHostPrefix, true);
  assert.equal(clientConfigFor(makeAwsConnection('prod', 'eu-west-1')).disableHostPrefix, undefined);
});

test('a client of a missing profile fails with an actionable error at call time', async () => {
  home.write('');
  const f = new DefaultClientFactory();
  await assert.rejects(f.lambda(makeAwsConnection('ghost', 'us-east-1', endpoint)).send(new ListFunctionsCommand({})), /profile "ghost" was not found/);
  f.dispose();
});

test('connection ids round-trip and persisted refs are validated', () => {
  assert.deepEqual(parseConnectionId('aws:team:prod:eu-west-1'), { kind: 'aws', profile: 'team:prod', region: 'eu-west-1' });
  assert.deepEqual(parseConnectionId('local'), { kind: 'local' });
  assert.equal(parseConnectionId('garbage'), undefined);
  const refs = sanitizeRefs([
    { kind: 'local' },
    { kind: 'aws', profile: 'a', region: 'us-east-1' },
    { kind: 'aws', profile: 'a', region: 'us-east-1' },
    { kind: 'aws', profile: 3 },
    null,
    'x',
  ]);
  assert.deepEqual(refs.map(refId), ['local', 'aws:a:us-east-1']);
  assert.deepEqual(sanitizeRefs('nope'), []);
});
