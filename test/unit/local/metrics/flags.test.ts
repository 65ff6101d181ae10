import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../../../src/local/args';

describe('metrics flags of lambda-workbench-local', () => {
  it('reads the retention and the size cap, leaving the defaults to the store when absent', () => {
    const o = parseArgs(['--data-dir', '/tmp/d', '--metrics-retention-days', '3', '--metrics-max-mb', '0.5e1']);
    assert.equal(o.metricsRetentionDays, 3);
    assert.equal(o.metricsMaxMb, 5);
    const d = parseArgs(['--data-dir', '/tmp/d']);
    assert.equal(d.metricsRetentionDays, undefined);
    assert.equal(d.metricsMaxMb, undefined);
  });

  it('refuses values that cannot be a retention or a size', () => {
    assert.throws(
      () => parseArgs(['--data-dir', 'd', '--metrics-retention-days', '0']),
      /--metrics-retention-days must be a number of days from 1 to 455 \(got 0\)/,
    );
    assert.throws(() => parseArgs(['--data-dir', 'd', '--metrics-retention-days', '500']), /from 1 to 455/);
    assert.throws(() => parseArgs(['--data-dir', 'd', '--metrics-max-mb', 'lots']), /--metrics-max-mb must be a size in MB of at least 1 \(got lots\)/);
    assert.throws(() => parseArgs(['--data-dir', 'd', '--metrics-max-mb']), /--metrics-max-mb needs a value/);
  });
});
