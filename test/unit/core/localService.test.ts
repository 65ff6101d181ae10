import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalServiceProcess } from '../../../src/core/localService';
import type { LocalServiceInfo } from '../../../src/contract/localService';

// A stand-in for dist/local.js with the same contract: listens, prints one JSON line, serves until killed.
const FAKE = `
const http = require('node:http');
const args = process.argv.slice(2);
const dataDir = args[args.indexOf('--data-dir') + 1];
const mode = process.env.LW_FAKE_MODE || 'ok';
if (mode === 'garbage') { console.log('hello there'); setInterval(() => {}, 1000); }
else if (mode === 'crash') { console.error('cannot open store: disk full'); process.exit(7); }
else {
  const s = http.createServer((q, r) => r.end('ok'));
  s.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ endpoint: 'http://127.0.0.1:' + s.address().port, region: 'us-east-1', accessKeyId: 'local', secretAccessKey: 'fake-local-secret-0123', pid: process.pid, dataDir }));
  });
  process.on('SIGTERM', () => s.close(() => process.exit(0)));
}
`;

let dir: string;
let script: string;
const services: LocalServiceProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-local-'));
  script = join(dir, 'fake-local.js');
  writeFileSync(script, FAKE);
  delete process.env.LW_FAKE_MODE;
});
afterEach(async () => {
  delete process.env.LW_FAKE_MODE;
  for (const s of services.splice(0)) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

function service(extra: Partial<ConstructorParameters<typeof LocalServiceProcess>[0]> = {}): LocalServiceProcess {
  const s = new LocalServiceProcess({ scriptPath: script, dataDir: join(dir, 'data'), nodePath: process.execPath, startTimeoutMs: 10000, ...extra });
  services.push(s);
  return s;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('starts on demand, reads the JSON line, shares concurrent starts, stops', async () => {
  const s = service();
  const [a, b] = await Promise.all([s.start(), s.start()]);
  assert.equal(a, b);
  assert.match(a.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(a.dataDir, join(dir, 'data'));
  assert.ok(existsSync(join(dir, 'data')), 'data dir created');
  const res = await fetch(a.endpoint);
  assert.equal(await res.text(), 'ok');
  assert.equal(await s.start(), a, 'running service is reused');
  await s.stop();
  assert.equal(s.current(), undefined);
  assert.equal(alive(a.pid), false);
});

test('restarts the service when it dies, and gives up after a crash loop', async () => {
  const logs: string[] = [];
  const s = service({ maxRestarts: 1, log: (_l, m) => logs.push(m) });
  const first = await s.start();
  const restarted = new Promise<LocalServiceInfo>((r) => s.on('started', r));
  process.kill(first.pid, 'SIGKILL');
  const second = await restarted;
  assert.notEqual(second.pid, first.pid);
  assert.ok(logs.some((l) => /restarting/.test(l)));
  const failed = new Promise<Error>((r) => s.on('failed', r));
  process.kill(second.pid, 'SIGKILL');
  assert.match((await failed).message, /keeps crashing/);
  const third = await s.restart();
  assert.ok(alive(third.pid), 'manual restart works after giving up');
  assert.ok(
    logs.every((l) => !l.includes('fake-local-secret-0123')),
    'secret never logged',
  );
});

test('a service that exits before it is ready reports its stderr', async () => {
  process.env.LW_FAKE_MODE = 'crash';
  await assert.rejects(service().start(), /exited before it was ready \(code 7.*disk full/s);
});

test('an unexpected first line is reported', async () => {
  process.env.LW_FAKE_MODE = 'garbage';
  await assert.rejects(service().start(), /unexpected first line: hello there/);
});

test('a missing script is reported', async () => {
  await assert.rejects(service({ scriptPath: join(dir, 'nope.js') }).start(), /exited before it was ready|Cannot start/);
});
