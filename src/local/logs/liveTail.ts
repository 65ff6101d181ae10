// StartLiveTail: an AWS event stream (application/vnd.amazon.eventstream) framed by
// @smithy/eventstream-codec. A sessionStart, then a sessionUpdate every second carrying what was
// appended since the previous one (at most 500, uniformly sampled beyond that), until the client
// goes away or the session limit is reached (then a SessionTimeoutException in the stream).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { ServiceError } from '../seams';
import { compilePattern, type Matcher } from './pattern';
import { invalid, notFound, str, strList, type Input } from './protocol';
import type { AppendedEvent, LogGroup } from './groups';
import type { LogStore } from './store';

export interface LiveTailOptions {
  /** Session limit; AWS ends sessions after 3 hours. */
  liveTailMaxSessionMs?: number;
  /** Cadence of sessionUpdate messages; AWS sends one a second. */
  liveTailUpdateMs?: number;
  /** Concurrent sessions allowed (AWS: 15 per account). */
  liveTailMaxSessions?: number;
}

const MAX_RESULTS_PER_UPDATE = 500;

interface LiveResult {
  logStreamName: string;
  logGroupIdentifier: string;
  message: string;
  timestamp: number;
  ingestionTime: number;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function frame(headers: Record<string, string>, body: unknown): Uint8Array {
  const h: MessageHeaders = {};
  for (const [k, v] of Object.entries(headers)) h[k] = { type: 'string', value: v };
  return codec.encode({ headers: h, body: fromUtf8(JSON.stringify(body)) });
}

function eventFrame(type: 'sessionStart' | 'sessionUpdate', body: unknown): Uint8Array {
  return frame({ ':message-type': 'event', ':event-type': type, ':content-type': 'application/json' }, body);
}

function exceptionFrame(type: 'SessionTimeoutException' | 'SessionStreamingException', message: string): Uint8Array {
  return frame({ ':message-type': 'exception', ':exception-type': type, ':content-type': 'application/json' }, { message });
}

class Session {
  private buffer: LiveResult[] = [];
  private seen = 0; // events that matched since the last update (for reservoir sampling)
  private readonly timer: NodeJS.Timeout;
  private readonly limitTimer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    store: LogStore,
    private readonly groups: Map<string, string>, // group name -> identifier as the caller gave it
    private readonly streamNames: Set<string> | undefined,
    private readonly streamPrefixes: string[] | undefined,
    private readonly matcher: Matcher,
    updateMs: number,
    maxMs: number,
    private readonly onEnd: (s: Session) => void,
  ) {
    this.unsubscribe = store.subscribe((group, events) => this.onAppend(group, events));
    this.timer = setInterval(() => this.flush(), updateMs);
    this.limitTimer = setTimeout(
      () => this.end('SessionTimeoutException', 'Session exceeded the maximum duration of a Live Tail session. Start a new session to keep tailing.'),
      maxMs,
    );
    res.on('close', () => this.end());
  }

  private onAppend(group: string, events: AppendedEvent[]): void {
    const id = this.groups.get(group);
    if (id === undefined) return;
    for (const e of events) {
      if (this.streamNames && !this.streamNames.has(e.stream)) continue;
      if (this.streamPrefixes && !this.streamPrefixes.some((p) => e.stream.startsWith(p))) continue;
      if (!this.matcher(e.message)) continue;
      const r: LiveResult = { logStreamName: e.stream, logGroupIdentifier: id, message: e.message, timestamp: e.timestamp, ingestionTime: e.ingestionTime };
      // Reservoir sampling keeps memory bounded and the 500 a uniform sample of the second.
      this.seen++;
      if (this.buffer.length < MAX_RESULTS_PER_UPDATE) this.buffer.push(r);
      else {
        const j = Math.floor(Math.random() * this.seen);
        if (j < MAX_RESULTS_PER_UPDATE) this.buffer[j] = r;
      }
    }
  }

