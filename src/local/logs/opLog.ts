// The persistence of the local log store: one append-only operation log per group (JSON lines),
// batched writes, replay on restart, and the background rewrite (compaction) of a mostly dead log.
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LogGroup, LogStream } from './groups';

export type Op =
  | { o: 'g'; t: number }
  | { o: 's'; n: string; t: number }
  | { o: 'e'; n: string; e: [number, number, number, string][] }
  | { o: 'x'; n: string }
  | { o: 'h'; n: string; k: number }
  | { o: 'r'; d: number | null }
  | { o: 'tags'; t: Record<string, string> };

/** One append-only file per group; writes are batched and flushed every FLUSH_MS and on close. */
export class GroupFile {
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
    const fd = fs.openSync(this.file, 'a', 0o600);
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

/** Rebuilds a group from its op log (a torn last line after a crash is skipped). */
export function replayGroupFile(name: string, file: string): LogGroup | undefined {
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

/**
 * Writes the group's live state (a frozen copy of its columns) as a new op log to `tmp`, then renames
 * it over the group's file, unless the rewrite is abandoned meanwhile (see GroupFile.flush).
 */
export async function compactGroupFile(g: LogGroup, f: GroupFile, tmp: string): Promise<void> {
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
  const fh = await fs.promises.open(tmp, 'w', 0o600);
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
