// PublishVersion, ListVersionsByFunction and aliases (with RoutingConfig weights).
import { randomUUID } from 'node:crypto';
import type { AliasConfiguration, AliasRoutingConfiguration } from '@aws-sdk/client-lambda';
import type { FunctionRecord } from '../store';
import type { LambdaContext } from './context';
import { sortedVersions, maybePublish } from './functions';
import { ALIAS_NAME_RE, conflict, invalidParam, notFound, preconditionFailed, validationError } from './names';
import { jsonBody, maxItems, queryString, type Reply, type Req } from './types';

export function publishVersion(ctx: LambdaContext, req: Req): Reply {
  const rec = ctx.unqualified(req.params['FunctionName']!);
  const input = jsonBody<{ CodeSha256: string; Description: string; RevisionId: string }>(req);
  ctx.assertNotBusy(rec.name);
  const latest = rec.latest.config;
  if (input.RevisionId !== undefined && input.RevisionId !== latest.RevisionId) throw preconditionFailed();
  if (input.CodeSha256 !== undefined && input.CodeSha256 !== latest.CodeSha256) {
    throw invalidParam(`CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try publish again.`);
  }
  const config = maybePublish(ctx, rec, input.Description);
  ctx.store.saveFunction(rec);
  return { status: 201, body: config };
}

/** A page over [$LATEST, 1, 2, ...]; the marker is the last returned version. */
export function listVersions(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const limit = maxItems(req, 50);
  const entries = [rec.latest, ...sortedVersions(rec)];
  const marker = queryString(req, 'Marker');
  let start = 0;
  if (marker) {
    const i = entries.findIndex((e) => e.config.Version === marker);
    if (i < 0) throw invalidParam(`Invalid marker: ${marker}`);
    start = i + 1;
  }
  const page = entries.slice(start, start + limit);
  const more = start + limit < entries.length;
  return {
    status: 200,
    body: {
      Versions: page.map((v) => ctx.view(rec.name, v)),
      ...(more ? { NextMarker: page[page.length - 1]!.config.Version } : {}),
    },
  };
}

function checkRouting(ctx: LambdaContext, rec: FunctionRecord, version: string, routing: AliasRoutingConfiguration | undefined): void {
  const weights = routing?.AdditionalVersionWeights;
  if (!weights) return;
  const entries = Object.entries(weights);
  if (entries.length > 1) throw invalidParam('Number of items in AdditionalVersionWeights cannot be greater than 1');
  for (const [v, w] of entries) {
    if (typeof w !== 'number' || w < 0 || w > 1)
      throw validationError(w, 'routingConfig.additionalVersionWeights', 'Member must have value between 0.0 and 1.0');
    if (!/^[0-9]+$/.test(v)) throw invalidParam(`Invalid function version ${v}. Function version ${v} must be a published version, not $LATEST.`);
    if (v === version) throw invalidParam(`Invalid function version ${v}. The primary version and the additional version must be different.`);
    if (!rec.versions[v]) throw invalidParam(`Function not found: ${ctx.arn(rec.name, v)}`);
  }
  if (version === '$LATEST') throw invalidParam('$LATEST is not supported for an alias pointing to more than 1 version');
}

function checkVersion(ctx: LambdaContext, rec: FunctionRecord, version: string | undefined): string {
  if (!version) throw invalidParam('FunctionVersion is required.');
  if (version !== '$LATEST' && !rec.versions[version]) throw notFound(`Function not found: ${ctx.arn(rec.name, version)}`);
  return version;
}

export function createAlias(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const input = jsonBody<AliasConfiguration>(req);
  const name = input.Name;
  if (typeof name !== 'string' || !ALIAS_NAME_RE.test(name)) {
    throw validationError(name, 'name', 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)');
  }
  if (rec.aliases[name]) throw conflict(`Alias already exists: ${ctx.arn(rec.name, name)}`);
  const version = checkVersion(ctx, rec, input.FunctionVersion);
  checkRouting(ctx, rec, version, input.RoutingConfig);
  const alias: AliasConfiguration = {
    AliasArn: ctx.arn(rec.name, name),
    Name: name,
    FunctionVersion: version,
    Description: input.Description ?? '',
    ...(input.RoutingConfig?.AdditionalVersionWeights ? { RoutingConfig: { AdditionalVersionWeights: input.RoutingConfig.AdditionalVersionWeights } } : {}),
    RevisionId: randomUUID(),
  };
  rec.aliases[name] = alias;
  ctx.store.saveFunction(rec);
  return { status: 201, body: alias };
}

function aliasOf(ctx: LambdaContext, rec: FunctionRecord, name: string): AliasConfiguration {
  const alias = rec.aliases[name];
  if (!alias) throw notFound(`Alias not found: ${ctx.arn(rec.name, name)}`);
  return alias;
}

export function getAlias(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  return { status: 200, body: aliasOf(ctx, rec, req.params['Name']!) };
}

export function updateAlias(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const alias = aliasOf(ctx, rec, req.params['Name']!);
  const input = jsonBody<AliasConfiguration>(req);
  if (input.RevisionId !== undefined && input.RevisionId !== alias.RevisionId) throw preconditionFailed();
  const version = input.FunctionVersion !== undefined ? checkVersion(ctx, rec, input.FunctionVersion) : alias.FunctionVersion!;
  const routing = input.RoutingConfig !== undefined ? input.RoutingConfig : alias.RoutingConfig;
  checkRouting(ctx, rec, version, routing);
  alias.FunctionVersion = version;
  if (input.Description !== undefined) alias.Description = input.Description;
  if (input.RoutingConfig !== undefined) {
    const weights = input.RoutingConfig.AdditionalVersionWeights;
    if (weights && Object.keys(weights).length) alias.RoutingConfig = { AdditionalVersionWeights: weights };
    else delete alias.RoutingConfig;
  }
  alias.RevisionId = randomUUID();
  ctx.store.saveFunction(rec);
  return { status: 200, body: alias };
}

export function deleteAlias(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const name = req.params['Name']!;
  if (rec.aliases[name]) {
    delete rec.aliases[name];
    ctx.store.saveFunction(rec);
  }
  // Lambda answers 204 for an alias that does not exist.
  return { status: 204 };
}

export function listAliases(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const limit = maxItems(req, 50);
  const filter = queryString(req, 'FunctionVersion');
  const all = Object.values(rec.aliases)
    .filter((a) => filter === undefined || a.FunctionVersion === filter)
    .sort((a, b) => (a.Name! < b.Name! ? -1 : 1));
  const marker = queryString(req, 'Marker');
  const start = marker ? all.findIndex((a) => a.Name! > marker) : 0;
  const from = start < 0 ? all.length : start;
  const page = all.slice(from, from + limit);
  const more = from + limit < all.length;
  return { status: 200, body: { Aliases: page, ...(more ? { NextMarker: page[page.length - 1]!.Name } : {}) } };
}
