// Deploying code: package (zip or a local source folder), check Lambda's limits before any upload,
// skip an upload whose CodeSha256 matches the function's, create or update, wait until ready.
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import * as path from 'node:path';
import { LOCAL_SOURCE_BUCKET } from '../contract/localService';
import { assertValid, retryOptions, type ConfigChange } from './config';
import { CancelledError, ValidationError, isNotFound, throwIfAborted } from './errors';
import { humanSize } from './format';
import { withRetry } from './retry';
import { waitUntilActive, waitUntilUpdated, waitUntilVersionActive, type OperationOptions } from './wait';
import { mb, planChecked, sha256Base64, treeDigest, zipEntries, type ZipOptions } from './zip';

export type { Progress, OperationOptions } from './wait';

/** Lambda's limits for a direct (not S3) upload and for the unpacked function with its layers. */
export const MAX_ZIPPED_BYTES = 50 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024;

export type CodeSource =
  /** A folder zipped deterministically. */
  | { kind: 'folder'; dir: string; ignore?: string[] }
  /** A ready zip. */
  | { kind: 'zip'; zip: Uint8Array }
  /** Local service only: run straight from the folder, no zip (see LOCAL_SOURCE_BUCKET). */
  | { kind: 'localSource'; dir: string };

/** What a missing function is created with. */
export interface CreateSpec extends ConfigChange {
  Runtime: string;
  Handler: string;
  /** Required on AWS; the local service accepts none. */
  Role?: string;
  Architectures?: ('x86_64' | 'arm64')[];
}

export interface DeployOptions extends OperationOptions {
  functionName: string;
  source: CodeSource;
  /** Given: a missing function is created with it. Absent: a missing function is an error. */
  create?: CreateSpec;
  /** Publish a version after the code is in place. */
  publish?: { description?: string };
  /** Upload even when CodeSha256 matches. */
  force?: boolean;
}

export interface DeployResult {
  action: 'created' | 'updated' | 'unchanged';
  configuration: FunctionConfiguration;
  codeSha256?: string;
  zippedBytes?: number;
  unzippedBytes?: number;
  /** Set when a version was published. */
  version?: string;
  /** One line for the user: what happened. */
  summary: string;
}

interface Package {
  zip?: Uint8Array;
  sha256?: string;
  unzippedBytes?: number;
  /** For localSource. */
  sourceDir?: string;
}

// Tree digest -> CodeSha256 of the zip that tree produced in this process. Zips are deterministic, so
// a tree seen before needs no zipping to know its CodeSha256: hashing the files is ~20x cheaper.
const zipShaByDigest = new Map<string, string>();
const DIGEST_CACHE_MAX = 64;

function remember(digest: string, sha: string): void {
  zipShaByDigest.delete(digest);
  zipShaByDigest.set(digest, sha);
  if (zipShaByDigest.size > DIGEST_CACHE_MAX) zipShaByDigest.delete(zipShaByDigest.keys().next().value!);
}

export interface PackageOptions extends OperationOptions, Pick<ZipOptions, 'ignore'> {
  /** The function's current CodeSha256: when the folder is known to zip to it, nothing is zipped. */
  expectedSha256?: string;
}

