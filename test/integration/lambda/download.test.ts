// Downloading code: round trip through the local service's Code.Location, and malicious archives
// refused with nothing written outside (or inside) the target.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../local/harness';
import { deployCode, downloadFunctionCode, UnsafeArchiveError, ValidationError } from '../../../src/lambda';
import { buildZip, patchName } from '../../unit/lambda/zipTools';
import { tempTree } from './fixtures';

let h: LocalHarness;
let server: Server;
let served: Buffer = Buffer.alloc(0);
let serverUrl = '';
before(async () => {
  h = await startLocal();
  // Stands in for S3: serves whatever archive a test sets, as a presigned Code.Location would.
  server = createServer((_req, res) => res.end(served));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/code.zip?X-Amz-Signature=x`;
});
after(async () => {
  await new Promise((r) => server?.close(r));
  await h?.stop();
});

/** The local service's client, except that GetFunction points Code.Location at the test server. */
function withServedCode(client: LambdaClient): LambdaClient {
  return {
    send: async (cmd: unknown, o?: unknown) => {
      if (cmd instanceof GetFunctionCommand)
        return { $metadata: {}, Configuration: { FunctionName: 'x' }, Code: { RepositoryType: 'S3', Location: serverUrl } };
      return (client.send as (c: unknown, o?: unknown) => Promise<unknown>)(cmd, o);
    },
  } as unknown as LambdaClient;
}

function listAll(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${d.name}` : d.name;
    out.push(p);
    if (d.isDirectory()) out.push(...listAll(dir, p));
  }
  return out.sort();
}

test('download round trip: files and executable bits come back; existing files need a decision', async (t) => {
  const src = tempTree({ 'index.js': 'exports.handler = async () => 1;\n', 'lib/util.js': 'module.exports = 2;\n', 'bin/run': '#!/bin/sh\necho hi\n' }, t);
  chmodSync(join(src, 'bin/run'), 0o755);
  await deployCode(h.lambda, {
    functionName: 'it-download',
    source: { kind: 'folder', dir: src },
    create: { Runtime: 'nodejs20.x', Handler: 'index.handler' },
  });
  const work = tempTree({}, t);
  const target = join(work, 'downloaded');
  const r = await downloadFunctionCode(h.lambda, 'it-download', target);
  assert.deepEqual(r.written.sort(), ['bin/run', 'index.js', 'lib/util.js']);
  assert.equal(readFileSync(join(target, 'lib/util.js'), 'utf8'), 'module.exports = 2;\n');
  assert.equal(statSync(join(target, 'bin/run')).mode & 0o111, 0o111);

  writeFileSync(join(target, 'index.js'), '// my local edit\n');
  await assert.rejects(downloadFunctionCode(h.lambda, 'it-download', target), (e: unknown) => e instanceof ValidationError && /already exist/.test(e.message));
  assert.equal(readFileSync(join(target, 'index.js'), 'utf8'), '// my local edit\n');
  let asked: string[] = [];
  await downloadFunctionCode(h.lambda, 'it-download', target, { onConflict: (files) => ((asked = files), 'overwrite') });
  assert.deepEqual(asked.sort(), ['bin/run', 'index.js', 'lib/util.js']);
  assert.equal(readFileSync(join(target, 'index.js'), 'utf8'), 'exports.handler = async () => 1;\n');
});

test('a malicious archive (zip-slip, absolute path, symlink out) is refused and writes nothing', async (t) => {
  const work = tempTree({}, t);
  const target = join(work, 'a', 'target');
  mkdirSync(target, { recursive: true });
  const client = withServedCode(h.lambda);
  const abs = join(work, 'abs-pwned.txt');
  const cases: [string, Buffer][] = [
    [
      'zip-slip',
      patchName(
        await buildZip([
          { name: 'index.js', content: '1' },
          { name: 'QQ/QQ/slip.txt', content: 'pwned' },
        ]),
        'QQ/QQ/slip.txt',
        '../../slip.txt',
      ),
    ],
    [
      'absolute',
      patchName(
        await buildZip([
          { name: 'index.js', content: '1' },
          { name: 'W'.repeat(abs.length), content: 'pwned' },
        ]),
        'W'.repeat(abs.length),
        abs,
      ),
    ],
    [
      'symlink',
      await buildZip([
        { name: 'index.js', content: '1' },
        { name: 'escape', content: '../../..', mode: 0o120777 },
        { name: 'z.txt', content: 'z' },
      ]),
    ],
    ['symlink-abs', await buildZip([{ name: 'etc', content: '/etc', mode: 0o120777 }])],
  ];
  for (const [label, zip] of cases) {
    served = zip;
    await assert.rejects(
      downloadFunctionCode(client, 'x', target),
      (e: unknown) => e instanceof UnsafeArchiveError && /Refused the archive/.test(e.message),
      label,
    );
    assert.deepEqual(listAll(work), ['a', 'a/target'], `${label}: nothing written`);
  }
  assert.equal(existsSync(abs), false);
});

test('a function without downloadable code says why', async () => {
  const client = {
    send: async () => ({ $metadata: {}, Configuration: { FunctionName: 'img' }, Code: { RepositoryType: 'ECR', ImageUri: '1.dkr.ecr/x:latest' } }),
  } as unknown as LambdaClient;
  await assert.rejects(downloadFunctionCode(client, 'img', '/nonexistent'), /container image/);
});
