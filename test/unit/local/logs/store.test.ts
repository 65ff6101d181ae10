import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CAP_WARNING_STREAM, createLogStore, type LogStore } from '../../../../src/local/logs';

const DAY = 86_400_000;

function messages(store: LogStore, group: string, stream: string): string[] {
  const s = store.groups.get(group)?.streams.get(stream);
  return s ? s.msg.slice(s.head) : [];
}

describe('log store', () => {
  let dir: string;
  const open: LogStore[] = [];
  const make = (opts: Partial<Parameters<typeof createLogStore>[0]> = {}): LogStore => {
    const s = createLogStore({ dataDir: dir, warn: () => {}, ...opts });
    open.push(s);
    return s;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logstore-'));
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every group together under the total cap, dropping the oldest events whichever group holds them, across a restart', async () => {
    const s = make({ maxTotalBytes: 10_000 });
    const line = (i: number): string => `${String(i).padStart(6, '0')} ${'x'.repeat(93)}`; // 100 bytes
    for (let i = 0; i < 400; i++) s.append(i % 2 ? '/aws/lambda/odd' : '/aws/lambda/even', 'st', [{ timestamp: 1000 + i, message: line(i) }]);
    assert.ok(s.totalBytes() <= 10_000, `total ${s.totalBytes()}`);
    const kept = [...messages(s, '/aws/lambda/even', 'st'), ...messages(s, '/aws/lambda/odd', 'st')].map((m) => Number(m.slice(0, 6)));
    assert.ok(kept.includes(399) && kept.includes(398), 'the newest events of both groups stay');
    assert.ok(!kept.includes(0) && !kept.includes(1), 'the oldest of both groups went');
    const oldestKept = Math.min(...kept);
    assert.ok(kept.length >= 90 && oldestKept > 250, `kept ${kept.length} from ${oldestKept}`);
    assert.match(messages(s, '/aws/lambda/odd', CAP_WARNING_STREAM)[0] ?? '', /total log cap \(10000 bytes; --logs-max-mb\)/);
    const sum = (): number => [...s.groups.values()].reduce((n, g) => n + g.bytes, 0);
    assert.equal(s.totalBytes(), sum(), 'the running total is the sum of the groups');
    s.deleteStream(s.groups.get('/aws/lambda/even')!, 'st');
    s.deleteGroup('/aws/lambda/odd');
    assert.equal(s.totalBytes(), sum());
    await s.close();
    open.splice(open.indexOf(s), 1);
    const again = make({ maxTotalBytes: 5_000 });
    assert.ok(again.totalBytes() <= 5_000, `after a restart with a smaller cap: ${again.totalBytes()}`);
  });

  it('creates groups and streams on append and keeps each stream in timestamp order', () => {
    const s = make();
    s.append('/aws/lambda/f', 'a', [
      { timestamp: 10, message: 'x' },
      { timestamp: 30, message: 'z' },
    ]);
    s.append('/aws/lambda/f', 'a', [{ timestamp: 20, message: 'y' }]);
    assert.deepEqual(messages(s, '/aws/lambda/f', 'a'), ['x', 'y', 'z']);
    const g = s.groups.get('/aws/lambda/f')!;
    assert.equal(g.events, 3);
    assert.equal(g.bytes, 3);
  });

  it('merges a late, unordered batch into place in one pass and reloads it the same way', async () => {
    const s = make();
    s.append(
      'late',
      's',
      Array.from({ length: 50 }, (_, i) => ({ timestamp: 100 + i * 2, message: `even ${100 + i * 2}` })),
    );
    const late = Array.from({ length: 30 }, (_, i) => ({ timestamp: 201 - i * 2, message: `odd ${201 - i * 2}` }));
    s.append('late', 's', late);
    const st = s.groups.get('late')!.streams.get('s')!;
    const ts = st.ts.slice(st.head);
    assert.deepEqual(
      ts,
      [...ts].sort((a, b) => a - b),
    );
    assert.equal(ts.length, 80);
    assert.equal(st.bytes, s.groups.get('late')!.bytes);
    const before = messages(s, 'late', 's');
    await s.close();
    open.splice(0);
    const s2 = make();
    assert.deepEqual(messages(s2, 'late', 's'), before);
  });

  it('keeps its log files private to the owner: 0700 folder, 0600 files', async () => {
    const s = make();
    s.append('/aws/lambda/private', 'a', [{ timestamp: 10, message: 'secret' }]);
    await s.close();
    const logs = path.join(dir, 'logs');
    assert.equal(fs.statSync(logs).mode & 0o777, 0o700);
    const files = fs.readdirSync(logs, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.ok(files.length > 0);
    for (const f of files) assert.equal(fs.statSync(path.join(f.parentPath ?? f.path, f.name)).mode & 0o777, 0o600, f.name);
  });

  it('reloads everything after a restart: groups, streams, events, deletions, retention, tags', async () => {
    const now = Date.now();
    const s1 = make();
    s1.append('g1', 'a', [
      { timestamp: now, message: 'héllo' },
      { timestamp: now + 1, message: 'world' },
    ]);
    s1.append('g1', 'b', [{ timestamp: now, message: 'gone' }]);
    s1.append('g/2#x', 'c', [{ timestamp: now, message: 'other' }]);
    const g1 = s1.groups.get('g1')!;
    s1.deleteStream(g1, 'b');
    s1.setRetention(g1, 7);
    s1.setTags(g1, { team: 'x' });
    const seqBefore = g1.nextSeq;
    await s1.close();
    open.splice(0);

    const s2 = make();
    const r1 = s2.groups.get('g1')!;
    assert.deepEqual([...r1.streams.keys()], ['a']);
    assert.deepEqual(messages(s2, 'g1', 'a'), ['héllo', 'world']);
    assert.equal(r1.retentionInDays, 7);
    assert.deepEqual(r1.tags, { team: 'x' });
    assert.equal(r1.events, 2);
    assert.equal(r1.bytes, Buffer.byteLength('héllo') + 5);
    assert.equal(r1.nextSeq, seqBefore);
    assert.deepEqual(messages(s2, 'g/2#x', 'c'), ['other']);
    s2.deleteGroup('g/2#x');
    await s2.close();
    open.splice(0);
    const s3 = make();
    assert.equal(s3.groups.has('g/2#x'), false);
  });

  it('ignores a torn last line after a crash', async () => {
    const s1 = make();
    s1.append('g', 's', [{ timestamp: 1, message: 'kept' }]);
    await s1.close();
    open.splice(0);
    const file = path.join(dir, 'logs', fs.readdirSync(path.join(dir, 'logs'))[0]);
    fs.appendFileSync(file, '{"o":"e","n":"s","e":[[2,2,9,"tor');
    const s2 = make();
    assert.deepEqual(messages(s2, 'g', 's'), ['kept']);
  });

  it('drops the oldest events over the cap, and says so: stderr line, counter and a warning event', async () => {
    const warnings: string[] = [];
    const s = make({ maxEventsPerGroup: 100, warn: (l) => warnings.push(l) });
    for (let i = 0; i < 150; i++) s.append('chatty', i % 2 ? 'b' : 'a', [{ timestamp: 1000 + i, message: `m${i}` }]);
    const g = s.groups.get('chatty')!;
    assert.ok(g.events <= 100, `kept ${g.events}`);
    assert.ok(s.droppedByCap('chatty') >= 50);
    assert.equal(s.droppedByCap(), s.droppedByCap('chatty'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /chatty is over its local cap/);
    const warn = messages(s, 'chatty', CAP_WARNING_STREAM);
    assert.equal(warn.length, 1);
    assert.match(warn[0], /^WARNING .*dropped the \d+ oldest events/);
    // What is left is the newest events.
    const left = [...messages(s, 'chatty', 'a'), ...messages(s, 'chatty', 'b')].map((m) => Number(m.slice(1))).sort((x, y) => x - y);
    assert.equal(left[left.length - 1], 149);
    assert.ok(left[0] >= 50);
    // And the drop survives a restart.
    await s.close();
    open.splice(0);
    const s2 = make({ maxEventsPerGroup: 100 });
    assert.equal(s2.groups.get('chatty')!.events, g.events);
  });

  it('caps by bytes too', () => {
    const s = make({ maxBytesPerGroup: 1000 });
    for (let i = 0; i < 50; i++) s.append('big', 's', [{ timestamp: i, message: 'x'.repeat(100) }]);
    assert.ok(s.groups.get('big')!.bytes <= 1000 + 400, 'bytes stay near the cap (the warning event adds a little)');
    assert.ok(s.droppedByCap('big') > 0);
  });

  it('applies retention: expired events are dropped and stay dropped', async () => {
    const now = Date.now();
    const s = make();
    s.append('r', 's', [
      { timestamp: now - 10 * DAY, message: 'old' },
      { timestamp: now - DAY, message: 'recent' },
    ]);
    s.setRetention(s.groups.get('r')!, 5);
    assert.deepEqual(messages(s, 'r', 's'), ['recent']);
    assert.equal(s.groups.get('r')!.events, 1);
    await s.close();
    open.splice(0);
    const s2 = make();
    assert.deepEqual(messages(s2, 'r', 's'), ['recent']);
  });

  it('compacts an op log that is mostly dropped events, and reloads the same state from it', async () => {
    const s = make({ maxEventsPerGroup: 100, compactMinBytes: 4096 });
    for (let i = 0; i < 3000; i++) s.append('busy', 's', [{ timestamp: 1000 + i, message: `event number ${i}` }]);
    const file = path.join(dir, 'logs', Buffer.from('busy').toString('base64url') + '.log');
    s.flushSync(); // starts the background rewrite
    // Appends while it runs land after the rewritten state.
    for (let i = 3000; i < 3010; i++) s.append('busy', 's', [{ timestamp: 1000 + i, message: `event number ${i}` }]);
    const before = messages(s, 'busy', 's');
    const events = s.groups.get('busy')!.events;
    await s.close();
    open.splice(0);
    const size = fs.statSync(file).size;
    assert.ok(size < 3 * 1024 * 10, `compacted file is ${size} bytes`);
    assert.equal(fs.existsSync(file + '.tmp'), false);
    const s2 = make({ maxEventsPerGroup: 100 });
    assert.deepEqual(messages(s2, 'busy', 's'), before);
    assert.equal(s2.groups.get('busy')!.events, events);
    assert.ok(before.includes('event number 3009'));
  });

  it('on exit during a background rewrite, writes pending ops to the old log and abandons the rewrite', async () => {
    const s = make({ maxEventsPerGroup: 100, compactMinBytes: 4096 });
    for (let i = 0; i < 3000; i++) s.append('busy2', 's', [{ timestamp: 1000 + i, message: `event number ${i}` }]);
    s.flushSync();
    s.append('busy2', 's', [{ timestamp: 9999, message: 'last words' }]);
    s.flushSync(true); // what the process 'exit' hook does
    const before = messages(s, 'busy2', 's');
    await s.close();
    open.splice(0);
    const s2 = make({ maxEventsPerGroup: 100 });
    assert.deepEqual(messages(s2, 'busy2', 's'), before);
    assert.equal(before[before.length - 1], 'last words');
  });

  it('notifies subscribers of appends with ingestion time and sequence', () => {
    const s = make();
    const got: string[] = [];
    const off = s.subscribe((group, events) => {
      for (const e of events) got.push(`${group}/${e.stream}/${e.message}/${e.seq}`);
    });
    s.append('g', 's', [
      { timestamp: 1, message: 'a' },
      { timestamp: 2, message: 'b' },
    ]);
    off();
    s.append('g', 's', [{ timestamp: 3, message: 'c' }]);
    assert.deepEqual(got, ['g/s/a/1', 'g/s/b/2']);
  });
});
