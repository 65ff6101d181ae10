// Persistence of the metric points under <data-dir>/metrics/: every event is appended as one JSON line
// to a segment file that only this process writes (a new one per run and per hour), so a kill -9 leaves
// at worst a last line without its newline, which is skipped. Older data is rolled up (1-minute raw →
// 5-minute → 1-hour aggregates) into rollup.json, written to a temp file and renamed over the old one;
// `foldedUntil` there says which events it already holds, so a segment is never counted twice. Past the
// retention, and beyond the size cap, the oldest points go.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { applyEvent, isEvent, UNITS, type MetricEvent } from './recorder';
import { SeriesStore, type Dimension, type StoredCell } from './series';
import { isSketch, type Sketch } from './sketch';

export interface MetricsStoreOptions {
  dataDir: string;
  /** Points older than this are dropped (default 15 days). */
  retentionDays?: number;
  /** The metrics folder is kept under this many bytes; the oldest points go first (default 64 MB). */
  maxBytes?: number;
  /** 1-minute raw values are kept this long, then rolled up to 5-minute aggregates (default 1 day). */
  rawMs?: number;
  /** 5-minute aggregates older than this become 1-hour ones (default 7 days). */
  fiveMinuteMs?: number;
  warn?: (line: string) => void;
  now?: () => number;
}

export const DEFAULT_RETENTION_DAYS = 15;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const ROLLUP = 'rollup.json';

interface Segment {
  file: string;
  size: number;
  maxT: number;
}

interface RollupFile {
  v: 1;
  foldedUntil: number;
  /** Per series, its rolled-up cells: [start ms, resolution s, n, sum, min, max, zeros, bucket indexes, counts]. */
  series: { m: string; d: [string, string][]; u: string; c: [number, number, number, number, number, number, number, number[], number[]][] }[];
}

export class MetricsStore {
  readonly series = new SeriesStore();
  readonly dir: string;
  private readonly retentionMs: number;
  private readonly maxBytes: number;
  private readonly rawMs: number;
  private readonly fiveMinuteMs: number;
  private readonly warn: (line: string) => void;
  private readonly now: () => number;
  private foldedUntil = 0;
  private rollupBytes = 0;
  private readonly segments: Segment[] = [];
  private current?: Segment & { fd: number; opened: number };
  private pending: string[] = [];
  private pendingMaxT = 0;
  private flushTimer?: NodeJS.Timeout;
  private seq = 0;

