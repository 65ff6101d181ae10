// One execution environment: a runtime process, its Runtime API port, its log stream. It runs one
// invocation at a time, stays warm in between, and dies on a timeout, a crash, an init error or
// when retired. Everything it prints becomes log events in the function's log group.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { InvokeRequest, InvokeResult, LogSink, ResolvedFunction } from '../seams';
import { buildEnvironment } from './env-vars';
import * as fmt from './log-format';
import { HAS_PROC, ProcStatus, sampleResidentBytes } from './proc-stats';
import { killEnvironmentProcesses } from './reap';
import { RuntimeApiServer, sendNext, type Ack, type PostOutcome, type StreamSink } from './runtime-api';
import { decodeClientContext, errorDoc, normalizeErrorDoc, signalName, spawnReason, traceId } from './runtime-docs';
import type { RunnerSpec } from './runners';

/** Lambda gives init 10 seconds before it counts as failed. */
const INIT_LIMIT_MS = 10_000;
const TAIL_BYTES = 4096;
const MEMORY_CHECK_MS = 100;
/** Lambda's limit on a buffered response, which a streamed one read through Invoke also meets. */
const MAX_RESPONSE_BYTES = 6_291_556;

export type EnvState = 'starting' | 'idle' | 'busy' | 'dead';

export interface EnvironmentDeps {
  region: string;
  workDir: string;
  logSink: LogSink;
}

interface Invocation {
  req: InvokeRequest;
  resolve(r: InvokeResult): void;
  dispatchedAt?: number;
  timer?: NodeJS.Timeout;
  memoryTimer?: NodeJS.Timeout;
  tail: string[];
  tailBytes: number;
  collecting: boolean;
  finished: boolean;
}

interface Outcome {
  payload: Buffer;
  error?: boolean;
  status: fmt.ReportFigures['status'];
  errorType?: string;
  /** The environment cannot be reused after this outcome. */
  fatal?: boolean;
  /** Answers the runtime's POST: sent after the result is on its way to the caller (see finish). */
  ack?: Ack;
}

/** What an environment answers for an invocation it never really ran (see onExit): run it elsewhere. */
export const REDELIVER: InvokeResult = Object.freeze({ payload: Buffer.alloc(0), executedVersion: '' });

export class Environment {
  state: EnvState = 'starting';
  lastUsed = Date.now();
  /** Set when the pool wants it gone: it dies as soon as it is not busy. */
  retired = false;
  readonly stream: string;
  readonly createdAt = Date.now();
  onFree?: (env: Environment) => void;
  /** Set while an invocation that has answered still writes its END/REPORT lines (a few ticks). */
  settling?: Promise<void>;
  onDead?: (env: Environment) => void;
  /** Set when it died: resolves once every process it started is gone (see reap.ts). */
  reaped?: Promise<number>;

  /**
   * Whether the pool may hand it an invocation: idle, and not on its way out (a kill asked for, the
   * pool retiring it, or its runtime reporting a fatal error after it answered: an uncaught exception
   * in a timer, whose exit follows in a moment).
   */
  available(): boolean {
    return this.state === 'idle' && !this.killed && !this.dying && !this.retired;
  }

  private proc?: ChildProcess;
  private readonly api: RuntimeApiServer;
  private pendingNext?: ServerResponse;
  private current?: Invocation;
  private spawnedAt = 0;
  private initDurationMs?: number;
  private initReported = false;
  private initTimer?: NodeJS.Timeout;
  private killReason?: 'timeout' | 'oom' | 'init-error' | 'retired';
  private tmpDir: string;
  private partial = { out: '', err: '' };
  private readonly fmt: fmt.LogFormat;

