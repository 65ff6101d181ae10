import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, symlinkSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractZipSafely, unsafeNameReason } from '../../../src/lambda/download';
import { UnsafeArchiveError, ValidationError } from '../../../src/lambda/errors';
import { buildZip, patchName } from './zipTools';

function sandbox(t: { after: (fn: () => void) => void }): { root: string; target: string } {
  const root = mkdtempSync(join(tmpdir(), 'lwb-dl-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const target = join(root, 'deep', 'target');
  mkdirSync(target, { recursive: true });
  return { root, target };
}

/** Every path under root, for "nothing was written" checks. */
function listAll(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${d.name}` : d.name;
    out.push(p);
    if (d.isDirectory()) out.push(...listAll(dir, p));
  }
  return out.sort();
}

test('a normal archive is extracted with modes and inner symlinks', async (t) => {
  const { target } = sandbox(t);
  const zip = await buildZip([
    { name: 'index.js', content: 'exports.handler=1' },
    { name: 'bin/tool', content: '#!/bin/sh', mode: 0o100755 },
    { name: 'lib/', content: '', mode: 0o40755 },
    { name: 'lib/a.js', content: 'a' },
    { name: 'current', content: 'lib', mode: 0o120777 },
  ]);
  const r = await extractZipSafely(zip, target);
  assert.deepEqual(r.written.sort(), ['bin/tool', 'current', 'index.js', 'lib/a.js']);
  assert.equal(readFileSync(join(target, 'index.js'), 'utf8'), 'exports.handler=1');
  assert.equal(statSync(join(target, 'bin/tool')).mode & 0o111, 0o111);
  assert.ok(lstatSync(join(target, 'current')).isSymbolicLink());
  assert.equal(readlinkSync(join(target, 'current')), 'lib');
});

test('zip-slip (..) is refused and nothing is written anywhere', async (t) => {
  const { root, target } = sandbox(t);
  const before = listAll(root);
  const zip = patchName(
    await buildZip([
      { name: 'ok.js', content: 'fine' },
      { name: 'XX/XX/evil.txt', content: 'pwned' },
    ]),
    'XX/XX/evil.txt',
    '../../evil.txt',
  );
  await assert.rejects(
    extractZipSafely(zip, target),
    (e: unknown) => e instanceof UnsafeArchiveError && /\.\.\/\.\.\/evil\.txt/.test(e.message) && /Nothing was written/.test(e.message),
  );
  assert.deepEqual(listAll(root), before);
});

test('an absolute path is refused', async (t) => {
  const { root, target } = sandbox(t);
  const before = listAll(root);
  const abs = join(root, 'abs.txt');
  const placeholder = 'Y'.repeat(abs.length);
  const zip = patchName(await buildZip([{ name: placeholder, content: 'pwned' }]), placeholder, abs);
  await assert.rejects(extractZipSafely(zip, target), (e: unknown) => e instanceof UnsafeArchiveError && /absolute path/.test(e.message));
  assert.equal(existsSync(abs), false);
  assert.deepEqual(listAll(root), before);
});

test('a backslash traversal is refused too', async (t) => {
  const { target } = sandbox(t);
  const zip = patchName(await buildZip([{ name: 'ZZZZZZZ.txt', content: 'x' }]), 'ZZZZZZZ.txt', '..\\..\\x.txt');
  await assert.rejects(extractZipSafely(zip, target), UnsafeArchiveError);
});

test('a symlink pointing out of the target is refused, relative or absolute', async (t) => {
  const { root, target } = sandbox(t);
  const before = listAll(root);
  for (const link of ['../../outside', '/etc/passwd', 'a/../../..']) {
    const zip = await buildZip([
      { name: 'ok.js', content: 'x' },
      { name: 'link', content: link, mode: 0o120777 },
      { name: 'z.js', content: 'z' },
    ]);
    await assert.rejects(extractZipSafely(zip, target), (e: unknown) => e instanceof UnsafeArchiveError && /symlink/.test(e.message), link);
  }
  assert.deepEqual(listAll(root), before);
});

test('a file is never written through a symlink already in the target', async (t) => {
  const { root, target } = sandbox(t);
  mkdirSync(join(root, 'elsewhere'));
  symlinkSync(join(root, 'elsewhere'), join(target, 'sub'));
  const zip = await buildZip([{ name: 'sub/x.txt', content: 'x' }]);
  await assert.rejects(extractZipSafely(zip, target, { onConflict: () => 'overwrite' }), UnsafeArchiveError);
  assert.deepEqual(readdirSync(join(root, 'elsewhere')), []);
});

test('existing files are not overwritten without a decision', async (t) => {
  const { target } = sandbox(t);
  writeFileSync(join(target, 'index.js'), 'mine');
  const zip = await buildZip([
    { name: 'index.js', content: 'theirs' },
    { name: 'new.js', content: 'n' },
  ]);
  await assert.rejects(extractZipSafely(zip, target), (e: unknown) => e instanceof ValidationError && /already exist/.test(e.message));
  assert.equal(readFileSync(join(target, 'index.js'), 'utf8'), 'mine');
  assert.equal(existsSync(join(target, 'new.js')), false);

  let asked: string[] = [];
  const skipped = await extractZipSafely(zip, target, { onConflict: (files) => ((asked = files), 'skip') });
  assert.deepEqual(asked, ['index.js']);
  assert.deepEqual(skipped.skipped, ['index.js']);
  assert.equal(readFileSync(join(target, 'index.js'), 'utf8'), 'mine');
  assert.equal(readFileSync(join(target, 'new.js'), 'utf8'), 'n');

  await assert.rejects(extractZipSafely(zip, target, { onConflict: () => 'cancel' }), { name: 'CancelledError' });
  await extractZipSafely(zip, target, { onConflict: () => 'overwrite' });
  assert.equal(readFileSync(join(target, 'index.js'), 'utf8'), 'theirs');
});

test('a refused archive leaves no new target folder behind; garbage is not a zip', async (t) => {
  const { root } = sandbox(t);
  const fresh = join(root, 'new', 'dir');
  const zip = patchName(await buildZip([{ name: 'XX/x', content: 'x' }]), 'XX/x', '../x');
  await assert.rejects(extractZipSafely(zip, fresh), UnsafeArchiveError);
  assert.equal(existsSync(join(root, 'new')), false);
  await assert.rejects(extractZipSafely(Buffer.from('not a zip at all'), fresh), /not a readable zip/);
  assert.equal(existsSync(join(root, 'new')), false);
});

test('unsafe name rules', () => {
  assert.equal(unsafeNameReason('a/b/c.js'), undefined);
  assert.equal(unsafeNameReason('a/..b/c'), undefined);
  assert.match(unsafeNameReason('/x')!, /absolute/);
  assert.match(unsafeNameReason('C:/x')!, /absolute/);
  assert.match(unsafeNameReason('a/../../x')!, /\.\./);
  assert.match(unsafeNameReason('a\0b')!, /NUL/);
});
