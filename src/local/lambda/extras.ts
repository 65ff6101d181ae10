// The smaller Lambda APIs: tags, reserved concurrency, account settings, event source mappings, function
// URLs, resource policies and event-invoke configs. Stored and served as Lambda does; only concurrency
// changes how invokes run.
import { randomUUID } from 'node:crypto';
import type { FunctionUrlConfig } from '@aws-sdk/client-lambda';
import { ServiceError } from '../seams';
import type { EventSourceMappingRecord, FunctionRecord } from '../store';
import type { LambdaContext } from './context';
import { TOTAL_CODE_SIZE, totalCodeSize } from './functions';
import { conflict, invalidParam, notFound, parseFunctionName, preconditionFailed, validationError } from './names';
import { jsonBody, maxItems, queryList, queryString, type Reply, type Req } from './types';

// ---- tags -------------------------------------------------------------------------------------

/** Tags live on the unqualified function ARN; a qualified or unknown ARN is refused as Lambda does. */
function taggable(ctx: LambdaContext, arn: string): FunctionRecord {
  if (!arn.startsWith('arn:'))
    throw validationError(
      arn,
      'resource',
      'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:...)',
    );
  const parsed = parseFunctionName(arn, ctx.region, ctx.accountId);
  if (parsed.qualifier !== undefined) throw invalidParam('Tags are not supported on function versions or aliases: use the unqualified function ARN.');
  const rec = ctx.store.functions.get(parsed.name);
  if (!rec) throw notFound(`Function not found: ${arn}`);
  return rec;
}

export function tagResource(ctx: LambdaContext, req: Req): Reply {
  const rec = taggable(ctx, req.params['Resource']!);
  const tags = jsonBody<{ Tags: Record<string, string> }>(req).Tags ?? {};
  const merged = { ...rec.tags, ...tags };
  if (Object.keys(merged).length > 50) throw invalidParam('A function can have at most 50 tags.');
  for (const [k, v] of Object.entries(tags)) {
    if (k.length < 1 || k.length > 128 || k.startsWith('aws:')) throw invalidParam(`Invalid tag key '${k}': 1-128 characters, not starting with aws:.`);
    if (typeof v !== 'string' || v.length > 256) throw invalidParam(`Invalid value for tag '${k}': at most 256 characters.`);
  }
  rec.tags = merged;
  ctx.store.saveFunction(rec);
  return { status: 204 };
}

export function untagResource(ctx: LambdaContext, req: Req): Reply {
  const rec = taggable(ctx, req.params['Resource']!);
  for (const k of queryList(req, 'tagKeys')) delete rec.tags[k];
  ctx.store.saveFunction(rec);
  return { status: 204 };
}

export function listTags(ctx: LambdaContext, req: Req): Reply {
  return { status: 200, body: { Tags: taggable(ctx, req.params['Resource']!).tags } };
}

// ---- concurrency --------------------------------------------------------------------------------

/** Lambda keeps 100 unreserved executions for functions without reserved concurrency. */
const UNRESERVED_MINIMUM = 100;

function reservedTotal(ctx: LambdaContext, except?: string): number {
  let total = 0;
  for (const rec of ctx.store.functions.values()) if (rec.name !== except) total += rec.reservedConcurrency ?? 0;
  return total;
}

