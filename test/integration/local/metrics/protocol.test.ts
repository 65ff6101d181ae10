// The CloudWatch metrics API over raw HTTP: the `monitoring` signing scope is required of CloudWatch
// requests and refused for the others, errors come back in the request's own protocol (query XML,
// awsJson1_0 with x-amzn-query-error), and a kill -9 loses no point that was written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HttpRequest } from '@smithy/protocol-http';
import { cbor, dateToTag } from '@smithy/core/cbor';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateFunctionCommand, InvokeCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { startLocal, type LocalHarness } from '../harness';
import { makeZip, NODE_HANDLER } from '../zip';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function send(h: LocalHarness, o: { path?: string; body?: string; headers?: Record<string, string>; service?: string; sign?: boolean }): Promise<Raw> {
  const url = new URL(h.info.endpoint);
  const path = o.path ?? '/';
  let headers: Record<string, string> = { host: url.host, ...(o.headers ?? {}) };
  if (o.sign !== false) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
      region: h.info.region,
      service: o.service ?? 'monitoring',
      sha256: Sha256,
    });
    const req = new HttpRequest({
      method: o.path?.startsWith('/2015') ? 'GET' : 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path,
      headers,
      body: o.body ?? '',
    });
    headers = (await signer.sign(req)).headers as Record<string, string>;
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: o.path?.startsWith('/2015') ? 'GET' : 'POST', path, headers, setHost: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(o.body ?? '');
  });
}

