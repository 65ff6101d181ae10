// The metrics panel's read path against the local service, through the real SDK CloudWatchClient (the
// client the extension's factory makes): invokes of which one fails and some go through an alias;
// then fetchMetrics' series add up to what ran for the function and for the alias, the error rate is
// the metric math's, and listQualifiers offers the alias and the version.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAliasCommand, CreateFunctionCommand, InvokeCommand, PublishVersionCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { fetchMetrics, listQualifiers, total, isEmpty, type MetricsView } from '../../../src/lambda/metrics';
import { startLocal, type LocalHarness } from '../local/harness';
import { makeZip } from '../local/zip';

const FN = 'panel-metrics';
const HANDLER = `exports.handler = async (event) => {
  if (event && event.fail) throw new Error('failing on purpose');
  return { ok: true };
};
`;

describe('metrics panel queries against the local service', () => {
  let h: LocalHarness;
  let cw: CloudWatchClient;
  let view: MetricsView;

  before(
    async () => {
      h = await startLocal();
      cw = new CloudWatchClient({
        endpoint: h.info.endpoint,
        region: h.info.region,
        credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
        maxAttempts: 1,
      });
      await h.lambda.send(
        new CreateFunctionCommand({
          FunctionName: FN,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: 'arn:aws:iam::000000000000:role/r',
          Code: { ZipFile: await makeZip({ 'index.js': HANDLER }) },
        }),
      );
      await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: FN });
      const v = await h.lambda.send(new PublishVersionCommand({ FunctionName: FN }));
      await h.lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: v.Version! }));
      const invoke = (payload: unknown, qualifier?: string) =>
        h.lambda.send(new InvokeCommand({ FunctionName: FN, Payload: Buffer.from(JSON.stringify(payload)), ...(qualifier ? { Qualifier: qualifier } : {}) }));
      await invoke({ n: 1 });
      await invoke({ n: 2 });
      await invoke({ fail: true });
      await invoke({ n: 3 }, 'live');
      await invoke({ n: 4 }, 'live');
      const now = Date.now();
      view = await fetchMetrics(cw, {
        functionName: FN,
        start: now - 3_600_000,
        end: now,
        period: 'auto',
        duration: 'percentiles',
        targets: [{}, { qualifier: 'live' }],
      });
    },
    { timeout: 120_000 },
  );
  after(async () => {
    cw?.destroy();
    await h?.stop();
  });

  const sumOf = (target: number, key: string) => total(view.series.find((s) => s.target === target && s.key === key)?.values ?? []);

  it('an hour at one minute: 60 slots ending with the current one', () => {
    assert.equal(view.period, 60);
    assert.equal(view.timestamps.length, 60);
    assert.ok(view.end >= Date.now() - 60_000);
  });

  it('the function as a whole counts every invoke and the failure', () => {
    assert.equal(sumOf(0, 'invocations'), 5);
    assert.equal(sumOf(0, 'errors'), 1);
    assert.equal(sumOf(0, 'throttles'), 0);
    assert.ok(sumOf(0, 'concurrency') >= 1);
    const p99 = view.series.find((s) => s.target === 0 && s.key === 'p99')!.values.filter((x) => x !== null);
    assert.ok(p99.length > 0 && p99.every((x) => x! > 0), `p99 points: ${JSON.stringify(p99)}`);
    assert.equal(isEmpty(view), false);
  });

  it('the alias counts only what ran through it (Resource dimension)', () => {
    assert.equal(sumOf(1, 'invocations'), 2);
    assert.equal(sumOf(1, 'errors'), 0);
  });

  it('the error rate is the metric math errors/invocations*100 in each slot', () => {
    const rate = view.series.find((s) => s.target === 0 && s.key === 'errorRate')!;
    const inv = view.series.find((s) => s.target === 0 && s.key === 'invocations')!;
    const err = view.series.find((s) => s.target === 0 && s.key === 'errors')!;
    let checked = 0;
    rate.values.forEach((r, i) => {
      if (r === null) return;
      assert.ok(Math.abs(r - ((err.values[i] ?? 0) / inv.values[i]!) * 100) < 1e-9, `slot ${i}`);
      checked++;
    });
    assert.ok(checked > 0, 'at least one slot has a rate');
  });

  it('the qualifiers offered are the alias and the published version', async () => {
    const q = await listQualifiers(h.lambda, FN);
    assert.deepEqual(
      q.map((x) => `${x.kind}:${x.name}`),
      ['alias:live', 'version:1'],
    );
  });

  it('a function never invoked is empty', async () => {
    const now = Date.now();
    const idle = await fetchMetrics(cw, { functionName: 'never-ran', start: now - 3_600_000, end: now, period: 'auto', duration: 'avgmax', targets: [{}] });
    assert.equal(isEmpty(idle), true);
  });
});
