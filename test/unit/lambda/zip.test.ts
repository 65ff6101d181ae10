import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, chmodSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from './zipTools';
import { planFolder, treeDigest, zipEntries, zipFolder, sha256Base64 } from '../../../src/lambda/zip';
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../../../src/lambda/errors';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-zip-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const entriesOf = readZip;

test('the same files give the same bytes whatever their timestamps', async (t) => {
  const dir = tree({ 'b.js': 'b', 'a/index.js': 'exports.handler=1', 'z.txt': 'z' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const one = await zipFolder(dir);
  utimesSync(join(dir, 'b.js'), new Date(2001, 1, 1), new Date(2001, 1, 1));
  const two = await zipFolder(dir);
  assert.ok(one.zip.equals(two.zip));
  assert.equal(one.sha256, two.sha256);
  assert.equal(one.sha256, sha256Base64(one.zip));
  writeFileSync(join(dir, 'b.js'), 'changed');
  assert.notEqual((await zipFolder(dir)).sha256, one.sha256);
});

test('entries are sorted, executables stay 0755 and other files become 0644', async (t) => {
  const dir = tree({ 'b.js': 'b', 'A.js': 'a', bootstrap: '#!/bin/sh', 'lib/x.js': 'x' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(join(dir, 'bootstrap'), 0o750);
  chmodSync(join(dir, 'b.js'), 0o600);
  const { zip, files } = await zipFolder(dir);
  const entries = await entriesOf(zip);
  assert.equal(files, 4);
  assert.deepEqual(
    entries.map((e) => e.name),
    ['A.js', 'b.js', 'bootstrap', 'lib/x.js'],
  );
  assert.equal(entries.find((e) => e.name === 'bootstrap')!.mode, 0o755);
  assert.equal(entries.find((e) => e.name === 'b.js')!.mode, 0o644, 'a private file is made readable for the Lambda user');
});

test('.lambdaignore patterns (gitignore syntax) and default ignores apply', async (t) => {
  const dir = tree({
    '.lambdaignore': '# tests stay home\ntest/\n*.map\n!keep.map\n/README.md\n',
    'index.js': '1',
    'index.js.map': 'm',
    'keep.map': 'k',
    'test/a.test.js': 't',
    'README.md': 'r',
    'docs/README.md': 'r2',
    '.git/HEAD': 'ref',
    '.DS_Store': 'x',
    'node_modules/dep/index.js': 'd',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const names = (await planFolder(dir)).map((e) => e.name);
  assert.deepEqual(names, ['docs/README.md', 'index.js', 'keep.map', 'node_modules/dep/index.js']);
});

test('symlinked folders are followed, loops are not', async (t) => {
  const dir = tree({ 'real/a.js': 'a' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(join(dir, 'real'), join(dir, 'linked'));
  symlinkSync(dir, join(dir, 'real', 'loop'));
  symlinkSync(join(dir, 'missing'), join(dir, 'broken'));
  const names = (await planFolder(dir)).map((e) => e.name);
  assert.deepEqual(names, ['linked/a.js', 'real/a.js']);
});

test('an oversized package is refused before zipping, naming the largest files', async (t) => {
  const dir = tree({ 'big.bin': 'x'.repeat(5000), 'small.js': 's' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await assert.rejects(
    zipFolder(dir, { maxUnzippedBytes: 4096 }),
    (e: unknown) => e instanceof ValidationError && /big\.bin/.test(e.message) && /lambdaignore/.test(e.message),
  );
});

test('a missing folder or an empty package says so', async (t) => {
  const dir = tree({ '.lambdaignore': '*\n' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await assert.rejects(zipFolder(join(dir, 'nope')), /is not a folder/);
  await assert.rejects(zipFolder(dir), /no files to package/);
});

test('an abort before zipping cancels', async (t) => {
  const dir = tree({ 'a.js': 'a' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const c = new AbortController();
  c.abort();
  await assert.rejects(zipFolder(dir, { signal: c.signal }), { name: 'CancelledError' });
});

test('incompressible files are stored, text is deflated, and the zip stays deterministic', async (t) => {
  const dir = tree({ 'text.js': 'const x = 1;\n'.repeat(5000) });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'random.bin'), randomBytes(100_000));
  const a = await zipFolder(dir);
  const b = await zipFolder(dir);
  assert.ok(a.zip.equals(b.zip));
  assert.equal(a.treeDigest, b.treeDigest);
  assert.ok(a.zip.length < 100_000 + 5000, 'text was compressed');
  assert.ok(a.zip.length > 100_000, 'random data was stored');
  const entries = await readZip(a.zip);
  assert.equal(entries.find((e) => e.name === 'random.bin')!.content.length, 100_000);
  assert.equal(await treeDigest(await planFolder(dir)), a.treeDigest, 'hashing the files gives the digest the zip reported');
  writeFileSync(join(dir, 'text.js'), 'changed');
  assert.notEqual(await treeDigest(await planFolder(dir)), a.treeDigest);
});

test('a file that disappears while zipping is a clear error, not a crash', async (t) => {
  const dir = tree({ 'a.js': 'a', 'b.js': 'b' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const entries = await planFolder(dir);
  rmSync(join(dir, 'b.js'));
  await assert.rejects(zipEntries(entries), /Cannot read b\.js while zipping/);
});
