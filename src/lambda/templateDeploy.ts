// Deploying one function of a template: build it when its Metadata asks for esbuild, zip, and hand
// it to deployCode with the template's runtime, handler and settings for a create.
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { esbuildFunction } from './build';
import { deployCode, type CreateSpec, type DeployResult, type OperationOptions } from './deploy';
import { ValidationError } from './errors';
import { findTemplateFunction, type TemplateFunction } from './template';
import { zipFolder } from './zip';
import { MAX_UNZIPPED_BYTES } from './deploy';

export interface TemplateDeployOptions extends OperationOptions {
  templatePath: string;
  logicalId: string;
  /** Deployed function's name; defaults to the template's FunctionName, else the logical id. */
  functionName?: string;
  /** Create the function when missing; Role is required on AWS. */
  create?: { Role?: string };
  publish?: { description?: string };
  force?: boolean;
}

export interface TemplateDeployResult extends DeployResult {
  fn: TemplateFunction;
  built: boolean;
  buildWarnings: string[];
}

export async function deployTemplateFunction(client: LambdaClient, options: TemplateDeployOptions): Promise<TemplateDeployResult> {
  const fn = await findTemplateFunction(options.templatePath, options.logicalId);
  const name = options.functionName ?? fn.functionName ?? fn.logicalId;
  if (!fn.handler) throw new ValidationError(`${fn.logicalId} has no Handler (neither in its Properties nor in Globals.Function).`, 'Handler');
  if (fn.buildMethod && fn.buildMethod !== 'esbuild') {
    throw new ValidationError(
      `${fn.logicalId} uses BuildMethod ${fn.buildMethod}; only esbuild is built here. Build it with sam build and deploy the output folder.`,
      'BuildMethod',
    );
  }
  const environment = { ...fn.environment };
  let built = false;
  let warnings: string[] = [];
  let zip: Uint8Array;
  if (fn.buildMethod === 'esbuild') {
    options.onProgress?.({ step: 'build', message: `Bundling ${fn.logicalId} with esbuild…` });
    const out = await esbuildFunction({ codeDir: fn.codeDir, handler: fn.handler, properties: fn.buildProperties, signal: options.signal });
    try {
      Object.assign(environment, out.environment);
      built = true;
      warnings = out.warnings;
      zip = (await zipFolder(out.outDir, { maxUnzippedBytes: MAX_UNZIPPED_BYTES, signal: options.signal })).zip;
    } finally {
      await out.dispose();
    }
  } else {
    options.onProgress?.({ step: 'package', message: `Zipping ${fn.codeDir}…` });
    zip = (await zipFolder(fn.codeDir, { maxUnzippedBytes: MAX_UNZIPPED_BYTES, signal: options.signal })).zip;
  }
  const create: CreateSpec | undefined = options.create
    ? {
        Runtime: fn.runtime ?? '',
        Handler: fn.handler,
        Role: options.create.Role,
        MemorySize: fn.memorySize,
        Timeout: fn.timeout,
        Description: fn.description,
        Environment: Object.keys(environment).length ? environment : undefined,
        Layers: fn.layers.length ? fn.layers : undefined,
        Architectures: fn.architectures,
      }
    : undefined;
  if (create && !create.Runtime) throw new ValidationError(`${fn.logicalId} has no Runtime; set one to create the function.`, 'Runtime');
  const result = await deployCode(client, { ...options, functionName: name, source: { kind: 'zip', zip }, create });
  if (result.action === 'created' && fn.unresolvedEnvironment.length) {
    result.summary += ` Not set (their values are CloudFormation expressions): ${fn.unresolvedEnvironment.join(', ')}.`;
  }
  return { ...result, fn, built, buildWarnings: warnings };
}
