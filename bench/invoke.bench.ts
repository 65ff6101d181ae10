// Invoke latency of the embedded local service beside the tools people use to run Lambda functions
// locally, all measured in this run on this machine: the cold first invoke of a fresh function and
// the warm median / p99, for node, python, ruby and java (java's first cold start, which compiles our
// runtime client once per machine, apart), with the `node -e 0` spawn as the floor no process-based
// runner can beat. Ours is measured through the unmodified SDK (SigV4, HTTP, the front, the
// executor) and through the executor's own API; each peer through its most direct interface, named
// in the table. Every system is set up first, then measured round-robin (one sample of each per
// round, the spawn floor included), so a busy shared machine weighs on all of them alike.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { freeLoopbackPort, loopbackPortAccepts } from '../src/core/ports';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2, type Runtime } from '@aws-sdk/client-lambda';
import type { Executor, ResolvedFunction } from '../src/local/seams';
import { createExecutor } from '../src/local/executor';
import { startLocal, type LocalHarness } from '../test/integration/local/harness';
import { makeZip } from '../test/integration/local/zip';
import { cleanNpmEnv } from '../test/e2e/env';
import { buildJava, JAVA_HANDLER_NAME, missing, RB_HANDLER } from './invoke-runtimes';

const ROOT = resolve(__dirname, '..');
const PEERS = join(ROOT, 'bench/peers/invoke');
const N_COLD = Number(process.env.BENCH_COLD ?? 7);
const N_WARM = Number(process.env.BENCH_WARM ?? 200);
const NODE_HANDLER = 'exports.handler = async (event) => ({ ok: true, echo: event });\n';
const PY_HANDLER = 'def handler(event, context):\n    return {"ok": True, "echo": event}\n';
const EVENT = { hello: 'world', n: 1 };
const PAYLOAD = Buffer.from(JSON.stringify(EVENT));

type Rt = 'node' | 'python' | 'ruby' | 'java';
let javaBuild: ReturnType<typeof buildJava> | undefined;
const java = (dir: string): ReturnType<typeof buildJava> => (javaBuild ??= buildJava(join(dir, 'java')));

/** One system x runtime under measurement. */
interface Subject {
  system: string;
  runtime: Rt;
  via: string;
  note?: string;
  /** One cold first invoke of a function never invoked before (i: round). */
  cold?: (i: number) => Promise<number>;
  warm?: () => Promise<void>;
  /** Runs once before the warm rounds (not timed). */
  beforeWarm?: () => Promise<void>;
  coldMs: number[];
  warmMs: number[];
  /** Set when the system cannot run here: why. */
  unavailable?: string;
}

const subjects: Subject[] = [];
/** Children killed on any exit, even an interrupted one: peers must never outlive the bench. */
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of children) {
    try {
      if (c.exitCode === null) c.kill('SIGKILL');
    } catch {
      // gone
    }
  }
});
const progress = (msg: string): void =>
  void (process.env.BENCH_VERBOSE && process.stderr.write(`bench/invoke ${new Date().toISOString().slice(11, 23)}: ${msg}\n`));
const cleanups: (() => Promise<void> | void)[] = [];

function subject(s: Omit<Subject, 'coldMs' | 'warmMs'>): Subject {
  const full = { ...s, coldMs: [], warmMs: [] };
  subjects.push(full);
  return full;
}

const median = (xs: number[]): number => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** A peer that stops answering must not stall the whole run. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

function ensurePeers(): void {
  const want = ['lambda-local', '@vercel/fun', 'serverless', 'serverless-offline'];
  if (want.every((p) => existsSync(join(PEERS, 'node_modules', p, 'package.json')))) return;
  console.error('bench: installing peers into bench/peers/invoke (npm, once)…');
  execFileSync('flock', ['/tmp/npm.lock', 'npm', 'install', '--no-audit', '--no-fund', '--prefix', PEERS], { cwd: ROOT, stdio: 'inherit', env: cleanNpmEnv() });
}