/** A signed POST with a binary body; the answer's body as bytes. */
async function sendBytes(
  h: LocalHarness,
  path: string,
  extra: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Uint8Array }> {
  const url = new URL(h.info.endpoint);
  const signer = new SignatureV4({
    credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
    region: h.info.region,
    service: 'monitoring',
    sha256: Sha256,
  });
  const signedReq = await signer.sign(
    new HttpRequest({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, headers: { host: url.host, ...extra }, body }),
  );
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path, headers: signedReq.headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: new Uint8Array(Buffer.concat(chunks)) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const JSON10 = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics' };

describe('CloudWatch metrics API over HTTP', () => {
  let h: LocalHarness;
  /** Set once the service was restarted on a data dir of its own, which stop() then leaves behind. */
  let reusedDir: string | undefined;
  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
  });
  after(async () => {
    await h.stop();
    if (reusedDir) rmSync(reusedDir, { recursive: true, force: true });
  });

  it('answers a query request signed for monitoring in CloudWatch XML', async () => {
    const r = await send(h, { body: 'Action=ListMetrics&Version=2010-08-01&Namespace=AWS%2FLambda', headers: FORM });
    assert.equal(r.status, 200, r.body);
    assert.match(r.headers['content-type'] as string, /^text\/xml/);
    assert.match(
      r.body,
      /^<ListMetricsResponse xmlns="http:\/\/monitoring\.amazonaws\.com\/doc\/2010-08-01\/"><ListMetricsResult><Metrics><\/Metrics><\/ListMetricsResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/ListMetricsResponse>$/,
    );
  });

  it('speaks rpc-v2-cbor (the newer botocore protocol) through the same operations', async () => {
    const cborHeaders = { 'content-type': 'application/cbor', accept: 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };
    const path = '/service/GraniteServiceVersion20100801/operation/GetMetricStatistics';
    const ok = await sendBytes(
      h,
      path,
      cborHeaders,
      Buffer.from(
        cbor.serialize({
          Namespace: 'AWS/Lambda',
          MetricName: 'Invocations',
          StartTime: dateToTag(new Date(Date.now() - 600_000)),
          EndTime: dateToTag(new Date()),
          Period: 60,
          Statistics: ['Sum'],
        }),
      ),
    );
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['smithy-protocol'], 'rpc-v2-cbor');
    assert.deepEqual(cbor.deserialize(ok.body), { Label: 'Invocations', Datapoints: [] });
    const bad = await sendBytes(
      h,
      path,
      cborHeaders,
      Buffer.from(
        cbor.serialize({
          Namespace: 'AWS/Lambda',
          MetricName: 'Invocations',
          StartTime: dateToTag(new Date(Date.now() - 600_000)),
          EndTime: dateToTag(new Date()),
          Period: 7,
        }),
      ),
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.headers['x-amzn-query-error'], 'InvalidParameterValue;Sender');
    assert.deepEqual(cbor.deserialize(bad.body), {
      __type: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
      message: 'The parameter Period must be a multiple of 60.',
    });
  });

  it('refuses a CloudWatch request signed for another service, in its protocol', async () => {
    const q = await send(h, { body: 'Action=ListMetrics&Version=2010-08-01', headers: FORM, service: 'lambda' });
    assert.equal(q.status, 403);
    assert.match(
      q.body,
      /^<ErrorResponse xmlns="http:\/\/monitoring\.amazonaws\.com\/doc\/2010-08-01\/"><Error><Type>Sender<\/Type><Code>InvalidSignatureException<\/Code><Message>Credential should be scoped to correct service: &apos;monitoring&apos;\. <\/Message><\/Error><RequestId>/,
    );
    const j = await send(h, { body: '{}', headers: JSON10, service: 'logs' });
    assert.equal(j.status, 403);
    assert.equal(j.headers['x-amzn-query-error'], 'InvalidSignatureException;Sender');
    assert.deepEqual(JSON.parse(j.body), {
      __type: 'com.amazonaws.cloudwatch#InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'monitoring'. ",
    });
    const unsigned = await send(h, { body: '{}', headers: JSON10, sign: false });
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers['x-amzn-query-error'], 'MissingAuthenticationTokenException;Sender');
  });

  it('refuses the monitoring scope for a Lambda request', async () => {
    const r = await send(h, { path: '/2015-03-31/functions', service: 'monitoring' });
    assert.equal(r.status, 403);
    assert.equal(r.headers['x-amzn-errortype'], 'InvalidSignatureException');
    assert.match(r.body, /Credential should be scoped to correct service: 'lambda'\. /);
  });

  it('answers an operation it does not implement with an AWS-shaped error', async () => {
    const r = await send(h, { body: '{}', headers: { ...JSON10, 'x-amz-target': 'GraniteServiceVersion20100801.DescribeAlarms' } });
    assert.equal(r.status, 400);
    assert.equal(r.headers['x-amzn-query-error'], 'InvalidAction;Sender');
    assert.match(JSON.parse(r.body).message, /implements CloudWatch GetMetricData, GetMetricStatistics and ListMetrics .* not DescribeAlarms\./);
    const bad = await send(h, { body: '{nope', headers: JSON10 });
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.body).message, /not a valid JSON object/);
  });

  it('keeps the points written before a kill -9', async () => {
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'crash-fn',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/r',
        Code: { ZipFile: await makeZip({ 'index.js': NODE_HANDLER }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'crash-fn' });
    const start = Date.now() - 60_000;
    for (let i = 0; i < 3; i++) await h.lambda.send(new InvokeCommand({ FunctionName: 'crash-fn', Payload: Buffer.from('{}') }));
    const dir = join(h.dataDir, 'metrics');
    const written = (): number =>
      readdirSync(dir)
        .filter((f) => f.startsWith('seg-'))
        .reduce(
          (n, f) =>
            n +
            readFileSync(join(dir, f), 'utf8')
              .split('\n')
              .filter((l) => l.includes('"crash-fn"')).length,
          0,
        );
    while (written() < 3) await new Promise((r) => setTimeout(r, 20));
    process.kill(h.info.pid, 'SIGKILL');
    const dataDir = (reusedDir = h.dataDir);
    await h.stop({ keepDataDir: true });
    h = await startLocal({ dataDir, args: ['--state-delay-ms', '0'] });
    const cw = new CloudWatchClient({
      endpoint: h.info.endpoint,
      region: h.info.region,
      credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
      maxAttempts: 1,
    });
    const out = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/Lambda',
        MetricName: 'Invocations',
        Dimensions: [{ Name: 'FunctionName', Value: 'crash-fn' }],
        StartTime: new Date(start),
        EndTime: new Date(Date.now() + 60_000),
        Period: 3600,
        Statistics: ['Sum'],
      }),
    );
    cw.destroy();
    assert.deepEqual(
      out.Datapoints?.map((d) => d.Sum),
      [3],
    );
  });
});
