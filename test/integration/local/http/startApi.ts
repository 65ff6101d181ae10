// Starts `node --import tsx src/local/main.ts start-api` on a copy of a fixture folder (tests edit
// their copy), waits for its JSON line and hands back the endpoint, stderr and a stop().
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalApiInfo } from '../../../../src/contract/localApi';

export const ROOT = resolve(__dirname, '../../../..');
export const FIXTURES = join(ROOT, 'test/fixtures/start-api-server');

export interface StartedApi {
  info: LocalApiInfo;
  dir: string;
  stderr(): string;
  stop(): Promise<number | null>;
}

export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'start-api-test-'));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Runs start-api with args (cwd ROOT) and resolves with what it printed once it exited. */
export function runStartApi(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/local/main.ts', 'start-api', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

export async function startApi(dir: string, args: string[] = []): Promise<StartedApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'start-api-data-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/local/main.ts', 'start-api', '-t', join(dir, 'template.yaml'), '-p', '0', '--data-dir', dataDir, ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const info = await new Promise<LocalApiInfo>((resolveInfo, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolveInfo(JSON.parse(out.slice(0, nl)) as LocalApiInfo);
    });
    void exited.then((code) => reject(new Error(`start-api exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    info,
    dir,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request with full control of the headers (fetch cannot set Host). */
export function request(endpoint: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<RawResponse> {
  const url = new URL(path, endpoint);
  return new Promise((done, fail) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** Polls until check() is true (each attempt a real request), failing after `attempts` tries. */
export async function until(check: () => Promise<boolean>, what: string, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
