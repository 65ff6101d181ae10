// Layers: publish a version from a folder (checking the layout the runtime expects), attach layers to
// a function, delete a version.
import {
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  PublishLayerVersionCommand,
  type Architecture,
  type FunctionConfiguration,
  type LambdaClient,
  type PublishLayerVersionCommandOutput,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { assertValid, updateConfiguration } from './config';
import { MAX_UNZIPPED_BYTES, checkZippedSize } from './deploy';
import { ValidationError } from './errors';
import { runtimeInfo } from './runtimes';
import type { OperationOptions } from './wait';
import { zipFolder } from './zip';

/** The top folder Lambda adds to the path for each family (under /opt). */
const LAYOUT: Record<string, string> = { nodejs: 'nodejs', python: 'python', ruby: 'ruby', java: 'java' };
const LAYER_NAME = /^[a-zA-Z0-9-_]{1,140}$/;

export interface PublishLayerInput {
  layerName: string;
  dir: string;
  compatibleRuntimes?: string[];
  compatibleArchitectures?: ('x86_64' | 'arm64')[];
  description?: string;
  licenseInfo?: string;
}

/**
 * Checks that a layer folder has the layout its runtimes need (nodejs/ for Node.js, python/ for
 * Python, ...). Without runtimes, the folder must have at least one known top folder (or bin/ or lib/).
 */
export async function checkLayerLayout(dir: string, runtimes: string[] = []): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => {
    throw new ValidationError(`${dir} is not a readable folder.`);
  });
  const tops = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  const families = new Set(runtimes.map((r) => runtimeInfo(r)?.family).filter((f): f is NonNullable<typeof f> => !!f));
  for (const f of families) {
    const need = LAYOUT[f];
    if (need && !tops.has(need)) {
      const example =
        f === 'nodejs' ? 'nodejs/node_modules/<package>' : f === 'python' ? 'python/<package> (or python/lib/python3.x/site-packages)' : `${need}/...`;
      throw new ValidationError(
        `A ${f} layer must put its code under ${need}/ (e.g. ${example}); ${path.basename(dir)} has ${[...tops].join(', ') || 'no folders'}.`,
        'Content',
      );
    }
  }
  if (families.size === 0 && ![...Object.values(LAYOUT), 'bin', 'lib'].some((t) => tops.has(t))) {
    throw new ValidationError(
      `${path.basename(dir)} does not look like a layer: put Node.js code under nodejs/, Python under python/ (or binaries under bin/, libraries under lib/).`,
      'Content',
    );
  }
}

export async function publishLayerFromFolder(
  client: LambdaClient,
  input: PublishLayerInput,
  options: OperationOptions = {},
): Promise<PublishLayerVersionCommandOutput> {
  if (!LAYER_NAME.test(input.layerName)) throw new ValidationError(`Layer name "${input.layerName}" must be 1-140 letters, digits, - or _.`, 'LayerName');
  for (const r of input.compatibleRuntimes ?? []) assertValid({ Runtime: r });
  if ((input.compatibleRuntimes?.length ?? 0) > 15) throw new ValidationError('A layer lists at most 15 compatible runtimes.', 'CompatibleRuntimes');
  await checkLayerLayout(input.dir, input.compatibleRuntimes);
  options.onProgress?.({ step: 'package', message: `Zipping layer ${input.layerName}…` });
  const { zip } = await zipFolder(input.dir, { maxUnzippedBytes: MAX_UNZIPPED_BYTES, signal: options.signal });
  checkZippedSize(zip.byteLength);
  options.onProgress?.({ step: 'upload', message: `Publishing layer ${input.layerName}…` });
  return client.send(
    new PublishLayerVersionCommand({
      LayerName: input.layerName,
      Content: { ZipFile: zip },
      CompatibleRuntimes: input.compatibleRuntimes as Runtime[] | undefined,
      CompatibleArchitectures: input.compatibleArchitectures as Architecture[] | undefined,
      Description: input.description,
      LicenseInfo: input.licenseInfo,
    }),
    { abortSignal: options.signal },
  );
}

/** `arn:...:layer:name:3` -> `arn:...:layer:name`. */
export function layerBaseArn(versionArn: string): string {
  return versionArn.split(':').slice(0, 7).join(':');
}

/**
 * Attaches layer versions to a function. A layer already attached in another version is replaced in
 * place (keeping the order); new ones go last. Waits until the function is updated.
 */
export async function attachLayers(
  client: LambdaClient,
  functionName: string,
  layerVersionArns: string[],
  options: OperationOptions = {},
): Promise<FunctionConfiguration> {
  const current = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }), { abortSignal: options.signal });
  const layers = (current.Layers ?? []).map((l) => l.Arn!).filter(Boolean);
  for (const arn of layerVersionArns) {
    const i = layers.findIndex((l) => layerBaseArn(l) === layerBaseArn(arn));
    if (i >= 0) layers[i] = arn;
    else layers.push(arn);
  }
  return updateConfiguration(client, functionName, { Layers: layers }, options);
}

export async function detachLayer(
  client: LambdaClient,
  functionName: string,
  layerArn: string,
  options: OperationOptions = {},
): Promise<FunctionConfiguration> {
  const current = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }), { abortSignal: options.signal });
  const layers = (current.Layers ?? []).map((l) => l.Arn!).filter((a) => a && layerBaseArn(a) !== layerBaseArn(layerArn));
  return updateConfiguration(client, functionName, { Layers: layers }, options);
}

export async function deleteLayerVersion(client: LambdaClient, layerName: string, version: number, options: OperationOptions = {}): Promise<void> {
  await client.send(new DeleteLayerVersionCommand({ LayerName: layerName, VersionNumber: version }), { abortSignal: options.signal });
}
