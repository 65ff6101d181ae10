// Event source mappings: stored and served as Lambda does (nothing polls the sources locally).
import { randomUUID } from 'node:crypto';
import type { LambdaContext } from './context';
import type { EventSourceMappingRecord } from '../store';
import { invalidParam, notFound } from './names';
import { jsonBody, maxItems, pick, queryString, type Reply, type Req } from './types';

const ESM_FIELDS = [
  'EventSourceArn',
  'BatchSize',
  'MaximumBatchingWindowInSeconds',
  'ParallelizationFactor',
  'StartingPosition',
  'StartingPositionTimestamp',
  'DestinationConfig',
  'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError',
  'MaximumRetryAttempts',
  'TumblingWindowInSeconds',
  'Topics',
  'Queues',
  'SourceAccessConfigurations',
  'SelfManagedEventSource',
  'FunctionResponseTypes',
  'FilterCriteria',
  'AmazonManagedKafkaEventSourceConfig',
  'SelfManagedKafkaEventSourceConfig',
  'ScalingConfig',
  'DocumentDBEventSourceConfig',
  'KMSKeyArn',
  'MetricsConfig',
  'ProvisionedPollerConfig',
];

function esmView(rec: EventSourceMappingRecord): EventSourceMappingRecord {
  return rec;
}

function defaultBatchSize(arn: string | undefined): number {
  return arn?.includes(':sqs:') ? 10 : 100;
}

export function createEsm(ctx: LambdaContext, req: Req): Reply {
  const input = jsonBody<Record<string, unknown>>(req);
  if (typeof input['FunctionName'] !== 'string') throw invalidParam('FunctionName is required.');
  const { rec, qualifier } = ctx.fn(input['FunctionName']);
  if (qualifier !== undefined) ctx.resolveQualifier(rec, qualifier);
  const eventSourceArn = input['EventSourceArn'] as string | undefined;
  if (!eventSourceArn && !input['SelfManagedEventSource']) throw invalidParam('EventSourceArn is required.');
  if ((eventSourceArn?.includes(':kinesis:') || eventSourceArn?.includes(':dynamodb:')) && !input['StartingPosition']) {
    throw invalidParam('StartingPosition is required for Kinesis and DynamoDB Streams event sources.');
  }
  const enabled = input['Enabled'] !== false;
  const esm: EventSourceMappingRecord = {
    UUID: randomUUID(),
    FunctionArn: ctx.arn(rec.name, qualifier),
    BatchSize: defaultBatchSize(eventSourceArn),
    MaximumBatchingWindowInSeconds: 0,
    ...pick(input, ESM_FIELDS),
    LastModified: Date.now() / 1000,
    State: enabled ? 'Enabled' : 'Disabled',
    StateTransitionReason: 'USER_INITIATED',
    LastProcessingResult: 'No records processed',
  };
  esm['EventSourceMappingArn'] = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${esm.UUID}`;
  ctx.store.saveEsm(esm);
  return { status: 202, body: { ...esmView(esm), State: enabled ? 'Creating' : 'Disabled' } };
}

function esmOf(ctx: LambdaContext, uuid: string): EventSourceMappingRecord {
  const esm = ctx.store.esms.get(uuid);
  if (!esm) throw notFound(`The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: ${randomUUID()})`);
  return esm;
}

export function getEsm(ctx: LambdaContext, req: Req): Reply {
  return { status: 200, body: esmView(esmOf(ctx, req.params['UUID']!)) };
}

export function updateEsm(ctx: LambdaContext, req: Req): Reply {
  const esm = esmOf(ctx, req.params['UUID']!);
  const input = jsonBody<Record<string, unknown>>(req);
  if (typeof input['FunctionName'] === 'string') {
    const { rec, qualifier } = ctx.fn(input['FunctionName']);
    esm.FunctionArn = ctx.arn(rec.name, qualifier);
  }
  const { EventSourceArn: _e, StartingPosition: _s, StartingPositionTimestamp: _t, ...changes } = pick(input, ESM_FIELDS);
  Object.assign(esm, changes);
  if (typeof input['Enabled'] === 'boolean') esm['State'] = input['Enabled'] ? 'Enabled' : 'Disabled';
  esm['LastModified'] = Date.now() / 1000;
  ctx.store.saveEsm(esm);
  return { status: 202, body: esmView(esm) };
}

export function deleteEsm(ctx: LambdaContext, req: Req): Reply {
  const esm = esmOf(ctx, req.params['UUID']!);
  ctx.store.deleteEsm(esm.UUID);
  return { status: 202, body: { ...esmView(esm), State: 'Deleting' } };
}

export function listEsms(ctx: LambdaContext, req: Req): Reply {
  const limit = maxItems(req, 100);
  const fnFilter = queryString(req, 'FunctionName');
  const srcFilter = queryString(req, 'EventSourceArn');
  let fnArn: string | undefined;
  if (fnFilter !== undefined) {
    const { rec, qualifier } = ctx.fn(fnFilter);
    fnArn = ctx.arn(rec.name, qualifier);
  }
  const all = [...ctx.store.esms.values()]
    .filter((e) => fnArn === undefined || e.FunctionArn === fnArn || (!fnFilter?.includes(':') && e.FunctionArn.startsWith(`${fnArn}:`)))
    .filter((e) => srcFilter === undefined || e['EventSourceArn'] === srcFilter)
    .sort((a, b) => (a.UUID < b.UUID ? -1 : 1));
  const marker = queryString(req, 'Marker');
  const start = marker ? all.findIndex((e) => e.UUID > marker) : 0;
  const from = start < 0 ? all.length : start;
  const page = all.slice(from, from + limit);
  const more = from + limit < all.length;
  return { status: 200, body: { EventSourceMappings: page.map(esmView), ...(more ? { NextMarker: page[page.length - 1]!.UUID } : {}) } };
}
