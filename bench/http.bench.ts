// The local HTTP front door (`node dist/local.js start-api`) beside serverless-offline's HTTP emulation
// (serverless v3: v4 needs a login), both measured in this run on this machine:
//   - warm request latency p50/p99 of the same Node handler behind a REST route (GET /hello), measured
//     round-robin (one request to each per round) over keep-alive connections;
//   - start-up of a generated template with 50 functions and 100 routes: process spawn to the first
//     answered request (our goal: ≤ 1 s);
//   - 20 parallel requests to one route: answers and 5xx.
// The peers are installed once into the tool cache (npm ci of bench/peers/http, outside the repository).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freeLoopbackPort, loopbackPortAccepts } from '../src/core/ports';
import { cacheRoot, cleanNpmEnv, installOnce } from '../src/local/executor/tool-cache';
import { ensureBuilt, LOCAL_BUNDLE } from '../test/integration/local/harness';

const ROOT = resolve(__dirname, '..');
const PEER_SPEC = join(ROOT, 'bench/peers/http');
const N_WARM = Number(process.env.BENCH_WARM ?? 300);
const N_STARTUP = Number(process.env.BENCH_STARTUP ?? 3);
const HANDLER =
  "exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok: true, path: event.path }) });\n";
const children: ChildProcess[] = [];
const killGroup = (c: ChildProcess): void => {
  try {
    process.kill(-c.pid!, 'SIGKILL');
  } catch {
    // gone
  }
};
process.on('exit', () => children.forEach(killGroup));
const progress = (msg: string): void => void (process.env.BENCH_VERBOSE && process.stderr.write(`bench/http: ${msg}\n`));

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** serverless + serverless-offline, installed once per lock file into the tool cache. */
async function peers(): Promise<string> {
  const lock = readFileSync(join(PEER_SPEC, 'package-lock.json'));
  const dir = join(cacheRoot(), 'bench-peers', `http-${createHash('sha256').update(lock).digest('hex').slice(0, 12)}`);
  return installOnce(dir, async (tmp) => {
    console.error('bench: installing serverless 3 + serverless-offline into the tool cache (npm ci, once)…');
    copyFileSync(join(PEER_SPEC, 'package.json'), join(tmp, 'package.json'));
    copyFileSync(join(PEER_SPEC, 'package-lock.json'), join(tmp, 'package-lock.json'));
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'], env: cleanNpmEnv() });
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function get(port: number, path: string, keepAlive = true): Promise<number> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path, agent: keepAlive ? agent : false }, (r) => {
      r.resume();
      r.on('end', () => res(r.statusCode!));
      r.on('error', rej);
    });
    req.on('error', rej);
    req.end();
  });
}

async function timedGet(port: number, path: string): Promise<number> {
  const t = performance.now();
  const status = await get(port, path);
  if (status !== 200) throw new Error(`GET ${path} answered ${status}`);
  return performance.now() - t;
}

