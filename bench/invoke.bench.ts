// Invoke latency of the embedded local service beside the tools people use to run Lambda functions
// locally, all measured in this run on this machine: the cold first invoke of a fresh function and
// the warm median / p99, for node and python, with the `node -e 0` spawn as the floor no process-based
// runner can beat. Ours is measured through the unmodified SDK (SigV4, HTTP, the front, the
// executor); each peer through its own most direct interface, named in the table.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2, type Runtime } from '@aws-sdk/client-lambda';
import { startLocal } from '../test/integration/local/harness';
import { randomUUID } from 'node:crypto';
import { createExecutor } from '../src/local/executor';
import type { ResolvedFunction } from '../src/local/contracts';
import { makeZip } from '../test/integration/local/zip';

const ROOT = resolve(__dirname, '..');
const PEERS = join(ROOT, 'bench/peers/invoke');
const N_COLD = Number(process.env.BENCH_COLD ?? 5);
const N_WARM = Number(process.env.BENCH_WARM ?? 200);
const NODE_HANDLER = 'exports.handler = async (event) => ({ ok: true, echo: event });\n';
const PY_HANDLER = 'def handler(event, context):\n    return {"ok": True, "echo": event}\n';
const EVENT = { hello: 'world', n: 1 };

interface Row {
  system: string;
  runtime: 'node' | 'python';
  via: string;
  cold?: number[];
  warm?: number[];
  note?: string;
}

const rows: Row[] = [];
const median = (xs: number[]): number => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
const now = (): number => performance.now();
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = now();
  await fn();
  return now() - t;
}

function ensurePeers(): void {
  const want = ['lambda-local', '@vercel/fun', 'serverless', 'serverless-offline'];
  if (want.every((p) => existsSync(join(PEERS, 'node_modules', p, 'package.json')))) return;
  console.error('bench: installing peers into bench/peers/invoke (npm, once)…');
  execFileSync('flock', ['/tmp/npm.lock', 'npm', 'install', '--no-audit', '--no-fund', '--prefix', PEERS], { cwd: ROOT, stdio: 'inherit' });
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => res(p));
    });
  });
}

function spawnFloor(cmd: string, args: string[], n = 20): Promise<number[]> {
  const one = (): Promise<number> =>
    new Promise((res, rej) => {
      const t = now();
      const c = spawn(cmd, args, { stdio: 'ignore' });
      c.once('error', rej);
      c.once('exit', () => res(now() - t));
    });
  return (async () => {
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push(await one());
    return xs;
  })();
}

function realPython(): string {
  return execFileSync('python3', ['-c', 'import sys;print(sys.executable)'], { encoding: 'utf8' }).trim();
}

// ---------------------------------------------------------------------------------------------
// Ours: dist/local.js through @aws-sdk/client-lambda

async function benchOurs(): Promise<void> {
  const h = await startLocal({ maxAttempts: 1 });
  try {
    const role = 'arn:aws:iam::000000000000:role/bench';
    const specs = [
      { runtime: 'node' as const, Runtime: 'nodejs20.x', Handler: 'index.handler', files: { 'index.js': NODE_HANDLER } },
      { runtime: 'python' as const, Runtime: 'python3.12', Handler: 'app.handler', files: { 'app.py': PY_HANDLER } },
    ];
    for (const s of specs) {
      const zip = await makeZip(s.files);
      const create = async (name: string): Promise<void> => {
        await h.lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: s.Runtime as Runtime, Handler: s.Handler, Role: role, Code: { ZipFile: zip } }));
        await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 30 }, { FunctionName: name });
      };
      const invoke = (name: string) => async (): Promise<void> => {
        const r = await h.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(EVENT)) }));
        if (r.FunctionError) throw new Error(`ours ${s.runtime}: ${Buffer.from(r.Payload ?? []).toString()}`);
      };
      const cold: number[] = [];
      for (let i = 0; i < N_COLD; i++) {
        await create(`cold-${s.runtime}-${i}`);
        cold.push(await timed(invoke(`cold-${s.runtime}-${i}`)));
      }
      await create(`warm-${s.runtime}`);
      await invoke(`warm-${s.runtime}`)();
      const warm: number[] = [];
      for (let i = 0; i < N_WARM; i++) warm.push(await timed(invoke(`warm-${s.runtime}`)));
      rows.push({ system: '**Lambda Workbench**', runtime: s.runtime, via: 'SDK Invoke → dist/local.js', cold, warm });
    }
  } finally {
    await h.stop();
  }
}

