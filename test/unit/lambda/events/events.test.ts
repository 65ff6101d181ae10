import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Ajv from 'ajv';
import { SAMPLE_EVENTS, fillPlaceholders, remainingPlaceholders, sampleEvent } from '../../../../src/lambda/events';

const root = join(__dirname, '..', '..', '..', '..');
const schemaDir = join(root, 'schemas', 'events');
const schemaOf = (id: string) => JSON.parse(readFileSync(join(schemaDir, `${id}.schema.json`), 'utf8')) as object;

test('at least 15 sources, each with a schema file, ids unique', () => {
  assert.ok(SAMPLE_EVENTS.length >= 15);
  const ids = SAMPLE_EVENTS.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length);
  const schemaFiles = readdirSync(schemaDir)
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => f.replace('.schema.json', ''));
  assert.deepEqual([...schemaFiles].sort(), [...ids].sort());
  for (const want of [
    's3-put',
    's3-delete',
    'sqs',
    'sns',
    'apigateway-rest',
    'apigateway-http',
    'alb',
    'dynamodb-stream',
    'kinesis',
    'eventbridge',
    'scheduled',
    'cloudwatch-logs',
    'cognito-pre-signup',
    'ses',
    'kafka',
    'function-url',
  ]) {
    assert.ok(sampleEvent(want), want);
  }
});

for (const sample of SAMPLE_EVENTS) {
  test(`sample ${sample.id}: filled, it validates against its schema and keeps no placeholder`, () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(schemaOf(sample.id));
    const filled = fillPlaceholders(sample.template, { region: 'eu-west-3', account: '210987654321', bucket: 'my-bucket', key: 'in/a.txt' });
    const ok = validate(filled);
    assert.ok(ok, `${sample.id}: ${ajv.errorsText(validate.errors)}`);
    const text = JSON.stringify(filled);
    assert.deepEqual(remainingPlaceholders(text), []);
    // The region given is used wherever the sample names one; the default never leaks.
    if (/\{\{region\}\}/.test(JSON.stringify(sample.template))) {
      assert.match(text, /eu-west-3/);
      assert.doesNotMatch(text, /us-east-1/);
    }
  });
}

test('schemas reject a sample with its key fields broken (they are not empty shells)', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  for (const sample of SAMPLE_EVENTS) {
    const validate = ajv.compile(schemaOf(sample.id));
    assert.equal(validate({}), false, `${sample.id} accepts {}`);
  }
  const s3 = ajv.getSchema('https://lambda-workbench/schemas/events/s3-put.schema.json')!;
  const bad = fillPlaceholders(sampleEvent('s3-put')!.template, { region: 'nowhere' });
  assert.equal(s3(bad), false);
});

test('placeholders: S3 bucket/key/account, numbers stay numbers, timestamps from the given moment', () => {
  const now = new Date('2026-03-04T05:06:07.089Z');
  const s3 = fillPlaceholders(sampleEvent('s3-put')!.template, { bucket: 'b1', key: 'k/1', now }) as {
    Records: { eventTime: string; s3: { bucket: { name: string; arn: string }; object: { key: string } } }[];
  };
  const r = s3.Records[0];
  assert.equal(r.s3.bucket.name, 'b1');
  assert.equal(r.s3.bucket.arn, 'arn:aws:s3:::b1');
  assert.equal(r.s3.object.key, 'k/1');
  assert.equal(r.eventTime, '2026-03-04T05:06:07.089Z');
  const api = fillPlaceholders(sampleEvent('apigateway-rest')!.template, { now, account: '111122223333' }) as {
    requestContext: { requestTimeEpoch: unknown; requestTime: string; accountId: string };
  };
  assert.equal(api.requestContext.requestTimeEpoch, now.getTime());
  assert.equal(api.requestContext.requestTime, '04/Mar/2026:05:06:07 +0000');
  assert.equal(api.requestContext.accountId, '111122223333');
  const sched = fillPlaceholders(sampleEvent('scheduled')!.template, { now }) as { time: string };
  assert.equal(sched.time, '2026-03-04T05:06:07Z');
  const ddb = fillPlaceholders(sampleEvent('dynamodb-stream')!.template, { now }) as { Records: { dynamodb: { ApproximateCreationDateTime: number } }[] };
  assert.equal(ddb.Records[0].dynamodb.ApproximateCreationDateTime, Math.floor(now.getTime() / 1000));
});

test('placeholders: the template is not modified and each fill gets fresh ids', () => {
  const t = sampleEvent('sqs')!.template;
  const before = JSON.stringify(t);
  const a = fillPlaceholders(t) as { Records: { messageId: string }[] };
  const b = fillPlaceholders(t) as { Records: { messageId: string }[] };
  assert.equal(JSON.stringify(t), before);
  assert.notEqual(a.Records[0].messageId, b.Records[0].messageId);
  assert.match(a.Records[0].messageId, /^[0-9a-f-]{36}$/);
});

test('CloudWatch Logs sample data is real gzip JSON with the account and the given moment', () => {
  const now = new Date('2026-01-02T03:04:05.000Z');
  const ev = fillPlaceholders(sampleEvent('cloudwatch-logs')!.template, { account: '999988887777', now }) as { awslogs: { data: string } };
  const doc = JSON.parse(gunzipSync(Buffer.from(ev.awslogs.data, 'base64')).toString('utf8')) as {
    owner: string;
    messageType: string;
    logEvents: { timestamp: number }[];
  };
  assert.equal(doc.owner, '999988887777');
  assert.equal(doc.messageType, 'DATA_MESSAGE');
  assert.equal(doc.logEvents.at(-1)!.timestamp, now.getTime());
});

test('unknown placeholders are left visible and reported', () => {
  const filled = fillPlaceholders({ a: '{{nope}} and {{region}}' }, { region: 'ap-south-1' }) as { a: string };
  assert.equal(filled.a, '{{nope}} and ap-south-1');
  assert.deepEqual(remainingPlaceholders(JSON.stringify(filled)), ['nope']);
});