/** A template (and serverless.yml) with `fns` functions sharing one handler file, two routes each. */
function project(dir: string, fns: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'handler.js'), HANDLER);
  const sam: string[] = ["AWSTemplateFormatVersion: '2010-09-09'", 'Transform: AWS::Serverless-2016-10-31', 'Resources:'];
  const sls: string[] = ['service: bench', "frameworkVersion: '3'", 'provider:', '  name: aws', '  runtime: nodejs20.x', '  region: us-east-1', 'functions:'];
  for (let i = 0; i < fns; i++) {
    const [a, b] = i === 0 ? ['/hello', '/hello2'] : [`/f${i}/a`, `/f${i}/{id}`];
    sam.push(
      `  Fn${i}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: .',
      '      Handler: handler.handler',
      '      Runtime: nodejs20.x',
    );
    sam.push('      Events:', `        A:`, '          Type: Api', `          Properties: { Path: '${a}', Method: get }`, '        B:', '          Type: Api');
    sam.push(`          Properties: { Path: '${b}', Method: post }`);
    sls.push(
      `  fn${i}:`,
      '    handler: handler.handler',
      '    events:',
      `      - http: { path: '${a.slice(1)}', method: get }`,
      `      - http: { path: '${b.slice(1)}', method: post }`,
    );
  }
  writeFileSync(join(dir, 'template.yaml'), sam.join('\n') + '\n');
  writeFileSync(join(dir, 'serverless.yml'), sls.join('\n') + '\n');
}

interface Running {
  port: number;
  stop(): void;
}

/** Ours: the real CLI, as a user runs it; resolves once the first request answered, with the time it took. */
async function startOurs(dir: string): Promise<{ run: Running; firstAnswerMs: number }> {
  const t0 = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'lw-bench-http-data-'));
  const child = spawn(process.execPath, [LOCAL_BUNDLE, 'start-api', '-t', join(dir, 'template.yaml'), '-p', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
  const endpoint = await new Promise<string>((res, rej) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) res((JSON.parse(out.slice(0, nl)) as { endpoint: string }).endpoint);
    });
    child.once('exit', (code) => rej(new Error(`start-api exited (${code}): ${err}`)));
  });
  const port = Number(new URL(endpoint).port);
  const status = await get(port, '/hello', false);
  if (status !== 200) throw new Error(`first request answered ${status}: ${err}`);
  const firstAnswerMs = performance.now() - t0;
  return {
    firstAnswerMs,
    run: {
      port,
      stop: () => {
        killGroup(child);
        rmSync(dataDir, { recursive: true, force: true });
      },
    },
  };
}

async function startOffline(dir: string, peerDir: string): Promise<{ run: Running; firstAnswerMs: number }> {
  const [httpPort, lambdaPort, wsPort] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
  const yml = readFileSync(join(dir, 'serverless.yml'), 'utf8').replace(/\ncustom:[\s\S]*$/, '');
  writeFileSync(
    join(dir, 'serverless.yml'),
    `${yml}plugins:\n  - serverless-offline\ncustom:\n  serverless-offline:\n    httpPort: ${httpPort}\n    lambdaPort: ${lambdaPort}\n    websocketPort: ${wsPort}\n    noPrependStageInUrl: true\n`,
  );
  rmSync(join(dir, 'node_modules'), { force: true });
  symlinkSync(join(peerDir, 'node_modules'), join(dir, 'node_modules'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(peerDir, 'node_modules/serverless/bin/serverless.js'), 'offline', 'start'], {
    cwd: dir,
    // Offline, quiet, dummy keys: it must not reach the network or the user's AWS config.
    env: {
      ...process.env,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      SLS_DEPRECATION_DISABLE: '*',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      HOME: dir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-2000)));
  child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-2000)));
  while (!(await loopbackPortAccepts(httpPort))) {
    if (child.exitCode !== null || performance.now() - t0 > 120_000) throw new Error(`serverless offline did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const status = await get(httpPort, '/hello', false);
  if (status !== 200) throw new Error(`serverless-offline's first request answered ${status}: ${out}`);
  return { firstAnswerMs: performance.now() - t0, run: { port: httpPort, stop: () => killGroup(child) } };
}

async function parallel(port: number, n: number): Promise<{ answers: number; fiveXX: number; errors: number }> {
  const results = await Promise.allSettled(Array.from({ length: n }, () => get(port, '/hello', false)));
  let answers = 0;
  let fiveXX = 0;
  for (const r of results) {
    if (r.status !== 'fulfilled') continue;
    answers++;
    if (r.value >= 500) fiveXX++;
  }
  return { answers, fiveXX, errors: n - answers };
}

async function main(): Promise<void> {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
  ensureBuilt();
  let peerDir: string | undefined;
  let peerError = '';
  try {
    peerDir = await peers();
  } catch (e) {
    peerError = `could not install serverless-offline: ${(e as Error).message.split('\n')[0]}`;
  }
  const root = mkdtempSync(join(tmpdir(), 'lw-bench-http-'));
  try {
    // Start-up: 50 functions, 100 routes, spawn to first answer (fresh project folder each time).
    const startOursMs: number[] = [];
    const startPeerMs: number[] = [];
    for (let i = 0; i < N_STARTUP; i++) {
      progress(`start-up round ${i}`);
      const d = join(root, `big-${i}`);
      project(d, 50);
      const ours = await startOurs(d);
      startOursMs.push(ours.firstAnswerMs);
      ours.run.stop();
      if (peerDir) {
        try {
          const peer = await startOffline(d, peerDir);
          startPeerMs.push(peer.firstAnswerMs);
          peer.run.stop();
        } catch (e) {
          peerError = (e as Error).message.split('\n')[0]!;
        }
      }
    }
    // Warm latency and parallel requests on a one-function project.
    const small = join(root, 'small');
    project(small, 1);
    const ours = (await startOurs(small)).run;
    const peer =
      peerDir && !peerError ? (await startOffline(small, peerDir).catch((e: Error) => ((peerError = e.message.split('\n')[0]!), undefined)))?.run : undefined;
    const systems = [
      { name: 'start-api (ours)', run: ours, ms: [] as number[] },
      ...(peer ? [{ name: 'serverless-offline 13 (serverless v3)', run: peer, ms: [] as number[] }] : []),
    ];
    for (const s of systems) for (let i = 0; i < 20; i++) await timedGet(s.run.port, '/hello');
    progress('warm rounds');
    for (let i = 0; i < N_WARM; i++) for (const s of systems) s.ms.push(await timedGet(s.run.port, '/hello'));
    const par = [];
    for (const s of systems) par.push({ name: s.name, ...(await parallel(s.run.port, 20)) });
    for (const s of systems) s.run.stop();

    const base = systems[0]!;
    const p50 = (s: (typeof systems)[number]): number => quantile(s.ms, 0.5);
    const p99 = (s: (typeof systems)[number]): number => quantile(s.ms, 0.99);
    // Process-based environments pay a scheduler wake-up per hop: a busy machine weighs on them most.
    console.log(`Machine: ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the end of the run.\n`);
    console.log(`Warm request latency: GET /hello → REST route → the same Node handler; ${N_WARM} requests each, round-robin, keep-alive.\n`);
    console.log('| system | p50 ms | p99 ms | p50 ratio vs ours |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const s of systems) console.log(`| ${s.name} | ${p50(s).toFixed(2)} | ${p99(s).toFixed(2)} | ${(p50(s) / p50(base)).toFixed(2)}× |`);
    const med = (xs: number[]): number => quantile(xs, 0.5);
    console.log(
      `\nStart-up: a template with 50 functions and 100 routes, process spawn to the first answered request (median of ${N_STARTUP}; goal ≤ 1000 ms).\n`,
    );
    console.log('| system | median ms | all runs ms | ratio vs ours |');
    console.log('| --- | ---: | --- | ---: |');
    console.log(`| start-api (ours) | ${med(startOursMs).toFixed(0)} | ${startOursMs.map((x) => x.toFixed(0)).join(', ')} | 1.00× |`);
    if (startPeerMs.length)
      console.log(
        `| serverless-offline 13 (serverless v3) | ${med(startPeerMs).toFixed(0)} | ${startPeerMs.map((x) => x.toFixed(0)).join(', ')} | ${(med(startPeerMs) / med(startOursMs)).toFixed(2)}× |`,
      );
    console.log('\nConcurrency: 20 parallel requests to one route (new connections).\n');
    console.log('| system | answers | 5xx | connection errors |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const p of par) console.log(`| ${p.name} | ${p.answers}/20 | ${p.fiveXX} | ${p.errors} |`);
    if (peerError) console.log(`\nserverless-offline: ${peerError}`);
  } finally {
    children.forEach(killGroup);
    agent.destroy();
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
