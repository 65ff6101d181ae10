// Layers: PublishLayerVersion, ListLayers, ListLayerVersions, GetLayerVersion(ByArn), DeleteLayerVersion.
import { randomUUID } from 'node:crypto';
import type { LayerRecord, LayerVersionRecord } from '../store';
import type { LambdaContext } from './context';
import { acceptCode } from './functions';
import { LAYER_NAME_RE, RUNTIMES, conflict, invalidParam, lambdaTimestamp, layerArn, notFound, preconditionFailed, validationError } from './names';
import { jsonBody, maxItems, queryString, type Reply, type Req } from './types';

type CodeInput = { ZipFile?: string; S3Bucket?: string; S3Key?: string };

/** LayerName may be a name or a layer ARN (without version). */
function layerName(ctx: LambdaContext, raw: string): string {
  const m = /^arn:aws[a-zA-Z-]*:lambda:([^:]+):(\d{12}):layer:([a-zA-Z0-9-_]+)$/.exec(raw);
  if (m) {
    if (m[1] !== ctx.region || m[2] !== ctx.accountId) throw notFound(`Layer not found: ${raw}`);
    return m[3]!;
  }
  if (!LAYER_NAME_RE.test(raw)) {
    throw validationError(
      raw,
      'layerName',
      'Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+',
    );
  }
  return raw;
}

/** The API view: Content.Location is a tokened local URL serving the layer zip (like S3 pre-signed URLs). */
function view(ctx: LambdaContext, lv: LayerVersionRecord): Omit<LayerVersionRecord, 'code'> {
  const { code: _code, deleted: _d, policy: _p, ...rest } = lv;
  const name = lv.LayerVersionArn.split(':')[6]!;
  const location = `${ctx.endpoint()}/__local/layer/${name}/${lv.Version}?token=${ctx.codeUrlToken(layerTokenSubject(name, lv))}`;
  return { ...rest, Content: { ...rest.Content, Location: location } };
}

export function layerTokenSubject(name: string, lv: LayerVersionRecord): string {
  return `layer/${name}/${lv.Version}/${lv.Content.CodeSha256}`;
}

function listItem(lv: LayerVersionRecord): Record<string, unknown> {
  const { Content: _c, code: _code, deleted: _d, policy: _p, ...rest } = lv;
  return rest;
}

export async function publishLayerVersion(ctx: LambdaContext, req: Req): Promise<Reply> {
  const name = layerName(ctx, req.params['LayerName']!);
  const input = jsonBody<{
    Description: string;
    Content: CodeInput;
    CompatibleRuntimes: string[];
    CompatibleArchitectures: string[];
    LicenseInfo: string;
  }>(req);
  if (!input.Content) throw invalidParam('Content is required: ZipFile (base64), or S3Bucket lambda-workbench-local-source with S3Key an absolute folder.');
  for (const r of input.CompatibleRuntimes ?? [])
    if (!RUNTIMES.includes(r)) throw validationError(r, 'compatibleRuntimes', `Member must satisfy enum value set: [${RUNTIMES.join(', ')}]`);
  if ((input.CompatibleRuntimes?.length ?? 0) > 15)
    throw validationError(input.CompatibleRuntimes, 'compatibleRuntimes', 'Member must have length less than or equal to 15');
  const code = await acceptCode(ctx, input.Content);
  const layer: LayerRecord = ctx.store.layers.get(name) ?? { name, arn: layerArn(ctx.region, ctx.accountId, name), lastVersion: 0, versions: {} };
  const version = layer.lastVersion + 1;
  const lv: LayerVersionRecord = {
    LayerVersionArn: layerArn(ctx.region, ctx.accountId, name, version),
    Version: version,
    Description: input.Description ?? '',
    CreatedDate: lambdaTimestamp(),
    ...(input.CompatibleRuntimes ? { CompatibleRuntimes: input.CompatibleRuntimes } : {}),
    ...(input.CompatibleArchitectures ? { CompatibleArchitectures: input.CompatibleArchitectures } : {}),
    ...(input.LicenseInfo ? { LicenseInfo: input.LicenseInfo } : {}),
    Content: { Location: '', CodeSha256: code.sha, CodeSize: code.size },
    code: code.ref,
  };
  layer.lastVersion = version;
  layer.versions[String(version)] = lv;
  ctx.store.saveLayer(layer);
  return { status: 201, body: { ...view(ctx, lv), LayerArn: layer.arn } };
}

