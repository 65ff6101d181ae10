// Search over a past time range with FilterLogEvents, a page at a time in both directions: "load newer"
// continues after the newest event shown, "load older" reaches back before the oldest. FilterLogEvents
// only reads forwards, so older pages read a window before the oldest event and keep its end.
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { Deduper } from './dedupe';
import { logGroupName, type LogsClient } from './engine';
import type { TailEvent } from './types';

export interface SearchOptions {
  logGroups: string[];
  filterPattern?: string;
  streamPrefix?: string;
  /** Only these streams (a request's own stream). */
  streamNames?: string[];
  start: number;
  end: number;
  /** Events per page. */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface SearchPage {
  events: TailEvent[];
  /** False once a read found nothing further in that direction. */
  more: boolean;
}

const MAX_REQUESTS_PER_PAGE = 50;
const MAX_LOOKBACK_MS = 30 * 24 * 3600_000;

export class HistorySearch {
  private readonly names: string[];
  private readonly deduper = new Deduper(24 * 3600_000);
  private readonly pageSize: number;
  /** Oldest and newest timestamps handed out so far. */
  private oldest: number;
  private newest: number;
  private end: number;
  /** Events shown with the newest timestamp: the next forward read returns them again. */
  private atNewest = 0;
  private previousNewest = -1;

  constructor(
    private readonly client: LogsClient,
    private readonly options: SearchOptions,
  ) {
    if (!(options.start < options.end)) throw new Error('The search range is empty: its start must be before its end.');
    this.names = options.logGroups.map(logGroupName);
    this.pageSize = Math.max(1, Math.min(options.pageSize ?? 500, 10_000));
    this.oldest = options.start;
    this.newest = options.start;
    this.end = options.end;
  }

  get range(): { start: number; end: number } {
    return { start: this.oldest, end: Math.max(this.end, this.newest) };
  }

  /** The first page of the range (its oldest events), then each further call continues forwards. */
  async newer(until: number = this.end): Promise<SearchPage> {
    this.end = Math.max(this.end, until);
    // Re-read from the newest millisecond shown: events that share it and were not shown yet come too.
    const all = await this.read(this.newest, this.end, this.pageSize + this.atNewest, 'first');
    const fresh = this.deduper.peek(all);
    if (!fresh.length) return { events: [], more: false };
    let take = Math.min(fresh.length, this.pageSize);
    // Never split a millisecond between two pages.
    while (take < fresh.length && all[fresh[take]].timestamp === all[fresh[take - 1]].timestamp) take++;
    const lastIndex = fresh[take - 1];
    const events = this.deduper.pass().filter(all.slice(0, lastIndex + 1));
    this.newest = events[events.length - 1].timestamp;
    this.atNewest = countFromEnd(events, this.newest) + (this.newest === this.previousNewest ? this.atNewest : 0);
    this.previousNewest = this.newest;
    return { events, more: fresh.length > take || all.length >= this.pageSize };
  }

  /** The page just before the oldest event shown. */
  async older(): Promise<SearchPage> {
    let window = Math.max(this.end - this.options.start, 15 * 60_000);
    const floor = this.oldest;
    while (window <= MAX_LOOKBACK_MS) {
      const from = Math.max(0, floor - window);
      // Inclusive of the boundary millisecond: events there that were not shown yet belong to this page.
      const all = await this.read(from, floor, this.pageSize * 4, 'last');
      const fresh = this.deduper.peek(all);
      if (fresh.length) {
        let first = Math.max(0, fresh.length - this.pageSize);
        while (first > 0 && all[fresh[first - 1]].timestamp === all[fresh[first]].timestamp) first--;
        const events = this.deduper.pass().filter(all.slice(fresh[first]));
        this.oldest = events[0].timestamp;
        return { events, more: true };
      }
      if (from === 0) break;
      window *= 4;
    }
    return { events: [], more: false };
  }

  private async read(start: number, end: number, want: number, keep: 'first' | 'last'): Promise<TailEvent[]> {
    const all: TailEvent[] = [];
    for (const name of this.names) {
      let nextToken: string | undefined;
      let requests = 0;
      let got = 0;
      do {
        const out = await this.client.send(
          new FilterLogEventsCommand({
            logGroupName: name,
            startTime: start,
            endTime: end,
            limit: Math.min(10_000, want),
            ...(this.options.filterPattern ? { filterPattern: this.options.filterPattern } : {}),
            ...(this.options.streamPrefix ? { logStreamNamePrefix: this.options.streamPrefix } : {}),
            ...(this.options.streamNames?.length ? { logStreamNames: this.options.streamNames } : {}),
            ...(nextToken ? { nextToken } : {}),
          }),
          this.options.signal ? { abortSignal: this.options.signal } : {},
        );
        for (const e of out.events ?? []) {
          all.push({
            logGroup: name,
            logStream: e.logStreamName ?? '',
            timestamp: e.timestamp ?? 0,
            message: e.message ?? '',
            ...(e.eventId ? { eventId: e.eventId } : {}),
          });
          got++;
        }
        nextToken = out.nextToken;
        // Reading forwards, one more page than needed is enough; reading for the last ones, read on.
      } while (nextToken && ++requests < MAX_REQUESTS_PER_PAGE && (keep === 'last' || got < want + 1));
    }
    all.sort((a, b) => a.timestamp - b.timestamp);
    return keep === 'first' ? all.slice(0, want + countAt(all, want)) : all;
  }
}

function countFromEnd(sorted: TailEvent[], ts: number): number {
  let n = 0;
  for (let i = sorted.length - 1; i >= 0 && sorted[i].timestamp === ts; i--) n++;
  return n;
}

/** Keeps every event of the boundary millisecond together so a page never splits one. */
function countAt(sorted: TailEvent[], index: number): number {
  if (index >= sorted.length || index === 0) return 0;
  const ts = sorted[index - 1].timestamp;
  let n = 0;
  while (index + n < sorted.length && sorted[index + n].timestamp === ts) n++;
  return n;
}

/**
 * All lines of one invocation: finds the stream and time span of the request id near its start time,
 * then reads that stream over the span, so lines without the id (print output, stack traces) come too.
 */
export async function findRequestEvents(
  client: LogsClient,
  logGroup: string,
  requestId: string,
  startTime: number,
  signal?: AbortSignal,
): Promise<TailEvent[]> {
  const name = logGroupName(logGroup);
  const probe = new HistorySearch(client, {
    logGroups: [name],
    filterPattern: `"${requestId.replace(/"/g, '')}"`,
    start: Math.max(0, startTime - 5 * 60_000),
    end: startTime + 20 * 60_000,
    pageSize: 1000,
    ...(signal ? { signal } : {}),
  });
  const hits = (await probe.newer()).events;
  if (!hits.length) return [];
  const streams = [...new Set(hits.map((e) => e.logStream))];
  const first = hits[0].timestamp;
  const report = hits.find(
    (e) => e.message.startsWith('REPORT RequestId: ' + requestId) || (e.message.includes('"platform.report"') && e.message.includes(requestId)),
  );
  const last = report ? report.timestamp : hits[hits.length - 1].timestamp;
  const full = new HistorySearch(client, {
    logGroups: [name],
    streamNames: streams,
    start: first,
    end: last + 1,
    pageSize: 5000,
    ...(signal ? { signal } : {}),
  });
  const events = (await full.newer()).events;
  return events.length ? events : hits;
}
