// The tail engine: follows 1-10 log groups over a CloudWatchLogsClient. It prefers StartLiveTail (a
// pushed event stream) and falls back to FilterLogEvents polling when live tail cannot be had. After a
// dropped stream or the 3-hour session limit it reconnects and backfills the gap with FilterLogEvents,
// so nothing is lost; the deduper makes sure nothing is shown twice.
import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  StartLiveTailCommand,
  type CloudWatchLogsClient,
  type FilterLogEventsCommandOutput,
  type StartLiveTailCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import { Deduper, type DedupePass } from './dedupe';
import { describeError, isAbort, isFatal, isNotFound, isThrottle, liveTailUnavailable, LIVE_UNAVAILABLE_REASON } from './errors';
import type { TailEvent, TailStatus } from './types';

export type LogsClient = Pick<CloudWatchLogsClient, 'send'>;

/**
 * How far before the newest timestamp seen each poll and backfill reads again. Lambda's lines reach
 * CloudWatch seconds after their timestamp, and one environment's lines can lag another's: a short
 * overlap would skip a late line. What is read twice is dropped by the deduper.
 */
const DEFAULT_OVERLAP_MS = 10_000;

export interface TailOptions {
  /** Log group names or ARNs, 1 to 10. */
  logGroups: string[];
  /** CloudWatch Logs filter pattern, applied by the service. */
  filterPattern?: string;
  /** Only streams whose name starts with this (live tail allows it with one log group only). */
  streamPrefix?: string;
  /** 'auto' (default): live tail, polling when it is unavailable. */
  mode?: 'auto' | 'live' | 'poll';
  /** Read events from this time first (reopening a panel where it was). */
  startTime?: number;
  /** Poll interval while events flow; it grows while idle and on throttling. */
  pollIntervalMs?: number;
  maxIdlePollIntervalMs?: number;
  maxThrottlePollIntervalMs?: number;
  /** First reconnect delay after a stream error; doubles up to maxReconnectDelayMs. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** How long after falling back for a session limit to try live tail again. */
  liveRetryMs?: number;
  /** Polls and backfills re-read this far before the newest timestamp, for late ingestion (default 10 s). */
  overlapMs?: number;
  dedupeWindowMs?: number;
  clock?: Clock;
}

export interface Clock {
  now(): number;
  /** Resolves after ms, or as soon as the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface TailSink {
  events(batch: TailEvent[]): void;
  status(status: TailStatus): void;
}

export interface TailHandle {
  /** Stops the tail (aborts the stream or the poll) and resolves once it has stopped. */
  stop(): Promise<void>;
  readonly done: Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

/** Checks what a user typed or picked before any request is made. */
export function validateTailOptions(options: TailOptions): void {
  const n = options.logGroups.length;
  if (n < 1 || n > 10) throw new Error(`A tail follows 1 to 10 log groups; ${n} were given. Pick between 1 and 10.`);
  for (const g of options.logGroups) {
    if (!g || /\s/.test(g.trim()) || g.trim() !== g) throw new Error(`"${g}" is not a log group name or ARN: names have no spaces.`);
  }
}

/** ARN or name -> name, the form events and FilterLogEvents use. */
export function logGroupName(identifier: string): string {
  const i = identifier.indexOf(':log-group:');
  return i >= 0 ? identifier.slice(i + ':log-group:'.length).replace(/:\*$/, '') : identifier;
}

export function startTail(client: LogsClient, options: TailOptions, sink: TailSink): TailHandle {
  validateTailOptions(options);
  const tail = new Tail(client, options, sink);
  const done = tail.run();
  return {
    done,
    stop: async () => {
      tail.abort();
      await done;
    },
  };
}

class Tail {
  private readonly controller = new AbortController();
  private readonly clock: Clock;
  private readonly deduper: Deduper;
  private readonly names: string[];
  /** Newest event timestamp delivered: where a backfill or a poll resumes. */
  private cursor: number;
  /** Nothing before this is read: the tail's start (or the time asked for). */
  private readonly floor: number;
  private sampled = false;
  /** Set when a poll read every group without ResourceNotFound. */
  private groupsFound = false;
  private mode: TailStatus['mode'] = 'connecting';

  constructor(
    private readonly client: LogsClient,
    private readonly options: TailOptions,
    private readonly sink: TailSink,
  ) {
    this.clock = options.clock ?? realClock;
    this.deduper = new Deduper(options.dedupeWindowMs ?? 120_000);
    this.names = options.logGroups.map(logGroupName);
    this.cursor = options.startTime ?? this.clock.now();
    this.floor = this.cursor;
  }

