// Exactly-once delivery across overlapping reads. A live tail reconnect is followed by a FilterLogEvents
// backfill of the gap, and every poll re-reads from a little before the last timestamp seen, so the
// same event can come from two reads. StartLiveTail events carry no event id, so an event is known by
// (group, stream, timestamp, message). Two genuinely identical lines in the same millisecond are kept
// apart by counting: each read ("pass") counts its own occurrences of a key, and an occurrence is new
// only when that pass has seen the key more often than has been delivered so far.
import type { TailEvent } from './types';

interface Seen {
  count: number;
  timestamp: number;
}

export class Deduper {
  private readonly delivered = new Map<string, Seen>();
  private maxTimestamp = 0;
  private sweptAt = 0;

  /** windowMs bounds memory: keys older than the newest timestamp minus this are forgotten. */
  constructor(readonly windowMs = 120_000) {}

  /** One read: a live session, or one FilterLogEvents query (all its pages). */
  pass(): DedupePass {
    return new DedupePass(this);
  }

  get size(): number {
    return this.delivered.size;
  }

  /** @internal */
  isNew(key: string, occurrence: number): boolean {
    const seen = this.delivered.get(key);
    return !seen || seen.count < occurrence;
  }

  /** Which of these events a pass would deliver, by index, without delivering them. */
  peek(events: readonly TailEvent[]): number[] {
    const counts = new Map<string, number>();
    const out: number[] = [];
    events.forEach((e, i) => {
      const key = eventKey(e);
      const occurrence = (counts.get(key) ?? 0) + 1;
      counts.set(key, occurrence);
      if (this.isNew(key, occurrence)) out.push(i);
    });
    return out;
  }

  /** @internal */
  accept(key: string, occurrence: number, timestamp: number): boolean {
    const seen = this.delivered.get(key);
    if (seen && seen.count >= occurrence) return false;
    if (seen) seen.count = occurrence;
    else this.delivered.set(key, { count: occurrence, timestamp });
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    this.sweep();
    return true;
  }

  get horizon(): number {
    return this.maxTimestamp - this.windowMs;
  }

  private sweep(): void {
    // Sweep when the newest timestamp moved by a quarter window: amortised O(1) per event.
    if (this.maxTimestamp - this.sweptAt < this.windowMs / 4) return;
    this.sweptAt = this.maxTimestamp;
    const horizon = this.horizon;
    for (const [key, seen] of this.delivered) if (seen.timestamp < horizon) this.delivered.delete(key);
  }
}

export class DedupePass {
  private readonly counts = new Map<string, Seen>();
  private sweptAt = 0;

  constructor(private readonly owner: Deduper) {}

  /** True when the event was not delivered before: deliver it. */
  accept(e: TailEvent): boolean {
    const key = eventKey(e);
    const seen = this.counts.get(key);
    const occurrence = (seen?.count ?? 0) + 1;
    if (seen) seen.count = occurrence;
    else this.counts.set(key, { count: occurrence, timestamp: e.timestamp });
    this.sweep();
    return this.owner.accept(key, occurrence, e.timestamp);
  }

  /** Keeps only the new events, in order. */
  filter(events: readonly TailEvent[]): TailEvent[] {
    const out: TailEvent[] = [];
    for (const e of events) if (this.accept(e)) out.push(e);
    return out;
  }

  private sweep(): void {
    // A live session is a pass that lasts hours: bound it like the deliverer.
    if (this.counts.size < 4096) return;
    const horizon = this.owner.horizon;
    if (horizon - this.sweptAt < this.owner.windowMs / 4) return;
    this.sweptAt = horizon;
    for (const [key, seen] of this.counts) if (seen.timestamp < horizon) this.counts.delete(key);
  }
}

/**
 * The identity of an event. The message enters as two 32-bit hashes and its length, not as itself:
 * messages can be 256 KB and the window holds minutes of them. A false match needs two different
 * messages of one length, in one stream and one millisecond, colliding on 64 bits.
 */
function eventKey(e: TailEvent): string {
  const m = e.message;
  let h1 = 0x811c9dc5;
  let h2 = 5381;
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = (Math.imul(h2, 33) + c) | 0;
  }
  return `${e.logGroup}\u0000${e.logStream}\u0000${e.timestamp}\u0000${m.length}:${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
}