  constructor(o: MetricsStoreOptions) {
    this.dir = join(o.dataDir, 'metrics');
    this.retentionMs = (o.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY;
    this.maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
    this.rawMs = o.rawMs ?? DAY;
    this.fiveMinuteMs = o.fiveMinuteMs ?? 7 * DAY;
    this.warn = o.warn ?? (() => {});
    this.now = o.now ?? Date.now;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.load();
    this.compact();
  }

  record(ev: MetricEvent): void {
    applyEvent(this.series, ev);
    this.pending.push(JSON.stringify(ev) + '\n');
    if (ev.t > this.pendingMaxT) this.pendingMaxT = ev.t;
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), 100);
      this.flushTimer.unref();
    }
  }

  /** Writes the queued events to the current segment (a new one per hour or when it grows big). */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    const maxT = this.pendingMaxT;
    this.pending = [];
    this.pendingMaxT = 0;
    const now = this.now();
    if (this.current && (now - this.current.opened > HOUR || this.current.size > this.segmentLimit())) this.closeSegment();
    if (!this.current) {
      const file = join(this.dir, `seg-${now}-${process.pid}-${this.seq++}.jsonl`);
      this.current = { file, size: 0, maxT: 0, fd: openSync(file, 'a', 0o600), opened: now };
      this.segments.push(this.current);
    }
    try {
      const buf = Buffer.from(text);
      writeSync(this.current.fd, buf);
      this.current.size += buf.length;
      this.current.maxT = Math.max(this.current.maxT, maxT);
    } catch (err) {
      this.warn(`metrics: could not write ${this.current.file}: ${(err as Error).message}`);
    }
  }

  private segmentLimit(): number {
    return Math.max(64 * 1024, Math.min(4 * 1024 * 1024, Math.floor(this.maxBytes / 8)));
  }

  private closeSegment(): void {
    if (!this.current) return;
    closeSync(this.current.fd);
    const { file, size, maxT } = this.current;
    const i = this.segments.indexOf(this.current);
    this.segments[i] = { file, size, maxT };
    this.current = undefined;
  }

  close(): void {
    this.flush();
    this.compact();
    this.closeSegment();
  }

  // -------------------------------------------------------------------------------------------

  private load(): void {
    const path = join(this.dir, ROLLUP);
    if (existsSync(path)) {
      try {
        const text = readFileSync(path, 'utf8');
        this.restoreRollup(JSON.parse(text) as RollupFile);
        this.rollupBytes = Buffer.byteLength(text);
      } catch (err) {
        this.warn(`metrics: ${path} is unreadable (${(err as Error).message}); its rolled-up points are ignored.`);
      }
    }
    for (const name of readdirSync(this.dir).sort()) {
      if (name.endsWith('.tmp')) rmSync(join(this.dir, name), { force: true });
      if (!/^seg-\d+-\d+-\d+\.jsonl$/.test(name)) continue;
      const file = join(this.dir, name);
      this.segments.push(this.replay(file));
    }
  }

  private replay(file: string): Segment {
    const data = readFileSync(file);
    let maxT = 0;
    let bad = 0;
    let start = 0;
    // Only complete lines are data: the tail after the last newline is a write a crash cut short.
    for (let nl = data.indexOf(10, start); nl >= 0; start = nl + 1, nl = data.indexOf(10, start)) {
      let ev: unknown;
      try {
        ev = JSON.parse(data.subarray(start, nl).toString('utf8'));
      } catch {
        bad++;
        continue;
      }
      if (!isEvent(ev)) {
        bad++;
        continue;
      }
      maxT = Math.max(maxT, ev.t);
      if (ev.t >= this.foldedUntil) applyEvent(this.series, ev);
    }
    if (bad) this.warn(`metrics: skipped ${bad} damaged line(s) in ${file}.`);
    return { file, size: data.length, maxT };
  }

  private restoreRollup(r: RollupFile): void {
    if (r.v !== 1 || !Array.isArray(r.series)) throw new Error('not a version 1 rollup file');
    this.foldedUntil = Number(r.foldedUntil) || 0;
    for (const s of r.series) {
      const dims: Dimension[] = s.d.map(([Name, Value]) => ({ Name, Value }));
      for (const [start, res, n, sum, min, max, zeros, idx, cnt] of s.c) {
        const sketch: Sketch = { zeros, idx, cnt };
        if (!isSketch(sketch) || ![300, 3600].includes(res)) throw new Error(`a damaged cell in the series ${s.m}`);
        const cell: StoredCell = { r: res, n, sum, min, max, sketch };
        this.series.restore(s.m, dims, s.u || UNITS[s.m] || 'None', start, cell);
      }
    }
  }

  /** Rolls up, drops what is past the retention or the size cap, and rewrites the rollup file if it changed. */
  compact(): void {
    const now = this.now();
    const minute = (t: number): number => t - (t % 60_000);
    let changed = false;
    const rawCutoff = minute(now - this.rawMs);
    if (this.series.rollup(rawCutoff, 300)) changed = true;
    if (this.series.rollup(minute(now - this.fiveMinuteMs), 3600)) changed = true;
    const retentionCutoff = now - this.retentionMs;
    if (this.series.dropBefore(retentionCutoff)) changed = true;
    const folded = Math.max(this.foldedUntil, rawCutoff);
    if (folded !== this.foldedUntil) {
      this.foldedUntil = folded;
      changed = true;
    }
    if (changed) this.writeRollup();
    this.dropFoldedSegments();
    this.enforceSize();
  }

  /** Total bytes the metrics folder holds (segments and the rollup file). */
  bytes(): number {
    return this.rollupBytes + this.segments.reduce((a, s) => a + s.size, 0) + this.pending.reduce((a, l) => a + l.length, 0);
  }

  private enforceSize(): void {
    for (let round = 0; round < 64 && this.bytes() > this.maxBytes; round++) {
      const oldest = this.series.oldest();
      if (oldest === undefined) break;
      const newest = this.now();
      // Drop the oldest tenth of what is kept (at least an hour), folding raw events up to there.
      const cutoff = Math.max(oldest + HOUR, oldest + (newest - oldest) / 10);
      this.series.dropBefore(cutoff);
      if (cutoff > this.foldedUntil) {
        // Raw events before the cutoff are gone from memory: mark them folded so a reload skips them,
        // and start a new segment so the current one can go once it is all folded.
        this.foldedUntil = cutoff - (cutoff % 60_000);
        this.closeSegment();
      }
      this.writeRollup();
      this.dropFoldedSegments();
    }
    if (this.bytes() > this.maxBytes)
      this.warn(`metrics: ${this.dir} holds ${this.bytes()} bytes, over the ${this.maxBytes}-byte cap, after dropping old points.`);
  }

  private dropFoldedSegments(): void {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i]!;
      if (s.maxT >= this.foldedUntil) continue;
      if (s === this.current) this.closeSegment();
      rmSync(s.file, { force: true });
      this.segments.splice(i, 1);
    }
  }

  private writeRollup(): void {
    const out: RollupFile = { v: 1, foldedUntil: this.foldedUntil, series: [] };
    for (const s of this.series.series.values()) {
      const c: RollupFile['series'][number]['c'] = [];
      for (const [start, cell] of s.cells) {
        if (!cell.sketch) continue;
        c.push([start * 60_000, cell.r, cell.n, cell.sum, cell.min, cell.max, cell.sketch.zeros, cell.sketch.idx, cell.sketch.cnt]);
      }
      if (c.length) out.series.push({ m: s.metricName, d: s.dims.map((d) => [d.Name, d.Value]), u: s.unit, c });
    }
    const text = JSON.stringify(out);
    const path = join(this.dir, ROLLUP);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
      this.rollupBytes = Buffer.byteLength(text);
    } catch (err) {
      this.warn(`metrics: could not write ${path}: ${(err as Error).message}`);
    }
  }
}
