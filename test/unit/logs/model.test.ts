import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PanelModel } from '../../../src/logs/model';
import { Deduper } from '../../../src/logs/dedupe';
import type { TailEvent } from '../../../src/logs/types';

const fixture = (name: string): TailEvent[] => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const ev = (i: number, message = `line ${i}`, stream = 's'): TailEvent => ({ logGroup: '/g', logStream: stream, timestamp: 1000 + i, message });

test('rows: invocations become groups with their figures, lines under them, init lines alone', () => {
  const m = new PanelModel();
  m.ingest(fixture('node-text.json'));
  const rows = m.rows();
  assert.equal(rows[0].type, 'line');
  const groups = rows.filter((r) => r.type === 'group');
  assert.equal(groups.length, 2);
  const first = groups[0];
  assert.ok(first.type === 'group');
  assert.equal(first.group.report?.billedDurationMs, 18);
  assert.equal(first.group.status, 'success');
  assert.equal(first.lineCount, 6);
  assert.equal(m.stats().groups, 2);
});

test('groups stay together when two environments interleave', () => {
  const a = fixture('node-text.json').slice(1, 7);
  const b = fixture('python-text.json').slice(2, 9);
  const m = new PanelModel();
  for (let i = 0; i < 7; i++) m.ingest([a[i], b[i]].filter(Boolean));
  const kinds = m.rows().map((r) => (r.type === 'group' ? `G:${r.group.requestId.slice(0, 4)}` : r.line.requestId?.slice(0, 4)));
  assert.deepEqual(kinds, ['G:c1a0', 'c1a0', 'c1a0', 'c1a0', 'c1a0', 'c1a0', 'c1a0', 'G:0d8c', '0d8c', '0d8c', '0d8c', '0d8c', '0d8c', '0d8c', '0d8c']);
});

test("collapse hides a group's lines, expand shows them again", () => {
  const m = new PanelModel();
  m.ingest(fixture('node-text.json'));
  const id = 'c1a0b7e2-3f4d-4c8e-9a6b-5d2e1f0a9b8c';
  const before = m.rows().length;
  m.toggleGroup(id);
  assert.equal(m.rows().length, before - 6);
  m.setAllCollapsed(false);
  assert.equal(m.rows().length, before);
});

test('line cap: memory stays bounded and what was dropped is counted; groups whose lines all left go too', () => {
  const m = new PanelModel({ lineCap: 100 });
  m.ingest(fixture('node-text.json'));
  for (let i = 0; i < 250; i++) m.ingest([ev(i)]);
  const s = m.stats();
  assert.equal(s.lines, 100);
  assert.equal(s.dropped, 250 + 11 - 100);
  assert.equal(s.groups, 0);
  assert.equal(m.allLines()[0].text, 'line 150');
  assert.equal(m.rows().length, 100);
});

test('pause holds events back (bounded), resume shows them in order', () => {
  const m = new PanelModel({ lineCap: 100 });
  m.ingest([ev(0)]);
  m.pause();
  m.ingest([ev(1), ev(2)]);
  assert.equal(m.rows().length, 1);
  assert.equal(m.stats().pending, 2);
  for (let i = 3; i < 203; i++) m.ingest([ev(i)]);
  assert.equal(m.stats().pending, 100);
  assert.equal(m.stats().dropped, 102);
  m.resume();
  assert.equal(m.stats().paused, false);
  assert.equal(m.stats().pending, 0);
  const texts = m.allLines().map((l) => l.text);
  assert.equal(texts.length, 100);
  assert.equal(texts.at(-1), 'line 202');
});

