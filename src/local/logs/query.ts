// Reading events back: GetLogEvents over one stream (forward/backward tokens) and FilterLogEvents
// over many streams merged in (timestamp, seq) order, with a scan budget per call as AWS has.
import { ServiceError } from '../seams';
import type { Matcher } from './pattern';
import type { LogStream } from './groups';

export const MAX_EVENTS_PER_RESPONSE = 10_000;
const MAX_RESPONSE_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;
/** Events FilterLogEvents examines per call before it returns a page with a nextToken (AWS does the same). */
const DEFAULT_SCAN_BUDGET = 2_000_000;
const DEFAULT_SCAN_TIME_MS = 250;

export interface Key {
  ts: number;
  seq: number;
}

// GetLogEvents tokens look like AWS's: f/ or b/ followed by digits (timestamp, seq).
function encodeStreamToken(dir: 'f' | 'b', k: Key): string {
  return `${dir}/${String(Math.max(0, k.ts)).padStart(16, '0')}${String(k.seq).padStart(20, '0')}`;
}

export function decodeStreamToken(token: string): { dir: 'f' | 'b'; key: Key } {
  const m = /^([fb])\/(\d{16})(\d{20})$/.exec(token);
  if (!m)
    throw new ServiceError(
      400,
      'InvalidParameterException',
      'The specified nextToken is invalid. Pass a nextForwardToken or nextBackwardToken from a previous GetLogEvents response unchanged.',
    );
  return { dir: m[1] as 'f' | 'b', key: { ts: Number(m[2]), seq: Number(m[3]) } };
}

export interface GetEventsArgs {
  startTime?: number;
  endTime?: number;
  limit: number;
  startFromHead: boolean;
  token?: string;
}

export interface OutputEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export function getLogEvents(s: LogStream, a: GetEventsArgs): { events: OutputEvent[]; nextForwardToken: string; nextBackwardToken: string } {
  // The time range bounds [lo, hi) as indices.
  const lo = a.startTime !== undefined ? s.lowerBound(a.startTime, 0, true) : s.head;
  const hi = a.endTime !== undefined ? s.lowerBound(a.endTime, 0, true) : s.ts.length;
  const keyAt = (i: number): Key => ({ ts: s.ts[i], seq: s.seq[i] });
  let from: number;
  let to: number;
  let forward: boolean;
  if (a.token) {
    const { dir, key } = decodeStreamToken(a.token);
    forward = dir === 'f';
    if (forward) {
      from = Math.max(lo, s.lowerBound(key.ts, key.seq, false));
      to = hi;
    } else {
      from = lo;
      to = Math.min(hi, s.lowerBound(key.ts, key.seq, true));
    }
  } else {
    forward = a.startFromHead;
    from = lo;
    to = hi;
  }
  if (from > to) from = to;
  // Take `limit` events (and at most 1 MB) from the start (forward) or end (backward) of [from, to).
  let start = from;
  let end = to;
  let bytes = 0;
  if (forward) {
    end = from;
    while (end < to && end - from < a.limit) {
      bytes += Buffer.byteLength(s.msg[end]) + EVENT_OVERHEAD;
      if (bytes > MAX_RESPONSE_BYTES && end > from) break;
      end++;
    }
  } else {
    start = to;
    while (start > from && to - start < a.limit) {
      bytes += Buffer.byteLength(s.msg[start - 1]) + EVENT_OVERHEAD;
      if (bytes > MAX_RESPONSE_BYTES && start < to) break;
      start--;
    }
  }
  const events: OutputEvent[] = [];
  for (let i = start; i < end; i++) events.push({ timestamp: s.ts[i], message: s.msg[i], ingestionTime: s.ing[i] });
  if (events.length === 0) {
    // At either end AWS hands back the same token, which is how callers know they are done.
    const f = a.token?.startsWith('f/') ? a.token : encodeStreamToken('f', end > s.head ? keyAt(end - 1) : { ts: 0, seq: 0 });
    const b = a.token?.startsWith('b/') ? a.token : encodeStreamToken('b', start < s.ts.length ? keyAt(start) : afterLast(s));
    return { events, nextForwardToken: f, nextBackwardToken: b };
  }
  return {
    events,
    nextForwardToken: encodeStreamToken('f', keyAt(end - 1)),
    nextBackwardToken: encodeStreamToken('b', keyAt(start)),
  };
}

function afterLast(s: LogStream): Key {
  return s.size ? { ts: s.ts[s.ts.length - 1], seq: s.seq[s.seq.length - 1] + 1 } : { ts: 0, seq: 0 };
}

// ---------------------------------------------------------------------------------------------

