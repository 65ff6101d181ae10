// Process lifecycle: a SIGKILL in the middle of writes corrupts nothing, the info line and shutdown
// signals behave, and --parent-pid stops the service when its parent goes away.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, GetFunctionCommand, LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { LOCAL_BUNDLE, ensureBuilt, startLocal } from './harness';
import { makeZip } from './zip';

function listTmp(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...listTmp(join(dir, e.name)));
    else if (e.name.endsWith('.tmp')) out.push(join(dir, e.name));
  }
  return out;
}

function waitExit(child: ReturnType<typeof spawn>, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('process did not exit in time')), ms);
    child.once('exit', (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

describe('local service lifecycle', () => {
  it('keeps a consistent store when killed with SIGKILL in the middle of writes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lwb-crash-'));
    try {
      const h = await startLocal({ dataDir, args: ['--state-delay-ms', '0'] });
      const zips = await Promise.all(Array.from({ length: 4 }, (_, i) => makeZip({ 'index.js': `exports.handler = async () => ${i};\n` })));
      let next = 0;
      const workers = Array.from({ length: 8 }, async () => {
        while (next < 400) {
          const i = next++;
          await h.lambda.send(
            new CreateFunctionCommand({
              FunctionName: `crash-${i}`,
              Runtime: 'nodejs20.x',
              Handler: 'index.handler',
              Role: 'arn:aws:iam::000000000000:role/r',
              Code: { ZipFile: zips[i % 4]! },
            }),
          );
        }
      });
      await new Promise((r) => setTimeout(r, 400));
      process.kill(h.info.pid, 'SIGKILL');
      await Promise.allSettled(workers);
      await h.stop({ keepDataDir: true });

      const again = await startLocal({ dataDir });
      try {
        const names: string[] = [];
        for await (const page of paginateListFunctions({ client: again.lambda }, {})) names.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
        assert.ok(names.length > 0, 'some functions were created before the kill');
        assert.ok(names.length < 400, 'the kill happened mid-way');
        for (const name of names.slice(-5)) {
          const got = await again.lambda.send(new GetFunctionCommand({ FunctionName: name }));
          const zip = await fetch(got.Code!.Location!);
          assert.equal(zip.status, 200, `code of ${name} is complete`);
          assert.equal((await zip.arrayBuffer()).byteLength, got.Configuration!.CodeSize);
        }
        assert.deepEqual([...listTmp(join(dataDir, 'state')), ...listTmp(join(dataDir, 'code'))], [], 'no temp files are left behind');
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('prints one JSON info line and exits 0 on SIGINT', async () => {
    ensureBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'lwb-sigint-'));
    try {
      const child = spawn(process.execPath, [LOCAL_BUNDLE, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8');
      await new Promise<void>((resolve) => child.stdout.on('data', (c: string) => ((out += c), out.includes('\n') && resolve())));
      const info = JSON.parse(out.trim()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(info).sort(), ['accessKeyId', 'dataDir', 'endpoint', 'pid', 'region', 'secretAccessKey']);
      assert.match(String(info['endpoint']), /^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new LambdaClient({
        endpoint: String(info['endpoint']),
        region: 'us-east-1',
        credentials: { accessKeyId: String(info['accessKeyId']), secretAccessKey: String(info['secretAccessKey']) },
      });
      for await (const page of paginateListFunctions({ client }, {})) assert.deepEqual(page.Functions, []);
      client.destroy();
      child.kill('SIGINT');
      assert.equal(await waitExit(child, 8000), 0);
      assert.equal(out.trim().split('\n').length, 1, 'exactly one line on stdout');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses bad flags with a usage message and exit code 2', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [LOCAL_BUNDLE, '--port', '1', '--host', '0.0.0.0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (err += c));
    assert.equal(await waitExit(child, 8000), 2);
    assert.match(err, /loopback/);
  });

  it('prints its usage on stdout and exits 0 for --help', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [LOCAL_BUNDLE, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => (out += c));
    assert.equal(await waitExit(child, 8000), 0);
    assert.match(out, /Usage: lambda-workbench-local --data-dir DIR/);
    assert.match(out, /lambda-workbench-local-source/);
  });

  it('stops when the process given by --parent-pid exits', async () => {
    ensureBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'lwb-parent-'));
    const parent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const child = spawn(process.execPath, [LOCAL_BUNDLE, '--data-dir', dataDir, '--parent-pid', String(parent.pid)], { stdio: ['ignore', 'pipe', 'pipe'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      parent.kill('SIGKILL');
      assert.equal(await waitExit(child, 10000), 0);
    } finally {
      parent.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
