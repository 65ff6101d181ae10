// The kept-open /proc status reader behind the REPORT line's Max Memory Used and the memory limit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { HAS_PROC, ProcStatus } from '../../../../src/local/executor/proc-stats';

test('reads peak and resident memory of a live process, re-reading in place', { skip: !HAS_PROC && 'no /proc here' }, () => {
  const status = new ProcStatus(process.pid);
  let grown = 0;
  try {
    const peak = status.peakMB();
    const rss = status.residentBytes();
    assert.ok(peak > 0, `peak ${peak} MB`);
    assert.ok(rss !== undefined && rss > 0 && rss <= peak * 1024 * 1024, `rss ${rss} within peak ${peak} MB`);
    // Grow the heap: a second read of the same fd sees the new peak, not a cached text.
    const hold = Buffer.alloc(64 * 1024 * 1024, 1);
    grown = status.peakMB();
    assert.ok(grown >= peak + 32, 'the peak grew after allocating 64 MB');
    assert.equal(hold[0], 1);
  } finally {
    status.close();
  }
  assert.equal(status.peakMB(), grown, 'closed: the last peak read stays known');
  assert.equal(status.residentBytes(), undefined);
});

test('a process that is gone keeps its last peak read, and one never read is unknown (0), not an error', { skip: !HAS_PROC && 'no /proc here' }, async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
  const status = new ProcStatus(child.pid);
  try {
    const peak = status.peakMB();
    assert.ok(peak > 0);
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(status.peakMB(), peak, 'what REPORT says after a kill');
    assert.equal(new ProcStatus(child.pid).peakMB(), 0);
    assert.equal(new ProcStatus(undefined).peakMB(), 0);
  } finally {
    status.close();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