async function waitForPort(port: number, child: ChildProcess, what: string, out: () => string): Promise<void> {
  const t0 = Date.now();
  while (!(await loopbackPortAccepts(port))) {
    if (Date.now() - t0 > 60_000 || child.exitCode !== null) throw new Error(`${what} did not start: ${out().slice(-300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function spawnOnce(cmd: string, args: string[]): Promise<number> {
  return new Promise((res, rej) => {
    const t = performance.now();
    const c = spawn(cmd, args, { stdio: 'ignore' });
    c.once('error', rej);
    c.once('exit', () => res(performance.now() - t));
  });
}

// ---------------------------------------------------------------------------------------------
// Ours through the SDK: dist/local.js and @aws-sdk/client-lambda, as any SDK user sees it.

async function setupOurs(_dir: string): Promise<void> {
  const h: LocalHarness = await startLocal({ maxAttempts: 1 });
  cleanups.push(async () => void (await h.stop()));
  const role = 'arn:aws:iam::000000000000:role/bench';
  const specs: { runtime: Rt; Runtime: string; Handler: string; files: () => Record<string, string | Buffer> }[] = [
    { runtime: 'node' as const, Runtime: 'nodejs20.x', Handler: 'index.handler', files: () => ({ 'index.js': NODE_HANDLER }) },
    { runtime: 'python' as const, Runtime: 'python3.12', Handler: 'app.handler', files: () => ({ 'app.py': PY_HANDLER }) },
    { runtime: 'ruby' as const, Runtime: 'ruby3.3', Handler: 'app.handler', files: () => ({ 'app.rb': RB_HANDLER }) },
    { runtime: 'java' as const, Runtime: 'java17', Handler: JAVA_HANDLER_NAME, files: () => java(_dir).files },
  ];
  for (const s of specs) {
    const why = s.runtime === 'ruby' || s.runtime === 'java' ? missing(s.runtime) : undefined;
    if (why) {
      subject({ system: '**Lambda Workbench**', runtime: s.runtime, via: 'SDK Invoke → dist/local.js', unavailable: why });
      continue;
    }
    const zip = await makeZip(s.files());
    const create = async (name: string): Promise<void> => {
      await h.lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: s.Runtime as Runtime,
          Handler: s.Handler,
          Role: role,
          Code: { ZipFile: zip },
          MemorySize: 256,
        }),
      );
      await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 30 }, { FunctionName: name });
    };
    const invoke = async (name: string): Promise<void> => {
      const r = await h.lambda.send(new InvokeCommand({ FunctionName: name, Payload: PAYLOAD }));
      const text = Buffer.from(r.Payload ?? []).toString();
      if (r.FunctionError || !/"ok":\s*true/.test(text)) throw new Error(`ours ${s.runtime}: ${text}`);
    };
    for (let i = 0; i < N_COLD; i++) await create(`cold-${s.runtime}-${i}`);
    await create(`warm-${s.runtime}`);
    await invoke(`warm-${s.runtime}`);
    subject({
      system: '**Lambda Workbench**',
      runtime: s.runtime,
      via: 'SDK Invoke → dist/local.js',
      cold: (i) => timed(() => invoke(`cold-${s.runtime}-${i}`)),
      warm: () => invoke(`warm-${s.runtime}`),
    });
  }
}

// Ours without the HTTP front and the SDK: the executor's own API, like for like with @vercel/fun's.
async function setupExecutor(dir: string): Promise<void> {
  const executor: Executor = createExecutor({
    region: 'us-east-1',
    accountId: '000000000000',
    workDir: join(dir, 'exec-work'),
    logSink: { append: () => undefined },
    accountConcurrency: 1000,
  });
  cleanups.push(() => executor.shutdown());
  const specs = [
    { runtime: 'node' as const, Runtime: 'nodejs20.x', Handler: 'index.handler', file: ['index.js', NODE_HANDLER] },
    { runtime: 'python' as const, Runtime: 'python3.12', Handler: 'app.handler', file: ['app.py', PY_HANDLER] },
    { runtime: 'ruby' as const, Runtime: 'ruby3.3', Handler: 'app.handler', file: ['app.rb', RB_HANDLER] },
    { runtime: 'java' as const, Runtime: 'java17', Handler: JAVA_HANDLER_NAME, file: [] },
  ];
  for (const s of specs) {
    const why = s.runtime === 'ruby' || s.runtime === 'java' ? missing(s.runtime) : undefined;
    if (why) {
      subject({ system: 'Lambda Workbench executor', runtime: s.runtime, via: 'its JS API', unavailable: why });
      continue;
    }
    const code = s.runtime === 'java' ? java(dir).classes : join(dir, `exec-${s.runtime}`);
    mkdirSync(code, { recursive: true });
    if (s.file[0]) writeFileSync(join(code, s.file[0]), s.file[1]!);
    const fn = (name: string): ResolvedFunction => ({
      functionName: name,
      functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      version: '$LATEST',
      runtime: s.Runtime,
      handler: s.Handler,
      codeDir: code,
      sourceMode: false,
      layerDirs: [],
      memorySize: 256,
      timeout: 10,
      environment: {},
      logGroup: `/aws/lambda/${name}`,
      logFormat: 'Text',
      architectures: ['x86_64'],
      revisionId: 'r',
      codeSha256: 'x',
    });
    const invoke = async (f: ResolvedFunction): Promise<void> => {
      const r = await executor.invoke({ fn: f, payload: PAYLOAD, invocationType: 'RequestResponse', logTail: false, requestId: randomUUID() });
      if (r.functionError) throw new Error(`executor ${s.runtime}: ${r.payload.toString()}`);
    };
    const warmFn = fn(`warm-${s.runtime}`);
    await invoke(warmFn);
    subject({
      system: 'Lambda Workbench executor',
      runtime: s.runtime,
      via: 'its JS API (createExecutor / invoke)',
      note: 'like for like with @vercel/fun',
      cold: (i) => timed(() => invoke(fn(`cold-${i}-${s.runtime}`))),
      warm: () => invoke(warmFn),
    });
    if (s.runtime !== 'java') continue;
    // A machine's first java cold start also compiles our runtime client: an empty cache each sample.
    subject({
      system: 'Lambda Workbench executor',
      runtime: 'java',
      via: 'its JS API, empty runtime-client cache',
      note: "a machine's first java cold start: includes compiling the runtime client with javac (once per machine and JDK)",
      cold: async (i) => {
        const saved = process.env.LAMBDA_WORKBENCH_CACHE;
        process.env.LAMBDA_WORKBENCH_CACHE = join(dir, `java-cache-${i}`);
        try {
          return await timed(() => invoke(fn(`cold-compile-${i}-java`)));
        } finally {
          if (saved === undefined) delete process.env.LAMBDA_WORKBENCH_CACHE;
          else process.env.LAMBDA_WORKBENCH_CACHE = saved;
        }
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// lambda-local: node only, runs the handler inside its own process; measured through its HTTP
// (watch) mode so a request crosses a socket as ours does. A cold sample is the first request to a
// fresh lambda-local process (started beforehand, not timed).

async function setupLambdaLocal(dir: string): Promise<void> {
  writeFileSync(join(dir, 'll.js'), NODE_HANDLER);
  const cli = join(PEERS, 'node_modules/lambda-local/build/cli.js');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  cleanups.push(() => agent.destroy());
  const post = (port: number, a: Agent | false): Promise<void> =>
    new Promise((res, rej) => {
      const body = JSON.stringify({ event: EVENT });
      const r = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/',
          agent: a,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (m) => {
          m.resume();
          m.on('end', () => (m.statusCode === 200 ? res() : rej(new Error(`lambda-local: HTTP ${m.statusCode}`))));
        },
      );
      r.on('error', rej);
      r.end(body);
    });
  const start = async (): Promise<number> => {
    const port = await freeLoopbackPort();
    const child = spawn(process.execPath, [cli, '-l', join(dir, 'll.js'), '-h', 'handler', '-W', String(port), '--verboselevel', '0'], {
      stdio: 'ignore',
      cwd: dir,
    });
    children.push(child);
    await waitForPort(port, child, 'lambda-local', () => '');
    return port;
  };
  const coldPorts: number[] = [];
  for (let i = 0; i < N_COLD; i++) coldPorts.push(await start());
  const warmPort = await start();
  await post(warmPort, agent);
  subject({
    system: 'lambda-local 2.2',
    runtime: 'node',
    via: 'its HTTP watch mode',
    note: 'runs handlers inside its own process (no isolation, no timeout kill): its cold start is a require()',
    cold: (i) => timed(() => post(coldPorts[i], false)),
    warm: () => post(warmPort, agent),
  });
  subject({ system: 'lambda-local 2.2', runtime: 'python', via: '–', unavailable: 'cannot run python: node handlers only' });
}

// ---------------------------------------------------------------------------------------------
// @vercel/fun: a library with its own Runtime API and child processes; measured through its JS API.

interface FunFunction {
  invoke(p: Record<string, unknown>): Promise<{ FunctionError?: string; Payload: unknown }>;
  destroy(): Promise<void>;
}

async function setupFun(dir: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fun = require(join(PEERS, 'node_modules/@vercel/fun')) as { createFunction(p: Record<string, unknown>): Promise<FunFunction> };
  const specs = [
    { runtime: 'node' as const, Runtime: 'nodejs', Handler: 'index.handler', file: ['index.js', NODE_HANDLER] },
    { runtime: 'python' as const, Runtime: 'python3', Handler: 'app.handler', file: ['app.py', PY_HANDLER] },
  ];
  for (const s of specs) {
    const code = join(dir, `fun-${s.runtime}`);
    mkdirSync(code, { recursive: true });
    writeFileSync(join(code, s.file[0]), s.file[1]);
    try {
      const make = async (): Promise<FunFunction> => {
        const f = await fun.createFunction({
          FunctionName: `f-${s.runtime}`,
          Code: { Directory: code },
          Handler: s.Handler,
          Runtime: s.Runtime,
          MemorySize: 128,
          Timeout: 10,
        });
        cleanups.push(() => f.destroy());
        return f;
      };
      const invoke = async (f: FunFunction): Promise<void> => {
        const r = await f.invoke({ InvocationType: 'RequestResponse', Payload: JSON.stringify(EVENT) });
        if (r.FunctionError) throw new Error(`fun ${s.runtime}: ${String(r.Payload)}`);
      };
      const coldFns: FunFunction[] = [];
      for (let i = 0; i < N_COLD; i++) coldFns.push(await make());
      // Its warm function is made right before the warm rounds: one made at setup stopped answering
      // after sitting idle through the cold rounds (its runtime child reports "socket hang up").
      let warmFn: FunFunction | undefined;
      subject({
        system: '@vercel/fun 1.3',
        runtime: s.runtime,
        via: 'its JS API (createFunction / invoke)',
        note: 'its environments stop answering after ~10 s idle: warm function created just before the warm rounds',
        cold: (i) => timed(() => invoke(coldFns[i])),
        beforeWarm: async () => {
          warmFn = await make();
          await invoke(warmFn);
        },
        warm: () => invoke(warmFn!),
      });
    } catch (e) {
      subject({ system: '@vercel/fun 1.3', runtime: s.runtime, via: 'its JS API', unavailable: `cannot run here: ${(e as Error).message.split('\n')[0]}` });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// serverless-offline 13 with the serverless v3 framework: its Lambda invoke endpoint, through the SDK.

async function setupServerlessOffline(dir: string): Promise<void> {
  const [lambdaPort, httpPort, wsPort] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
  const fns: string[] = [];
  const jar = missing('java') ? undefined : java(dir).jar;
  for (let i = 0; i <= N_COLD; i++) {
    fns.push(
      `  node${i}:\n    handler: handler.handler\n  py${i}:\n    handler: app.handler\n    runtime: python3.11\n  rb${i}:\n    handler: app.handler\n    runtime: ruby3.2\n`,
    );
    if (jar) fns.push(`  jv${i}:\n    handler: ${JAVA_HANDLER_NAME}\n    runtime: java17\n    package:\n      artifact: ${jar}\n`);
  }
  writeFileSync(
    join(dir, 'serverless.yml'),
    `service: bench\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  region: us-east-1\nfunctions:\n${fns.join('')}plugins:\n  - serverless-offline\ncustom:\n  serverless-offline:\n    lambdaPort: ${lambdaPort}\n    httpPort: ${httpPort}\n    websocketPort: ${wsPort}\n    noPrependStageInUrl: true\n`,
  );
  writeFileSync(join(dir, 'handler.js'), NODE_HANDLER);
  writeFileSync(join(dir, 'app.py'), PY_HANDLER);
  writeFileSync(join(dir, 'app.rb'), RB_HANDLER);
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(PEERS, 'node_modules'), join(dir, 'node_modules'));
  // Offline, quiet, and with dummy keys: it must not reach the network or the user's AWS config.
  const env = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    HOME: dir,
  };
  const child = spawn(process.execPath, [join(PEERS, 'node_modules/serverless/bin/serverless.js'), 'offline', 'start'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const killGroup = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  };
  cleanups.push(killGroup);
  // Its own process group outlives us unless killed, even when this bench is interrupted.
  process.once('exit', killGroup);
  const client = new LambdaClient({
    endpoint: `http://127.0.0.1:${lambdaPort}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  cleanups.push(() => client.destroy());
  const invoke = async (name: string): Promise<void> => {
    const r = await client.send(new InvokeCommand({ FunctionName: `bench-dev-${name}`, Payload: PAYLOAD }));
    const text = Buffer.from(r.Payload ?? []).toString();
    if (r.FunctionError) throw new Error(`serverless-offline ${name}: ${text}`);
    // Its java runner answers 200 with an empty payload when the JVM it starts fails: say why.
    if (!/"ok":\s*true/.test(text)) {
      const cause = out
        .split('\n')
        .filter((l) => /Error|Exception/.test(l))
        .pop()
        ?.trim();
      throw new Error(`answered ${JSON.stringify(text.slice(0, 80))} instead of the echo${cause ? `; its log: ${cause.slice(0, 140)}` : ''}`);
    }
  };
  const runtimes = { node: 'node', py: 'python', rb: 'ruby', jv: 'java' } as const;
  let startError: Error | undefined;
  await waitForPort(lambdaPort, child, 'serverless offline', () => out).catch((e: Error) => (startError = e));
  for (const [rt, runtime] of Object.entries(runtimes) as [keyof typeof runtimes, Rt][]) {
    const system = 'serverless-offline 13 (serverless v3)';
    try {
      if (startError) throw startError;
      if (rt === 'jv' && !jar) throw new Error(missing('java'));
      await withTimeout(invoke(`${rt}0`), 60_000);
      subject({
        system,
        runtime,
        via: 'SDK Invoke → its Lambda endpoint',
        // Its Lambda endpoint checks no signature (any or none is accepted); ours verifies SigV4 on
        // every request, about 0.1-0.2 ms of a cold-cache warm invoke on this machine.
        note: `${rt === 'node' ? 'node handlers run in worker threads of its own process; ' : rt === 'rb' ? 'starts ruby for every invoke; ' : ''}accepts unsigned requests (ours verifies SigV4 on each)`,
        cold: (i) => timed(() => invoke(`${rt}${i + 1}`)),
        warm: () => invoke(`${rt}0`),
      });
    } catch (e) {
      subject({ system, runtime, via: '–', unavailable: `cannot run here: ${(e as Error).message.split('\n').find((l) => l.trim()) ?? ''}`.slice(0, 200) });
    }
  }
}

// ---------------------------------------------------------------------------------------------

function printTable(floorNode: number[], floorPy: number[]): void {
  const f = (n?: number): string => (n === undefined ? '–' : n.toFixed(1));
  const node0 = median(floorNode);
  const oursWarm = (rt: Rt): number | undefined => {
    const s = subjects.find((x) => x.system.includes('**Lambda Workbench**') && x.runtime === rt);
    return s?.warmMs.length ? median(s.warmMs) : undefined;
  };
  console.log(
    `Machine: ${process.platform} ${process.arch}, node ${process.version}; ${N_COLD} cold rounds and ${N_WARM} warm rounds, every system sampled once per round (medians shown).\n`,
  );
  console.log(
    '| system | runtime | measured through | cold first invoke ms | cold ÷ `node -e 0` | warm median ms | warm p99 ms | warm median ÷ ours (SDK) | note |',
  );
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  console.log(`| \`node -e 0\` spawn (floor) | – | spawn + exit | ${f(node0)} | 1.00 | – | – | – | no process-based runner can start faster |`);
  console.log(
    `| \`python3 -c 0\` spawn | – | spawn + exit | ${f(median(floorPy))} | ${(median(floorPy) / node0).toFixed(2)} | – | – | – | python's own floor |`,
  );
  for (const s of subjects) {
    if (s.unavailable && !s.coldMs.length && !s.warmMs.length) {
      console.log(`| ${s.system} | ${s.runtime} | ${s.via} | – | – | – | – | – | ${s.unavailable} |`);
      continue;
    }
    const cold = s.coldMs.length ? median(s.coldMs) : undefined;
    const warm = s.warmMs.length ? median(s.warmMs) : undefined;
    const ours = oursWarm(s.runtime);
    console.log(
      `| ${s.system} | ${s.runtime} | ${s.via} | ${f(cold)} | ${cold === undefined ? '–' : (cold / node0).toFixed(2)} | ${f(warm)} | ${f(s.warmMs.length ? quantile(s.warmMs, 0.99) : undefined)} | ${warm !== undefined && ours ? (warm / ours).toFixed(2) : '–'} | ${[s.note, s.unavailable].filter(Boolean).join('; ')} |`,
    );
  }
}

/** Errors peers raise outside any call we await (their internal sockets); noted under the table. */
const strayErrors: string[] = [];

async function measure(): Promise<{ floorNode: number[]; floorPy: number[] }> {
  const stray = (e: unknown): void =>
    void strayErrors.push(
      String((e as Error)?.stack ?? e)
        .split('\n')
        .slice(0, 3)
        .join(' / '),
    );
  process.on('uncaughtException', stray);
  process.on('unhandledRejection', stray);
  const python = execFileSync('python3', ['-c', 'import sys;print(sys.executable)'], { encoding: 'utf8' }).trim();
  const floorNode: number[] = [];
  const floorPy: number[] = [];
  const live = subjects.filter((s) => !s.unavailable);
  for (let i = 0; i < N_COLD; i++) {
    for (let k = 0; k < 3; k++) {
      floorNode.push(await spawnOnce(process.execPath, ['-e', '0']));
      floorPy.push(await spawnOnce(python, ['-c', '0']));
    }
    for (const s of live) {
      if (s.unavailable || !s.cold) continue;
      progress(`cold ${i} ${s.system} ${s.runtime}`);
      try {
        s.coldMs.push(await withTimeout(s.cold(i), 30_000));
      } catch (e) {
        s.unavailable = `failed in cold round ${i}: ${(e as Error).message.split('\n')[0]}`;
      }
    }
  }
  for (const s of live) {
    try {
      if (!s.unavailable) await withTimeout(s.beforeWarm?.() ?? Promise.resolve(), 30_000);
    } catch (e) {
      s.unavailable = `failed before the warm rounds: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  for (let i = 0; i < N_WARM; i++) {
    if (i % 50 === 0) progress(`warm round ${i}`);
    for (const s of live) {
      if (s.unavailable || !s.warm) continue;
      try {
        s.warmMs.push(await withTimeout(timed(s.warm), 30_000));
      } catch (e) {
        s.unavailable = `failed in warm round ${i}: ${(e as Error).message.split('\n')[0]}`;
      }
    }
  }
  return { floorNode, floorPy };
}

async function main(): Promise<void> {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
  ensurePeers();
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-invoke-'));
  try {
    for (const [name, setup] of [
      ['ours', setupOurs],
      ['executor', setupExecutor],
      ['lambda-local', setupLambdaLocal],
      ['fun', setupFun],
      ['serverless-offline', setupServerlessOffline],
    ] as const) {
      progress(`setting up ${name}`);
      try {
        await setup(dir);
      } catch (e) {
        throw new Error(`setting up ${name}: ${(e as Error).message}`);
      }
    }
    progress('measuring');
    const { floorNode, floorPy } = await measure();
    printTable(floorNode, floorPy);
    if (strayErrors.length) console.log(`\nStray errors raised outside any awaited call during the run (stack heads): ${[...new Set(strayErrors)].join('; ')}`);
  } finally {
    for (const c of cleanups.reverse()) await withTimeout(Promise.resolve(c()), 5000).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
