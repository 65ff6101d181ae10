import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yazl from 'yazl';
import { CodeStore, MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES, sourceFolderOf } from '../../../src/local/code';
import { LOCAL_SOURCE_BUCKET } from '../../../src/contract/localService';
import { ServiceError } from '../../../src/local/seams';

function zipOf(entries: { name: string; data: Buffer; mode?: number }[], compress = true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const e of entries) {
      if (e.name.endsWith('/')) z.addEmptyDirectory(e.name.slice(0, -1));
      else z.addBuffer(e.data, e.name, { mode: e.mode ?? 0o100644, compress });
    }
    z.end();
    const parts: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => parts.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    z.outputStream.on('error', reject);
  });
}

function isError(code: string, message?: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof ServiceError, String(err));
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  };
}

describe('code store', () => {
  let dir: string;
  let store: CodeStore;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lwb-code-'));
    store = new CodeStore(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('unpacks once per content, keeps the executable bit, and reports Lambda-style sha and sizes', async () => {
    const zip = await zipOf([
      { name: 'index.js', data: Buffer.from('exports.handler = 1;') },
      { name: 'bootstrap', data: Buffer.from('#!/bin/sh\n'), mode: 0o100755 },
      { name: 'lib/a.txt', data: Buffer.from('a') },
    ]);
    const [a, b] = await Promise.all([store.put(zip), store.put(zip)]);
    assert.deepEqual(a, b);
    assert.equal(a.codeSize, zip.length);
    assert.equal(a.unzippedSize, 20 + 10 + 1);
    assert.equal(Buffer.from(a.codeSha256, 'base64').toString('hex'), a.shaHex);
    const codeDir = store.dirOf({ kind: 'zip', shaHex: a.shaHex });
    assert.equal(readFileSync(join(codeDir, 'lib/a.txt'), 'utf8'), 'a');
    assert.ok(statSync(join(codeDir, 'bootstrap')).mode & 0o100);
    // Private to the owner: other users of the machine read neither the code nor the stored zip.
    const modeOf = (p: string): number => statSync(p).mode & 0o777;
    assert.equal(modeOf(dir), 0o700);
    assert.equal(modeOf(codeDir), 0o700);
    assert.equal(modeOf(join(codeDir, 'lib')), 0o700);
    assert.equal(modeOf(join(codeDir, 'lib/a.txt')), 0o600);
    assert.equal(modeOf(join(codeDir, 'index.js')), 0o600);
    assert.equal(modeOf(join(codeDir, 'bootstrap')), 0o700);
    assert.equal(modeOf(store.zipPath(a.shaHex)), 0o600);
    assert.ok(!(statSync(join(codeDir, 'index.js')).mode & 0o100));
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('refuses a zip over 50 MB before reading it', async () => {
    await assert.rejects(store.put(Buffer.alloc(MAX_ZIPPED_BYTES + 1)), isError('RequestEntityTooLargeException'));
  });

  it('refuses code that unzips past 250 MB without writing it out', async () => {
    const tenMb = Buffer.alloc(10 * 1024 * 1024);
    const entries = Array.from({ length: Math.ceil(MAX_UNZIPPED_BYTES / tenMb.length) + 1 }, (_, i) => ({ name: `zeros-${i}`, data: tenMb }));
    const bomb = await zipOf(entries);
    assert.ok(bomb.length < MAX_ZIPPED_BYTES);
    await assert.rejects(store.put(bomb), isError('InvalidParameterValueException', /Unzipped size must be smaller than 262144000 bytes/));
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.endsWith('.tmp')),
      [],
      'no partial folder is left',
    );
  });

  it('refuses entries that escape the folder and files that are not zips', async () => {
    const evil = await zipOf([{ name: 'ok.js', data: Buffer.from('1') }]);
    // yazl refuses '..' names itself, so patch a same-length name into the archive bytes.
    const patched = Buffer.from(evil.toString('latin1').split('ok.js').join('../xx'), 'latin1');
    await assert.rejects(store.put(patched), isError('InvalidParameterValueException'));
    assert.ok(!existsSync(join(dir, '..', 'xx')));
    await assert.rejects(store.put(Buffer.from('hello')), isError('InvalidParameterValueException', /unzip/i));
  });

  it('refuses entries whose paths clash (a file, then a folder of that name) with a 400, and stays usable', async () => {
    const cases: { name: string; entries: { name: string; data: Buffer; mode?: number }[]; clash: string }[] = [
      {
        name: 'file then file under it',
        entries: [
          { name: 'a', data: Buffer.from('file') },
          { name: 'a/b', data: Buffer.from('x') },
        ],
        clash: 'a/b',
      },
      {
        name: 'symlink then file under it',
        entries: [
          { name: 'l', data: Buffer.from('/etc'), mode: 0o120777 },
          { name: 'l/x', data: Buffer.from('x') },
        ],
        clash: 'l/x',
      },
      {
        name: 'file under, then the file itself',
        entries: [
          { name: 'd/b', data: Buffer.from('x') },
          { name: 'd', data: Buffer.from('file') },
        ],
        clash: 'd',
      },
      {
        name: 'file then a folder entry',
        entries: [
          { name: 'f', data: Buffer.from('file') },
          { name: 'f/', data: Buffer.alloc(0) },
        ],
        clash: 'f/',
      },
    ];
    for (const c of cases) {
      const zip = await zipOf([{ name: 'index.js', data: Buffer.from('exports.handler = 1;') }, ...c.entries]);
      await assert.rejects(store.put(zip), isError('InvalidParameterValueException', new RegExp(`^Could not unzip uploaded file\\..*'${c.clash}'`)), c.name);
    }
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.endsWith('.tmp')),
      [],
    );
    const good = await store.put(await zipOf([{ name: 'ok.js', data: Buffer.from('1') }]));
    assert.equal(good.unzippedSize, 1);
  });

  it('reports a source file that vanishes while zipping as an error of the zip stream, not of the process', async () => {
    const src = mkdtempSync(join(tmpdir(), 'lwb-src-'));
    try {
      writeFileSync(join(src, 'index.js'), 'exports.handler = 1;');
      const stream = store.zipStream({ kind: 'source', dir: src });
      rmSync(join(src, 'index.js'));
      await assert.rejects(
        new Promise((resolve, reject) => {
          stream.on('data', () => undefined);
          stream.on('end', resolve);
          stream.on('error', reject);
        }),
        /ENOENT/,
      );
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });

  it('accepts only the local source bucket with an absolute, existing folder', () => {
    assert.equal(sourceFolderOf(undefined), undefined);
    assert.equal(sourceFolderOf({ S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: dir }), dir);
    assert.throws(() => sourceFolderOf({ S3Bucket: 'bucket', S3Key: 'k' }), isError('InvalidParameterValueException', /no S3/));
    assert.throws(() => sourceFolderOf({ S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: 'relative' }), isError('InvalidParameterValueException', /absolute/));
    assert.throws(
      () => sourceFolderOf({ S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: join(dir, 'missing') }),
      isError('InvalidParameterValueException', /does not exist/),
    );
  });
});
