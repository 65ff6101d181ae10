// The log panel's model: what the panel shows, independent of how it is drawn. Pure (no DOM, no node
// APIs) so the webview bundles it and tests and benchmarks drive it under node. Memory is bounded by a
// line cap; what falls out is counted. Rows for the virtualised list are rebuilt lazily, at most once per
// change, never per event.
import { RequestGrouper, type InvocationGroup } from './group';
import { parseLine } from './parse';
import type { LineKind, LogLevel, TailEvent } from './types';

export interface PanelLine {
  seq: number;
  timestamp: number;
  logGroup: string;
  logStream: string;
  kind: LineKind;
  level?: LogLevel;
  text: string;
  json?: unknown;
  requestId?: string;
  error?: boolean;
  /** @internal The filter generation `matched` was computed for: a rebuild does not test a line twice. */
  filterGen?: number;
  /** @internal */
  matched?: boolean;
}

export interface PanelFilter {
  /** Plain text (case-insensitive substring), or a regular expression when written as /re/flags. */
  text?: string;
  /** Only invocations with errors / timeouts, and error lines outside invocations. */
  errorsOnly?: boolean;
  /** Lowest level to show; lines without a level always show. */
  minLevel?: LogLevel;
}

export type PanelRow = { type: 'group'; group: InvocationGroup; lineCount: number; collapsed: boolean } | { type: 'line'; line: PanelLine; grouped: boolean };

export interface PanelStats {
  lines: number;
  dropped: number;
  /** Events held back while paused. */
  pending: number;
  eventsPerSecond: number;
  sampled: boolean;
  paused: boolean;
  groups: number;
}

export interface PanelModelOptions {
  /** Most lines kept; older ones are dropped and counted. */
  lineCap?: number;
  now?: () => number;
}

