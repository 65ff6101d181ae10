import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store, indexAfter, type FunctionRecord } from '../../../src/local/store';
import { loadOrCreateKeys } from '../../../src/local/credentials';
import { pickAliasVersion } from '../../../src/local/lambda/invoke';
import { parseArgs } from '../../../src/local/args';

function rec(name: string): FunctionRecord {
  return {
    name,
    latest: { config: { FunctionName: name, Version: '$LATEST' }, code: { kind: 'source', dir: '/tmp' } },
    versions: {},
    lastVersion: 0,
    aliases: {},
    tags: {},
    urlConfigs: {},
    eventInvokeConfigs: {},
    policy: { statements: [], revisionId: 'r' },
  };
}

describe('store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lwb-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('persists records, keeps the name index sorted, and reloads it', () => {
    const s = new Store(dir);
    for (const n of ['b', 'a', 'c', 'B']) s.saveFunction(rec(n));
    s.deleteFunction('c');
    assert.deepEqual(s.functionNames, ['B', 'a', 'b']);
    const again = new Store(dir);
    assert.deepEqual(again.functionNames, ['B', 'a', 'b']);
    assert.equal(again.functions.get('a')?.latest.config.FunctionName, 'a');
  });

  it('leaves no temp files and ignores the leftovers of a crash mid-write', () => {
    const s = new Store(dir);
    s.saveFunction(rec('x'));
    const fnDir = join(dir, 'state/functions');
    assert.deepEqual(readdirSync(fnDir), ['x.json']);
    assert.equal(statSync(join(fnDir, 'x.json')).mode & 0o777, 0o600, 'environment values stay private');
    // A crash between write and rename leaves only a temp file; a crash mid-write of it leaves garbage.
    writeFileSync(join(fnDir, '.y.json.123.abcd.tmp'), '{"name":"y","lat');
    writeFileSync(join(fnDir, 'broken.json'), '{');
    const again = new Store(dir);
    assert.deepEqual(again.functionNames, ['x']);
    assert.ok(!readdirSync(fnDir).some((f) => f.endsWith('.tmp')));
  });

  it('finds the position after a name by binary search', () => {
    const list = ['a', 'c', 'e'];
    assert.equal(indexAfter(list, 'a'), 1);
    assert.equal(indexAfter(list, 'b'), 1);
    assert.equal(indexAfter(list, 'e'), 3);
    assert.equal(indexAfter(list, ''), 0);
  });
});

describe('credentials', () => {
  it('generates keys once per data dir with mode 0600, and flags override', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lwb-keys-'));
    try {
      const a = loadOrCreateKeys(dir);
      const b = loadOrCreateKeys(dir);
      assert.deepEqual(a, b);
      assert.match(a.accessKeyId, /^[A-Z0-9]{20}$/);
      assert.equal(a.secretAccessKey.length, 40);
      assert.equal(statSync(join(dir, 'credentials.json')).mode & 0o777, 0o600);
      assert.deepEqual(loadOrCreateKeys(dir, { accessKeyId: 'K', secretAccessKey: 'S' }), { accessKeyId: 'K', secretAccessKey: 'S' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('alias routing', () => {
  it('routes by AdditionalVersionWeights as probabilities', () => {
    assert.equal(pickAliasVersion('1', { '2': 0.25 }, 0.1), '2');
    assert.equal(pickAliasVersion('1', { '2': 0.25 }, 0.3), '1');
    assert.equal(pickAliasVersion('1', undefined, 0), '1');
  });
});

describe('command line', () => {
  it('parses flags and refuses non-loopback hosts and bad values', () => {
    const o = parseArgs(['--port', '0', '--data-dir', '/tmp/d', '--region', 'eu-west-3']);
    assert.equal(o.port, 0);
    assert.equal(o.region, 'eu-west-3');
    assert.equal(o.host, '127.0.0.1');
    assert.throws(() => parseArgs(['--data-dir', 'd', '--host', '0.0.0.0']), /loopback/);
    assert.throws(() => parseArgs(['--port', '1']), /--data-dir is required/);
    assert.throws(() => parseArgs(['--data-dir', 'd', '--port', 'x']), /--port/);
    assert.throws(() => parseArgs(['--data-dir', 'd', '--access-key-id', 'K']), /go together/);
  });
});