  constructor(
    readonly fn: ResolvedFunction,
    private readonly runner: RunnerSpec,
    private readonly deps: EnvironmentDeps,
    readonly debug = false,
  ) {
    this.fmt = fn.logFormat === 'JSON' ? 'JSON' : 'Text';
    this.stream = fmt.logStreamName(fn.version);
    this.tmpDir = mkdtempSync(join(deps.workDir, 'env-'));
    this.api = new RuntimeApiServer(
      {
        next: (res) => this.onNext(res),
        response: (id, body, ack) => this.onResponse(id, body, ack),
        error: (id, type, body, ack) => this.onError(id, type, body, ack),
        initError: (type, body) => this.onInitError(type, body),
        stream: (id) => this.onStream(id),
      },
      { runtimePid: () => this.proc?.pid, tmpDir: this.tmpDir },
    );
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Starts the runtime; init logs go to the stream before the first START. */
  async start(waitForDebugger = false): Promise<void> {
    const runtimeApi = await this.api.listen();
    if (this.killed) return; // retired (e.g. shutdown) while the port was opening
    const env = buildEnvironment({ fn: this.fn, runner: this.runner, region: this.deps.region, runtimeApi, logStream: this.stream, tmpDir: this.tmpDir });
    if (waitForDebugger) env.LAMBDA_WORKBENCH_WAIT_FOR_DEBUGGER = '1';
    const initStart = fmt.initStartLine(
      this.fmt,
      this.runner.runtimeVersion,
      `arn:aws:lambda:${this.deps.region}::runtime:lambda-workbench-local`,
      this.fn.functionName,
      this.fn.version,
    );
    this.emitMany(this.runner.warning ? [initStart, this.runner.warning + '\n'] : [initStart]);
    this.spawnedAt = performance.now();
    // Its own process group, so a timeout also ends whatever the function started.
    const proc = spawn(this.runner.command, this.runner.args, { cwd: this.fn.codeDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.proc = proc;
    proc.stdout!.setEncoding('utf8').on('data', (s: string) => this.onOutput('out', s));
    proc.stderr!.setEncoding('utf8').on('data', (s: string) => this.onOutput('err', s));
    proc.on('error', (e) => this.onExit(null, null, e));
    proc.on('exit', (code, signal) => {
      // The last lines may still sit in the pipes: wait for them to close, but not for a grandchild
      // that inherited them and lives on.
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.onExit(code, signal);
      };
      const timer = setTimeout(finish, 100);
      proc.once('close', finish);
    });
    if (!this.debug) this.initTimer = setTimeout(() => this.onInitTimeout(), INIT_LIMIT_MS);
  }

  /** Runs one invocation; the pool guarantees the environment is not busy. */
  invoke(req: InvokeRequest): Promise<InvokeResult> {
    this.state = 'busy';
    this.lastUsed = Date.now();
    return new Promise((resolve) => {
      this.current = { req, resolve, tail: [], tailBytes: 0, collecting: true, finished: false };
      if (this.pendingNext) this.dispatch();
    });
  }

  /** Stops the process; a busy environment's invocation answers as a crash would. */
  kill(reason: Environment['killReason'] = 'retired'): void {
    this.killReason ??= reason;
    this.killed = true;
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      try {
        process.kill(-this.proc.pid!, 'SIGKILL');
      } catch {
        this.proc.kill('SIGKILL');
      }
    } else if (this.state !== 'dead') this.die();
  }

  // -------------------------------------------------------------------------------------------
  // Runtime API events

  private onNext(res: ServerResponse): void {
    if (this.initDurationMs === undefined) {
      this.initDurationMs = performance.now() - this.spawnedAt;
      clearTimeout(this.initTimer);
    }
    this.pendingNext = res;
    res.on('close', () => {
      if (this.pendingNext === res) this.pendingNext = undefined;
    });
    if (this.current && this.current.dispatchedAt === undefined) this.dispatch();
  }

  private dispatch(): void {
    const inv = this.current!;
    const res = this.pendingNext!;
    this.pendingNext = undefined;
    const { req } = inv;
    const timeoutMs = req.fn.timeout * 1000;
    inv.dispatchedAt = performance.now();
    sendNext(res, {
      requestId: req.requestId,
      deadlineMs: Date.now() + timeoutMs,
      functionArn: req.fn.version === '$LATEST' ? req.fn.functionArn : `${req.fn.functionArn}:${req.fn.version}`,
      traceId: traceId(),
      clientContext: decodeClientContext(req.clientContext),
      payload: req.payload.length ? req.payload : Buffer.from('{}'),
    });
    // START after the event is on its way: the runtime's own lines can only be read after this
    // returns to the event loop, so they still follow it.
    this.emit(fmt.startLine(this.fmt, req.requestId, req.fn.version));
    // Paused at a breakpoint is not a timeout.
    if (!this.debug) inv.timer = setTimeout(() => this.onTimeout(inv), timeoutMs);
    // The peak so far (init included) is known from here on, even if the process dies before a sample.
    if (HAS_PROC) this.procStatus()?.peakMB();
    inv.memoryTimer = setInterval(() => this.checkMemory(), HAS_PROC ? MEMORY_CHECK_MS : 5 * MEMORY_CHECK_MS);
    if (!HAS_PROC) this.checkMemory();
  }

  private onResponse(requestId: string, body: Buffer | undefined, ack: Ack): PostOutcome | 'deferred' {
    const inv = this.inFlight(requestId);
    if (!inv) return 'unknown-request';
    if (!body) {
      const msg = `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`;
      this.complete(inv, { payload: errorDoc('Function.ResponseSizeTooLarge', msg), error: true, status: 'error', errorType: 'Function.ResponseSizeTooLarge' });
      return 'too-large';
    }
    this.complete(inv, { payload: body, status: 'success', ack });
    return 'deferred';
  }

  private onError(requestId: string, type: string | undefined, body: Buffer, ack: Ack): PostOutcome | 'deferred' {
    const inv = this.inFlight(requestId);
    if (!inv) {
      // An error for an invocation that has already answered: the runtime's fatal-error path (an
      // uncaught exception or rejection after the handler returned), which exits next.
      this.dying = true;
      return 'unknown-request';
    }
    const doc = normalizeErrorDoc(body, type);
    this.complete(inv, { payload: doc.payload, error: true, status: 'error', errorType: doc.errorType, ack });
    return 'deferred';
  }

  /** A streamed response: chunks go to the caller's onChunk as they arrive, or are collected (Invoke). */
  private onStream(requestId: string): StreamSink | PostOutcome {
    const inv = this.inFlight(requestId);
    if (!inv) return 'unknown-request';
    const chunks: Buffer[] = [];
    let size = 0;
    const onChunk = inv.req.onChunk;
    return {
      chunk: (data) => {
        if (inv.finished) return;
        size += data.length;
        if (!onChunk) return void (size <= MAX_RESPONSE_BYTES && chunks.push(data));
        try {
          onChunk(data);
        } catch {
          // the caller's sink failing (e.g. its client left) must not end the invocation
        }
      },
      end: (errorType, errorBody, ack) => {
        if (inv.finished) return ack(); // already answered (a timeout, or an error posted to /error)
        if (errorType !== undefined || errorBody !== undefined) {
          const doc = normalizeErrorDoc(errorBody ?? Buffer.from('{}'), errorType);
          return this.complete(inv, { payload: doc.payload, error: true, status: 'error', errorType: doc.errorType, ack });
        }
        if (!onChunk && size > MAX_RESPONSE_BYTES) {
          const msg = `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`;
          return this.complete(inv, {
            payload: errorDoc('Function.ResponseSizeTooLarge', msg),
            error: true,
            status: 'error',
            errorType: 'Function.ResponseSizeTooLarge',
            ack,
          });
        }
        this.complete(inv, { payload: onChunk ? Buffer.alloc(0) : Buffer.concat(chunks, size), status: 'success', ack });
      },
    };
  }

  private onInitError(type: string | undefined, body: Buffer): void {
    const doc = normalizeErrorDoc(body, type);
    this.initDurationMs ??= performance.now() - this.spawnedAt;
    clearTimeout(this.initTimer);
    this.emit(fmt.initReportLine(this.fmt, this.initDurationMs, 'error', doc.errorType));
    this.initReported = true;
    const inv = this.current;
    if (inv && !inv.finished) {
      // Lambda answers the waiting invocation with the init error, then throws the environment away.
      this.emit(fmt.startLine(this.fmt, inv.req.requestId, inv.req.fn.version));
      inv.dispatchedAt = performance.now();
      this.complete(inv, { payload: doc.payload, error: true, status: 'error', errorType: doc.errorType, fatal: true });
    }
    this.killReason ??= 'init-error';
  }

  private inFlight(requestId: string): Invocation | undefined {
    const inv = this.current;
    return inv && !inv.finished && inv.dispatchedAt !== undefined && inv.req.requestId === requestId ? inv : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Failures the service detects

  private onInitTimeout(): void {
    if (this.initDurationMs !== undefined || this.state === 'dead') return;
    this.initDurationMs = performance.now() - this.spawnedAt;
    this.emit(fmt.initReportLine(this.fmt, this.initDurationMs, 'timeout'));
    this.initReported = true;
    const inv = this.current;
    if (inv && !inv.finished) {
      this.emit(fmt.startLine(this.fmt, inv.req.requestId, inv.req.fn.version));
      inv.dispatchedAt = performance.now();
      this.timedOut(inv, INIT_LIMIT_MS / 1000);
    }
    this.kill('timeout');
  }

  private onTimeout(inv: Invocation): void {
    if (inv.finished) return;
    this.timedOut(inv, inv.req.fn.timeout);
    this.kill('timeout');
  }

  private timedOut(inv: Invocation, seconds: number): void {
    const id = inv.req.requestId;
    this.emit(fmt.timeoutLine(this.fmt, id, seconds));
    const payload = Buffer.from(
      JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${id} Error: Task timed out after ${seconds.toFixed(2)} seconds` }),
    );
    this.complete(inv, { payload, error: true, status: 'timeout', fatal: true });
  }

  /** Peak resident size seen by sampling, where /proc has no VmHWM to ask. */
  private sampledPeak = 0;
  private sampling = false;

  private checkMemory(): void {
    if (HAS_PROC) return this.enforceMemory(this.procStatus()?.residentBytes());
    if (this.sampling) return;
    this.sampling = true;
    void sampleResidentBytes(this.pid).then((rss) => {
      this.sampling = false;
      this.enforceMemory(rss);
    });
  }

  private enforceMemory(rss: number | undefined): void {
    if (rss === undefined) return;
    this.sampledPeak = Math.max(this.sampledPeak, rss);
    if (rss > this.fn.memorySize * 1024 * 1024 && this.state === 'busy') this.kill('oom');
  }

  private maxMemoryUsedMB(): number {
    const sampled = Math.ceil(this.sampledPeak / 1048576);
    return HAS_PROC ? Math.max(this.procStatus()?.peakMB() ?? 0, sampled) : sampled;
  }

  private status?: ProcStatus;
  /** The runtime's /proc status, opened on first use (after its exec) and closed when it dies. */
  private procStatus(): ProcStatus | undefined {
    if (!this.status && this.pid && this.state !== 'dead') this.status = new ProcStatus(this.pid);
    return this.status;
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void {
    if (this.state === 'dead') return;
    const inv = this.current;
    if (inv && !inv.finished && this.dying) {
      // The runtime was already going down for an earlier invocation's error when this one reached
      // it: not this invocation's failure. The pool runs it again in a fresh environment.
      inv.finished = true;
      clearTimeout(inv.timer);
      clearInterval(inv.memoryTimer);
      this.current = undefined;
      inv.resolve(REDELIVER);
    } else if (inv && !inv.finished) {
      const oom = this.killReason === 'oom';
      const reason = spawnError ? spawnReason(this.runner.command, spawnError) : signal ? `signal: ${signalName(signal)}` : `exit status ${code}`;
      const errorType = spawnError ? 'Runtime.InvalidEntrypoint' : oom ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
      if (inv.dispatchedAt === undefined) {
        // Died during init without saying why (e.g. a bootstrap that is not executable).
        this.initDurationMs ??= performance.now() - this.spawnedAt;
        if (!this.initReported) this.emit(fmt.initReportLine(this.fmt, this.initDurationMs, 'error', errorType));
        this.initReported = true;
        this.emit(fmt.startLine(this.fmt, inv.req.requestId, inv.req.fn.version));
        inv.dispatchedAt = performance.now();
      }
      this.emit(fmt.exitLine(this.fmt, inv.req.requestId, reason, errorType));
      const payload = errorDoc(errorType, `RequestId: ${inv.req.requestId} Error: Runtime exited with error: ${reason}`);
      this.complete(inv, { payload, error: true, status: 'error', errorType, fatal: true });
    }
    this.die();
  }

  private die(): void {
    if (this.state === 'dead') return;
    this.state = 'dead';
    // A runtime that exited by itself leaves its group behind; detached processes left it earlier.
    if (this.proc?.pid) {
      try {
        process.kill(-this.proc.pid, 'SIGKILL');
      } catch {
        // the group is empty
      }
    }
    this.reaped = killEnvironmentProcesses(this.tmpDir).catch(() => 0);
    clearTimeout(this.initTimer);
    this.flushPartial();
    this.status?.close();
    this.api.close();
    rmSync(this.tmpDir, { recursive: true, force: true });
    this.onDead?.(this);
  }

  // -------------------------------------------------------------------------------------------
  // Completion and logs

  private complete(inv: Invocation, o: Outcome): void {
    if (inv.finished) return;
    inv.finished = true;
    clearTimeout(inv.timer);
    clearInterval(inv.memoryTimer);
    const durationMs = performance.now() - (inv.dispatchedAt ?? performance.now());
    const cold = !this.coldReported;
    this.coldReported = true;
    // Without a log tail to return, the caller has all it needs now: answer at once, and write the
    // END/REPORT lines just after. Until they are written the environment is `settling`: the pool
    // waits on it before handing it the next invocation, and the Logs API before reading.
    const answer = (): void =>
      inv.resolve({
        payload: o.payload,
        functionError: o.error ? 'Unhandled' : undefined,
        logTailBase64: inv.req.logTail ? tailOf(inv) : undefined,
        executedVersion: inv.req.fn.version,
        durationMs: Number(durationMs.toFixed(2)),
      });
    const early = !inv.req.logTail && !o.fatal && !this.retired && !this.debug;
    let settled: (() => void) | undefined;
    if (early) {
      this.settling = new Promise<void>((r) => (settled = r));
      answer();
    }
    const finish = (): void => {
      this.flushPartial();
      const id = inv.req.requestId;
      const endLine = fmt.endLine(this.fmt, id);
      if (endLine) this.emit(endLine);
      this.emit(
        fmt.reportLine(this.fmt, {
          requestId: id,
          durationMs,
          memorySizeMB: this.fn.memorySize,
          maxMemoryUsedMB: this.maxMemoryUsedMB(),
          initDurationMs: cold ? this.initDurationMs : undefined,
          status: o.status,
          errorType: o.errorType,
        }),
      );
      inv.collecting = false;
      if (this.current === inv) this.current = undefined;
      if (!early) answer();
      // The runtime's 202 goes out one turn later, once the caller's response has been written: acked
      // first, the runtime woke and sent its next /next ahead of the caller's answer, on a shared CPU.
      if (o.ack) setImmediate(o.ack);
      if (o.fatal || this.retired) this.kill(this.killReason ?? 'retired');
      if (this.state === 'busy' && !this.killed) {
        this.state = 'idle';
        this.lastUsed = Date.now();
        this.onFree?.(this);
      }
      if (settled) {
        this.settling = undefined;
        settled();
      }
    };
    // The runtime wrote its last lines before it posted; they may still sit in the pipe, unread.
    setImmediate(() => setImmediate(finish));
  }
  private coldReported = false;
  /** The runtime reported a fatal error outside any invocation: it exits next. */
  private dying = false;
  /** A kill was asked for: the process may not have exited yet, but it takes no more work. */
  private killed = false;

  private onOutput(which: 'out' | 'err', chunk: string): void {
    const text = this.partial[which] + chunk;
    const lines = text.split('\n');
    this.partial[which] = lines.pop()!;
    if (lines.length) this.emitMany(lines.map((l) => this.outputMessage(l)));
  }

  private outputMessage(line: string): string {
    // Our bootstraps fold a multi-line record into one line with \r, as Lambda's runtimes do.
    return (this.runner.family === 'provided' ? line : line.replace(/\r/g, '\n')) + '\n';
  }

  private flushPartial(): void {
    for (const which of ['out', 'err'] as const) {
      if (this.partial[which]) {
        const l = this.partial[which];
        this.partial[which] = '';
        this.emitMany([this.outputMessage(l)]);
      }
    }
  }

  private emit(message: string): void {
    this.emitMany([message]);
  }

  private emitMany(messages: string[]): void {
    const now = Date.now();
    this.deps.logSink.append(
      this.fn.logGroup,
      this.stream,
      messages.map((message) => ({ timestamp: now, message })),
    );
    const inv = this.current;
    if (inv?.collecting) {
      for (const m of messages) {
        inv.tail.push(m);
        inv.tailBytes += Buffer.byteLength(m);
      }
      while (inv.tail.length > 1 && inv.tailBytes - Buffer.byteLength(inv.tail[0]) >= TAIL_BYTES) inv.tailBytes -= Buffer.byteLength(inv.tail.shift()!);
    }
  }
}

function tailOf(inv: Invocation): string {
  const all = Buffer.from(inv.tail.join(''));
  return all.subarray(Math.max(0, all.length - TAIL_BYTES)).toString('base64');
}
