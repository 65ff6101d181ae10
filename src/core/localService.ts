// Runs the embedded local service (`dist/local.js`) as a child process on demand. It prints one JSON
// line (LocalServiceInfo) once it listens; we read it, restart the process if it dies unexpectedly
// (with a cap so a crash loop is reported instead of spinning), and stop it on deactivate.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { LOCAL_FLAGS, type LocalServiceInfo } from '../contract/localService';
import { WorkbenchError } from './errors';
import { redact, registerSecret } from './redact';

export interface LocalServiceOptions {
  /** Absolute path of dist/local.js. */
  scriptPath: string;
  /** Where the service keeps functions, layers and logs between runs. */
  dataDir: string;
  /** Node binary; in the extension host this is process.execPath run as node (ELECTRON_RUN_AS_NODE). */
  nodePath?: string;
  port?: number;
  /** How long to wait for the JSON line. */
  startTimeoutMs?: number;
  /** At most this many automatic restarts within restartWindowMs. */
  maxRestarts?: number;
  restartWindowMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

type Events = { started: [LocalServiceInfo]; exited: [number | null, NodeJS.Signals | null]; failed: [Error] };

export class LocalServiceProcess {
  private child: ChildProcess | undefined;
  private info: LocalServiceInfo | undefined;
  private starting: Promise<LocalServiceInfo> | undefined;
  private stopping = false;
  private restarts: number[] = [];
  private readonly events = new EventEmitter();

  constructor(private readonly opts: LocalServiceOptions) {
    this.opts = { ...opts };
  }

  on<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): () => void {
    this.events.on(event, listener as (...a: unknown[]) => void);
    return () => this.events.off(event, listener as (...a: unknown[]) => void);
  }

  /** The running service's info, if it is up. */
  current(): LocalServiceInfo | undefined {
    return this.info;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the service if needed; concurrent callers share one start. */
  start(): Promise<LocalServiceInfo> {
    if (this.info && this.child && this.child.exitCode === null) return Promise.resolve(this.info);
    this.stopping = false;
    this.starting ??= this.spawnOnce().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.opts.log?.(level, redact(message));
  }

  private spawnOnce(): Promise<LocalServiceInfo> {
    mkdirSync(this.opts.dataDir, { recursive: true });
    // --parent-pid: the service exits by itself if the extension host dies without stopping it.
    const args = [
      this.opts.scriptPath,
      LOCAL_FLAGS.port,
      String(this.opts.port ?? 0),
      LOCAL_FLAGS.dataDir,
      this.opts.dataDir,
      LOCAL_FLAGS.parentPid,
      String(process.pid),
    ];
    const child = spawn(this.opts.nodePath ?? process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      windowsHide: true,
    });
    this.child = child;
    let stderrTail = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-4000);
      for (const line of chunk.split('\n')) if (line.trim()) this.log('info', `[local] ${line}`);
    });

    return new Promise<LocalServiceInfo>((resolve, reject) => {
      let buffered = '';
      let settled = false;
      const fail = (message: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const err = new WorkbenchError('LocalServiceFailed', message, 'See the "Lambda Workbench" output for the service log.');
        this.events.emit('failed', err);
        reject(err);
      };
      const timer = setTimeout(() => {
        fail(`The local service did not start within ${this.opts.startTimeoutMs ?? 15000} ms. ${stderrTail.trim()}`);
        child.kill('SIGKILL');
      }, this.opts.startTimeoutMs ?? 15000);
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => {
        if (settled) {
          for (const line of chunk.split('\n')) if (line.trim()) this.log('info', `[local] ${line}`);
          return;
        }
        buffered += chunk;
        const nl = buffered.indexOf('\n');
        if (nl < 0) return;
        const line = buffered.slice(0, nl);
        try {
          const info = JSON.parse(line) as LocalServiceInfo;
          if (typeof info.endpoint !== 'string' || typeof info.accessKeyId !== 'string') throw new Error('missing fields');
          registerSecret(info.secretAccessKey);
          settled = true;
          clearTimeout(timer);
          this.info = info;
          this.log('info', `Local service listening on ${info.endpoint} (pid ${info.pid}, data ${info.dataDir})`);
          this.events.emit('started', info);
          resolve(info);
        } catch {
          fail(`The local service printed an unexpected first line: ${line.slice(0, 200)}`);
          child.kill('SIGKILL');
        }
      });
      child.on('error', (err) => fail(`Cannot start the local service (${this.opts.nodePath ?? process.execPath} ${this.opts.scriptPath}): ${err.message}`));
      child.on('exit', (code, signal) => {
        const wasCurrent = this.child === child;
        if (wasCurrent) {
          this.child = undefined;
          this.info = undefined;
        }
        fail(`The local service exited before it was ready (code ${code}, signal ${signal}). ${stderrTail.trim()}`);
        this.events.emit('exited', code, signal);
        if (settled && wasCurrent && !this.stopping) this.restartAfterCrash(code, signal);
      });
    });
  }

  private restartAfterCrash(code: number | null, signal: NodeJS.Signals | null): void {
    const now = Date.now();
    const window = this.opts.restartWindowMs ?? 60_000;
    this.restarts = this.restarts.filter((t) => now - t < window);
    if (this.restarts.length >= (this.opts.maxRestarts ?? 3)) {
      const err = new WorkbenchError(
        'LocalServiceFailed',
        `The local service keeps crashing (last exit: code ${code}, signal ${signal}); not restarting it again.`,
        'Run "Lambda: Restart Local Service" after checking the output.',
      );
      this.log('error', err.message);
      this.events.emit('failed', err);
      return;
    }
    this.restarts.push(now);
    this.log('warn', `The local service exited (code ${code}, signal ${signal}); restarting it.`);
    this.start().catch((err: Error) => this.log('error', err.message));
  }

  /** Stops the service and waits for it to exit (SIGKILL after a grace period). */
  async stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    this.child = undefined;
    this.info = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** Changes where/how the next start runs (settings changed); a running service keeps going until restarted. */
  configure(opts: Partial<Pick<LocalServiceOptions, 'port' | 'dataDir'>>): void {
    Object.assign(this.opts, opts);
  }

  /** Stop then start (manual recovery after a crash loop); resets the crash counter. */
  async restart(): Promise<LocalServiceInfo> {
    await this.stop();
    this.restarts = [];
    return this.start();
  }
}