  abort(): void {
    this.controller.abort();
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  async run(): Promise<void> {
    try {
      if (this.options.startTime !== undefined) await this.backfill(this.options.startTime);
      const mode = this.options.mode ?? 'auto';
      if (mode === 'poll') await this.pollUntil(() => false, 'polling FilterLogEvents as asked');
      else await this.liveLoop(mode === 'auto');
    } catch (err) {
      if (!isAbort(err) && !this.signal.aborted) this.report({ mode: 'failed', sampled: this.sampled, reason: describeError(err) });
    } finally {
      this.report({ mode: 'stopped', sampled: this.sampled });
    }
  }

  private async liveLoop(mayFallBack: boolean): Promise<void> {
    let delay = this.options.reconnectDelayMs ?? 1000;
    let arns: string[] | undefined;
    // Even the first session starts a moment after the tail did: read that moment too.
    let gapFrom: number | undefined = this.cursor;
    while (!this.signal.aborted) {
      const sessionStart = this.clock.now();
      try {
        arns ??= await this.resolveArns();
        const healthy = await this.liveSession(arns, gapFrom);
        // The session ran (and may have ended by the 3-hour limit): resume at once, backfilling the gap.
        gapFrom = Math.min(this.cursor, sessionStart);
        if (this.signal.aborted) return;
        this.report({ mode: 'reconnecting', sampled: this.sampled, reason: 'live tail session ended; reconnecting' });
        if (healthy) delay = this.options.reconnectDelayMs ?? 1000;
        else {
          // A stream that ends before it starts must not spin: back off like an error.
          await this.clock.sleep(delay, this.signal);
          delay = Math.min(delay * 2, this.options.maxReconnectDelayMs ?? 30_000);
        }
      } catch (err) {
        if (this.signal.aborted || isAbort(err)) return;
        const unavailable = liveTailUnavailable(err);
        if (unavailable && mayFallBack) {
          const reason = LIVE_UNAVAILABLE_REASON[unavailable];
          const until = this.clock.now() + (this.options.liveRetryMs ?? 5 * 60_000);
          this.groupsFound = false;
          // A missing group: live tail as soon as polling finds it. A session limit: try again later.
          const retry = unavailable === 'missing' ? () => this.groupsFound : unavailable === 'limit' ? () => this.clock.now() >= until : () => false;
          await this.pollUntil(retry, reason);
          arns = undefined;
          gapFrom = this.cursor;
          continue;
        }
        if (isFatal(err) || (unavailable && !mayFallBack)) throw err;
        gapFrom = Math.min(this.cursor, sessionStart);
        this.report({
          mode: 'reconnecting',
          sampled: this.sampled,
          reason: `live tail stream failed (${describeError(err)}); reconnecting in ${Math.round(delay / 100) / 10}s`,
        });
        await this.clock.sleep(delay, this.signal);
        delay = Math.min(delay * 2, this.options.maxReconnectDelayMs ?? 30_000);
      }
    }
  }

  /** Runs one StartLiveTail session to its end. Resolves true when it delivered a session start. */
  private async liveSession(arns: string[], gapFrom: number | undefined): Promise<boolean> {
    this.report({ mode: this.mode === 'live' ? 'live' : 'connecting', sampled: this.sampled });
    const prefix = this.options.streamPrefix && arns.length === 1 ? [this.options.streamPrefix] : undefined;
    const output: StartLiveTailCommandOutput = await this.client.send(
      new StartLiveTailCommand({
        logGroupIdentifiers: arns,
        ...(this.options.filterPattern ? { logEventFilterPattern: this.options.filterPattern } : {}),
        ...(prefix ? { logStreamNamePrefixes: prefix } : {}),
      }),
      { abortSignal: this.signal },
    );
    if (!output.responseStream) throw Object.assign(new Error('StartLiveTail returned no event stream'), { name: 'UnsupportedOperation' });
    const pass = this.deduper.pass();
    let started = false;
    let backfill: Promise<void> | undefined;
    try {
      for await (const item of output.responseStream) {
        if (this.signal.aborted) break;
        if (item.sessionStart) {
          started = true;
          this.report({ mode: 'live', sampled: this.sampled });
          // The gap between the old session's end and this one's start, read while live events flow.
          if (gapFrom !== undefined) backfill = this.backfill(gapFrom).catch((err) => this.backfillFailed(err));
        } else if (item.sessionUpdate) {
          const sampled = item.sessionUpdate.sessionMetadata?.sampled === true;
          if (sampled !== this.sampled) {
            this.sampled = sampled;
            this.report({ mode: 'live', sampled });
          }
          const batch = (item.sessionUpdate.sessionResults ?? []).map((r) => ({
            logGroup: logGroupName(r.logGroupIdentifier ?? this.names[0]),
            logStream: r.logStreamName ?? '',
            timestamp: r.timestamp ?? 0,
            message: r.message ?? '',
            ...(r.ingestionTime !== undefined ? { ingestionTime: r.ingestionTime } : {}),
          }));
          this.deliver(pass, batch);
        } else if (item.SessionTimeoutException) {
          // The 3-hour limit: not an error, the caller reconnects at once.
          break;
        } else if (item.SessionStreamingException) {
          throw Object.assign(new Error(item.SessionStreamingException.message ?? 'live tail stream failed'), { name: 'SessionStreamingException' });
        }
      }
    } finally {
      await backfill;
    }
    return started;
  }

  private backfillFailed(err: unknown): void {
    if (this.signal.aborted || isAbort(err)) return;
    this.report({ mode: this.mode, sampled: this.sampled, reason: `could not read the events missed while reconnecting: ${describeError(err)}` });
  }

  /** Reads [from - overlap, now] from every group: the events a reconnect or a reopen would miss. */
  private async backfill(from: number): Promise<void> {
    for (const name of this.names) {
      if (this.signal.aborted) return;
      try {
        await this.filterOnce(name, from - (this.options.overlapMs ?? DEFAULT_OVERLAP_MS));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  /** Polls until `stop` says so (or the tail is stopped), adapting the interval. */
  private async pollUntil(stop: () => boolean, reason: string): Promise<void> {
    const base = this.options.pollIntervalMs ?? 1000;
    const maxIdle = this.options.maxIdlePollIntervalMs ?? 5000;
    const maxThrottle = this.options.maxThrottlePollIntervalMs ?? 30_000;
    let interval = base;
    this.report({ mode: 'polling', sampled: false, reason, pollIntervalMs: interval });
    while (!this.signal.aborted && !stop()) {
      const from = this.cursor - (this.options.overlapMs ?? DEFAULT_OVERLAP_MS);
      let got = 0;
      let throttled = false;
      let missing = false;
      for (const name of this.names) {
        try {
          got += await this.filterOnce(name, from);
        } catch (err) {
          if (isNotFound(err)) missing = true;
          if (this.signal.aborted || isAbort(err)) return;
          if (isThrottle(err)) throttled = true;
          else if (isFatal(err)) throw err;
          else if (!isNotFound(err))
            this.report({ mode: 'polling', sampled: false, reason: `polling failed (${describeError(err)}); retrying`, pollIntervalMs: interval });
        }
      }
      if (!missing && !throttled) this.groupsFound = true;
      const next = throttled ? Math.min(interval * 2, maxThrottle) : got > 0 ? base : Math.min(Math.ceil(interval * 1.5), Math.max(maxIdle, base));
      if (next !== interval || throttled) {
        interval = next;
        this.report({
          mode: 'polling',
          sampled: false,
          reason: throttled ? 'throttled by CloudWatch Logs; polling less often' : reason,
          pollIntervalMs: interval,
        });
      }
      await this.clock.sleep(interval, this.signal);
    }
  }

  /** One FilterLogEvents query, all its pages. Returns how many new events it delivered. */
  private async filterOnce(name: string, startTime: number): Promise<number> {
    const pass = this.deduper.pass();
    let nextToken: string | undefined;
    let delivered = 0;
    let pages = 0;
    do {
      const out: FilterLogEventsCommandOutput = await this.client.send(
        new FilterLogEventsCommand({
          logGroupName: name,
          startTime: Math.max(0, this.floor, startTime),
          ...(this.options.filterPattern ? { filterPattern: this.options.filterPattern } : {}),
          ...(this.options.streamPrefix ? { logStreamNamePrefix: this.options.streamPrefix } : {}),
          ...(nextToken ? { nextToken } : {}),
        }),
        { abortSignal: this.signal },
      );
      const batch = (out.events ?? [])
        .map((e) => ({
          logGroup: name,
          logStream: e.logStreamName ?? '',
          timestamp: e.timestamp ?? 0,
          message: e.message ?? '',
          ...(e.ingestionTime !== undefined ? { ingestionTime: e.ingestionTime } : {}),
          ...(e.eventId ? { eventId: e.eventId } : {}),
        }))
        .sort((a, b) => a.timestamp - b.timestamp);
      delivered += this.deliver(pass, batch);
      nextToken = out.nextToken;
      // A page can be empty while the service is still searching: follow tokens, but not forever.
    } while (nextToken && ++pages < 200 && !this.signal.aborted);
    return delivered;
  }

  private deliver(pass: DedupePass, batch: TailEvent[]): number {
    if (this.signal.aborted) return 0;
    const fresh = pass.filter(batch);
    if (!fresh.length) return 0;
    for (const e of fresh) if (e.timestamp > this.cursor) this.cursor = e.timestamp;
    this.sink.events(fresh);
    return fresh.length;
  }

  private async resolveArns(): Promise<string[]> {
    const arns: string[] = [];
    for (const id of this.options.logGroups) {
      if (id.startsWith('arn:')) {
        arns.push(id.replace(/:\*$/, ''));
        continue;
      }
      arns.push(await this.findArn(id));
    }
    return arns;
  }

  /** StartLiveTail wants ARNs: look the name up (exact match among the prefix results). */
  private async findArn(name: string): Promise<string> {
    let nextToken: string | undefined;
    do {
      const out = await this.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, ...(nextToken ? { nextToken } : {}) }), {
        abortSignal: this.signal,
      });
      const hit = out.logGroups?.find((g) => g.logGroupName === name);
      if (hit) {
        const arn = hit.logGroupArn ?? hit.arn?.replace(/:\*$/, '');
        if (arn) return arn;
      }
      nextToken = out.nextToken;
    } while (nextToken);
    throw Object.assign(new Error(`The log group ${name} does not exist yet.`), { name: 'ResourceNotFoundException' });
  }

  private report(status: TailStatus): void {
    if (this.mode === 'stopped') return;
    this.mode = status.mode;
    this.sink.status(status);
  }
}
