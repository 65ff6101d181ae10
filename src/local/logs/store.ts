// The local log store: groups -> streams -> events in (timestamp, seq) order, held in memory in
// columns (groups.ts) and persisted as one append-only operation log per group (opLog.ts) that is
// replayed on restart and compacted when mostly dead. This file: appends, caps, retention, flushing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogEventInput, LogSink } from '../seams';
import { LogGroup, LogStream, type AppendListener, type AppendedEvent } from './groups';
import { GroupFile, compactGroupFile, replayGroupFile, type Op } from './opLog';

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
  /**
   * The oldest events of the whole store (whatever their group) are dropped beyond this many message
   * bytes (default 256 MB; `--logs-max-mb`): memory stays bounded whatever the log volume.
   */
  maxTotalBytes?: number;
  /** Where cap reports go; defaults to stderr. */
  warn?: (line: string) => void;
  /** How often retention is enforced (default one minute). */
  retentionSweepMs?: number;
  /** A group's op log is rewritten when it is over this size and mostly dropped events (default 32 MB). */
  compactMinBytes?: number;
  now?: () => number;
}

export class LogStore implements LogSink {
  readonly groups = new Map<string, LogGroup>();
  private readonly files = new Map<string, GroupFile>();
  private readonly listeners = new Set<AppendListener>();
  private readonly dir: string;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly maxTotalBytes: number;
  private readonly warn: (line: string) => void;
  private readonly now: () => number;
  private readonly compactMinBytes: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly onExit = (): void => this.flushSync(true);
  private closed = false;
  totalDroppedByCap = 0;
  /** The sum of every group's bytes, kept with them (see totalBytes). */
  private held = 0;

  constructor(opts: LogStoreOptions) {
    this.dir = path.join(opts.dataDir, 'logs');
    this.maxEvents = opts.maxEventsPerGroup ?? 1_000_000;
    this.maxBytes = opts.maxBytesPerGroup ?? 256 * 1024 * 1024;
    this.maxTotalBytes = opts.maxTotalBytes ?? 256 * 1024 * 1024;
    this.warn = opts.warn ?? ((line) => process.stderr.write(line + '\n'));
    this.now = opts.now ?? Date.now;
    this.compactMinBytes = opts.compactMinBytes ?? COMPACT_MIN_BYTES;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.load();
    for (const g of this.groups.values()) this.held += g.bytes;
    this.enforceTotalCap();
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
    this.held -= this.groups.get(name)?.bytes ?? 0;
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
    this.held -= s.bytes;
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
    this.held += s.bytes - bytesBefore;
    this.logLine(g, line + ']}');
    this.enforceCap(g);
    this.enforceTotalCap();
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
    this.held -= bytes - s.bytes;
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
      const overEvents = g.events - targetEvents;
      const k = oldestRun(s, limitTs, (n, bytes) => n < overEvents || g.bytes - bytes > targetBytes);
      this.dropHead(g, s, k);
      dropped += k;
    }
    if (dropped) this.reportCap(g, dropped);
  }

  /** Message bytes held across every group (kept as they change: every append checks it). */
  totalBytes(): number {
    return this.held;
  }

  /** Beyond the store's total cap, the oldest events go first, whichever group holds them. */
  private enforceTotalCap(): void {
    if (this.held <= this.maxTotalBytes) return;
    const target = this.maxTotalBytes - Math.floor(this.maxTotalBytes / 100);
    const dropped = new Map<LogGroup, number>();
    while (this.held > target) {
      let best: [LogGroup, LogStream, number] | undefined;
      for (const g of this.groups.values()) {
        const o = this.oldestStream(g);
        if (o && (!best || o[0].ts[o[0].head] < best[1].ts[best[1].head])) best = [g, o[0], o[1]];
      }
      if (!best) break;
      const [g, s, limitTs] = best;
      const k = oldestRun(s, limitTs, (_n, bytes) => this.held - bytes > target);
      this.dropHead(g, s, k);
      dropped.set(g, (dropped.get(g) ?? 0) + k);
    }
    for (const [g, n] of dropped) this.reportCap(g, n, `the local service's total log cap (${this.maxTotalBytes} bytes; --logs-max-mb)`);
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

  private reportCap(g: LogGroup, dropped: number, cap?: string): void {
    g.droppedByCap += dropped;
    this.totalDroppedByCap += dropped;
    g.pendingCapDrops += dropped;
    const now = this.now();
    // At most one report a minute per group, carrying the count since the previous one.
    if (now - g.lastCapWarning < 60_000) return;
    g.lastCapWarning = now;
    const n = g.pendingCapDrops;
    g.pendingCapDrops = 0;
    const over = cap ?? `its local cap (${this.maxEvents} events / ${this.maxBytes} bytes)`;
    const text = `Lambda Workbench: log group ${g.name} is over ${over}; dropped the ${n} oldest events (${g.droppedByCap} in total). Raise the cap or set a retention policy.`;
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
    const tmp = f.file + '.tmp';
    f.abandoned = false;
    f.compacting = compactGroupFile(g, f, tmp)
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
        const g = replayGroupFile(name, file);
        if (g) {
          this.groups.set(name, g);
          this.files.set(name, new GroupFile(file));
        }
      } catch (err) {
        this.warn(`[logs] could not reload log group ${name} from ${file}: ${(err as Error).message}`);
      }
    }
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

/**
 * How many of a stream's oldest events to drop: those up to `limitTs` (the next stream's oldest, so
 * the oldest events overall go first) while `more(count, bytes so far)` says the cap is still passed;
 * at least one.
 */
function oldestRun(s: LogStream, limitTs: number, more: (count: number, bytes: number) => boolean): number {
  let k = 0;
  let bytes = 0;
  while (s.head + k < s.ts.length && s.ts[s.head + k] <= limitTs && more(k, bytes)) {
    bytes += Buffer.byteLength(s.msg[s.head + k]);
    k++;
  }
  return Math.max(k, 1);
}
