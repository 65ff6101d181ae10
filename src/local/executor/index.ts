// The executor: runs invocations of resolved functions in warm-reused environments, within the
// function's reserved and the account's concurrency, and queues Event invocations with Lambda's
// retries. The HTTP front calls it; it knows nothing of HTTP or the store.
import { mkdirSync } from 'node:fs';

import {
  MAX_EVENT_PAYLOAD,
  MAX_SYNC_PAYLOAD,
  ServiceError,
  type Executor,
  type ExecutorOptions,
  type ExecutorStats,
  type InvokeRequest,
  type InvokeResult,
  type MetricsSink,
  type MetricTarget,
  type ResolvedFunction,
} from '../seams';
import { Environment } from './environment';
import { resolveRunner } from './runners';
import { handlerFilesMtime, SourceWatcher } from './source-watch';

export interface ExecutorTuning {
  /** An idle environment older than this is stopped (Lambda keeps them minutes, not hours). */
  idleTimeoutMs: number;
  /** Delays before Lambda's two retries of a failed Event invocation (Lambda: about 1 and 2 minutes). */
  eventRetryDelaysMs: number[];
  /** How long a throttled Event invocation waits before it is tried again. */
  eventThrottleDelayMs: number;
  /** Lambda drops an Event invocation still throttled after its maximum event age (6 hours). */
  maxEventAgeMs: number;
  /** Warm environments kept at most across all functions: a laptop is not a Lambda fleet. */
  maxIdleEnvironments: number;
}

const DEFAULT_TUNING: ExecutorTuning = {
  idleTimeoutMs: 10 * 60_000,
  eventRetryDelaysMs: [60_000, 120_000],
  eventThrottleDelayMs: 1_000,
  maxEventAgeMs: 6 * 3600_000,
  maxIdleEnvironments: 32,
};

export function createExecutor(opts: ExecutorOptions, tuning: Partial<ExecutorTuning> = {}): Executor {
  return new LocalExecutor(opts, { ...DEFAULT_TUNING, ...tuning });
}

class LocalExecutor implements Executor {
  private readonly envs = new Set<Environment>();
  private readonly watchers = new Map<string, SourceWatcher>();
  /** Per environment: the source generation and handler mtime it started from. */
  private readonly sourceStamp = new WeakMap<Environment, { gen: number; mtime: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly reaper: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly opts: ExecutorOptions,
    private readonly tuning: ExecutorTuning,
  ) {
    mkdirSync(opts.workDir, { recursive: true });
    this.reaper = setInterval(() => this.reapIdle(), Math.min(30_000, Math.max(1000, tuning.idleTimeoutMs / 2)));
    this.reaper.unref();
  }

