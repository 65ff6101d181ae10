// Event-invoke configs (retries, maximum event age, destinations of async invokes): stored and served.
import type { LambdaContext } from './context';
import type { FunctionRecord } from '../store';
import { notFound, validationError } from './names';
import { jsonBody, maxItems, pick, queryString, type Reply, type Req } from './types';

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
