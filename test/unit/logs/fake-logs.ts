// A scripted CloudWatch Logs client for engine tests: a log store that FilterLogEvents pages through and
// StartLiveTail sessions follow, with faults to inject (dropped streams, throttling, denied live tail).
import type { StartLiveTailResponseStream } from '@aws-sdk/client-cloudwatch-logs';
import type { LogsClient } from '../../../src/logs/engine';
import type { TailEvent } from '../../../src/logs/types';

const ACCOUNT = '111122223333';
export const arnOf = (name: string): string => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name}`;

class AwsError extends Error {
  $metadata = { httpStatusCode: 400 };
  constructor(name: string, message = name) {
    super(message);
    this.name = name;
  }
}

interface Session {
  push(item: StartLiveTailResponseStream): void;
  fail(err: Error): void;
  end(): void;
  groups: string[];
}

export class FakeLogs {
  readonly store: Array<TailEvent & { eventId: string }> = [];
  readonly calls: string[] = [];
  sessions: Session[] = [];
  /** Name of the error StartLiveTail throws, if any. */
  liveError?: string;
  /** FilterLogEvents throws ThrottlingException this many times before answering. */
  throttles = 0;
  pageSize = 3;
  sampled = false;
  /** While set, live sessions do not see new events (the gap of a dropped connection). */
  deaf = false;
  liveSessionsStarted = 0;
  /** Runs when a StartLiveTail request arrives, before its session listens. */
  beforeLive?: () => void;
  aborts = 0;

  readonly client: LogsClient = {
    send: ((cmd: { constructor: { name: string }; input: Record<string, unknown> }, opts?: { abortSignal?: AbortSignal }) =>
      this.send(cmd, opts)) as unknown as LogsClient['send'],
  };

  write(logGroup: string, logStream: string, timestamp: number, message: string): void {
    const e = { logGroup, logStream, timestamp, message, eventId: String(this.store.length) };
    this.store.push(e);
    if (this.deaf) return;
    for (const s of this.sessions) {
      if (!s.groups.includes(logGroup)) continue;
      s.push({
        sessionUpdate: {
          sessionMetadata: { sampled: this.sampled },
          sessionResults: [{ logGroupIdentifier: arnOf(logGroup), logStreamName: logStream, timestamp, message, ingestionTime: timestamp }],
        },
      });
    }
  }

  /** Drops every live session as a network failure would. */
  dropStreams(err: Error = new AwsError('SessionStreamingException', 'stream reset')): void {
    for (const s of this.sessions) s.fail(err);
    this.sessions = [];
  }

  /** Ends sessions the way the 3-hour limit does. */
  timeoutSessions(): void {
    for (const s of this.sessions) {
      s.push({ SessionTimeoutException: new AwsError('SessionTimeoutException', 'session over 3 hours') as never });
      s.end();
    }
    this.sessions = [];
  }

  private async send(cmd: { constructor: { name: string }; input: Record<string, unknown> }, opts?: { abortSignal?: AbortSignal }): Promise<unknown> {
    const op = cmd.constructor.name.replace(/Command$/, '');
    this.calls.push(op);
    await Promise.resolve();
    switch (op) {
      case 'DescribeLogGroups': {
        const prefix = String(cmd.input.logGroupNamePrefix ?? '');
        const names = [...new Set(this.store.map((e) => e.logGroup))].filter((n) => n.startsWith(prefix));
        return { logGroups: names.map((n) => ({ logGroupName: n, arn: arnOf(n) + ':*', logGroupArn: arnOf(n) })) };
      }
      case 'FilterLogEvents':
        return this.filter(cmd.input);
      case 'StartLiveTail':
        return this.startLive(cmd.input, opts?.abortSignal);
      default:
        throw new AwsError('UnknownOperationException', op);
    }
  }

  private filter(input: Record<string, unknown>): unknown {
    if (this.throttles > 0) {
      this.throttles--;
      throw new AwsError('ThrottlingException', 'Rate exceeded');
    }
    const group = String(input.logGroupName);
    if (!this.store.some((e) => e.logGroup === group)) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
    const start = Number(input.startTime ?? 0);
    const prefix = input.logStreamNamePrefix as string | undefined;
    const end = input.endTime === undefined ? Infinity : Number(input.endTime);
    const names = input.logStreamNames as string[] | undefined;
    const term = typeof input.filterPattern === 'string' ? input.filterPattern.replace(/^"|"$/g, '') : undefined;
    const all = this.store
      .filter(
        (e) =>
          e.logGroup === group &&
          e.timestamp >= start &&
          e.timestamp <= end &&
          (!prefix || e.logStream.startsWith(prefix)) &&
          (!names || names.includes(e.logStream)) &&
          (!term || e.message.includes(term)),
      )
      .sort((a, b) => a.timestamp - b.timestamp);
    const size = Math.min(this.pageSize, Number(input.limit ?? Infinity));
    const offset = Number(input.nextToken ?? 0);
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? String(offset + size) : undefined;
    return {
      events: page.map((e) => ({ logStreamName: e.logStream, timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp, eventId: e.eventId })),
      ...(next ? { nextToken: next } : {}),
    };
  }

  private startLive(input: Record<string, unknown>, signal?: AbortSignal): unknown {
    if (this.liveError) throw new AwsError(this.liveError);
    this.beforeLive?.();
    const ids = input.logGroupIdentifiers as string[];
    for (const id of ids) if (!id.startsWith('arn:')) throw new AwsError('InvalidParameterException', 'log group identifiers must be ARNs');
    this.liveSessionsStarted++;
    const queue: Array<StartLiveTailResponseStream | Error | null> = [];
    let wake: (() => void) | undefined;
    const put = (x: StartLiveTailResponseStream | Error | null): void => {
      queue.push(x);
      wake?.();
    };
    const session: Session = { push: put, fail: put, end: () => put(null), groups: ids.map((a) => a.split(':log-group:')[1]) };
    this.sessions.push(session);
    signal?.addEventListener('abort', () => {
      this.aborts++;
      put(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    });
    put({ sessionStart: { sessionId: 's' + this.liveSessionsStarted, logGroupIdentifiers: ids } });
    const stream = async function* (): AsyncGenerator<StartLiveTailResponseStream> {
      for (;;) {
        while (!queue.length) await new Promise<void>((r) => (wake = r));
        const item = queue.shift()!;
        if (item === null) return;
        if (item instanceof Error) throw item;
        yield item;
      }
    };
    return { responseStream: stream() };
  }
}

export async function until(cond: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
