import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { billedMs, endLine, exitLine, initStartLine, logStreamName, reportLine, startLine, timeoutLine } from '../../../../src/local/executor/log-format';

describe('executor log lines', () => {
  it('writes START / END / REPORT exactly as Lambda does in the Text format', () => {
    assert.equal(startLine('Text', 'abc', '$LATEST'), 'START RequestId: abc Version: $LATEST\n');
    assert.equal(endLine('Text', 'abc'), 'END RequestId: abc\n');
    assert.equal(endLine('JSON', 'abc'), undefined);
    assert.equal(
      reportLine('Text', { requestId: 'abc', durationMs: 12.345, memorySizeMB: 128, maxMemoryUsedMB: 67, initDurationMs: 150.5, status: 'success' }),
      'REPORT RequestId: abc\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\tInit Duration: 150.50 ms\t\n',
    );
    assert.equal(
      reportLine('Text', { requestId: 'abc', durationMs: 3000.4, memorySizeMB: 256, maxMemoryUsedMB: 80, status: 'timeout' }),
      'REPORT RequestId: abc\tDuration: 3000.40 ms\tBilled Duration: 3001 ms\tMemory Size: 256 MB\tMax Memory Used: 80 MB\tStatus: timeout\t\n',
    );
    assert.match(
      initStartLine('Text', 'nodejs:20.local', 'arn:x', 'f', '$LATEST'),
      /^INIT_START Runtime Version: nodejs:20.local\tRuntime Version ARN: arn:x\n$/,
    );
  });

  it('writes platform records in the JSON format', () => {
    const start = JSON.parse(startLine('JSON', 'abc', '3'));
    assert.equal(start.type, 'platform.start');
    assert.deepEqual(start.record, { requestId: 'abc', version: '3' });
    const rep = JSON.parse(
      reportLine('JSON', { requestId: 'abc', durationMs: 1.234, memorySizeMB: 128, maxMemoryUsedMB: 50, status: 'error', errorType: 'Runtime.ExitError' }),
    );
    assert.deepEqual(rep.record, {
      requestId: 'abc',
      metrics: { durationMs: 1.23, billedDurationMs: 2, memorySizeMB: 128, maxMemoryUsedMB: 50 },
      status: 'error',
      errorType: 'Runtime.ExitError',
    });
    assert.ok(!Number.isNaN(Date.parse(rep.time)));
  });

  it('names streams YYYY/MM/DD/[VERSION]<32 hex> and bills whole milliseconds', () => {
    assert.match(logStreamName('$LATEST', new Date('2024-03-05T10:00:00Z')), /^2024\/03\/05\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.notEqual(logStreamName('1'), logStreamName('1'));
    assert.equal(billedMs(0.2), 1);
    assert.equal(billedMs(10), 10);
    assert.equal(billedMs(10.01), 11);
  });

  it('writes timeout and runtime exit lines', () => {
    assert.match(timeoutLine('Text', 'abc', 3), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z abc Task timed out after 3.00 seconds\n$/);
    assert.equal(
      exitLine('Text', 'abc', 'exit status 1', 'Runtime.ExitError'),
      'RequestId: abc Error: Runtime exited with error: exit status 1\nRuntime.ExitError\n',
    );
  });
});