  private flush(): void {
    if (this.ended) return;
    const sampled = this.seen > MAX_RESULTS_PER_UPDATE;
    let results = this.buffer;
    if (sampled) results = results.slice().sort((a, b) => a.timestamp - b.timestamp || a.ingestionTime - b.ingestionTime);
    this.buffer = [];
    this.seen = 0;
    this.res.write(eventFrame('sessionUpdate', { sessionMetadata: { sampled }, sessionResults: results }));
  }

  groupDeleted(name: string): void {
    if (this.groups.has(name)) this.end('SessionStreamingException', `The log group ${name} was deleted during the Live Tail session.`);
  }

  end(exception?: 'SessionTimeoutException' | 'SessionStreamingException', message = ''): void {
    if (this.ended) return;
    if (exception && !this.res.destroyed) this.flush();
    this.ended = true;
    clearInterval(this.timer);
    clearTimeout(this.limitTimer);
    this.unsubscribe();
    if (!this.res.destroyed) {
      if (exception) this.res.write(exceptionFrame(exception, message));
      this.res.end();
    }
    this.onEnd(this);
  }
}

export class LiveTails {
  private readonly sessions = new Set<Session>();

  constructor(
    private readonly store: LogStore,
    private readonly opts: LiveTailOptions,
    private readonly resolveGroup: (id: string) => LogGroup | undefined,
    private readonly arnOf: (g: LogGroup) => string,
  ) {}

  get active(): number {
    return this.sessions.size;
  }

  async start(input: Input, _req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ids = strList(input, 'logGroupIdentifiers');
    if (!ids || ids.length < 1 || ids.length > 10) throw invalid('logGroupIdentifiers must list 1 to 10 log groups (ARNs, or names locally).');
    const streamNames = strList(input, 'logStreamNames');
    const prefixes = strList(input, 'logStreamNamePrefixes');
    if (streamNames && prefixes) throw invalid('logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.');
    if ((streamNames || prefixes) && ids.length !== 1)
      throw invalid('logStreamNames and logStreamNamePrefixes can only be used with exactly one log group in logGroupIdentifiers.');
    if (streamNames && (streamNames.length < 1 || streamNames.length > 100)) throw invalid('logStreamNames must list 1 to 100 stream names.');
    if (prefixes && (prefixes.length < 1 || prefixes.length > 100)) throw invalid('logStreamNamePrefixes must list 1 to 100 prefixes.');
    const pattern = str(input, 'logEventFilterPattern');
    const matcher = compilePattern(pattern);
    const groups = new Map<string, string>();
    for (const id of ids) {
      if (id.endsWith('*')) throw invalid(`The log group ARN ${id} must not end with an asterisk (*).`);
      const g = this.resolveGroup(id);
      if (!g) throw notFound(`The specified log group does not exist: ${id}`);
      groups.set(g.name, id.startsWith('arn:') ? id : this.arnOf(g));
    }
    if (this.sessions.size >= (this.opts.liveTailMaxSessions ?? 15)) {
      throw new ServiceError(
        400,
        'LimitExceededException',
        `At most ${this.opts.liveTailMaxSessions ?? 15} Live Tail sessions can run at once; end one first.`,
      );
    }
    const requestId = randomUUID();
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': requestId });
    res.flushHeaders();
    res.write(
      eventFrame('sessionStart', {
        requestId,
        sessionId: randomUUID(),
        logGroupIdentifiers: ids,
        ...(streamNames ? { logStreamNames: streamNames } : {}),
        ...(prefixes ? { logStreamNamePrefixes: prefixes } : {}),
        logEventFilterPattern: pattern ?? '',
      }),
    );
    const session = new Session(
      res,
      this.store,
      groups,
      streamNames ? new Set(streamNames) : undefined,
      prefixes,
      matcher,
      this.opts.liveTailUpdateMs ?? 1000,
      this.opts.liveTailMaxSessionMs ?? 3 * 3_600_000,
      (s) => this.sessions.delete(s),
    );
    this.sessions.add(session);
  }

  groupDeleted(name: string): void {
    for (const s of [...this.sessions]) s.groupDeleted(name);
  }

  closeAll(): void {
    for (const s of [...this.sessions]) s.end('SessionStreamingException', 'The local service is shutting down.');
  }
}