function versionOf(ctx: LambdaContext, name: string, version: string): { layer: LayerRecord; lv: LayerVersionRecord } {
  const layer = ctx.store.layers.get(name);
  const lv = layer?.versions[version];
  if (!layer || !lv || lv.deleted) throw notFound(`Layer version ${layerArn(ctx.region, ctx.accountId, name, Number(version))} does not exist.`);
  return { layer, lv };
}

export function getLayerVersion(ctx: LambdaContext, req: Req): Reply {
  const { layer, lv } = versionOf(ctx, layerName(ctx, req.params['LayerName']!), req.params['VersionNumber']!);
  return { status: 200, body: { ...view(ctx, lv), LayerArn: layer.arn } };
}

export function getLayerVersionByArn(ctx: LambdaContext, req: Req): Reply {
  const arn = queryString(req, 'Arn');
  if (!arn) throw invalidParam('Arn is required.');
  const lv = ctx.findLayerVersion(arn);
  if (lv.deleted) throw notFound(`Layer version ${arn} does not exist.`);
  return { status: 200, body: { ...view(ctx, lv), LayerArn: arn.replace(/:[0-9]+$/, '') } };
}

export function deleteLayerVersion(ctx: LambdaContext, req: Req): Reply {
  const name = layerName(ctx, req.params['LayerName']!);
  const layer = ctx.store.layers.get(name);
  const version = req.params['VersionNumber']!;
  const lv = layer?.versions[version];
  if (layer && lv && !lv.deleted) {
    // Functions keep a deleted layer version they already reference, as in Lambda, and numbers are never
    // reused: the record stays, marked deleted.
    lv.deleted = true;
    ctx.store.saveLayer(layer);
  }
  return { status: 204 };
}

function compatible(lv: LayerVersionRecord, runtime: string | undefined, arch: string | undefined): boolean {
  return (!runtime || (lv.CompatibleRuntimes ?? []).includes(runtime)) && (!arch || (lv.CompatibleArchitectures ?? []).includes(arch));
}

function sortedLayerVersions(layer: LayerRecord): LayerVersionRecord[] {
  return Object.values(layer.versions)
    .filter((lv) => !lv.deleted)
    .sort((a, b) => b.Version - a.Version);
}

export function listLayerVersions(ctx: LambdaContext, req: Req): Reply {
  const name = layerName(ctx, req.params['LayerName']!);
  const layer = ctx.store.layers.get(name);
  const limit = maxItems(req, 50);
  const runtime = queryString(req, 'CompatibleRuntime');
  const arch = queryString(req, 'CompatibleArchitecture');
  const all = layer ? sortedLayerVersions(layer).filter((lv) => compatible(lv, runtime, arch)) : [];
  const marker = queryString(req, 'Marker');
  const start = marker ? all.findIndex((lv) => lv.Version < Number(marker)) : 0;
  const from = start < 0 ? all.length : start;
  const page = all.slice(from, from + limit);
  const more = from + limit < all.length;
  return { status: 200, body: { LayerVersions: page.map(listItem), ...(more ? { NextMarker: String(page[page.length - 1]!.Version) } : {}) } };
}