  async invoke(req: InvokeRequest): Promise<InvokeResult> {
    if (this.closed) throw new ServiceError(503, 'ServiceException', 'The local service is shutting down.');
    const limit = req.invocationType === 'Event' ? MAX_EVENT_PAYLOAD : MAX_SYNC_PAYLOAD;
    if (req.payload.length > limit) {
      throw new ServiceError(
        413,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${limit} bytes for the ${req.invocationType === 'Event' ? 'asynchronous' : 'synchronous'} Invoke operation.`,
      );
    }
    if (req.invocationType === 'Event') {
      // Check now what can be checked now (an unsupported runtime is a caller error, not a retry).
      await resolveRunner(req.fn, { memorySize: req.fn.memorySize });
      this.runEvent(req, 0, Date.now());
      this.opts.metrics?.asyncAccepted(metricTarget(req));
      return { payload: Buffer.alloc(0), executedVersion: req.fn.version };
    }
    return this.runSync(req);
  }

  get metrics(): MetricsSink | undefined {
    return this.opts.metrics;
  }

  async invalidate(functionName: string): Promise<void> {
    for (const env of this.envs) if (env.fn.functionName === functionName) this.retire(env);
    for (const [dir, w] of this.watchers) {
      if (![...this.envs].some((e) => e.fn.codeDir === dir && e.state !== 'dead')) {
        w.close();
        this.watchers.delete(dir);
      }
    }
  }

  async logsWritten(): Promise<void> {
    for (const env of this.envs) if (env.settling) await env.settling;
  }

  stats(): ExecutorStats {
    let environments = 0;
    let busy = 0;
    for (const e of this.envs) {
      if (e.state === 'dead') continue;
      environments++;
      if (e.state === 'busy' || (e.state === 'starting' && this.claimed.has(e))) busy++;
    }
    return { environments, busy };
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const dying = [...this.envs].map(
      (e) =>
        new Promise<void>((resolve) => {
          if (e.state === 'dead') return resolve();
          const prev = e.onDead;
          e.onDead = (x) => {
            prev?.(x);
            resolve();
          };
          e.kill('retired');
        }),
    );
    await Promise.race([Promise.all(dying), new Promise((r) => setTimeout(r, 3000).unref())]);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  // -------------------------------------------------------------------------------------------

  /** Environments handed an invocation and not yet free again (busy, or starting for one). */
  private readonly claimed = new Set<Environment>();

  private async runSync(req: InvokeRequest): Promise<InvokeResult> {
    let env: Environment;
    try {
      env = await this.acquire(req);
    } catch (e) {
      if (e instanceof ServiceError && e.status === 429) this.opts.metrics?.throttled(metricTarget(req));
      throw e;
    }
    if (env.debug) req.onCallerGone?.(() => env.kill('retired'));
    const concurrent = [...this.claimed].filter((e) => e.fn.functionName === req.fn.functionName).length;
    const accountConcurrent = this.claimed.size;
    try {
      const result = await env.invoke(req);
      this.opts.metrics?.invoked(metricTarget(req), { durationMs: result.durationMs ?? 0, error: !!result.functionError, concurrent, accountConcurrent });
      return result;
    } finally {
      this.claimed.delete(env);
      this.trimIdle();
    }
  }

  private async acquire(req: InvokeRequest): Promise<Environment> {
    const { fn } = req;
    if (fn.sourceMode) {
      // Let inotify events already queued for an edit arrive before choosing a warm environment.
      await new Promise((r) => setImmediate(r));
      this.watch(fn.codeDir);
    }
    if (!req.debug) {
      // An environment that has just answered is reused once its END/REPORT lines are written (a
      // few ticks): a caller invoking again at once must not pay a cold start for being quick.
      for (const env of this.envs) {
        if (!env.settling || env.state !== 'busy' || this.claimed.has(env) || env.debug || env.retired) continue;
        if (env.fn.functionName !== fn.functionName || env.fn.version !== fn.version || env.fn.revisionId !== fn.revisionId) continue;
        this.claimed.add(env);
        await env.settling;
        this.claimed.delete(env);
        break;
      }
      for (const env of this.envs) {
        if (env.state !== 'idle' || this.claimed.has(env) || env.debug || env.retired) continue;
        if (env.fn.functionName !== fn.functionName || env.fn.version !== fn.version) continue;
        if (env.fn.revisionId !== fn.revisionId || !this.sourceCurrent(env, fn)) {
          this.retire(env);
          continue;
        }
        this.claimed.add(env);
        return env;
      }
    }
    this.checkConcurrency(fn);
    // Claimed before any await, so concurrent invokes count it against the limits.
    const placeholder = { fn } as Environment;
    this.claimed.add(placeholder);
    let env: Environment;
    try {
      const runner = await resolveRunner(fn, { memorySize: fn.memorySize, debug: req.debug });
      env = new Environment(fn, runner, { region: this.opts.region, workDir: this.opts.workDir, logSink: this.opts.logSink }, !!req.debug);
    } finally {
      this.claimed.delete(placeholder);
    }
    this.claimed.add(env);
    this.envs.add(env);
    if (fn.sourceMode)
      this.sourceStamp.set(env, { gen: this.watchers.get(fn.codeDir)?.generation ?? 0, mtime: handlerFilesMtime(fn.codeDir, fn.handler, runtimeKind(fn)) });
    env.onDead = (e) => {
      this.envs.delete(e);
      this.claimed.delete(e);
    };
    env.onFree = (e) => {
      // A debug environment serves one invocation: its inspector port is the caller's to reuse.
      if (e.debug) e.kill('retired');
    };
    try {
      await env.start(req.debug?.waitForDebugger ?? false);
    } catch (e) {
      env.kill('retired');
      throw new ServiceError(500, 'ServiceException', `Could not start an environment for ${fn.functionName}: ${(e as Error).message}`);
    }
    return env;
  }

  /** Lambda counts running invocations, not warm environments: idle ones are free capacity. */
  private checkConcurrency(fn: ResolvedFunction): void {
    let fnBusy = 0;
    let allBusy = 0;
    for (const e of this.claimed) {
      allBusy++;
      if (e.fn.functionName === fn.functionName) fnBusy++;
    }
    if (fn.reservedConcurrency !== undefined && fnBusy >= fn.reservedConcurrency) {
      throw new ServiceError(429, 'TooManyRequestsException', 'Rate Exceeded.', {
        Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
        retryAfterSeconds: '1',
      });
    }
    if (allBusy >= this.opts.accountConcurrency) {
      throw new ServiceError(429, 'TooManyRequestsException', 'Rate Exceeded.', { Reason: 'ConcurrentInvocationLimitExceeded', retryAfterSeconds: '1' });
    }
  }

  private sourceCurrent(env: Environment, fn: ResolvedFunction): boolean {
    if (!fn.sourceMode) return true;
    const stamp = this.sourceStamp.get(env);
    if (!stamp) return false;
    if ((this.watchers.get(fn.codeDir)?.generation ?? 0) !== stamp.gen) return false;
    return handlerFilesMtime(fn.codeDir, fn.handler, runtimeKind(fn)) === stamp.mtime;
  }

  private watch(dir: string): void {
    if (!this.watchers.has(dir)) this.watchers.set(dir, new SourceWatcher(dir));
  }

  private retire(env: Environment): void {
    env.retired = true;
    if (env.state !== 'busy' && !this.claimed.has(env)) env.kill('retired');
  }

  /** Beyond the cap, the least recently used idle environments go first. */
  private trimIdle(): void {
    const idle = [...this.envs].filter((e) => e.state === 'idle' && !this.claimed.has(e)).sort((a, b) => a.lastUsed - b.lastUsed);
    for (let i = 0; i < idle.length - this.tuning.maxIdleEnvironments; i++) idle[i].kill('retired');
  }

  private reapIdle(): void {
    const now = Date.now();
    for (const env of this.envs) {
      if (env.state === 'idle' && !this.claimed.has(env) && now - env.lastUsed > this.tuning.idleTimeoutMs) env.kill('retired');
    }
  }

  /** Event invocations: run in the background; throttles wait and retry, function errors retry twice. */
  private runEvent(req: InvokeRequest, attempt: number, queuedAt: number): void {
    if (this.closed || Date.now() - queuedAt > this.tuning.maxEventAgeMs) return;
    this.runSync({ ...req, invocationType: 'RequestResponse', logTail: false }).then(
      (r) => {
        if (r.functionError && attempt < this.tuning.eventRetryDelaysMs.length)
          this.later(this.tuning.eventRetryDelaysMs[attempt], () => this.runEvent(req, attempt + 1, queuedAt));
      },
      (e) => {
        if (e instanceof ServiceError && e.status === 429) this.later(this.tuning.eventThrottleDelayMs, () => this.runEvent(req, attempt, queuedAt));
      },
    );
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }
}

function metricTarget(req: InvokeRequest): MetricTarget {
  return { functionName: req.fn.functionName, qualifier: req.qualifier, version: req.fn.version };
}

function runtimeKind(fn: ResolvedFunction): string {
  return fn.runtime.startsWith('nodejs') ? 'node' : fn.runtime.startsWith('python') ? 'python' : 'provided';
}
