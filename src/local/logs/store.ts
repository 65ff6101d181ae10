// The local log store: groups -> streams -> events in (timestamp, seq) order, held in memory in
// columns (cheap to append, cheap to scan a million of) and persisted as one append-only operation
// log per group that is replayed on restart and compacted when mostly dead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { LogEventInput, LogSink } from '../seams';

export const CAP_WARNING_STREAM = 'lambda-workbench-log-cap';
const DAY_MS = 86_400_000;
const FLUSH_MS = 100;
const COMPACT_MIN_BYTES = 32 * 1024 * 1024;

export interface LogStoreOptions {
  dataDir: string;
  /** Oldest events of a group are dropped beyond this many (default 1,000,000). */
  maxEventsPerGroup?: number;
  /** Oldest events of a group are dropped beyond this many message bytes (default 256 MB). */
  maxBytesPerGroup?: number;
  /** Where cap reports go; defaults to stderr. */
  warn?: (line: string) => void;
  /** How often retention is enforced (default one minute). */
  retentionSweepMs?: number;
  /** A group's op log is rewritten when it is over this size and mostly dropped events (default 32 MB). */
  compactMinBytes?: number;
  now?: () => number;
}

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

type Op =
  | { o: 'g'; t: number }
  | { o: 's'; n: string; t: number }
  | { o: 'e'; n: string; e: [number, number, number, string][] }
  | { o: 'x'; n: string }
  | { o: 'h'; n: string; k: number }
  | { o: 'r'; d: number | null }
  | { o: 'tags'; t: Record<string, string> };