export function listLayers(ctx: LambdaContext, req: Req): Reply {
  const limit = maxItems(req, 50);
  const runtime = queryString(req, 'CompatibleRuntime');
  const arch = queryString(req, 'CompatibleArchitecture');
  const marker = queryString(req, 'Marker');
  const out: Record<string, unknown>[] = [];
  let last: string | undefined;
  let more = false;
  for (const name of ctx.store.layerNames) {
    if (marker && name <= marker) continue;
    const layer = ctx.store.layers.get(name)!;
    const newest = sortedLayerVersions(layer).find((lv) => compatible(lv, runtime, arch));
    if (!newest) continue;
    if (out.length === limit) {
      more = true;
      break;
    }
    out.push({ LayerName: name, LayerArn: layer.arn, LatestMatchingVersion: listItem(newest) });
    last = name;
  }
  return { status: 200, body: { Layers: out, ...(more && last ? { NextMarker: last } : {}) } };
}

// ---- layer version permissions (stored) ----------------------------------------------------------

export function addLayerVersionPermission(ctx: LambdaContext, req: Req): Reply {
  const name = layerName(ctx, req.params['LayerName']!);
  const { layer, lv } = versionOf(ctx, name, req.params['VersionNumber']!);
  const input = jsonBody<{ StatementId: string; Action: string; Principal: string; OrganizationId: string }>(req);
  const policy = (lv.policy ??= { statements: [], revisionId: randomUUID() });
  const revision = queryString(req, 'RevisionId');
  if (revision !== undefined && revision !== policy.revisionId) throw preconditionFailed();
  if (!input.StatementId || !/^([a-zA-Z0-9-_]+)$/.test(input.StatementId))
    throw validationError(input.StatementId, 'statementId', 'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)');
  if (input.Action !== 'lambda:GetLayerVersion')
    throw validationError(input.Action, 'action', 'Member must satisfy regular expression pattern: lambda:GetLayerVersion');
  if (!input.Principal || !/^(\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root)$/.test(input.Principal)) {
    throw validationError(input.Principal, 'principal', 'Member must satisfy regular expression pattern: \\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root');
  }
  if (policy.statements.some((s) => s.Sid === input.StatementId)) {
    throw conflict(`The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const statement = {
    Sid: input.StatementId,
    Effect: 'Allow',
    Principal: input.Principal === '*' ? '*' : { AWS: /^\d{12}$/.test(input.Principal) ? `arn:aws:iam::${input.Principal}:root` : input.Principal },
    Action: input.Action,
    Resource: lv.LayerVersionArn,
    ...(input.OrganizationId ? { Condition: { StringEquals: { 'aws:PrincipalOrgID': input.OrganizationId } } } : {}),
  };
  policy.statements.push(statement);
  policy.revisionId = randomUUID();
  ctx.store.saveLayer(layer);
  return { status: 201, body: { Statement: JSON.stringify(statement), RevisionId: policy.revisionId } };
}

export function getLayerVersionPolicy(ctx: LambdaContext, req: Req): Reply {
  const { lv } = versionOf(ctx, layerName(ctx, req.params['LayerName']!), req.params['VersionNumber']!);
  if (!lv.policy?.statements.length) throw notFound('No policy is associated with the given resource.');
  return {
    status: 200,
    body: { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: lv.policy.statements }), RevisionId: lv.policy.revisionId },
  };
}

export function removeLayerVersionPermission(ctx: LambdaContext, req: Req): Reply {
  const { layer, lv } = versionOf(ctx, layerName(ctx, req.params['LayerName']!), req.params['VersionNumber']!);
  const revision = queryString(req, 'RevisionId');
  if (revision !== undefined && revision !== lv.policy?.revisionId) throw preconditionFailed();
  const sid = req.params['StatementId']!;
  const i = lv.policy?.statements.findIndex((s) => s.Sid === sid) ?? -1;
  if (i < 0) throw notFound(`Statement ${sid} is not found in resource policy.`);
  lv.policy!.statements.splice(i, 1);
  lv.policy!.revisionId = randomUUID();
  ctx.store.saveLayer(layer);
  return { status: 204 };
}