export async function putConcurrency(ctx: LambdaContext, req: Req): Promise<Reply> {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const n = jsonBody<{ ReservedConcurrentExecutions: number }>(req).ReservedConcurrentExecutions;
  if (n === undefined || !Number.isInteger(n) || n < 0)
    throw validationError(n, 'reservedConcurrentExecutions', 'Member must have value greater than or equal to 0');
  if (reservedTotal(ctx, rec.name) + n > ctx.accountConcurrency - UNRESERVED_MINIMUM) {
    throw invalidParam(
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${UNRESERVED_MINIMUM}].`,
    );
  }
  rec.reservedConcurrency = n;
  ctx.store.saveFunction(rec);
  await ctx.executor?.invalidate(rec.name);
  return { status: 200, body: { ReservedConcurrentExecutions: n } };
}

export function getConcurrency(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  return { status: 200, body: rec.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: rec.reservedConcurrency } };
}

export async function deleteConcurrency(ctx: LambdaContext, req: Req): Promise<Reply> {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  delete rec.reservedConcurrency;
  ctx.store.saveFunction(rec);
  await ctx.executor?.invalidate(rec.name);
  return { status: 204 };
}

export function getAccountSettings(ctx: LambdaContext): Reply {
  return {
    status: 200,
    body: {
      AccountLimit: {
        TotalCodeSize: TOTAL_CODE_SIZE,
        CodeSizeUnzipped: 262144000,
        CodeSizeZipped: 52428800,
        ConcurrentExecutions: ctx.accountConcurrency,
        UnreservedConcurrentExecutions: ctx.accountConcurrency - reservedTotal(ctx),
      },
      AccountUsage: { TotalCodeSize: totalCodeSize(ctx), FunctionCount: ctx.store.functions.size },
    },
  };
}

// ---- event source mappings ------------------------------------------------------------------------

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

function pick(input: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (input[f] !== undefined) out[f] = input[f];
  return out;
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

// ---- function URLs ------------------------------------------------------------------------------

function urlTarget(ctx: LambdaContext, req: Req): { rec: FunctionRecord; key: string; qualifier?: string } {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  if (qualifier !== undefined && qualifier !== '$LATEST' && /^[0-9]+$/.test(qualifier)) {
    throw invalidParam('Function URLs can only be attached to $LATEST or an alias, not a version.');
  }
  if (qualifier !== undefined && qualifier !== '$LATEST' && !rec.aliases[qualifier]) throw notFound(`Function not found: ${ctx.arn(rec.name, qualifier)}`);
  const key = qualifier ?? '$LATEST';
  return qualifier === undefined ? { rec, key } : { rec, key, qualifier };
}

function checkAuthType(v: unknown): void {
  if (v !== 'NONE' && v !== 'AWS_IAM') throw validationError(v, 'authType', 'Member must satisfy enum value set: [NONE, AWS_IAM]');
}

export function createUrlConfig(ctx: LambdaContext, req: Req): Reply {
  const { rec, key, qualifier } = urlTarget(ctx, req);
  const input = jsonBody<FunctionUrlConfig>(req);
  checkAuthType(input.AuthType);
  if (rec.urlConfigs[key])
    throw conflict(
      `Failed to create function url config for [functionArn = ${ctx.arn(rec.name, qualifier)}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
    );
  const now = new Date().toISOString();
  const id = Buffer.from(`${rec.name}:${key}`).toString('hex').slice(0, 32).padEnd(32, '0');
  const config = {
    FunctionUrl: `https://${id}.lambda-url.${ctx.region}.on.aws/`,
    FunctionArn: ctx.arn(rec.name, qualifier),
    AuthType: input.AuthType!,
    ...(input.Cors ? { Cors: input.Cors } : {}),
    CreationTime: now,
    LastModifiedTime: now,
    InvokeMode: input.InvokeMode ?? 'BUFFERED',
  };
  rec.urlConfigs[key] = config;
  ctx.store.saveFunction(rec);
  const { LastModifiedTime: _l, ...created } = config;
  return { status: 201, body: created };
}

function urlConfigOf(ctx: LambdaContext, req: Req): { rec: FunctionRecord; key: string; config: FunctionUrlConfig } {
  const { rec, key } = urlTarget(ctx, req);
  const config = rec.urlConfigs[key];
  if (!config) throw notFound('The resource you requested does not exist.');
  return { rec, key, config };
}

export function getUrlConfig(ctx: LambdaContext, req: Req): Reply {
  return { status: 200, body: urlConfigOf(ctx, req).config };
}

export function updateUrlConfig(ctx: LambdaContext, req: Req): Reply {
  const { rec, config } = urlConfigOf(ctx, req);
  const input = jsonBody<FunctionUrlConfig>(req);
  if (input.AuthType !== undefined) {
    checkAuthType(input.AuthType);
    config.AuthType = input.AuthType;
  }
  if (input.Cors !== undefined) config.Cors = input.Cors;
  if (input.InvokeMode !== undefined) config.InvokeMode = input.InvokeMode;
  config.LastModifiedTime = new Date().toISOString();
  ctx.store.saveFunction(rec);
  return { status: 200, body: config };
}

export function deleteUrlConfig(ctx: LambdaContext, req: Req): Reply {
  const { rec, key } = urlConfigOf(ctx, req);
  delete rec.urlConfigs[key];
  ctx.store.saveFunction(rec);
  return { status: 204 };
}

export function listUrlConfigs(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const limit = maxItems(req, 50);
  const all = Object.entries(rec.urlConfigs).sort(([a], [b]) => (a < b ? -1 : 1));
  const marker = queryString(req, 'Marker');
  const start = marker ? all.findIndex(([k]) => k > marker) : 0;
  const from = start < 0 ? all.length : start;
  const page = all.slice(from, from + limit);
  const more = from + limit < all.length;
  return { status: 200, body: { FunctionUrlConfigs: page.map(([, c]) => c), ...(more ? { NextMarker: page[page.length - 1]![0] } : {}) } };
}

// ---- resource policy ------------------------------------------------------------------------------

export function addPermission(ctx: LambdaContext, req: Req): Reply {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  const input = jsonBody<Record<string, string>>(req);
  if (input['RevisionId'] !== undefined && input['RevisionId'] !== rec.policy.revisionId) throw preconditionFailed();
  for (const f of ['StatementId', 'Action', 'Principal']) if (!input[f]) throw invalidParam(`${f} is required.`);
  if (!/^([a-zA-Z0-9-_.]+)$/.test(input['StatementId']!))
    throw validationError(input['StatementId'], 'statementId', 'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)');
  if (rec.policy.statements.some((s) => s.Sid === input['StatementId'])) {
    throw conflict(`The statement id (${input['StatementId']}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const condition: Record<string, Record<string, string>> = {};
  if (input['SourceArn']) condition['ArnLike'] = { 'AWS:SourceArn': input['SourceArn'] };
  if (input['SourceAccount']) condition['StringEquals'] = { 'AWS:SourceAccount': input['SourceAccount'] };
  if (input['PrincipalOrgID']) condition['StringEquals'] = { ...(condition['StringEquals'] ?? {}), 'aws:PrincipalOrgID': input['PrincipalOrgID'] };
  if (input['FunctionUrlAuthType'])
    condition['StringEquals'] = { ...(condition['StringEquals'] ?? {}), 'lambda:FunctionUrlAuthType': input['FunctionUrlAuthType'] };
  const principal = input['Principal']!;
  const statement = {
    Sid: input['StatementId']!,
    Effect: 'Allow',
    Principal: /^\d{12}$/.test(principal) ? { AWS: `arn:aws:iam::${principal}:root` } : principal.includes('.') ? { Service: principal } : { AWS: principal },
    Action: input['Action']!,
    Resource: ctx.arn(rec.name, qualifier),
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  };
  rec.policy.statements.push(statement);
  rec.policy.revisionId = randomUUID();
  ctx.store.saveFunction(rec);
  return { status: 201, body: { Statement: JSON.stringify(statement) } };
}

export function getPolicy(ctx: LambdaContext, req: Req): Reply {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  const resource = ctx.arn(rec.name, qualifier);
  const statements = rec.policy.statements.filter((s) => s['Resource'] === resource);
  if (!statements.length) throw notFound('The resource you requested does not exist.');
  const policy = { Version: '2012-10-17', Id: 'default', Statement: statements };
  return { status: 200, body: { Policy: JSON.stringify(policy), RevisionId: rec.policy.revisionId } };
}

export function removePermission(ctx: LambdaContext, req: Req): Reply {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  const revision = queryString(req, 'RevisionId');
  if (revision !== undefined && revision !== rec.policy.revisionId) throw preconditionFailed();
  const sid = req.params['StatementId']!;
  const resource = ctx.arn(rec.name, qualifier);
  const i = rec.policy.statements.findIndex((s) => s.Sid === sid && s['Resource'] === resource);
  if (i < 0) throw notFound(`Statement ${sid} is not found in resource policy.`);
  rec.policy.statements.splice(i, 1);
  rec.policy.revisionId = randomUUID();
  ctx.store.saveFunction(rec);
  return { status: 204 };
}

// ---- event invoke config ----------------------------------------------------------------------------

function eicKey(ctx: LambdaContext, req: Req): { rec: FunctionRecord; key: string; arn: string } {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  if (qualifier !== undefined) ctx.resolveQualifier(rec, qualifier);
  const key = qualifier ?? '$LATEST';
  return { rec, key, arn: ctx.arn(rec.name, key) };
}

function checkEic(input: Record<string, unknown>): void {
  const retries = input['MaximumRetryAttempts'];
  if (retries !== undefined && (typeof retries !== 'number' || retries < 0 || retries > 2))
    throw validationError(retries, 'maximumRetryAttempts', 'Member must have value between 0 and 2');
  const age = input['MaximumEventAgeInSeconds'];
  if (age !== undefined && (typeof age !== 'number' || age < 60 || age > 21600))
    throw validationError(age, 'maximumEventAgeInSeconds', 'Member must have value between 60 and 21600');
}

function saveEic(ctx: LambdaContext, req: Req, merge: boolean): Reply {
  const { rec, key, arn } = eicKey(ctx, req);
  const input = jsonBody<Record<string, unknown>>(req);
  checkEic(input);
  const prev = rec.eventInvokeConfigs[key];
  if (merge && !prev) throw notFound(`The function ${arn} doesn't have an EventInvokeConfig`);
  const base = merge ? prev : {};
  const config = {
    ...base,
    ...pick(input, ['MaximumRetryAttempts', 'MaximumEventAgeInSeconds', 'DestinationConfig']),
    FunctionArn: arn,
    LastModified: Date.now() / 1000,
  };
  rec.eventInvokeConfigs[key] = config as never;
  ctx.store.saveFunction(rec);
  return { status: 200, body: config };
}

export const putEic = (ctx: LambdaContext, req: Req): Reply => saveEic(ctx, req, false);
export const updateEic = (ctx: LambdaContext, req: Req): Reply => saveEic(ctx, req, true);

export function getEic(ctx: LambdaContext, req: Req): Reply {
  const { rec, key, arn } = eicKey(ctx, req);
  const config = rec.eventInvokeConfigs[key];
  if (!config) throw notFound(`The function ${arn} doesn't have an EventInvokeConfig`);
  return { status: 200, body: config };
}

export function deleteEic(ctx: LambdaContext, req: Req): Reply {
  const { rec, key, arn } = eicKey(ctx, req);
  if (!rec.eventInvokeConfigs[key]) throw notFound(`The function ${arn} doesn't have an EventInvokeConfig`);
  delete rec.eventInvokeConfigs[key];
  ctx.store.saveFunction(rec);
  return { status: 204 };
}

export function listEic(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const limit = maxItems(req, 50);
  const all = Object.values(rec.eventInvokeConfigs);
  return { status: 200, body: { FunctionEventInvokeConfigs: all.slice(0, limit) } };
}

// ---- read-only answers for features the local service does not model -----------------------------

/** No code signing locally: Lambda answers an empty ARN for a function without a config. */
export function getCodeSigningConfig(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  return { status: 200, body: { CodeSigningConfigArn: '', FunctionName: rec.name } };
}

export function getRuntimeManagementConfig(ctx: LambdaContext, req: Req): Reply {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  const { ver } = ctx.resolveQualifier(rec, qualifier);
  return { status: 200, body: { UpdateRuntimeOn: 'Auto', FunctionArn: ver.config.FunctionArn } };
}

export function getRecursionConfig(ctx: LambdaContext, req: Req): Reply {
  ctx.fn(req.params['FunctionName']!);
  return { status: 200, body: { RecursiveLoop: 'Terminate' } };
}

/** Local environments start on demand; there is no provisioned concurrency to list. */
export function listProvisionedConcurrency(ctx: LambdaContext, req: Req): Reply {
  ctx.fn(req.params['FunctionName']!);
  return { status: 200, body: { ProvisionedConcurrencyConfigs: [] } };
}

export function getProvisionedConcurrency(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const q = queryString(req, 'Qualifier');
  if (!q) throw invalidParam('Qualifier is required.');
  throw new ServiceError(
    404,
    'ProvisionedConcurrencyConfigNotFoundException',
    `No Provisioned Concurrency Config found for this function: ${ctx.arn(rec.name, q)}`,
  );
}