test('filter: text, regex, level, errors only; a request id shows the whole invocation', () => {
  const m = new PanelModel();
  m.ingest(fixture('node-text.json'));
  m.ingest(fixture('python-text.json'));
  m.setFilter({ text: 'inventory' });
  const lines = m.rows().filter((r) => r.type === 'line');
  assert.equal(lines.length, 1);
  assert.equal(m.rows().filter((r) => r.type === 'group').length, 1, 'the matching line keeps its group header');
  m.setFilter({ text: '/order \\d+/' });
  assert.equal(m.rows().filter((r) => r.type === 'line').length, 1);
  m.setFilter({ minLevel: 'WARN' });
  assert.ok(m.rows().every((r) => r.type === 'group' || !r.line.level || r.line.level === 'WARN' || r.line.level === 'ERROR'));
  m.setFilter({ errorsOnly: true });
  const groups = m.rows().filter((r) => r.type === 'group');
  assert.deepEqual(
    groups.map((g) => g.type === 'group' && g.group.status),
    ['error', 'error'],
  );
  m.setFilter({ text: '7f3e2d1c' });
  const g = m.rows().find((r) => r.type === 'group');
  assert.ok(g && g.type === 'group' && g.lineCount === 4);
  assert.throws(() => m.setFilter({ text: '/([/' }), /not a valid regular expression/);
  m.setFilter({});
  assert.equal(m.rows().filter((r) => r.type === 'line').length, m.stats().lines);
});

test('stack frames sent as separate events join the line they continue', () => {
  const m = new PanelModel();
  const R = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
  m.ingest([
    { logGroup: '/g', logStream: 's', timestamp: 1, message: `START RequestId: ${R} Version: $LATEST` },
    { logGroup: '/g', logStream: 's', timestamp: 2, message: 'Exception in thread "main" java.lang.IllegalStateException: boom' },
    { logGroup: '/g', logStream: 's', timestamp: 3, message: '\tat example.Handler.handleRequest(Handler.java:20)' },
    { logGroup: '/g', logStream: 's', timestamp: 3, message: '    at example.Handler.run(Handler.java:9)' },
  ]);
  const lines = m.allLines();
  assert.equal(lines.length, 2);
  assert.match(lines[1].text, /boom\n\tat example.Handler.handleRequest.*\n {4}at example/);
  const g = m.rows().find((r) => r.type === 'group');
  assert.ok(g && g.type === 'group' && g.lineCount === 2);
});

test('prepend (load older) puts earlier events first and keeps the cap from the newest end', () => {
  const m = new PanelModel({ lineCap: 100 });
  m.ingest(Array.from({ length: 60 }, (_, i) => ev(100 + i)));
  m.prepend(Array.from({ length: 60 }, (_, i) => ev(i)));
  const texts = m.allLines().map((l) => l.text);
  assert.equal(texts.length, 100);
  assert.equal(texts[0], 'line 0');
  assert.equal(texts.at(-1), 'line 139');
  assert.equal(m.stats().dropped, 20);
});

test('events per second over the last whole seconds, sampled flag, clear', () => {
  let now = 10_000;
  const m = new PanelModel({ now: () => now });
  for (let s = 0; s < 5; s++) {
    m.ingest(Array.from({ length: 200 }, (_, i) => ev(i)));
    now += 1000;
  }
  assert.equal(m.eventsPerSecond(), 200);
  now += 10_000;
  assert.equal(m.eventsPerSecond(), 0);
  m.setSampled(true);
  assert.equal(m.stats().sampled, true);
  const v = m.version;
  m.clear();
  assert.ok(m.version > v);
  assert.equal(m.stats().lines, 0);
  assert.equal(m.rows().length, 0);
});

test('deduper: each read counts its own occurrences; the window bounds memory', () => {
  const d = new Deduper(1000);
  const e = { logGroup: '/g', logStream: 's', timestamp: 5, message: 'm' };
  const live = d.pass();
  assert.equal(live.accept(e), true);
  assert.equal(live.accept(e), true, 'a genuine repeat in the same read');
  const backfill = d.pass();
  assert.equal(backfill.accept(e), false);
  assert.equal(backfill.accept(e), false);
  assert.equal(backfill.accept(e), true, 'a third copy only the backfill saw');
  assert.equal(live.accept(e), false, 'live sees it third: already shown');
  for (let t = 0; t < 5000; t += 10) d.pass().accept({ ...e, timestamp: 10 + t, message: String(t) });
  assert.ok(d.size < 200, `bounded: ${d.size}`);
});