/** One append-only file per group; writes are batched and flushed every FLUSH_MS and on close. */
class GroupFile {
  pending: string[] = [];
  fileBytes = 0;
  /** Set while the file is being rewritten in the background; appends wait in `pending` meanwhile. */
  compacting: Promise<void> | undefined;
  /** The background rewrite must not replace the file (group deleted, or ops were written to the old file). */
  abandoned = false;
  constructor(readonly file: string) {
    try {
      this.fileBytes = fs.statSync(file).size;
    } catch {
      this.fileBytes = 0;
    }
  }
  write(op: Op): void {
    this.pending.push(JSON.stringify(op));
  }
  /**
   * Writes in chunks so a large backlog never becomes one giant string. During a background
   * rewrite the ops wait, unless `force` (exit): then they go to the old file, which stays valid,
   * and the rewrite is abandoned.
   */
  flush(force = false): void {
    if (this.pending.length === 0) return;
    if (this.compacting) {
      if (!force) return;
      this.abandoned = true;
    }
    const lines = this.pending;
    this.pending = [];
    const fd = fs.openSync(this.file, 'a');
    try {
      for (let i = 0; i < lines.length; i += 4096) {
        const buf = Buffer.from(lines.slice(i, i + 4096).join('\n') + '\n');
        for (let off = 0; off < buf.length;) off += fs.writeSync(fd, buf, off);
        this.fileBytes += buf.length;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

export class LogStore implements LogSink {
  readonly groups = new Map<string, LogGroup>();
  private readonly files = new Map<string, GroupFile>();
  private readonly listeners = new Set<AppendListener>();
  private readonly dir: string;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly warn: (line: string) => void;
  private readonly now: () => number;
  private readonly compactMinBytes: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly onExit = (): void => this.flushSync(true);
  private closed = false;
  totalDroppedByCap = 0;

  constructor(opts: LogStoreOptions) {
    this.dir = path.join(opts.dataDir, 'logs');
    this.maxEvents = opts.maxEventsPerGroup ?? 1_000_000;
    this.maxBytes = opts.maxBytesPerGroup ?? 256 * 1024 * 1024;
    this.warn = opts.warn ?? ((line) => process.stderr.write(line + '\n'));
    this.now = opts.now ?? Date.now;
    this.compactMinBytes = opts.compactMinBytes ?? COMPACT_MIN_BYTES;
    fs.mkdirSync(this.dir, { recursive: true });
    this.load();
    this.sweepTimer = setInterval(() => this.applyRetentionAll(), opts.retentionSweepMs ?? 60_000);
    this.sweepTimer.unref();
    process.on('exit', this.onExit);
    this.applyRetentionAll();
  }

  // ----- LogSink ------------------------------------------------------------------------------

  append(group: string, stream: string, events: LogEventInput[]): void {
    const g = this.groups.get(group) ?? this.createGroup(group);
    const s = g.streams.get(stream) ?? this.createStream(g, stream);
    this.appendEvents(g, s, events);
  }

  // ----- groups and streams ------------------------------------------------------------------

  createGroup(name: string, tags: Record<string, string> = {}): LogGroup {
    const g = new LogGroup(name, this.now());
    this.groups.set(name, g);
    const f = new GroupFile(this.fileOf(name));
    this.files.set(name, f);
    f.write({ o: 'g', t: g.creationTime });
    if (Object.keys(tags).length) this.setTags(g, tags);
    this.scheduleFlush();
    return g;
  }

  deleteGroup(name: string): void {
    this.groups.delete(name);
    const f = this.files.get(name);
    if (f) f.abandoned = true;
    this.files.delete(name);
    fs.rmSync(this.fileOf(name), { force: true });
  }

  createStream(g: LogGroup, name: string): LogStream {
    const s = new LogStream(name, this.now());
    g.streams.set(name, s);
    this.log(g, { o: 's', n: name, t: s.creationTime });
    return s;
  }

  deleteStream(g: LogGroup, name: string): void {
    const s = g.streams.get(name);
    if (!s) return;
    g.events -= s.size;
    g.bytes -= s.bytes;
    g.streams.delete(name);
    this.log(g, { o: 'x', n: name });
  }

  setRetention(g: LogGroup, days: number | undefined): void {
    g.retentionInDays = days;
    this.log(g, { o: 'r', d: days ?? null });
    this.applyRetention(g);
  }

  setTags(g: LogGroup, tags: Record<string, string>): void {
    g.tags = { ...tags };
    this.log(g, { o: 'tags', t: g.tags });
  }

  /** Appends events (any order) to a stream; returns them as stored. */
  appendEvents(g: LogGroup, s: LogStream, events: LogEventInput[]): AppendedEvent[] {
    if (events.length === 0) return [];
    const ingestionTime = this.now();
    const bytesBefore = s.bytes;
    const firstSeq = g.nextSeq;
    // The op log line is built by hand: this is the hot path of every function's output.
    let line = `{"o":"e","n":${s.jsonName},"e":[`;
    const rows: [number, number, number, string][] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const { timestamp, message } = events[i];
      const seq = g.nextSeq++;
      rows[i] = [timestamp, ingestionTime, seq, message];
      line += `${i ? ',' : ''}[${timestamp},${ingestionTime},${seq},${JSON.stringify(message)}]`;
    }
    s.addRows(rows);
    g.events += events.length;
    g.bytes += s.bytes - bytesBefore;
    this.logLine(g, line + ']}');
    this.enforceCap(g);
    if (this.listeners.size === 0) return [];
    const out: AppendedEvent[] = events.map((e, i) => ({ stream: s.name, timestamp: e.timestamp, ingestionTime, message: e.message, seq: firstSeq + i }));
    for (const l of this.listeners) l(g.name, out);
    return out;
  }

  subscribe(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ----- retention and caps ------------------------------------------------------------------

  applyRetentionAll(): void {
    for (const g of this.groups.values()) this.applyRetention(g);
  }

  applyRetention(g: LogGroup): void {
    if (!g.retentionInDays) return;
    const cutoff = this.now() - g.retentionInDays * DAY_MS;
    for (const s of g.streams.values()) {
      const k = s.lowerBound(cutoff, 0, true) - s.head;
      if (k > 0) this.dropHead(g, s, k);
    }
  }

  private dropHead(g: LogGroup, s: LogStream, k: number): void {
    const bytes = s.bytes;
    const dropped = s.dropHead(k);
    g.events -= dropped;
    g.bytes -= bytes - s.bytes;
    this.log(g, { o: 'h', n: s.name, k: dropped });
  }

  private enforceCap(g: LogGroup): void {
    if (g.events <= this.maxEvents && g.bytes <= this.maxBytes) return;
    // Drop a little below the cap so a chatty function does not pay for a drop on every append.
    const targetEvents = this.maxEvents - Math.floor(this.maxEvents / 100);
    const targetBytes = this.maxBytes - Math.floor(this.maxBytes / 100);
    let dropped = 0;
    while (g.events > targetEvents || g.bytes > targetBytes) {
      const oldest = this.oldestStream(g);
      if (!oldest) break;
      // Drop a run from the oldest stream up to the next stream's first timestamp.
      const [s, limitTs] = oldest;
      let k = 0;
      let bytes = 0;
      const overEvents = g.events - targetEvents;
      while (s.head + k < s.ts.length && s.ts[s.head + k] <= limitTs && (k < overEvents || g.bytes - bytes > targetBytes)) {
        bytes += Buffer.byteLength(s.msg[s.head + k]);
        k++;
      }
      if (k === 0) k = 1;
      this.dropHead(g, s, k);
      dropped += k;
    }
    if (dropped) this.reportCap(g, dropped);
  }

  private oldestStream(g: LogGroup): [LogStream, number] | undefined {
    let best: LogStream | undefined;
    let second = Infinity;
    for (const s of g.streams.values()) {
      if (s.size === 0) continue;
      const t = s.ts[s.head];
      if (!best || t < best.ts[best.head]) {
        if (best) second = Math.min(second, best.ts[best.head]);
        best = s;
      } else second = Math.min(second, t);
    }
    return best ? [best, second] : undefined;
  }

  private reportCap(g: LogGroup, dropped: number): void {
    g.droppedByCap += dropped;
    this.totalDroppedByCap += dropped;
    g.pendingCapDrops += dropped;
    const now = this.now();
    // At most one report a minute per group, carrying the count since the previous one.
    if (now - g.lastCapWarning < 60_000) return;
    g.lastCapWarning = now;
    const n = g.pendingCapDrops;
    g.pendingCapDrops = 0;
    const text = `Lambda Workbench: log group ${g.name} is over its local cap (${this.maxEvents} events / ${this.maxBytes} bytes); dropped the ${n} oldest events (${g.droppedByCap} in total). Raise the cap or set a retention policy.`;
    this.warn(`[logs] ${text}`);
    const s = g.streams.get(CAP_WARNING_STREAM) ?? this.createStream(g, CAP_WARNING_STREAM);
    this.appendEvents(g, s, [{ timestamp: now, message: `WARNING ${text}` }]);
  }

  /** Events dropped by the cap, for one group or in total. */
  droppedByCap(group?: string): number {
    if (group === undefined) return this.totalDroppedByCap;
    return this.groups.get(group)?.droppedByCap ?? 0;
  }

  // ----- persistence -------------------------------------------------------------------------

  private fileOf(group: string): string {
    return path.join(this.dir, Buffer.from(group).toString('base64url') + '.log');
  }

  private log(g: LogGroup, op: Op): void {
    this.logLine(g, JSON.stringify(op));
  }

  private logLine(g: LogGroup, line: string): void {
    const f = this.files.get(g.name);
    if (!f) return;
    f.pending.push(line);
    if (!this.flushTimer) this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.closed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushSync();
    }, FLUSH_MS);
    this.flushTimer.unref();
  }

  flushSync(force = false): void {
    for (const [name, f] of this.files) {
      try {
        f.flush(force);
      } catch (err) {
        this.warn(`[logs] could not persist log group ${name}: ${(err as Error).message}`);
      }
      const g = this.groups.get(name);
      if (!force && !this.closed && g && !f.compacting && f.fileBytes > this.compactMinBytes && f.fileBytes > 3 * (g.bytes + g.events * 40)) {
        this.startCompaction(g, f);
      }
    }
  }

  /**
   * Rewrites a group's op log with only its live state, in the background so a chatty function's
   * invocations never wait on it: a frozen copy of the columns is written to a temp file, renamed
   * over the log, and the ops that arrived meanwhile are appended after it.
   */
  private startCompaction(g: LogGroup, f: GroupFile): void {
    const head: Op[] = [{ o: 'g', t: g.creationTime }];
    if (g.retentionInDays) head.push({ o: 'r', d: g.retentionInDays });
    if (Object.keys(g.tags).length) head.push({ o: 'tags', t: { ...g.tags } });
    const frozen = [...g.streams.values()].map((s) => ({
      name: s.name,
      jsonName: s.jsonName,
      t: s.creationTime,
      ts: s.ts.slice(s.head),
      ing: s.ing.slice(s.head),
      seq: s.seq.slice(s.head),
      msg: s.msg.slice(s.head),
    }));
    const tmp = f.file + '.tmp';
    f.abandoned = false;
    f.compacting = (async () => {
      const fh = await fs.promises.open(tmp, 'w');
      try {
        await fh.write(head.map((op) => JSON.stringify(op)).join('\n') + '\n');
        for (const st of frozen) {
          await fh.write(JSON.stringify({ o: 's', n: st.name, t: st.t }) + '\n');
          for (let i = 0; i < st.ts.length; i += 1000) {
            if (f.abandoned) return;
            let line = `{"o":"e","n":${st.jsonName},"e":[`;
            const end = Math.min(i + 1000, st.ts.length);
            for (let j = i; j < end; j++) line += `${j > i ? ',' : ''}[${st.ts[j]},${st.ing[j]},${st.seq[j]},${JSON.stringify(st.msg[j])}]`;
            await fh.write(line + ']}\n');
          }
        }
      } finally {
        await fh.close();
      }
      if (f.abandoned) return;
      fs.renameSync(tmp, f.file);
      f.fileBytes = fs.statSync(f.file).size;
    })()
      .catch((err: Error) => this.warn(`[logs] could not compact log group ${g.name}: ${err.message}`))
      .finally(() => {
        f.compacting = undefined;
        fs.rmSync(tmp, { force: true });
        if (!f.abandoned && !this.closed) this.scheduleFlush();
      });
  }

  private load(): void {
    for (const entry of fs.readdirSync(this.dir)) {
      if (!entry.endsWith('.log')) continue;
      const name = Buffer.from(entry.slice(0, -4), 'base64url').toString();
      const file = path.join(this.dir, entry);
      try {
        const g = this.replay(name, file);
        if (g) {
          this.groups.set(name, g);
          this.files.set(name, new GroupFile(file));
        }
      } catch (err) {
        this.warn(`[logs] could not reload log group ${name} from ${file}: ${(err as Error).message}`);
      }
    }
  }

  private replay(name: string, file: string): LogGroup | undefined {
    let g: LogGroup | undefined;
    forEachLine(file, (line) => {
      let op: Op;
      try {
        op = JSON.parse(line) as Op;
      } catch {
        return; // a torn last line after a crash
      }
      if (op.o === 'g') {
        g = new LogGroup(name, op.t);
        return;
      }
      if (!g) return;
      applyOp(g, op);
    });
    return g;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.files.values()].map((f) => f.compacting));
    this.flushSync();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    clearInterval(this.sweepTimer);
    process.off('exit', this.onExit);
    this.listeners.clear();
  }
}

