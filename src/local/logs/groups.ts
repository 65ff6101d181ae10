// The local log store's memory: groups -> streams -> events in (timestamp, seq) order, held in
// columns (cheap to append, cheap to scan a million of). store.ts owns them; opLog.ts persists them.

/** One appended event as live tail subscribers see it. */
export interface AppendedEvent {
  stream: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  seq: number;
}

export type AppendListener = (group: string, events: AppendedEvent[]) => void;

export class LogStream {
  // Parallel columns from `head`; dropping the oldest only moves head, compacted lazily.
  ts: number[] = [];
  ing: number[] = [];
  seq: number[] = [];
  msg: string[] = [];
  head = 0;
  bytes = 0;
  lastIngestionTime: number | undefined;
  readonly jsonName: string;
  constructor(
    readonly name: string,
    readonly creationTime: number,
  ) {
    this.jsonName = JSON.stringify(name);
  }

  get size(): number {
    return this.ts.length - this.head;
  }

  /** Index of the first event whose (ts, seq) is > the given key (or >= with inclusive). */
  lowerBound(ts: number, seq: number, inclusive: boolean): number {
    let lo = this.head;
    let hi = this.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.ts[mid];
      const before = t < ts || (t === ts && (inclusive ? this.seq[mid] < seq : this.seq[mid] <= seq));
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(timestamp: number, ingestionTime: number, seq: number, message: string): void {
    const n = this.ts.length;
    if (n === this.head || this.ts[n - 1] <= timestamp) {
      this.ts.push(timestamp);
      this.ing.push(ingestionTime);
      this.seq.push(seq);
      this.msg.push(message);
    } else {
      // Late event: keep (ts, seq) order so tokens and merges stay valid.
      const at = this.lowerBound(timestamp, Number.MAX_SAFE_INTEGER, true);
      this.ts.splice(at, 0, timestamp);
      this.ing.splice(at, 0, ingestionTime);
      this.seq.splice(at, 0, seq);
      this.msg.splice(at, 0, message);
    }
    this.bytes += Buffer.byteLength(message);
    this.lastIngestionTime = ingestionTime;
  }

  /**
   * Adds rows whose seqs increase. In-order rows are pushed; a late batch is merged in one pass
   * instead of one splice per event, so an old batch into a million-event stream stays cheap.
   */
  addRows(rows: [number, number, number, string][]): void {
    let inOrder = true;
    const last = this.ts.length > this.head ? this.ts[this.ts.length - 1] : -Infinity;
    for (let i = 0; i < rows.length && inOrder; i++) inOrder = rows[i][0] >= (i ? rows[i - 1][0] : last);
    if (inOrder || rows.length < 8) {
      for (const [ts, ing, seq, msg] of rows) this.insert(ts, ing, seq, msg);
      return;
    }
    const sorted = rows.slice().sort((a, b) => a[0] - b[0] || a[2] - b[2]);
    const ts: number[] = [];
    const ing: number[] = [];
    const seq: number[] = [];
    const msg: string[] = [];
    let i = this.head;
    let j = 0;
    while (i < this.ts.length || j < sorted.length) {
      const takeOld = j >= sorted.length || (i < this.ts.length && (this.ts[i] < sorted[j][0] || (this.ts[i] === sorted[j][0] && this.seq[i] < sorted[j][2])));
      if (takeOld) {
        ts.push(this.ts[i]);
        ing.push(this.ing[i]);
        seq.push(this.seq[i]);
        msg.push(this.msg[i]);
        i++;
      } else {
        const r = sorted[j++];
        ts.push(r[0]);
        ing.push(r[1]);
        seq.push(r[2]);
        msg.push(r[3]);
        this.bytes += Buffer.byteLength(r[3]);
        this.lastIngestionTime = r[1];
      }
    }
    this.ts = ts;
    this.ing = ing;
    this.seq = seq;
    this.msg = msg;
    this.head = 0;
  }

  dropHead(count: number): number {
    const k = Math.min(count, this.size);
    for (let i = this.head; i < this.head + k; i++) this.bytes -= Buffer.byteLength(this.msg[i]);
    this.head += k;
    if (this.head > 4096 && this.head * 2 > this.ts.length) {
      this.ts = this.ts.slice(this.head);
      this.ing = this.ing.slice(this.head);
      this.seq = this.seq.slice(this.head);
      this.msg = this.msg.slice(this.head);
      this.head = 0;
    }
    return k;
  }

  get firstEventTimestamp(): number | undefined {
    return this.size ? this.ts[this.head] : undefined;
  }
  get lastEventTimestamp(): number | undefined {
    return this.size ? this.ts[this.ts.length - 1] : undefined;
  }
}

export class LogGroup {
  streams = new Map<string, LogStream>();
  retentionInDays: number | undefined;
  tags: Record<string, string> = {};
  nextSeq = 1;
  events = 0;
  bytes = 0;
  droppedByCap = 0;
  lastCapWarning = 0;
  pendingCapDrops = 0;
  constructor(
    readonly name: string,
    readonly creationTime: number,
  ) {}
}