const LEVEL_RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 };
const RATE_WINDOW_S = 5;
// Stack frame lines that some runtimes emit as separate events: joined onto the line they continue.
const CONTINUATION_RE = /^(?:\s+at |\s+File "|\s{4}\S|Caused by: |\s*\.\.\. \d+ more)/;

export class PanelModel {
  readonly lineCap: number;
  private lines: PanelLine[] = [];
  private head = 0;
  private readonly groups = new Map<string, InvocationGroup>();
  private readonly groupLines = new Map<string, number>();
  private grouper = new RequestGrouper(this.groups);
  private readonly collapsed = new Set<string>();
  private readonly lastLineByStream = new Map<string, PanelLine>();
  private pendingEvents: TailEvent[] = [];
  private seq = 0;
  private droppedCount = 0;
  private filter: PanelFilter = {};
  private matcher: ((line: PanelLine) => boolean) | undefined;
  private filterGen = 0;
  private rowsCache: PanelRow[] | undefined;
  private readonly rate = new Array<number>(RATE_WINDOW_S).fill(0);
  private rateSecond = 0;
  private isPaused = false;
  private isSampled = false;
  private readonly now: () => number;
  /** Bumped on every visible change, so views redraw only when it moves. */
  version = 0;

  constructor(options: PanelModelOptions = {}) {
    this.lineCap = Math.max(100, Math.floor(options.lineCap ?? 20_000));
    this.now = options.now ?? Date.now;
  }

  /** Adds live events at the end (or holds them while paused). */
  ingest(events: readonly TailEvent[]): void {
    this.countRate(events.length);
    if (this.isPaused) {
      for (const e of events) this.pendingEvents.push(e);
      const over = this.pendingEvents.length - this.lineCap;
      if (over > 0) {
        this.pendingEvents.splice(0, over);
        this.droppedCount += over;
        this.version++;
      }
      return;
    }
    this.append(events);
  }

  /** Adds older events (a search's "load older") before everything shown. */
  prepend(events: readonly TailEvent[]): void {
    if (!events.length) return;
    // A separate grouper: the per-stream "open request" of older pages must not leak into live state.
    const grouper = new RequestGrouper(this.groups);
    const added: PanelLine[] = [];
    let seq = this.lines.length > this.head ? this.lines[this.head].seq : this.seq;
    const built = events.map((e) => this.buildLine(e, grouper, 0));
    for (let i = built.length - 1; i >= 0; i--) built[i].seq = --seq;
    for (const line of built) if (!this.joinContinuation(line, added)) added.push(line);
    this.lines = added.concat(this.lines.slice(this.head));
    this.head = 0;
    // Keep what was just asked for: evict from the newest end.
    const over = this.lines.length - this.lineCap;
    if (over > 0) {
      for (const line of this.lines.splice(this.lines.length - over, over)) this.forget(line);
      this.droppedCount += over;
    }
    this.changed();
  }

  private append(events: readonly TailEvent[]): void {
    if (!events.length) return;
    for (const e of events) {
      const line = this.buildLine(e, this.grouper, ++this.seq);
      const streamKey = e.logGroup + '\u0000' + e.logStream;
      const prev = this.lastLineByStream.get(streamKey);
      if (prev && this.continues(prev, line)) {
        prev.text += '\n' + line.text;
        prev.filterGen = undefined;
        continue;
      }
      this.lines.push(line);
      this.lastLineByStream.set(streamKey, line);
    }
    this.evictOverCap();
    this.changed();
  }

  private buildLine(e: TailEvent, grouper: RequestGrouper, seq: number): PanelLine {
    const parsed = parseLine(e.message);
    const requestId = grouper.assign(parsed, e.logGroup, e.logStream, e.timestamp);
    const line: PanelLine = { seq, timestamp: e.timestamp, logGroup: e.logGroup, logStream: e.logStream, kind: parsed.kind, text: parsed.text };
    if (parsed.level) line.level = parsed.level;
    if (parsed.json !== undefined) line.json = parsed.json;
    if (parsed.error) line.error = true;
    if (requestId) {
      line.requestId = requestId;
      this.groupLines.set(requestId, (this.groupLines.get(requestId) ?? 0) + 1);
    }
    return line;
  }

  private continues(prev: PanelLine, line: PanelLine): boolean {
    return line.kind === 'text' &&
      !line.level &&
      prev.kind !== 'report' &&
      prev.kind !== 'end' &&
      CONTINUATION_RE.test(line.text) &&
      prev.requestId === line.requestId
      ? this.unCount(line)
      : false;
  }

  private joinContinuation(line: PanelLine, added: PanelLine[]): boolean {
    const prev = added[added.length - 1];
    if (prev && prev.logStream === line.logStream && prev.logGroup === line.logGroup && this.continues(prev, line)) {
      prev.text += '\n' + line.text;
      return true;
    }
    return false;
  }

  /** A joined line is not a line of its own: take back the count buildLine gave its group. */
  private unCount(line: PanelLine): boolean {
    if (line.requestId) this.groupLines.set(line.requestId, (this.groupLines.get(line.requestId) ?? 1) - 1);
    return true;
  }

  private evictOverCap(): void {
    const over = this.lines.length - this.head - this.lineCap;
    if (over <= 0) return;
    for (let i = 0; i < over; i++) this.forget(this.lines[this.head + i]);
    this.head += over;
    this.droppedCount += over;
    // Compact now and then instead of shifting on every eviction.
    if (this.head > this.lineCap) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
  }

  private forget(line: PanelLine): void {
    const key = line.logGroup + '\u0000' + line.logStream;
    if (this.lastLineByStream.get(key) === line) this.lastLineByStream.delete(key);
    if (!line.requestId) return;
    const n = (this.groupLines.get(line.requestId) ?? 1) - 1;
    if (n > 0) {
      this.groupLines.set(line.requestId, n);
      return;
    }
    this.groupLines.delete(line.requestId);
    this.groups.delete(line.requestId);
    this.collapsed.delete(line.requestId);
  }

  pause(): void {
    if (this.isPaused) return;
    this.isPaused = true;
    this.version++;
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    const pending = this.pendingEvents;
    this.pendingEvents = [];
    this.append(pending);
    this.version++;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  setSampled(sampled: boolean): void {
    if (sampled === this.isSampled) return;
    this.isSampled = sampled;
    this.version++;
  }

  clear(): void {
    this.lines = [];
    this.head = 0;
    this.groups.clear();
    this.groupLines.clear();
    this.collapsed.clear();
    this.lastLineByStream.clear();
    this.pendingEvents = [];
    this.grouper = new RequestGrouper(this.groups);
    this.droppedCount = 0;
    this.changed();
  }

  /** Throws a message for the user when the text is a /regex/ that does not compile. */
  setFilter(filter: PanelFilter): void {
    const test = compileFilter(filter);
    const gen = ++this.filterGen;
    this.matcher =
      test &&
      ((line) => {
        if (line.filterGen !== gen) {
          line.filterGen = gen;
          line.matched = test(line);
        }
        return line.matched!;
      });
    this.filter = { ...filter };
    this.changed();
  }

  getFilter(): PanelFilter {
    return { ...this.filter };
  }

  toggleGroup(requestId: string, collapsed?: boolean): void {
    const want = collapsed ?? !this.collapsed.has(requestId);
    if (want) this.collapsed.add(requestId);
    else this.collapsed.delete(requestId);
    this.changed();
  }

  setAllCollapsed(collapsed: boolean): void {
    if (collapsed) for (const id of this.groups.keys()) this.collapsed.add(id);
    else this.collapsed.clear();
    this.changed();
  }

  group(requestId: string): InvocationGroup | undefined {
    return this.groups.get(requestId);
  }

  /** Lines in display order: invocations kept together, placed where their first line arrived. */
  rows(): readonly PanelRow[] {
    if (this.rowsCache) return this.rowsCache;
    const match = this.matcher;
    const buckets = new Map<string, PanelLine[]>();
    const order: Array<string | PanelLine> = [];
    for (let i = this.head; i < this.lines.length; i++) {
      const line = this.lines[i];
      if (line.requestId) {
        let bucket = buckets.get(line.requestId);
        if (!bucket) {
          bucket = [];
          buckets.set(line.requestId, bucket);
          order.push(line.requestId);
        }
        bucket.push(line);
      } else if (!match || match(line)) {
        order.push(line);
      }
    }
    const rows: PanelRow[] = [];
    for (const item of order) {
      if (typeof item !== 'string') {
        rows.push({ type: 'line', line: item, grouped: false });
        continue;
      }
      const group = this.groups.get(item);
      const all = buckets.get(item)!;
      if (!group) continue;
      if (this.filter.errorsOnly && group.status !== 'error' && group.status !== 'timeout') continue;
      const shown = match && !groupMatches(group, this.filter) ? all.filter(match) : all;
      if (!shown.length) continue;
      const collapsed = this.collapsed.has(item);
      rows.push({ type: 'group', group, lineCount: shown.length, collapsed });
      if (!collapsed) for (const line of shown) rows.push({ type: 'line', line, grouped: true });
    }
    this.rowsCache = rows;
    return rows;
  }

  /** All lines kept, oldest first (for copy / export). */
  allLines(): PanelLine[] {
    return this.lines.slice(this.head);
  }

  stats(): PanelStats {
    return {
      lines: this.lines.length - this.head,
      dropped: this.droppedCount,
      pending: this.pendingEvents.length,
      eventsPerSecond: this.eventsPerSecond(),
      sampled: this.isSampled,
      paused: this.isPaused,
      groups: this.groups.size,
    };
  }

  /** Events received per second, over the last few whole seconds (paused or not). */
  eventsPerSecond(): number {
    this.countRate(0);
    let sum = 0;
    // The current second is still filling: average the completed ones.
    for (let i = 1; i < RATE_WINDOW_S; i++) sum += this.rate[(this.rateSecond - i + RATE_WINDOW_S * 2) % RATE_WINDOW_S];
    return Math.round(sum / (RATE_WINDOW_S - 1));
  }

  private countRate(n: number): void {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.rateSecond) {
      const gap = Math.min(RATE_WINDOW_S, second - this.rateSecond);
      for (let i = 1; i <= gap; i++) this.rate[(this.rateSecond + i) % RATE_WINDOW_S] = 0;
      this.rateSecond = second;
    }
    this.rate[second % RATE_WINDOW_S] += n;
  }

  private changed(): void {
    this.rowsCache = undefined;
    this.version++;
  }
}

function groupMatches(group: InvocationGroup, filter: PanelFilter): boolean {
  // A filter naming a request id shows that whole invocation.
  return !!filter.text && !filter.text.startsWith('/') && group.requestId.toLowerCase().includes(filter.text.toLowerCase());
}

function compileFilter(filter: PanelFilter): ((line: PanelLine) => boolean) | undefined {
  const tests: Array<(line: PanelLine) => boolean> = [];
  const text = filter.text?.trim();
  if (text) {
    const re = /^\/(.+)\/([a-z]*)$/.exec(text);
    if (re) {
      let compiled: RegExp;
      try {
        compiled = new RegExp(re[1], re[2].replace(/[gy]/g, ''));
      } catch (err) {
        throw new Error(`The filter ${text} is not a valid regular expression (${(err as Error).message}). Fix it, or type plain text without the slashes.`);
      }
      tests.push((l) => compiled.test(l.text) || (!!l.requestId && compiled.test(l.requestId)));
    } else {
      const needle = text.toLowerCase();
      tests.push((l) => l.text.toLowerCase().includes(needle) || (!!l.requestId && l.requestId.includes(needle)));
    }
  }
  if (filter.minLevel) {
    const min = LEVEL_RANK[filter.minLevel];
    tests.push((l) => !l.level || LEVEL_RANK[l.level] >= min);
  }
  if (filter.errorsOnly) tests.push((l) => !!l.error || l.kind === 'timeout' || l.kind === 'report' || l.level === 'ERROR' || l.level === 'FATAL');
  if (!tests.length) return undefined;
  return (l) => tests.every((t) => t(l));
}