/** Zips (or points at) the code and checks it against Lambda's limits. Nothing is sent. */
export async function packageCode(source: CodeSource, options: PackageOptions = {}): Promise<Package> {
  throwIfAborted(options.signal, 'packaging');
  if (source.kind === 'localSource') {
    if (!path.isAbsolute(source.dir)) throw new ValidationError(`The source folder must be an absolute path (got "${source.dir}").`, 'Code');
    return { sourceDir: source.dir };
  }
  let zip: Uint8Array;
  let sha256: string;
  let unzippedBytes: number | undefined;
  if (source.kind === 'folder') {
    options.onProgress?.({ step: 'package', message: `Zipping ${source.dir}…` });
    const entries = await planChecked(source.dir, { ignore: source.ignore ?? options.ignore, maxUnzippedBytes: MAX_UNZIPPED_BYTES, signal: options.signal });
    unzippedBytes = entries.reduce((s, e) => s + e.size, 0);
    if (options.expectedSha256 && zipShaByDigest.size > 0) {
      const digest = await treeDigest(entries, options.signal);
      if (zipShaByDigest.get(digest) === options.expectedSha256) return { sha256: options.expectedSha256, unzippedBytes };
    }
    const r = await zipEntries(entries, {
      signal: options.signal,
      onProgress: (done, total) =>
        options.onProgress?.({ step: 'package', message: `Zipping… ${humanSize(done)} of ${humanSize(total)}`, fraction: total ? done / total : 1 }),
    });
    remember(r.treeDigest, r.sha256);
    zip = r.zip;
    sha256 = r.sha256;
  } else {
    zip = source.zip;
    sha256 = sha256Base64(zip);
  }
  options.onProgress?.({ step: 'check', message: 'Checking the package against Lambda limits…' });
  checkZippedSize(zip.byteLength);
  return { zip, sha256, unzippedBytes };
}

export function checkZippedSize(bytes: number): void {
  if (bytes > MAX_ZIPPED_BYTES) {
    throw new ValidationError(
      `The zip is ${mb(bytes)}; a direct upload is limited to ${mb(MAX_ZIPPED_BYTES)}. Exclude files in .lambdaignore, move dependencies to a layer, or upload through S3.`,
      'Code',
    );
  }
}

function codeInput(pkg: Package): { ZipFile?: Uint8Array; S3Bucket?: string; S3Key?: string } {
  return pkg.sourceDir ? { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: pkg.sourceDir } : { ZipFile: pkg.zip };
}

async function getConfiguration(client: LambdaClient, name: string, signal?: AbortSignal): Promise<FunctionConfiguration | undefined> {
  try {
    const out = await client.send(new GetFunctionCommand({ FunctionName: name }), { abortSignal: signal });
    return out.Configuration;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Deploys code to a function, creating it when missing and a CreateSpec is given. */
export async function deployCode(client: LambdaClient, options: DeployOptions): Promise<DeployResult> {
  const { functionName: name, signal } = options;
  const progress = options.onProgress;
  if (options.create) assertValid(options.create, { creating: true, enforceLifecycle: options.enforceRuntimeLifecycle });
  const existing = await getConfiguration(client, name, signal);
  const pkg = await packageCode(options.source, { ...options, expectedSha256: options.force ? undefined : existing?.CodeSha256 });
  throwIfAborted(signal, 'the deploy before anything was uploaded');
  const sizes = { codeSha256: pkg.sha256, zippedBytes: pkg.zip?.byteLength, unzippedBytes: pkg.unzippedBytes };

  if (!existing) {
    if (!options.create) {
      throw new ValidationError(`Function ${name} does not exist. Give a runtime, a handler and (on AWS) an execution role to create it.`, 'FunctionName');
    }
    progress?.({ step: 'create', message: `Creating ${name}…` });
    await withRetry(
      'the create',
      () => client.send(new CreateFunctionCommand(createInput(name, options.create!, pkg)), { abortSignal: signal }),
      retryOptions(options),
    );
    let configuration = await waitUntilActive(client, name, options);
    const reserved = options.create.ReservedConcurrency;
    if (typeof reserved === 'number') {
      await withRetry(
        'setting reserved concurrency',
        () => client.send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: reserved }), { abortSignal: signal }),
        retryOptions(options),
      );
    }
    const version = await maybePublish(client, name, options, configuration.CodeSha256);
    if (version) configuration = { ...configuration, Version: version };
    progress?.({ step: 'done', message: `Created ${name}.` });
    return {
      action: 'created',
      configuration,
      ...sizes,
      version,
      summary: `Created ${name} (${describeSize(pkg)})${version ? `, published version ${version}` : ''}.`,
    };
  }

  if (!options.force && pkg.sha256 && existing.CodeSha256 === pkg.sha256) {
    progress?.({ step: 'skip', message: 'The code is unchanged (same CodeSha256): nothing uploaded.' });
    const version = await maybePublish(client, name, options, existing.CodeSha256);
    return {
      action: 'unchanged',
      configuration: existing,
      ...sizes,
      version,
      summary: `${name} already runs this code (CodeSha256 ${pkg.sha256}); nothing uploaded.`,
    };
  }

  progress?.({ step: 'upload', message: `Uploading ${describeSize(pkg)} to ${name}…` });
  try {
    await withRetry(
      'the upload',
      () => client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ...codeInput(pkg) }), { abortSignal: signal }),
      retryOptions(options),
    );
  } catch (err) {
    if (err instanceof CancelledError) throw new CancelledError(`Cancelled; ${name} may or may not have received the new code. Check it before retrying.`);
    throw err;
  }
  let configuration = await waitUntilUpdated(client, name, options);
  const version = await maybePublish(client, name, options, configuration.CodeSha256);
  if (version) configuration = { ...configuration, Version: version };
  progress?.({ step: 'done', message: `Updated ${name}.` });
  return {
    action: 'updated',
    configuration,
    ...sizes,
    version,
    summary: `Updated ${name} (${describeSize(pkg)})${version ? `, published version ${version}` : ''}.`,
  };
}

