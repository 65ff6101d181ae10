import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLine, parseReportFigures } from '../../../src/logs/parse';
import { RequestGrouper } from '../../../src/logs/group';
import type { TailEvent } from '../../../src/logs/types';

const fixture = (name: string): TailEvent[] => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));

function groupAll(events: TailEvent[]) {
  const grouper = new RequestGrouper();
  const assigned = events.map((e) => grouper.assign(parseLine(e.message), e.logGroup, e.logStream, e.timestamp));
  return { grouper, assigned };
}

test('START / END / REPORT text lines with every REPORT figure', () => {
  const events = fixture('node-text.json');
  const start = parseLine(events[1].message);
  assert.equal(start.kind, 'start');
  assert.equal(start.requestId, 'c1a0b7e2-3f4d-4c8e-9a6b-5d2e1f0a9b8c');
  assert.equal(start.version, '$LATEST');
  assert.equal(parseLine(events[5].message).kind, 'end');
  const report = parseLine(events[6].message);
  assert.equal(report.kind, 'report');
  assert.deepEqual(report.report, {
    durationMs: 17.52,
    billedDurationMs: 18,
    memorySizeMb: 128,
    maxMemoryUsedMb: 67,
    initDurationMs: 185.04,
    xrayTraceId: '1-65e59c60-3b2d1f0e9c8a7b6d5e4f3a2b',
  });
});

test('REPORT of a SnapStart restore and of a failed invoke', () => {
  const f = parseReportFigures(
    'REPORT RequestId: 1d7ca4f6-0d5b-4b9e-9f3c-1a2b3c4d5e6f\tDuration: 61.34 ms\tBilled Duration: 269 ms\tMemory Size: 512 MB\tMax Memory Used: 140 MB\tRestore Duration: 474.16 ms\tBilled Restore Duration: 207 ms\t',
  );
  assert.equal(f.restoreDurationMs, 474.16);
  assert.equal(f.billedRestoreDurationMs, 207);
  assert.equal(f.durationMs, 61.34);
  assert.equal(f.billedDurationMs, 269);
  assert.equal(f.initDurationMs, undefined);
  const e = parseReportFigures(
    'REPORT RequestId: x\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\tStatus: error\tError Type: Runtime.ExitError',
  );
  assert.equal(e.status, 'error');
  assert.equal(e.errorType, 'Runtime.ExitError');
});

test('Node application lines: level, request id, JSON body, Invoke Error', () => {
  const events = fixture('node-text.json');
  const info = parseLine(events[2].message);
  assert.equal(info.kind, 'app');
  assert.equal(info.level, 'INFO');
  assert.equal(info.requestId, 'c1a0b7e2-3f4d-4c8e-9a6b-5d2e1f0a9b8c');
  assert.equal(info.text, 'processing order 42');
  const json = parseLine(events[3].message);
  assert.deepEqual(json.json, { orderId: 42, items: [{ sku: 'A-1', qty: 2 }], total: 19.9 });
  assert.equal(parseLine(events[4].message).level, 'WARN');
  const err = parseLine(events[8].message);
  assert.equal(err.error, true);
  assert.equal(err.errorType, 'TypeError');
  assert.equal(err.level, 'ERROR');
  const init = parseLine(events[0].message);
  assert.equal(init.kind, 'init');
  assert.equal(init.requestId, undefined);
});

test('Node uncaught exception outside a request (request id "undefined")', () => {
  const line = parseLine(
    '2024-03-04T10:00:00.100Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module \'index\'","stack":["Runtime.ImportModuleError: Error: Cannot find module \'index\'"]}',
  );
  assert.equal(line.requestId, undefined);
  assert.equal(line.error, true);
  assert.equal(line.errorType, 'Runtime.ImportModuleError');
});

test('Python lines: levels, init line without request id, uncaught traceback', () => {
  const events = fixture('python-text.json');
  const cred = parseLine(events[1].message);
  assert.equal(cred.level, 'INFO');
  assert.equal(cred.requestId, undefined);
  assert.equal(cred.text, 'Found credentials in environment variables.');
  const info = parseLine(events[3].message);
  assert.equal(info.requestId, '0d8c7b6a-5f4e-4d3c-8b2a-190817263544');
  assert.equal(info.text, 'starting import job');
  assert.equal(parseLine(events[4].message).level, 'WARN');
  const tb = parseLine(events[6].message);
  assert.equal(tb.error, true);
  assert.equal(tb.errorType, 'ZeroDivisionError');
  assert.match(tb.text, /Traceback \(most recent call last\)/);
  assert.equal(parseLine(events[5].message).kind, 'text');
});

test('timeout lines, text and JSON', () => {
  const events = fixture('timeout-text.json');
  const t = parseLine(events[2].message);
  assert.equal(t.kind, 'timeout');
  assert.equal(t.timeoutSeconds, 3);
  assert.equal(t.requestId, '5b1c9d2e-8f7a-4b6c-9d0e-1f2a3b4c5d6e');
  // END preceded by a blank line, as Lambda writes it after a timeout
  assert.equal(parseLine(events[3].message).kind, 'text');
  const j = parseLine(fixture('python-json.json')[3].message);
  assert.equal(j.kind, 'timeout');
  assert.equal(j.level, 'ERROR');
});

