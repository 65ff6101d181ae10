// Invoke through the SDK against real function processes: payloads, errors, log tail, qualifiers,
// alias weights, concurrency throttling, Event and DryRun.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  DeleteFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  waitUntilPublishedVersionActive,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from './harness';
import { makeZip } from './zip';

const HANDLER = `
exports.handler = async (event, context) => {
  if (event && event.fail) throw new Error('boom: ' + event.fail);
  if (event && event.sleep) await new Promise((r) => setTimeout(r, event.sleep));
  console.log('got event', JSON.stringify(event));
  return { version: process.env.AWS_LAMBDA_FUNCTION_VERSION, tag: process.env.TAG, event,
    clientContext: context.clientContext || null };
};
`;

async function createReady(lambda: LambdaClient, name: string, env: Record<string, string> = {}): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::000000000000:role/r',
      Code: { ZipFile: await makeZip({ 'index.js': HANDLER }) },
      Environment: { Variables: { TAG: 'v1', ...env } },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: name });
}

function decode(payload: Uint8Array | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as Record<string, unknown>;
}

describe('invoke through the SDK', () => {
  let h: LocalHarness;
  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '50'] });
    await createReady(h.lambda, 'echo');
  });
  after(async () => {
    await h.stop();
  });

  it('runs RequestResponse and returns the payload, executed version and log tail', async () => {
    const out = await h.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"a":1}'), LogType: 'Tail' }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, undefined);
    assert.equal(out.ExecutedVersion, '$LATEST');
    const body = decode(out.Payload);
    assert.deepEqual(body['event'], { a: 1 });
    assert.equal(body['tag'], 'v1');
    const tail = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    assert.match(tail, /got event \{"a":1\}/);
    assert.match(tail, /REPORT RequestId: /);
  });

  it('reports a function error as 200 with X-Amz-Function-Error', async () => {
    const out = await h.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"fail":"x"}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    const err = decode(out.Payload);
    assert.equal(err['errorMessage'], 'boom: x');
  });

  it('passes ClientContext through', async () => {
    const cc = Buffer.from(JSON.stringify({ custom: { k: 'v' } })).toString('base64');
    const out = await h.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{}'), ClientContext: cc }));
    assert.deepEqual((decode(out.Payload)['clientContext'] as Record<string, unknown>)['custom'], { k: 'v' });
  });

  it('answers Event with 202 and DryRun with 204', async () => {
    const ev = await h.lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: Buffer.from('{}') }));
    assert.equal(ev.StatusCode, 202);
    const empty = await h.lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event' }));
    assert.equal(empty.StatusCode, 202);
    const dry = await h.lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }));
    assert.equal(dry.StatusCode, 204);
  });

  it("refuses invalid JSON and oversize payloads with Lambda's errors", async () => {
    await assert.rejects(h.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{nope') })), { name: 'InvalidRequestContentException' });
    const big = Buffer.from(JSON.stringify({ s: 'x'.repeat(6 * 1024 * 1024) }));
    await assert.rejects(h.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: big })), { name: 'RequestTooLargeException' });
    await assert.rejects(h.lambda.send(new InvokeCommand({ FunctionName: 'nope', Payload: Buffer.from('{}') })), { name: 'ResourceNotFoundException' });
  });

  it('invokes published versions and aliases, honouring routing weights', async () => {
    const v1 = await h.lambda.send(new PublishVersionCommand({ FunctionName: 'echo' }));
    assert.equal(v1.Version, '1');
    await waitUntilPublishedVersionActive({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'echo', Qualifier: '1' });
    await h.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'echo', ZipFile: await makeZip({ 'index.js': HANDLER + '\n// v2\n' }) }));
    await waitUntilFunctionUpdatedV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'echo' });
    const v2 = await h.lambda.send(new PublishVersionCommand({ FunctionName: 'echo' }));
    assert.equal(v2.Version, '2');
    await waitUntilPublishedVersionActive({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'echo', Qualifier: '2' });

    const byVersion = await h.lambda.send(new InvokeCommand({ FunctionName: 'echo', Qualifier: '1', Payload: Buffer.from('{}') }));
    assert.equal(byVersion.ExecutedVersion, '1');
    assert.equal(decode(byVersion.Payload)['version'], '1');
    const byArn = await h.lambda.send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:echo:2', Payload: Buffer.from('{}') }));
    assert.equal(byArn.ExecutedVersion, '2');

    await h.lambda.send(
      new CreateAliasCommand({ FunctionName: 'echo', Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.3 } } }),
    );
    const counts: Record<string, number> = {};
    const n = 200;
    for (let i = 0; i < n; i++) {
      const out = await h.lambda.send(new InvokeCommand({ FunctionName: 'echo', Qualifier: 'live', Payload: Buffer.from('{}') }));
      counts[out.ExecutedVersion!] = (counts[out.ExecutedVersion!] ?? 0) + 1;
    }
    // Binomial(200, 0.3): mean 60, sd ~6.5; 30..90 is more than 4 sd either side.
    assert.ok((counts['2'] ?? 0) >= 30 && (counts['2'] ?? 0) <= 90, `version 2 got ${counts['2']} of ${n}`);
    assert.equal((counts['1'] ?? 0) + (counts['2'] ?? 0), n);
  });

  it('answers a timeout and a crash as Lambda does, and recovers on the next invoke', async () => {
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'fragile',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/r',
        Timeout: 1,
        Code: {
          ZipFile: await makeZip({
            'index.js': `exports.handler = async (e) => { if (e.exit) process.exit(3); if (e.hang) await new Promise((r) => setTimeout(r, 5000)); return 'fine'; };\n`,
          }),
        },
      }),
    );
    await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'fragile' });
    const timedOut = await h.lambda.send(new InvokeCommand({ FunctionName: 'fragile', Payload: Buffer.from('{"hang":true}') }));
    assert.equal(timedOut.StatusCode, 200);
    assert.equal(timedOut.FunctionError, 'Unhandled');
    assert.match(Buffer.from(timedOut.Payload!).toString(), /Task timed out after 1\.00 seconds/);
    const crashed = await h.lambda.send(new InvokeCommand({ FunctionName: 'fragile', Payload: Buffer.from('{"exit":true}') }));
    assert.equal(crashed.FunctionError, 'Unhandled');
    assert.match(Buffer.from(crashed.Payload!).toString(), /Runtime\.ExitError/);
    const fine = await h.lambda.send(new InvokeCommand({ FunctionName: 'fragile', Payload: Buffer.from('{}') }));
    assert.equal(fine.FunctionError, undefined);
    assert.equal(Buffer.from(fine.Payload!).toString(), '"fine"');
  });

  it('refuses an Event invoke of a function that cannot run here, saying what is missing', async () => {
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'no-bootstrap',
        Runtime: 'provided.al2023',
        Handler: 'x',
        Role: 'arn:aws:iam::000000000000:role/r',
        Code: { ZipFile: await makeZip({ 'README.txt': 'no bootstrap here' }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'no-bootstrap' });
    await assert.rejects(h.lambda.send(new InvokeCommand({ FunctionName: 'no-bootstrap', InvocationType: 'Event' })), (err: Error) => {
      assert.equal(err.name, 'InvalidRuntimeException');
      assert.match(err.message, /bootstrap/);
      return true;
    });
  });

  it('throttles with 429 TooManyRequestsException beyond reserved concurrency', async () => {
    await createReady(h.lambda, 'slow');
    await h.lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'slow', ReservedConcurrentExecutions: 0 }));
    await assert.rejects(h.lambda.send(new InvokeCommand({ FunctionName: 'slow', Payload: Buffer.from('{}') })), (err: Error & { Reason?: string }) => {
      assert.equal(err.name, 'TooManyRequestsException');
      assert.equal(err.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
      return true;
    });
    await h.lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'slow', ReservedConcurrentExecutions: 1 }));
    const results = await Promise.allSettled([
      h.lambda.send(new InvokeCommand({ FunctionName: 'slow', Payload: Buffer.from('{"sleep":1500}') })),
      new Promise((r) => setTimeout(r, 300)).then(() => h.lambda.send(new InvokeCommand({ FunctionName: 'slow', Payload: Buffer.from('{}') }))),
    ]);
    assert.equal(results[0].status, 'fulfilled');
    assert.equal(results[1].status, 'rejected');
    assert.equal((results[1] as PromiseRejectedResult).reason.name, 'TooManyRequestsException');
    await h.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'slow' }));
    const ok = await h.lambda.send(new InvokeCommand({ FunctionName: 'slow', Payload: Buffer.from('{}') }));
    assert.equal(ok.StatusCode, 200);
  });
});
