// CreateFunction, GetFunction(Configuration), ListFunctions, UpdateFunctionCode/Configuration, DeleteFunction.
import { randomUUID } from 'node:crypto';
import type { CreateFunctionRequest, FunctionConfiguration, UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import { ServiceError } from '../seams';
import { sourceCodeSha, sourceFolderOf, sourceFolderSize, type CodeRef } from '../code';
import { indexAfter, type FunctionRecord, type VersionRecord } from '../store';
import type { LambdaContext } from './context';
import { FUNCTION_NAME_RE, RUNTIMES, conflict, invalidParam, lambdaTimestamp, notFound, preconditionFailed, validationError } from './names';
import { jsonBody, maxItems, queryString, type Reply, type Req } from './types';
import { RESERVED_ENV_KEYS } from '../../contract/lambdaEnvironment';

type Wire<T> = Omit<T, 'ZipFile'> & { ZipFile?: string };
type CodeInput = { ZipFile?: string; S3Bucket?: string; S3Key?: string; S3ObjectVersion?: string; ImageUri?: string };

/** Checks the configuration fields shared by create and update, as Lambda does. */
const ROLE_RE = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

function validateConfig(c: Partial<UpdateFunctionConfigurationRequest>, ctx: LambdaContext): void {
  if (c.Role !== undefined && !ROLE_RE.test(c.Role)) {
    throw validationError(c.Role, 'role', 'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+');
  }
  if (c.MemorySize !== undefined) {
    if (!Number.isInteger(c.MemorySize) || c.MemorySize < 128)
      throw validationError(c.MemorySize, 'memorySize', 'Member must have value greater than or equal to 128');
    if (c.MemorySize > 10240) throw validationError(c.MemorySize, 'memorySize', 'Member must have value less than or equal to 10240');
  }
  if (c.Timeout !== undefined) {
    if (!Number.isInteger(c.Timeout) || c.Timeout < 1) throw validationError(c.Timeout, 'timeout', 'Member must have value greater than or equal to 1');
    if (c.Timeout > 900) throw validationError(c.Timeout, 'timeout', 'Member must have value less than or equal to 900');
  }
  if (c.Runtime !== undefined && !RUNTIMES.includes(c.Runtime)) {
    throw invalidParam(
      `Value ${c.Runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${RUNTIMES.join(', ')}] or be a valid ARN`,
    );
  }
  if (c.Handler !== undefined && (c.Handler.length > 128 || !/^[^\s]+$/.test(c.Handler))) {
    throw validationError(c.Handler, 'handler', 'Member must satisfy regular expression pattern: [^\\s]+');
  }
  if (c.Description !== undefined && c.Description.length > 256)
    throw validationError(c.Description, 'description', 'Member must have length less than or equal to 256');
  const vars = c.Environment?.Variables;
  if (vars) {
    const bad = Object.keys(vars).filter((k) => !/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(k));
    if (bad.length) throw validationError(bad[0], 'environment.variables', 'Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+');
    const reserved = Object.keys(vars).filter((k) => RESERVED_ENV_KEYS.has(k));
    if (reserved.length) {
      throw invalidParam(
        `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
      );
    }
    const size = Buffer.byteLength(JSON.stringify(vars));
    if (size > 4096) {
      throw invalidParam(
        `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${size} bytes`,
      );
    }
  }
  if (c.Layers !== undefined) {
    if (c.Layers.length > 5) throw invalidParam('Cannot reference more than 5 layers.');
    for (const arn of c.Layers) ctx.findLayerVersion(arn);
  }
  if (c.LoggingConfig?.LogFormat !== undefined && !['Text', 'JSON'].includes(c.LoggingConfig.LogFormat)) {
    throw validationError(c.LoggingConfig.LogFormat, 'loggingConfig.logFormat', 'Member must satisfy enum value set: [JSON, Text]');
  }
  if (c.EphemeralStorage?.Size !== undefined && (c.EphemeralStorage.Size < 512 || c.EphemeralStorage.Size > 10240)) {
    throw validationError(c.EphemeralStorage.Size, 'ephemeralStorage.size', 'Member must have value between 512 and 10240');
  }
}

/** Stores the uploaded code: a zip (base64 on the wire) or a source folder (local-only S3 bucket). */
export async function acceptCode(ctx: LambdaContext, code: CodeInput | undefined): Promise<{ ref: CodeRef; sha: string; size: number }> {
  if (code?.ImageUri !== undefined) {
    throw invalidParam('Container images cannot run in the local service (it has no Docker): deploy a zip or a source folder.');
  }
  const folder = sourceFolderOf(code);
  if (folder) return { ref: { kind: 'source', dir: folder }, sha: sourceCodeSha(folder), size: await sourceFolderSize(folder) };
  if (typeof code?.ZipFile !== 'string' || code.ZipFile.length === 0) {
    throw invalidParam(
      'Please provide a source for function code: Code.ZipFile (base64), or Code.S3Bucket lambda-workbench-local-source with S3Key set to an absolute folder.',
    );
  }
  const stored = await ctx.code.put(Buffer.from(code.ZipFile, 'base64'));
  const total = totalCodeSize(ctx) + stored.codeSize;
  if (total > TOTAL_CODE_SIZE)
    throw new ServiceError(400, 'CodeStorageExceededException', `Code storage limit exceeded: ${total} of ${TOTAL_CODE_SIZE} bytes.`);
  return { ref: { kind: 'zip', shaHex: stored.shaHex }, sha: stored.codeSha256, size: stored.codeSize };
}

export const TOTAL_CODE_SIZE = 80530636800;

export function totalCodeSize(ctx: LambdaContext): number {
  return ctx.store.totalCodeSize;
}

function layerRefs(ctx: LambdaContext, arns: string[]): FunctionConfiguration['Layers'] {
  for (const arn of arns)
    if (ctx.findLayerVersion(arn).deleted) throw new ServiceError(404, 'ResourceNotFoundException', `Layer version ${arn} does not exist.`);
  return arns.map((Arn) => ({ Arn, CodeSize: ctx.findLayerVersion(Arn).Content.CodeSize ?? 0 }));
}

export async function createFunction(ctx: LambdaContext, req: Req): Promise<Reply> {
  const input = jsonBody<Wire<CreateFunctionRequest>>(req);
  const name = input.FunctionName;
  if (typeof name !== 'string' || !FUNCTION_NAME_RE.test(name)) {
    throw validationError(name, 'functionName', 'Member must satisfy regular expression pattern: [a-zA-Z0-9-_]{1,64}');
  }
  if (ctx.store.functions.has(name)) throw conflict(`Function already exist: ${name}`);
  if (input.PackageType === 'Image') throw invalidParam('Container images cannot run in the local service (it has no Docker): use PackageType Zip.');
  if (!input.Runtime) throw invalidParam('Runtime is required for .zip deployment package.');
  if (!input.Handler) throw invalidParam('Handler is required for .zip deployment package.');
  if (input.Role === undefined)
    throw new ServiceError(
      400,
      'ValidationException',
      "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null",
    );
  validateConfig(input, ctx);
  if (input.Architectures && (input.Architectures.length !== 1 || !['x86_64', 'arm64'].includes(input.Architectures[0]!))) {
    throw validationError(input.Architectures, 'architectures', 'Member must have length 1 and satisfy enum value set: [x86_64, arm64]');
  }
  const code = await acceptCode(ctx, input.Code as CodeInput | undefined);
  if (ctx.store.functions.has(name)) throw conflict(`Function already exist: ${name}`);
  const config: FunctionConfiguration = {
    FunctionName: name,
    FunctionArn: ctx.arn(name),
    Runtime: input.Runtime,
    Role: input.Role,
    Handler: input.Handler,
    CodeSize: code.size,
    Description: input.Description ?? '',
    Timeout: input.Timeout ?? 3,
    MemorySize: input.MemorySize ?? 128,
    LastModified: lambdaTimestamp(),
    CodeSha256: code.sha,
    Version: '$LATEST',
    ...(input.Environment ? { Environment: { Variables: input.Environment.Variables ?? {} } } : {}),
    ...(input.VpcConfig ? { VpcConfig: { SubnetIds: [], SecurityGroupIds: [], ...input.VpcConfig, VpcId: '' } } : {}),
    ...(input.DeadLetterConfig ? { DeadLetterConfig: input.DeadLetterConfig } : {}),
    ...(input.KMSKeyArn ? { KMSKeyArn: input.KMSKeyArn } : {}),
    TracingConfig: { Mode: input.TracingConfig?.Mode ?? 'PassThrough' },
    RevisionId: randomUUID(),
    ...(input.Layers?.length ? { Layers: layerRefs(ctx, input.Layers) } : {}),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: input.Architectures ?? ['x86_64'],
    EphemeralStorage: { Size: input.EphemeralStorage?.Size ?? 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    RuntimeVersionConfig: { RuntimeVersionArn: `arn:aws:lambda:${ctx.region}::runtime:local-${input.Runtime}` },
    LoggingConfig: {
      LogFormat: input.LoggingConfig?.LogFormat ?? 'Text',
      LogGroup: input.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`,
      ...(input.LoggingConfig?.ApplicationLogLevel ? { ApplicationLogLevel: input.LoggingConfig.ApplicationLogLevel } : {}),
      ...(input.LoggingConfig?.SystemLogLevel ? { SystemLogLevel: input.LoggingConfig.SystemLogLevel } : {}),
    },
  };
  const rec: FunctionRecord = {
    name,
    latest: { config, code: code.ref },
    versions: {},
    lastVersion: 0,
    aliases: {},
    tags: { ...(input.Tags ?? {}) },
    urlConfigs: {},
    eventInvokeConfigs: {},
    policy: { statements: [], revisionId: randomUUID() },
  };
  let reply = ctx.view(name, rec.latest);
  if (input.Publish) {
    const published = publishSnapshot(ctx, rec, input.Description);
    reply = ctx.view(name, published);
  }
  ctx.store.saveFunction(rec);
  ctx.startTransition(name, '$LATEST', 'create');
  if (input.Publish) ctx.startTransition(name, String(rec.lastVersion), 'create');
  // Shown as Pending in the reply, as Lambda does.
  const shown = { ...reply, ...(ctx.stateDelayMs > 0 ? { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' } : {}) };
  if (ctx.stateDelayMs > 0) delete shown.LastUpdateStatus;
  return { status: 201, body: shown };
}

/** Copies $LATEST into a new numbered version (no save; the caller saves). */
function publishSnapshot(ctx: LambdaContext, rec: FunctionRecord, description?: string): VersionRecord {
  const n = rec.lastVersion + 1;
  rec.lastVersion = n;
  const config: FunctionConfiguration = {
    ...structuredClone(rec.latest.config),
    Version: String(n),
    FunctionArn: ctx.arn(rec.name, String(n)),
    RevisionId: randomUUID(),
    LastModified: lambdaTimestamp(),
    ...(description !== undefined ? { Description: description } : {}),
  };
  const ver: VersionRecord = { config, code: rec.latest.code, fromRevision: rec.latest.config.RevisionId };
  rec.versions[String(n)] = ver;
  return ver;
}

export function getFunction(ctx: LambdaContext, req: Req): Reply {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  const { ver } = qualifierVersion(ctx, rec, qualifier);
  const config = ctx.view(rec.name, ver);
  const location = `${ctx.endpoint()}/__local/code/${encodeURIComponent(rec.name)}/${encodeURIComponent(config.Version ?? '$LATEST')}?token=${ctx.codeUrlToken(codeTokenSubject(rec.name, ver))}`;
  return {
    status: 200,
    body: {
      Configuration: config,
      Code: { RepositoryType: 'S3', Location: location },
      ...(Object.keys(rec.tags).length ? { Tags: rec.tags } : {}),
      ...(rec.reservedConcurrency !== undefined ? { Concurrency: { ReservedConcurrentExecutions: rec.reservedConcurrency } } : {}),
    },
  };
}

/** What a Code.Location token signs: the function, version and code identity (a new upload voids old URLs). */
export function codeTokenSubject(name: string, ver: VersionRecord): string {
  const code = ver.code.kind === 'zip' ? ver.code.shaHex : `source:${ver.code.dir}`;
  return `${name}/${ver.config.Version ?? '$LATEST'}/${code}`;
}

/** Get* with a Qualifier: a version number, $LATEST or an alias (aliases resolve to their version). */
function qualifierVersion(ctx: LambdaContext, rec: FunctionRecord, qualifier: string | undefined): { ver: VersionRecord } {
  return { ver: ctx.resolveQualifier(rec, qualifier).ver };
}

export function getFunctionConfiguration(ctx: LambdaContext, req: Req): Reply {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  return { status: 200, body: ctx.view(rec.name, qualifierVersion(ctx, rec, qualifier).ver) };
}

/** Pages with an opaque marker (`name\0index`), found by binary search in the sorted name index. */
export function listFunctions(ctx: LambdaContext, req: Req): Reply {
  const limit = maxItems(req, 50);
  const all = queryString(req, 'FunctionVersion');
  if (all !== undefined && all !== 'ALL') throw validationError(all, 'functionVersion', 'Member must satisfy enum value set: [ALL]');
  const names = ctx.store.functionNames;
  // Entries of one function in list order: $LATEST, then published versions ascending (with ALL).
  const entriesOf = (k: number): VersionRecord[] => {
    const rec = ctx.store.functions.get(names[k]!)!;
    return all ? [rec.latest, ...sortedVersions(rec)] : [rec.latest];
  };
  let i = 0;
  let j = 0;
  const marker = queryString(req, 'Marker');
  if (marker) {
    const [name, index] = Buffer.from(marker, 'base64url').toString('utf8').split('\u0000');
    if (!name || index === undefined || !/^[0-9]+$/.test(index)) throw invalidParam(`Invalid marker: ${marker}`);
    i = indexAfter(names, name) - 1;
    if (i >= 0 && names[i] === name) j = Number(index) + 1;
    else i += 1;
  }
  const out: FunctionConfiguration[] = [];
  let last: [string, number] | undefined;
  let entries = i < names.length ? entriesOf(i) : [];
  while (i < names.length) {
    if (j >= entries.length) {
      i += 1;
      j = 0;
      entries = i < names.length ? entriesOf(i) : [];
      continue;
    }
    if (out.length === limit) break;
    out.push(ctx.view(names[i]!, entries[j]!));
    last = [names[i]!, j];
    j += 1;
  }
  const more = i < names.length && last !== undefined;
  return { status: 200, body: { Functions: out, ...(more && last ? { NextMarker: encodeMarker(last[0], last[1]) } : {}) } };
}

function encodeMarker(name: string, index: number): string {
  return Buffer.from(`${name}\u0000${index}`, 'utf8').toString('base64url');
}

export function sortedVersions(rec: FunctionRecord): VersionRecord[] {
  return Object.keys(rec.versions)
    .map(Number)
    .sort((a, b) => a - b)
    .map((n) => rec.versions[String(n)]!);
}

function checkRevision(expected: string | undefined, actual: string | undefined): void {
  if (expected !== undefined && expected !== actual) throw preconditionFailed();
}

export async function updateFunctionCode(ctx: LambdaContext, req: Req): Promise<Reply> {
  const rec = ctx.unqualified(req.params['FunctionName']!);
  const input = jsonBody<CodeInput & { Publish?: boolean; DryRun?: boolean; RevisionId?: string; Architectures?: string[] }>(req);
  ctx.assertNotBusy(rec.name);
  checkRevision(input.RevisionId, rec.latest.config.RevisionId);
  const code = await acceptCode(ctx, input);
  // The upload took a while: another change (or a delete) may have landed meanwhile.
  if (ctx.store.functions.get(rec.name) !== rec) throw notFound(`Function not found: ${ctx.arn(rec.name)}`);
  if (!input.DryRun) ctx.assertNotBusy(rec.name);
  checkRevision(input.RevisionId, rec.latest.config.RevisionId);
  if (input.DryRun) {
    return { status: 200, body: { ...ctx.view(rec.name, rec.latest), CodeSha256: code.sha, CodeSize: code.size } };
  }
  const config = rec.latest.config;
  Object.assign(config, {
    CodeSha256: code.sha,
    CodeSize: code.size,
    LastModified: lambdaTimestamp(),
    RevisionId: randomUUID(),
    ...(input.Architectures ? { Architectures: input.Architectures } : {}),
  });
  rec.latest.code = code.ref;
  let reply: FunctionConfiguration | undefined;
  if (input.Publish) reply = maybePublish(ctx, rec);
  ctx.store.saveFunction(rec);
  await ctx.executor?.invalidate(rec.name);
  ctx.startTransition(rec.name, '$LATEST', 'update');
  return { status: 200, body: reply ?? ctx.view(rec.name, rec.latest) };
}

/** Publishes unless $LATEST equals the newest version already (Lambda returns that version then). */
export function maybePublish(ctx: LambdaContext, rec: FunctionRecord, description?: string): FunctionConfiguration {
  const newest = rec.versions[String(rec.lastVersion)];
  if (newest && newest.fromRevision === rec.latest.config.RevisionId) return ctx.view(rec.name, newest);
  const ver = publishSnapshot(ctx, rec, description);
  ctx.startTransition(rec.name, String(rec.lastVersion), 'create');
  return {
    ...ctx.view(rec.name, ver),
    ...(ctx.stateDelayMs > 0 ? { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' } : {}),
  };
}

export async function updateFunctionConfiguration(ctx: LambdaContext, req: Req): Promise<Reply> {
  const rec = ctx.unqualified(req.params['FunctionName']!);
  const input = jsonBody<UpdateFunctionConfigurationRequest>(req);
  ctx.assertNotBusy(rec.name);
  checkRevision(input.RevisionId, rec.latest.config.RevisionId);
  validateConfig(input, ctx);
  if (input.Handler === '') throw invalidParam('Handler is required for .zip deployment package.');
  const c = rec.latest.config;
  if (input.Role !== undefined) c.Role = input.Role;
  if (input.Handler !== undefined) c.Handler = input.Handler;
  if (input.Description !== undefined) c.Description = input.Description;
  if (input.Timeout !== undefined) c.Timeout = input.Timeout;
  if (input.MemorySize !== undefined) c.MemorySize = input.MemorySize;
  if (input.Runtime !== undefined) {
    c.Runtime = input.Runtime;
    c.RuntimeVersionConfig = { RuntimeVersionArn: `arn:aws:lambda:${ctx.region}::runtime:local-${input.Runtime}` };
  }
  if (input.Environment !== undefined) c.Environment = { Variables: input.Environment.Variables ?? {} };
  if (input.Layers !== undefined) {
    if (input.Layers.length) c.Layers = layerRefs(ctx, input.Layers);
    else delete c.Layers;
  }
  if (input.TracingConfig?.Mode) c.TracingConfig = { Mode: input.TracingConfig.Mode };
  if (input.DeadLetterConfig !== undefined) c.DeadLetterConfig = input.DeadLetterConfig;
  if (input.KMSKeyArn !== undefined) c.KMSKeyArn = input.KMSKeyArn;
  if (input.VpcConfig !== undefined) c.VpcConfig = { SubnetIds: [], SecurityGroupIds: [], ...input.VpcConfig, VpcId: '' };
  if (input.EphemeralStorage !== undefined) c.EphemeralStorage = input.EphemeralStorage;
  if (input.LoggingConfig !== undefined) c.LoggingConfig = { ...c.LoggingConfig, ...input.LoggingConfig };
  c.LastModified = lambdaTimestamp();
  c.RevisionId = randomUUID();
  ctx.store.saveFunction(rec);
  await ctx.executor?.invalidate(rec.name);
  ctx.startTransition(rec.name, '$LATEST', 'update');
  return { status: 200, body: ctx.view(rec.name, rec.latest) };
}

export async function deleteFunction(ctx: LambdaContext, req: Req): Promise<Reply> {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  if (qualifier === undefined || qualifier === '$LATEST') {
    if (qualifier === '$LATEST') throw invalidParam('$LATEST version cannot be deleted without deleting the function.');
    ctx.store.deleteFunction(rec.name);
    ctx.clearTransitions(rec.name);
    const arn = ctx.arn(rec.name);
    for (const esm of [...ctx.store.esms.values()]) {
      if (esm.FunctionArn === arn || esm.FunctionArn.startsWith(`${arn}:`)) ctx.store.deleteEsm(esm.UUID);
    }
    await ctx.executor?.invalidate(rec.name);
    return { status: 204 };
  }
  if (!/^[0-9]+$/.test(qualifier)) throw invalidParam('Deletion of aliases is not supported with DeleteFunction: use DeleteAlias.');
  if (!rec.versions[qualifier]) throw notFound(`Function not found: ${ctx.arn(rec.name, qualifier)}`);
  const users = Object.values(rec.aliases).filter(
    (a) => a.FunctionVersion === qualifier || Object.keys(a.RoutingConfig?.AdditionalVersionWeights ?? {}).includes(qualifier),
  );
  if (users.length) {
    throw conflict(`Unable to delete version because the following aliases reference it: [${users.map((a) => a.Name).join(', ')}]`);
  }
  delete rec.versions[qualifier];
  ctx.store.saveFunction(rec);
  return { status: 204 };
}
