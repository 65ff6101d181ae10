// Function URL configs: stored and served as Lambda does (Create/Get/Update/Delete/ListFunctionUrlConfigs).
import type { FunctionUrlConfig } from '@aws-sdk/client-lambda';
import type { LambdaContext } from './context';
import type { FunctionRecord } from '../store';
import { conflict, invalidParam, notFound, validationError } from './names';
import { jsonBody, maxItems, queryString, type Reply, type Req } from './types';
import { localFunctionUrl } from './urlServe';

/** The config as the API shows it: FunctionUrl is the local URL on the service's current port (see urlServe.ts). */
function present<T extends { FunctionUrl?: string }>(ctx: LambdaContext, rec: FunctionRecord, key: string, config: T): T {
  return { ...config, FunctionUrl: localFunctionUrl(ctx, rec.name, key) };
}

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
  const config = {
    FunctionUrl: localFunctionUrl(ctx, rec.name, key),
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
  return { status: 201, body: present(ctx, rec, key, created) };
}

function urlConfigOf(ctx: LambdaContext, req: Req): { rec: FunctionRecord; key: string; config: FunctionUrlConfig } {
  const { rec, key } = urlTarget(ctx, req);
  const config = rec.urlConfigs[key];
  if (!config) throw notFound('The resource you requested does not exist.');
  return { rec, key, config };
}

export function getUrlConfig(ctx: LambdaContext, req: Req): Reply {
  const { rec, key, config } = urlConfigOf(ctx, req);
  return { status: 200, body: present(ctx, rec, key, config) };
}

export function updateUrlConfig(ctx: LambdaContext, req: Req): Reply {
  const { rec, key, config } = urlConfigOf(ctx, req);
  const input = jsonBody<FunctionUrlConfig>(req);
  if (input.AuthType !== undefined) {
    checkAuthType(input.AuthType);
    config.AuthType = input.AuthType;
  }
  if (input.Cors !== undefined) config.Cors = input.Cors;
  if (input.InvokeMode !== undefined) config.InvokeMode = input.InvokeMode;
  config.LastModifiedTime = new Date().toISOString();
  ctx.store.saveFunction(rec);
  return { status: 200, body: present(ctx, rec, key, config) };
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
  return {
    status: 200,
    body: { FunctionUrlConfigs: page.map(([k, c]) => present(ctx, rec, k, c)), ...(more ? { NextMarker: page[page.length - 1]![0] } : {}) },
  };
}