function describeSize(pkg: Package): string {
  return pkg.zip ? humanSize(pkg.zip.byteLength) : `source folder ${pkg.sourceDir}`;
}

function createInput(name: string, spec: CreateSpec, pkg: Package): CreateFunctionCommandInput {
  return {
    FunctionName: name,
    Runtime: spec.Runtime as CreateFunctionCommandInput['Runtime'],
    Handler: spec.Handler,
    // The local service needs no role; the placeholder never leaves this machine.
    Role: spec.Role ?? 'arn:aws:iam::000000000000:role/lambda-workbench-local',
    Code: codeInput(pkg),
    MemorySize: spec.MemorySize,
    Timeout: spec.Timeout,
    Description: spec.Description,
    Environment: spec.Environment ? { Variables: spec.Environment } : undefined,
    Layers: spec.Layers,
    Architectures: spec.Architectures,
    EphemeralStorage: spec.EphemeralStorage ? { Size: spec.EphemeralStorage } : undefined,
    Tags: spec.Tags ? Object.fromEntries(Object.entries(spec.Tags).filter((e): e is [string, string] => e[1] !== null)) : undefined,
  };
}

async function maybePublish(client: LambdaClient, name: string, options: DeployOptions, codeSha256: string | undefined): Promise<string | undefined> {
  if (!options.publish) return undefined;
  const v = await publishVersion(client, name, { ...options, description: options.publish.description, codeSha256 });
  return v.Version;
}

/**
 * Publishes $LATEST as a version; with codeSha256, Lambda refuses if the code changed meanwhile
 * (so the version is exactly what was deployed).
 */
export async function publishVersion(
  client: LambdaClient,
  functionName: string,
  options: OperationOptions & { description?: string; codeSha256?: string } = {},
): Promise<FunctionConfiguration> {
  if (options.description && options.description.length > 256)
    throw new ValidationError('A version description must be at most 256 characters.', 'Description');
  options.onProgress?.({ step: 'publish', message: `Publishing a version of ${functionName}…` });
  const out = await withRetry(
    'publishing a version',
    () =>
      client.send(new PublishVersionCommand({ FunctionName: functionName, Description: options.description, CodeSha256: options.codeSha256 }), {
        abortSignal: options.signal,
      }),
    retryOptions(options),
  );
  if (out.Version && out.State !== 'Active') await waitUntilVersionActive(client, functionName, out.Version, options);
  return out;
}