// Ours without the HTTP front and the SDK: the executor's own API, the like-for-like comparison with
// @vercel/fun's JS API.
async function benchExecutor(dir: string): Promise<void> {
  const executor = createExecutor({ region: 'us-east-1', accountId: '000000000000', workDir: join(dir, 'exec-work'), logSink: { append: () => undefined }, accountConcurrency: 1000 });
  try {
    const specs = [
      { runtime: 'node' as const, Runtime: 'nodejs20.x', Handler: 'index.handler', file: ['index.js', NODE_HANDLER] },
      { runtime: 'python' as const, Runtime: 'python3.12', Handler: 'app.handler', file: ['app.py', PY_HANDLER] },
    ];
    for (const s of specs) {
      const code = join(dir, `exec-${s.runtime}`);
      mkdirSync(code, { recursive: true });
      writeFileSync(join(code, s.file[0]), s.file[1]);
      const fn = (name: string): ResolvedFunction => ({
        functionName: name, functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`, version: '$LATEST', runtime: s.Runtime, handler: s.Handler,
        codeDir: code, sourceMode: false, layerDirs: [], memorySize: 128, timeout: 10, environment: {}, logGroup: `/aws/lambda/${name}`, logFormat: 'Text',
        architectures: ['x86_64'], revisionId: 'r', codeSha256: 'x',
      });
      const payload = Buffer.from(JSON.stringify(EVENT));
      const invoke = (f: ResolvedFunction) => async (): Promise<void> => {
        const r = await executor.invoke({ fn: f, payload, invocationType: 'RequestResponse', logTail: false, requestId: randomUUID() });
        if (r.functionError) throw new Error(`executor ${s.runtime}: ${r.payload.toString()}`);
      };
      const cold: number[] = [];
      for (let i = 0; i < N_COLD; i++) cold.push(await timed(invoke(fn(`cold-${i}-${s.runtime}`))));
      const warmFn = fn(`warm-${s.runtime}`);
      await invoke(warmFn)();
      const warm: number[] = [];
      for (let i = 0; i < N_WARM; i++) warm.push(await timed(invoke(warmFn)));
      rows.push({ system: 'Lambda Workbench executor', runtime: s.runtime, via: 'its JS API (createExecutor / invoke)', cold, warm, note: 'like for like with @vercel/fun' });
    }
  } finally {
    await executor.shutdown();
  }
}

// ---------------------------------------------------------------------------------------------
// lambda-local: node only, runs the handler inside its own process; measured through its HTTP
// (watch) mode so a request crosses a socket as ours does.

async function benchLambdaLocal(dir: string): Promise<void> {
  writeFileSync(join(dir, 'll.js'), NODE_HANDLER);
  const cli = join(PEERS, 'node_modules/lambda-local/build/cli.js');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const post = (port: number) => (): Promise<void> =>
    new Promise((res, rej) => {
      const body = JSON.stringify({ event: EVENT });
      const r = request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (m) => {
        m.resume();
        m.on('end', () => (m.statusCode === 200 ? res() : rej(new Error(`lambda-local: HTTP ${m.statusCode}`))));
      });
      r.on('error', rej);
      r.end(body);
    });
  const start = async (): Promise<{ port: number; child: ChildProcess }> => {
    const port = await freePort();
    const child = spawn(process.execPath, [cli, '-l', join(dir, 'll.js'), '-h', 'handler', '-W', String(port), '--verboselevel', '0'], { stdio: 'ignore', cwd: dir });
    for (let i = 0; i < 200; i++) {
      if (await canConnect(port)) return { port, child };
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    throw new Error('lambda-local did not listen');
  };
  const cold: number[] = [];
  for (let i = 0; i < N_COLD; i++) {
    const { port, child } = await start();
    cold.push(await timed(post(port)));
    child.kill('SIGKILL');
  }
  const { port, child } = await start();
  try {
    await post(port)();
    const warm: number[] = [];
    for (let i = 0; i < N_WARM; i++) warm.push(await timed(post(port)));
    rows.push({ system: 'lambda-local 2.2', runtime: 'node', via: 'its HTTP watch mode', cold, warm, note: 'runs the handler in its own process (no isolation): its cold start is a require()' });
  } finally {
    child.kill('SIGKILL');
    agent.destroy();
  }
  rows.push({ system: 'lambda-local 2.2', runtime: 'python', via: '-', note: 'cannot run: node handlers only' });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
  });
}

// ---------------------------------------------------------------------------------------------
// @vercel/fun: a library with its own Runtime API and child processes; measured through its JS API.

async function benchFun(dir: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fun = require(join(PEERS, 'node_modules/@vercel/fun')) as {
    createFunction(p: Record<string, unknown>): Promise<{ invoke(p: Record<string, unknown>): Promise<{ FunctionError?: string; Payload: unknown }>; destroy(): Promise<void> }>;
  };
  const specs = [
    { runtime: 'node' as const, Runtime: 'nodejs', Handler: 'index.handler', file: ['index.js', NODE_HANDLER] },
    { runtime: 'python' as const, Runtime: 'python3', Handler: 'app.handler', file: ['app.py', PY_HANDLER] },
  ];
  for (const s of specs) {
    const code = join(dir, `fun-${s.runtime}`);
    mkdirSync(code, { recursive: true });
    writeFileSync(join(code, s.file[0]), s.file[1]);
    try {
      const make = (): Promise<Awaited<ReturnType<typeof fun.createFunction>>> => fun.createFunction({ FunctionName: `f-${s.runtime}`, Code: { Directory: code }, Handler: s.Handler, Runtime: s.Runtime, MemorySize: 128, Timeout: 10 });
      const invoke = (f: Awaited<ReturnType<typeof fun.createFunction>>) => async (): Promise<void> => {
        const r = await f.invoke({ InvocationType: 'RequestResponse', Payload: JSON.stringify(EVENT) });
        if (r.FunctionError) throw new Error(`fun ${s.runtime}: ${String(r.Payload)}`);
      };
      const cold: number[] = [];
      for (let i = 0; i < N_COLD; i++) {
        const f = await make();
        cold.push(await timed(invoke(f)));
        await f.destroy();
      }
      const f = await make();
      await invoke(f)();
      const warm: number[] = [];
      for (let i = 0; i < N_WARM; i++) warm.push(await timed(invoke(f)));
      await f.destroy();
      rows.push({ system: '@vercel/fun 1.3', runtime: s.runtime, via: 'its JS API (createFunction / invoke)', cold, warm });
    } catch (e) {
      rows.push({ system: '@vercel/fun 1.3', runtime: s.runtime, via: 'its JS API', note: `cannot run here: ${(e as Error).message.split('\n')[0]}` });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// serverless-offline 13 with the serverless v3 framework: its Lambda invoke endpoint, through the SDK.

async function benchServerlessOffline(dir: string): Promise<void> {
  const [lambdaPort, httpPort, wsPort] = [await freePort(), await freePort(), await freePort()];
  const fns: string[] = [];
  for (let i = 0; i <= N_COLD; i++) fns.push(`  node${i}:\n    handler: handler.handler\n  py${i}:\n    handler: app.handler\n    runtime: python3.11\n`);
  writeFileSync(
    join(dir, 'serverless.yml'),
    `service: bench\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  region: us-east-1\nfunctions:\n${fns.join('')}plugins:\n  - serverless-offline\ncustom:\n  serverless-offline:\n    lambdaPort: ${lambdaPort}\n    httpPort: ${httpPort}\n    websocketPort: ${wsPort}\n    noPrependStageInUrl: true\n`,
  );
  writeFileSync(join(dir, 'handler.js'), NODE_HANDLER);
  writeFileSync(join(dir, 'app.py'), PY_HANDLER);
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(PEERS, 'node_modules'), join(dir, 'node_modules'));
  const env = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    HOME: dir,
  };
  const child = spawn(process.execPath, [join(PEERS, 'node_modules/serverless/bin/serverless.js'), 'offline', 'start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const client = new LambdaClient({ endpoint: `http://127.0.0.1:${lambdaPort}`, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  try {
    const t0 = Date.now();
    while (!(await canConnect(lambdaPort))) {
      if (Date.now() - t0 > 60_000 || child.exitCode !== null) throw new Error(`serverless offline did not start: ${out.slice(-400)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const invoke = (name: string) => async (): Promise<void> => {
      const r = await client.send(new InvokeCommand({ FunctionName: `bench-dev-${name}`, Payload: Buffer.from(JSON.stringify(EVENT)) }));
      if (r.FunctionError) throw new Error(`serverless-offline ${name}: ${Buffer.from(r.Payload ?? []).toString()}`);
    };
    for (const rt of ['node', 'py'] as const) {
      const cold: number[] = [];
      for (let i = 1; i <= N_COLD; i++) cold.push(await timed(invoke(`${rt}${i}`)));
      await invoke(`${rt}0`)();
      const warm: number[] = [];
      for (let i = 0; i < N_WARM; i++) warm.push(await timed(invoke(`${rt}0`)));
      rows.push({ system: 'serverless-offline 13 (serverless v3)', runtime: rt === 'node' ? 'node' : 'python', via: 'SDK Invoke → its Lambda endpoint', cold, warm, note: rt === 'node' ? 'node handlers run in worker threads of its own process' : undefined });
    }
  } catch (e) {
    for (const rt of ['node', 'python'] as const) if (!rows.some((r) => r.system.startsWith('serverless-offline') && r.runtime === rt)) rows.push({ system: 'serverless-offline 13 (serverless v3)', runtime: rt, via: '-', note: `cannot run here: ${(e as Error).message.split('\n')[0]}` });
  } finally {
    client.destroy();
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

// ---------------------------------------------------------------------------------------------

function printTable(floorNode: number, floorPy: number): void {
  const f = (n?: number): string => (n === undefined ? '–' : n.toFixed(1));
  const oursWarm = (rt: string): number | undefined => {
    const r = rows.find((x) => x.system.includes('Workbench') && x.runtime === rt);
    return r?.warm ? median(r.warm) : undefined;
  };
  console.log(`Machine: ${process.platform} ${process.arch}, node ${process.version}, ${N_COLD} cold samples (median shown), ${N_WARM} warm invokes.\n`);
  console.log('| system | runtime | measured through | cold first invoke ms | cold ÷ `node -e 0` | warm median ms | warm p99 ms | warm median ÷ ours | note |');
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  console.log(`| \`node -e 0\` spawn (floor) | – | spawn + exit | ${f(floorNode)} | 1.00 | – | – | – | no process-based runner can start faster |`);
  console.log(`| \`python3 -c 0\` spawn | – | spawn + exit | ${f(floorPy)} | ${(floorPy / floorNode).toFixed(2)} | – | – | – | python's own floor |`);
  for (const r of rows) {
    const cold = r.cold ? median(r.cold) : undefined;
    const warm = r.warm ? median(r.warm) : undefined;
    const ours = oursWarm(r.runtime);
    console.log(
      `| ${r.system} | ${r.runtime} | ${r.via} | ${f(cold)} | ${cold === undefined ? '–' : (cold / floorNode).toFixed(2)} | ${f(warm)} | ${f(r.warm ? quantile(r.warm, 0.99) : undefined)} | ${warm !== undefined && ours ? (warm / ours).toFixed(2) : '–'} | ${r.note ?? ''} |`,
    );
  }
}

async function main(): Promise<void> {
  ensurePeers();
  const floorNode = median(await spawnFloor(process.execPath, ['-e', '0']));
  const floorPy = median(await spawnFloor(realPython(), ['-c', '0']));
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-invoke-'));
  try {
    await benchOurs();
    await benchExecutor(dir);
    await benchLambdaLocal(dir);
    await benchFun(dir);
    await benchServerlessOffline(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(floorNode, floorPy);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