test('JSON platform records and JSON application lines', () => {
  const events = fixture('json-format.json');
  assert.equal(parseLine(events[0].message).kind, 'init');
  const start = parseLine(events[1].message);
  assert.equal(start.kind, 'start');
  assert.equal(start.requestId, '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d');
  const app = parseLine(events[2].message);
  assert.equal(app.kind, 'app');
  assert.equal(app.level, 'INFO');
  assert.equal(app.requestId, '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d');
  assert.deepEqual((app.json as { message: unknown }).message, { event: 'order.created', orderId: 7 });
  assert.equal(parseLine(events[3].message).level, 'DEBUG');
  const err = parseLine(events[4].message);
  assert.equal(err.error, true);
  assert.equal(err.errorType, 'PaymentError');
  assert.equal(parseLine(events[5].message).kind, 'end');
  const report = parseLine(events[6].message);
  assert.equal(report.kind, 'report');
  assert.deepEqual(report.report, {
    durationMs: 10.5,
    billedDurationMs: 11,
    memorySizeMb: 256,
    maxMemoryUsedMb: 72,
    initDurationMs: 201.3,
    status: 'success',
    xrayTraceId: '1-65e59e1c-0a1b2c3d4e5f6a7b8c9d0e1f',
  });
  const py = fixture('python-json.json');
  assert.equal(parseLine(py[1].message).level, 'WARN');
  assert.equal(parseLine(py[2].message).requestId, '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f');
});

test('unknown shapes come back as text, never throw', () => {
  for (const s of ['', '{', '{"a":', 'plain', '[INFO] no tabs', '\u0000\u0001', 'START RequestId: nope', '{"type":"platform.report","record":null}']) {
    const line = parseLine(s);
    assert.ok(line.kind === 'text' || line.kind === 'app', `${JSON.stringify(s)} -> ${line.kind}`);
  }
});

test('grouping: each request gets its lines, figures and status', () => {
  const { grouper, assigned } = groupAll(fixture('node-text.json'));
  assert.equal(assigned[0], undefined, 'INIT_START belongs to no request');
  const ok = grouper.all.get('c1a0b7e2-3f4d-4c8e-9a6b-5d2e1f0a9b8c')!;
  assert.equal(ok.status, 'success');
  assert.equal(ok.coldStart, true);
  assert.equal(ok.report?.durationMs, 17.52);
  const failed = grouper.all.get('7f3e2d1c-0b9a-4877-a665-544332211000')!;
  assert.equal(failed.status, 'error');
  assert.equal(failed.errorType, 'TypeError');
  assert.equal(failed.coldStart, false);
  assert.equal(assigned.filter((a) => a === failed.requestId).length, 4);
});

test('grouping: untagged lines (print, traceback) join the request open on their stream', () => {
  const events = fixture('python-text.json');
  const { grouper, assigned } = groupAll(events);
  const id = '0d8c7b6a-5f4e-4d3c-8b2a-190817263544';
  assert.equal(assigned[1], undefined, 'init-time line before START stays ungrouped');
  assert.equal(assigned[5], id, 'print() output');
  assert.equal(assigned[6], id, 'uncaught traceback');
  const g = grouper.all.get(id)!;
  assert.equal(g.status, 'error');
  assert.equal(g.errorType, 'ZeroDivisionError');
  assert.equal(g.report?.initDurationMs, 112.34);
});

test('grouping: timeouts, text and JSON', () => {
  const t = groupAll(fixture('timeout-text.json')).grouper.all.get('5b1c9d2e-8f7a-4b6c-9d0e-1f2a3b4c5d6e')!;
  assert.equal(t.status, 'timeout');
  assert.equal(t.version, '3');
  assert.equal(t.report?.durationMs, 3000);
  const j = groupAll(fixture('python-json.json')).grouper.all.get('3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f')!;
  assert.equal(j.status, 'timeout');
  const ok = groupAll(fixture('json-format.json')).grouper.all.get('9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d')!;
  assert.equal(ok.status, 'error', 'an ERROR record with an errorType fails the invocation view even when the runtime reports success');
  assert.equal(ok.coldStart, true);
});

test('grouping: interleaved streams of two environments stay apart', () => {
  const a = fixture('node-text.json').slice(1, 7);
  const b = fixture('python-text.json')
    .slice(2, 9)
    .map((e) => ({ ...e, logGroup: a[0].logGroup }));
  const mixed: TailEvent[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]) mixed.push(a[i]);
    if (b[i]) mixed.push(b[i]);
  }
  const { grouper } = groupAll(mixed);
  assert.equal(grouper.all.size, 2);
  assert.equal(grouper.all.get('c1a0b7e2-3f4d-4c8e-9a6b-5d2e1f0a9b8c')!.status, 'success');
  assert.equal(grouper.all.get('0d8c7b6a-5f4e-4d3c-8b2a-190817263544')!.status, 'error');
});