export interface FilterArgs {
  streams: LogStream[];
  startTime?: number;
  endTime?: number;
  matcher: Matcher;
  limit: number;
  after?: Key;
  /** Events examined before returning a (possibly empty) page with a token; AWS does the same. */
  scanBudget?: number;
  /** Likewise a time budget, so one long scan never holds up the service's event loop (invocations). */
  scanTimeBudgetMs?: number;
}

export interface FilteredEvent extends OutputEvent {
  logStreamName: string;
  eventId: string;
}

function eventId(ts: number, seq: number): string {
  // Unique within the group, stable across restarts, and sorts like the events do.
  return `${String(ts).padStart(16, '0')}${String(seq).padStart(20, '0')}`;
}

export function filterLogEvents(a: FilterArgs): { events: FilteredEvent[]; next?: Key } {
  const cursors = a.streams
    .map((s) => {
      let i = a.startTime !== undefined ? s.lowerBound(a.startTime, 0, true) : s.head;
      if (a.after) i = Math.max(i, s.lowerBound(a.after.ts, a.after.seq, false));
      const end = a.endTime !== undefined ? s.lowerBound(a.endTime, 0, true) : s.ts.length;
      return { s, i, end };
    })
    .filter((c) => c.i < c.end);
  const heap = new CursorHeap(cursors);
  const events: FilteredEvent[] = [];
  const { matcher, limit } = a;
  const budget = a.scanBudget ?? DEFAULT_SCAN_BUDGET;
  const deadline = performance.now() + (a.scanTimeBudgetMs ?? DEFAULT_SCAN_TIME_MS);
  let scanned = 0;
  let bytes = 0;
  for (;;) {
    const c = heap.peek();
    if (!c) return { events };
    const { s, end } = c;
    const ts = s.ts;
    const seqs = s.seq;
    // Walk this stream's run for as long as it stays before every other stream's next event, so
    // the heap is touched once per run rather than once per event.
    const other = heap.runnerUp();
    const boundTs = other ? other.s.ts[other.i] : Infinity;
    const boundSeq = other ? other.s.seq[other.i] : Infinity;
    let i = c.i;
    while (i < end && (ts[i] < boundTs || (ts[i] === boundTs && seqs[i] < boundSeq))) {
      const msg = s.msg[i];
      if (matcher(msg)) {
        bytes += Buffer.byteLength(msg) + EVENT_OVERHEAD;
        events.push({ logStreamName: s.name, timestamp: ts[i], message: msg, ingestionTime: s.ing[i], eventId: eventId(ts[i], seqs[i]) });
      }
      i++;
      scanned++;
      // The clock is read every 4096 events: cheap, and fine-grained enough for the time budget.
      if (events.length >= limit || bytes >= MAX_RESPONSE_BYTES || scanned >= budget || ((scanned & 4095) === 0 && performance.now() > deadline)) {
        const last = { ts: ts[i - 1], seq: seqs[i - 1] };
        c.i = i;
        heap.advanced();
        return heap.peek() ? { events, next: last } : { events };
      }
    }
    c.i = i;
    heap.advanced();
  }
}

interface Cursor {
  s: LogStream;
  i: number;
  end: number;
}

/** Min-heap of stream cursors by the (ts, seq) of their current event. */
class CursorHeap {
  private readonly h: Cursor[];
  constructor(cursors: Cursor[]) {
    this.h = cursors;
    for (let k = (this.h.length >> 1) - 1; k >= 0; k--) this.down(k);
  }
  peek(): Cursor | undefined {
    return this.h[0];
  }
  /** The cursor that would be on top if the top one were gone. */
  runnerUp(): Cursor | undefined {
    const [, l, r] = this.h;
    if (!l) return undefined;
    return r && this.less(r, l) ? r : l;
  }
  /** The top cursor moved on: drop it when exhausted, else restore heap order. */
  advanced(): void {
    const top = this.h[0];
    if (top.i >= top.end) {
      const last = this.h.pop()!;
      if (this.h.length === 0) return;
      this.h[0] = last;
    }
    if (this.h.length > 1) this.down(0);
  }
  private less(a: Cursor, b: Cursor): boolean {
    const ta = a.s.ts[a.i];
    const tb = b.s.ts[b.i];
    return ta < tb || (ta === tb && a.s.seq[a.i] < b.s.seq[b.i]);
  }
  private down(k: number): void {
    const h = this.h;
    const n = h.length;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && this.less(h[r], h[l]) ? r : l;
      if (!this.less(h[m], h[k])) return;
      [h[m], h[k]] = [h[k], h[m]];
      k = m;
    }
  }
}