function applyOp(g: LogGroup, op: Op): void {
  switch (op.o) {
    case 's':
      if (!g.streams.has(op.n)) g.streams.set(op.n, new LogStream(op.n, op.t));
      return;
    case 'x': {
      const s = g.streams.get(op.n);
      if (s) {
        g.events -= s.size;
        g.bytes -= s.bytes;
        g.streams.delete(op.n);
      }
      return;
    }
    case 'e': {
      let s = g.streams.get(op.n);
      if (!s) g.streams.set(op.n, (s = new LogStream(op.n, op.e[0]?.[1] ?? 0)));
      const before = s.bytes;
      s.addRows(op.e);
      g.events += op.e.length;
      g.bytes += s.bytes - before;
      for (const r of op.e) if (r[2] >= g.nextSeq) g.nextSeq = r[2] + 1;
      return;
    }
    case 'h': {
      const s = g.streams.get(op.n);
      if (s) {
        const before = s.bytes;
        g.events -= s.dropHead(op.k);
        g.bytes -= before - s.bytes;
      }
      return;
    }
    case 'r':
      g.retentionInDays = op.d ?? undefined;
      return;
    case 'tags':
      g.tags = op.t;
      return;
    case 'g':
      return;
  }
}

/** Calls fn for every line of a file without holding the whole file as one string. */
function forEachLine(file: string, fn: (line: string) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8 * 1024 * 1024);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = rest + decoder.write(buf.subarray(0, n));
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) if (l) fn(l);
    }
    if (rest) fn(rest);
  } finally {
    fs.closeSync(fd);
  }
}
