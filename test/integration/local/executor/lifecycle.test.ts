import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { ServiceError } from '../../../../src/local/seams';
import { fixture, type Fixture } from './helpers';

const waitFor = async (pred: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('executor: environments', () => {
  let f: Fixture;
  before(() => {
    f = fixture({ accountConcurrency: 3, tuning: { eventRetryDelaysMs: [50, 50], eventThrottleDelayMs: 50 } });
  });
  after(() => f.close());

  it('times out like Lambda, kills the environment, and the next invoke starts fresh', async () => {
    const dir = f.code({
      'index.js': `let n = 0; exports.handler = async (e) => { n++; if (e.hang) await new Promise(() => setInterval(() => {}, 1000)); return n; };`,
    });
    const fn = f.fn({ codeDir: dir, timeout: 1, functionName: 'slow' });
    assert.equal((await f.invoke(fn, {})).json, 1);
    const r = await f.invoke(fn, { hang: true }, { requestId: 'to-1' });
    assert.equal(r.functionError, 'Unhandled');
    assert.deepEqual(r.json, { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: to-1 Error: Task timed out after 1.00 seconds' });
    assert.match(
      r.logs,
      /\d{4}-\d\d-\d\dT[\d:.]+Z to-1 Task timed out after 1.00 seconds\nEND RequestId: to-1\nREPORT RequestId: to-1\tDuration: 1\d{3}\.\d\d ms.*Status: timeout\t\n$/,
    );
    const again = await f.invoke(fn, {});
    assert.equal(again.json, 1, 'a fresh environment: module state starts over');
    assert.match(again.logs, /Init Duration/);
  });

  it('answers before writing END/REPORT when no tail is asked, yet reuses the environment and loses no line', async () => {
    const dir = f.code({ 'index.js': `let n = 0; exports.handler = async () => { n++; console.log('call', n); return n; };` });
    const fn = f.fn({ codeDir: dir, functionName: 'quick' });
    const ids: string[] = [];
    for (let i = 1; i <= 25; i++) {
      const requestId = `quick-${i}`;
      ids.push(requestId);
      const r = await f.invoke(fn, {}, { requestId, logTail: false });
      assert.equal(r.json, i, 'each invoke, however soon after the last, lands on the warm environment');
      assert.equal(r.logTailBase64, undefined);
    }
    await f.executor.logsWritten!();
    const lines = f.sink.messages('/aws/lambda/quick');
    // Every invocation's lines, in order: START, its own output, END, REPORT, then the next START.
    const order = lines
      .filter((l) => /^(START|END|REPORT) RequestId|\tcall \d+/.test(l))
      .map((l) => {
        const id = /RequestId: (\S+)/.exec(l)?.[1] ?? /\t(quick-\d+)\t/.exec(l)?.[1];
        return `${l
          .split(' ')[0]
          .split('\t')[0]
          .replace(/^\d{4}-.*/, 'LOG')} ${id}`;
      });
    assert.deepEqual(
      order,
      ids.flatMap((id) => [`START ${id}`, `LOG ${id}`, `END ${id}`, `REPORT ${id}`]),
    );
  });

  it('answers a crash with Runtime.ExitError and recovers', async () => {
    const dir = f.code({ 'index.js': `exports.handler = async (e) => { if (e.crash) { console.log('last words'); process.exit(3); } return 'ok'; };` });
    const fn = f.fn({ codeDir: dir });
    const r = await f.invoke(fn, { crash: true }, { requestId: 'crash-1' });
    assert.equal(r.functionError, 'Unhandled');
    assert.deepEqual(r.json, { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: crash-1 Error: Runtime exited with error: exit status 3' });
    assert.match(r.logs, /\tINFO\tlast words\nRequestId: crash-1 Error: Runtime exited with error: exit status 3\nRuntime.ExitError\nEND RequestId: crash-1\n/);
    assert.equal((await f.invoke(fn, {})).json, 'ok');
  });

  it('reports the memory used before a runtime that exits at once (not 0 MB)', async () => {
    const dir = f.code({ 'index.js': 'exports.handler = async () => { process.exit(7); };' });
    const r = await f.invoke(f.fn({ codeDir: dir, functionName: 'exits' }));
    assert.equal(r.functionError, 'Unhandled');
    const used = Number(/Max Memory Used: (\d+) MB/.exec(r.logs)?.[1]);
    assert.ok(used > 0, r.logs);
  });

  it('kills an environment over its memory size and reports Max Memory Used', async () => {
    const dir = f.code({
      'index.js': `const keep = []; exports.handler = async (e) => { for (let i = 0; i < e.mb; i++) keep.push(Buffer.alloc(1 << 20, 1)); return keep.length; };`,
    });
    const fn = f.fn({ codeDir: dir, memorySize: 128, timeout: 10 });
    const small = await f.invoke(fn, { mb: 1 });
    const used = Number(/Max Memory Used: (\d+) MB/.exec(small.logs)?.[1]);
    assert.ok(used > 10 && used < 128, `plausible peak memory: ${used}`);
    const big = await f.invoke(fn, { mb: 400 });
    assert.equal(big.functionError, 'Unhandled');
    assert.match((big.json as { errorType: string }).errorType, /^Runtime\.(OutOfMemory|ExitError)$/);
  });

  it('adds environments for concurrent invokes and throttles beyond reserved and account concurrency', async () => {
    const dir = f.code({ 'index.js': `exports.handler = async (e) => { await new Promise((r) => setTimeout(r, e.ms)); return process.pid; };` });
    const fn = f.fn({ codeDir: dir, functionName: 'conc', reservedConcurrency: 2 });
    const two = await Promise.all([f.invoke(fn, { ms: 300 }), f.invoke(fn, { ms: 300 })]);
    assert.notEqual(two[0].json, two[1].json, 'two environments served two concurrent invokes');
    const held = [f.invoke(fn, { ms: 400 }), f.invoke(fn, { ms: 400 })];
    await assert.rejects(
      f.invoke(fn, { ms: 1 }),
      (e: unknown) =>
        e instanceof ServiceError &&
        e.status === 429 &&
        e.code === 'TooManyRequestsException' &&
        e.fields.Reason === 'ReservedFunctionConcurrentInvocationLimitExceeded',
    );
    await Promise.all(held);
    const zero = f.fn({ codeDir: dir, reservedConcurrency: 0 });
    await assert.rejects(f.invoke(zero, { ms: 1 }), (e: unknown) => e instanceof ServiceError && e.status === 429);
    const other = f.fn({ codeDir: dir, functionName: 'conc2' });
    const busy = [f.invoke(other, { ms: 400 }), f.invoke(other, { ms: 400 }), f.invoke(other, { ms: 400 })];
    await assert.rejects(f.invoke(other, { ms: 1 }), (e: unknown) => e instanceof ServiceError && e.fields.Reason === 'ConcurrentInvocationLimitExceeded');
    await Promise.all(busy);
  });

  it("sets Lambda's environment variables, keeps reserved ones, and never passes real credentials", async () => {
    const dir = f.code({ 'index.js': `exports.handler = async () => process.env;` });
    const saved = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = 'REAL-SECRET-MUST-NOT-LEAK';
    try {
      const fn = f.fn({ codeDir: dir, functionName: 'envs', memorySize: 256, environment: { MY_VAR: 'x', AWS_REGION: 'eu-west-9', TZ: 'Europe/Paris' } });
      const env = (await f.invoke(fn)).json as Record<string, string>;
      assert.equal(env.MY_VAR, 'x');
      assert.equal(env.AWS_REGION, 'us-east-1', 'reserved: the function cannot override it');
      assert.equal(env.TZ, 'Europe/Paris', 'unreserved: the function may');
      assert.equal(env._HANDLER, 'index.handler');
      assert.equal(env.LAMBDA_TASK_ROOT, dir);
      assert.match(env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
      assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'envs');
      assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
      assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '256');
      assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/envs');
      assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
      assert.deepEqual(f.sink.streamNames('/aws/lambda/envs'), [env.AWS_LAMBDA_LOG_STREAM_NAME]);
      assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
      assert.equal(env.AWS_DEFAULT_REGION, 'us-east-1');
      assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
      assert.equal(env.AWS_ACCESS_KEY_ID, 'lambda-workbench-local-function');
      assert.ok(!JSON.stringify(env).includes('REAL-SECRET-MUST-NOT-LEAK'));
      assert.ok(env._X_AMZN_TRACE_ID.startsWith('Root=1-'));
      assert.ok(env.LAMBDA_RUNTIME_DIR);
    } finally {
      if (saved === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved;
    }
  });

  it('puts layers on the module path as /opt would, later layers first', async () => {
    const l1 = f.code({ 'nodejs/node_modules/shared/index.js': 'module.exports = "layer1";', 'nodejs/node_modules/only1/index.js': 'module.exports = "one";' });
    const l2 = f.code({ 'nodejs/node20/node_modules/shared/index.js': 'module.exports = "layer2";' });
    const dir = f.code({ 'index.js': `exports.handler = async () => [require('shared'), require('only1')];` });
    const r = await f.invoke(f.fn({ codeDir: dir, layerDirs: [l1, l2] }));
    assert.deepEqual(r.json, ['layer2', 'one']);
  });

  it('retires warm environments on a revision change, invalidate, and source edits', async () => {
    const dir = f.code({ 'index.js': `const v = 1; exports.handler = async () => [v, process.pid];` });
    const fn = f.fn({ codeDir: dir, functionName: 'src', sourceMode: true });
    const [v1, pid1] = (await f.invoke(fn)).json as number[];
    assert.equal(v1, 1);
    assert.equal(((await f.invoke(fn)).json as number[])[1], pid1, 'no edit: still warm');
    writeFileSync(join(dir, 'index.js'), `const v = 2; exports.handler = async () => [v, process.pid];`);
    utimesSync(join(dir, 'index.js'), new Date(), new Date(Date.now() + 5000));
    const [v2, pid2] = (await f.invoke(fn)).json as number[];
    assert.deepEqual([v2, pid2 !== pid1], [2, true], 'the edit shows on the next invoke');
    const [, pid3] = (await f.invoke({ ...fn, revisionId: 'r2' })).json as number[];
    assert.notEqual(pid3, pid2);
    await f.executor.invalidate('src');
    const [, pid4] = (await f.invoke({ ...fn, revisionId: 'r2' })).json as number[];
    assert.notEqual(pid4, pid3);
  });

  it('queues Event invocations and retries a failing one twice', async () => {
    const dir = f.code({ 'index.js': `exports.handler = async (e) => { console.log('attempt', e.k); throw new Error('nope'); };` });
    const fn = f.fn({ codeDir: dir, functionName: 'evt' });
    const r = await f.invoke(fn, { k: 7 }, { invocationType: 'Event', requestId: 'evt-1' });
    assert.equal(r.payload.length, 0);
    await waitFor(() => f.sink.messages('/aws/lambda/evt').filter((m) => m.startsWith('REPORT RequestId: evt-1')).length === 3);
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(f.sink.messages('/aws/lambda/evt').filter((m) => m.includes('INFO\tattempt 7')).length, 3, 'one attempt and two retries, no more');
  });

  it('refuses payloads over the limits and runtimes it cannot run, saying what to do', async () => {
    const dir = f.code({ 'index.js': 'exports.handler = async () => 1;' });
    await assert.rejects(
      f.invoke(f.fn({ codeDir: dir }), 'x'.repeat(6_291_460)),
      (e: unknown) => e instanceof ServiceError && e.status === 413 && e.code === 'RequestEntityTooLargeException',
    );
    await assert.rejects(
      f.invoke(f.fn({ codeDir: dir, runtime: 'dotnet8' })),
      (e: unknown) => e instanceof ServiceError && e.code === 'InvalidRuntimeException' && /dotnet8/.test(e.message) && /provided\.al2023/.test(e.message),
    );
    await assert.rejects(
      f.invoke(f.fn({ codeDir: dir, runtime: 'provided.al2023' })),
      (e: unknown) => e instanceof ServiceError && /bootstrap/.test(e.message),
    );
  });

  it('answers an oversized response with Function.ResponseSizeTooLarge', async () => {
    const dir = f.code({ 'index.js': `exports.handler = async () => 'x'.repeat(7 * 1024 * 1024);` });
    const r = await f.invoke(f.fn({ codeDir: dir, timeout: 10 }));
    assert.equal(r.functionError, 'Unhandled');
    assert.equal((r.json as { errorType: string }).errorType, 'Function.ResponseSizeTooLarge');
  });
});

describe('executor: housekeeping', () => {
  it('stops idle environments after the idle timeout and reports stats', async () => {
    const f = fixture({ tuning: { idleTimeoutMs: 300 } });
    try {
      const dir = f.code({ 'index.js': 'exports.handler = async () => process.pid;' });
      const fn = f.fn({ codeDir: dir });
      const pid = (await f.invoke(fn)).json as number;
      assert.deepEqual(f.executor.stats(), { environments: 1, busy: 0 });
      await waitFor(() => f.executor.stats().environments === 0, 5000);
      assert.throws(() => process.kill(pid, 0), 'the process is gone');
      assert.notEqual((await f.invoke(fn)).json, pid);
    } finally {
      await f.close();
    }
  });

  it('keeps at most maxIdleEnvironments warm, dropping the least recently used', async () => {
    const f = fixture({ tuning: { maxIdleEnvironments: 1, trimGraceMs: 0 } });
    try {
      const dir = f.code({ 'index.js': 'exports.handler = async () => process.pid;' });
      const a = f.fn({ codeDir: dir });
      const b = f.fn({ codeDir: dir });
      await f.invoke(a);
      await f.invoke(b);
      await waitFor(() => f.executor.stats().environments === 1);
      const second = await f.invoke(b);
      assert.doesNotMatch(second.logs, /Init Duration/, 'the most recent one stayed warm');
    } finally {
      await f.close();
    }
  });

  it('keeps every environment of a sustained load above the idle cap warm, and fails nothing', async () => {
    const f = fixture({ tuning: { maxIdleEnvironments: 2 } });
    try {
      const dir = f.code({ 'index.js': 'exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 5)); return e.n; };' });
      const fn = f.fn({ codeDir: dir, functionName: 'sustained' });
      const callers = 6;
      const round = () => Promise.all(Array.from({ length: callers }, (_, n) => f.invoke(fn, { n })));
      await round(); // warm-up: up to 6 cold starts
      const results = [];
      for (let i = 0; i < 10; i++) results.push(...(await round()));
      assert.equal(results.filter((r) => r.functionError).length, 0, 'no invocation failed');
      assert.equal(results.filter((r) => /Init Duration/.test(r.logs)).length, 0, 'no cold start after warm-up');
    } finally {
      await f.close();
    }
  });

  it('runs the next invocation in a fresh environment after an uncaught error in a timer', async () => {
    const f = fixture();
    try {
      const dir = f.code({
        'index.js': `exports.handler = async (e) => { if (e.boom) setTimeout(() => { throw new Error('late'); }, 0); return process.pid; };`,
      });
      const fn = f.fn({ codeDir: dir, functionName: 'late-error' });
      for (let i = 0; i < 3; i++) {
        const first = await f.invoke(fn, { boom: true });
        assert.equal(first.functionError, undefined);
        const next = await f.invoke(fn, {});
        assert.equal(next.functionError, undefined, `attempt ${i}: ${JSON.stringify(next.json)}`);
        assert.equal(typeof next.json, 'number');
      }
    } finally {
      await f.close();
    }
  });

  it('ends what an environment started, detached processes too, when it dies by itself or is retired', async () => {
    const f = fixture();
    // A killed process may stay a zombie until init reaps it: that is not running.
    const alive = (pid: number): boolean => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    try {
      const dir = f.code({
        'index.js': `const { spawn } = require('node:child_process');
exports.handler = async (e) => {
  const child = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
  child.unref();
  if (e.exit) setTimeout(() => process.exit(3), 20);
  return child.pid;
};`,
      });
      // The runtime exits by itself after answering: its detached child goes with it.
      const selfExit = await f.invoke(f.fn({ codeDir: dir, functionName: 'spawner-exit' }), { exit: true });
      const first = selfExit.json as number;
      assert.ok(alive(first), 'the child runs while its environment does');
      await waitFor(() => !alive(first), 10_000);
      // Retired with its code: the same.
      const retired = (await f.invoke(f.fn({ codeDir: dir, functionName: 'spawner-retired' }), {})).json as number;
      assert.ok(alive(retired));
      await f.executor.invalidate('spawner-retired');
      await waitFor(() => !alive(retired), 10_000);
      // Still running at shutdown: killed before shutdown resolves (SIGKILL lands a moment later).
      const atShutdown = (await f.invoke(f.fn({ codeDir: dir, functionName: 'spawner-shutdown' }), {})).json as number;
      await f.executor.shutdown();
      await waitFor(() => !alive(atShutdown), 10_000);
    } finally {
      await f.close();
    }
  });

  it("serves an environment's Runtime API to its own processes only", async () => {
    const f = fixture();
    try {
      const dir = f.code({
        'index.js': `const { execFileSync } = require('node:child_process');
exports.handler = async () => {
  const api = process.env.AWS_LAMBDA_RUNTIME_API;
  // A process the function started (a child of the runtime) is served: a post for an unknown request is a 4xx of the protocol.
  const child = execFileSync(process.execPath, ['-e', \`
    const r = require('node:http').request({ host: '127.0.0.1', port: \${api.split(':')[1]}, method: 'POST', path: '/2018-06-01/runtime/invocation/none/response' }, (res) => { process.stdout.write(String(res.statusCode)); res.resume(); });
    r.end('{}');\`]).toString();
  return { api, child };
};`,
      });
      const r = (await f.invoke(f.fn({ codeDir: dir, functionName: 'peers' }))).json as { api: string; child: string };
      assert.notEqual(r.child, '403', 'a process of the environment is served');
      // Any other process (this test's) is refused, with the Host a runtime would send.
      const [host, port] = r.api.split(':');
      const status = (method: string, path: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const req = request({ host, port: Number(port), method, path, headers: { host: r.api } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end(method === 'POST' ? '{}' : undefined);
        });
      assert.equal(await status('GET', '/2018-06-01/runtime/invocation/next'), 403);
      assert.equal(await status('POST', '/2018-06-01/runtime/invocation/none/response'), 403);
      // The environment still serves its runtime.
      assert.equal(((await f.invoke(f.fn({ codeDir: dir, functionName: 'peers' }))).json as { api: string }).api, r.api);
    } finally {
      await f.close();
    }
  });

  it('retries a throttled Event invocation once capacity frees up', async () => {
    const f = fixture({ tuning: { eventThrottleDelayMs: 50 } });
    try {
      const dir = f.code({
        'index.js': `exports.handler = async (e) => { console.log('ran', e.k); await new Promise((r) => setTimeout(r, e.ms)); return 1; };`,
      });
      const fn = f.fn({ codeDir: dir, functionName: 'thr', reservedConcurrency: 1 });
      const busy = f.invoke(fn, { k: 'sync', ms: 300 });
      await new Promise((r) => setTimeout(r, 100));
      await f.invoke(fn, { k: 'event', ms: 1 }, { invocationType: 'Event' });
      await busy;
      await waitFor(() => f.sink.messages('/aws/lambda/thr').some((m) => m.includes('INFO\tran event')));
    } finally {
      await f.close();
    }
  });
});
