// "Invoke locally" from a template: turns a template function into a function of the local service
// running from source (LOCAL_SOURCE_BUCKET), with Globals, Environment, Runtime, Handler, Timeout,
// MemorySize and Layers whose ContentUri is a folder, plus `sam local invoke --env-vars` overrides.
// Pure (no vscode): the Invoke locally command (src/vscode/invoke) calls it, tests call it against the
// local service. The template is read by src/sam/samFunctions.ts, the reader deploy uses too.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_SOURCE_BUCKET } from '../contract/localService';
import { isObj, samFunctions, templateResolver, type Obj } from '../sam/samFunctions';
import { ValidationError } from './errors';
import { envOverridesFor, parseEnvVarsFile } from './events/envVars';
import { parseTemplate } from './template';
import { waitUntilActive, waitUntilUpdated } from './wait';

export interface LocalLayerPlan {
  logicalId: string;
  layerName: string;
  contentDir: string;
}

export interface LocalFunctionPlan {
  logicalId: string;
  templatePath: string;
  functionName: string;
  codeDir: string;
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  architectures: ('x86_64' | 'arm64')[];
  environment: Record<string, string>;
  /** Variables whose value is an intrinsic this reader cannot resolve (left out). */
  unresolvedEnvironment: string[];
  /** Variables of the env-vars file the template does not declare (not applied, as in SAM). */
  ignoredOverrides: string[];
  layers: LocalLayerPlan[];
  /** Layer ARNs given literally: used as they are (they must exist on the local service). */
  layerArns: string[];
}

/** `<template folder>-<LogicalId>`, made a valid function name (64 characters at most). */
export function localFunctionName(templatePath: string, logicalId: string): string {
  const dir = path.basename(path.dirname(path.resolve(templatePath))) || 'template';
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  const name = `${clean(dir) || 'template'}-${clean(logicalId)}`;
  if (name.length <= 64) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 55)}-${hash}`;
}

/** Pseudo parameters as the local service would give them (the stack is `local`). */
function localPseudoParameters(region: string): Record<string, string> {
  return {
    'AWS::Region': region,
    'AWS::AccountId': LOCAL_ACCOUNT_ID,
    'AWS::Partition': 'aws',
    'AWS::StackName': 'local',
    'AWS::URLSuffix': 'amazonaws.com',
  };
}

export interface PlanOptions {
  region?: string;
  /** Text of a `sam local invoke --env-vars` file, and its name for messages. */
  envVars?: { text: string; file: string };
}

export async function planLocalFunction(templatePath: string, logicalId: string, options: PlanOptions = {}): Promise<LocalFunctionPlan> {
  const abs = path.resolve(templatePath);
  const text = await fs.readFile(abs, 'utf8').catch(() => {
    throw new ValidationError(`Cannot read the template ${abs}.`);
  });
  const doc = parseTemplate(text, path.basename(abs));
  const resources = doc.Resources;
  const functions = samFunctions(doc);
  const fn = functions.find((f) => f.logicalId === logicalId);
  if (!fn) {
    const fns = functions.filter((f) => f.type === 'AWS::Serverless::Function').map((f) => f.logicalId);
    throw new ValidationError(`${logicalId} is not a function of ${path.basename(abs)}. Functions: ${fns.join(', ') || 'none'}.`);
  }
  const baseDir = path.dirname(abs);
  const resolve = templateResolver(doc, localPseudoParameters(options.region ?? 'us-east-1'));
  const props = fn.own;
  const merged = fn.properties;
  if (merged.PackageType === 'Image') throw new ValidationError(`${logicalId} is a container image function; only zip functions run locally without Docker.`);

  const codeUri = fn.code;
  if (codeUri !== undefined && typeof codeUri !== 'string')
    throw new ValidationError(`${logicalId}: CodeUri must be a local folder to run from source (it is ${JSON.stringify(codeUri)}).`);
  const codeDir = path.resolve(baseDir, typeof codeUri === 'string' ? codeUri : '.');
  const stat = await fs.stat(codeDir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new ValidationError(`${logicalId}: the code folder ${codeDir} does not exist. Check CodeUri in ${path.basename(abs)}.`);

  const runtime = resolve(merged.Runtime);
  const handler = resolve(merged.Handler);
  if (!runtime) throw new ValidationError(`${logicalId} has no Runtime (neither in its Properties nor in Globals.Function).`);
  if (!handler) throw new ValidationError(`${logicalId} has no Handler (neither in its Properties nor in Globals.Function).`);

  // Environment variables merge key by key: Globals first, then the function's own (samFunctions).
  const environment: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [k, v] of Object.entries(fn.environment)) {
    const r = resolve(v);
    if (r === undefined) unresolved.push(k);
    else environment[k] = r;
  }
  const functionName = localFunctionName(abs, logicalId);
  let finalEnv = environment;
  let ignored: string[] = [];
  if (options.envVars) {
    const file = parseEnvVarsFile(options.envVars.text, options.envVars.file);
    const literalName = resolve(props.FunctionName);
    const r = envOverridesFor(file, environment, unresolved, [logicalId, functionName, ...(literalName ? [literalName] : [])]);
    finalEnv = r.environment;
    ignored = r.ignored;
  }

  // Globals.Layers and the function's Layers add up in SAM (globals first).
  const layerRefs = fn.layers;
  const layers: LocalLayerPlan[] = [];
  const layerArns: string[] = [];
  for (const l of layerRefs) {
    if (typeof l === 'string') {
      layerArns.push(l);
      continue;
    }
    const target = isObj(l) && typeof l.Ref === 'string' ? resources[l.Ref] : undefined;
    const lp = isObj(target) && isObj(target.Properties) ? target.Properties : undefined;
    const content = lp && isObj(target) ? (target.Type === 'AWS::Serverless::LayerVersion' ? lp.ContentUri : lp.Content) : undefined;
    if (!lp || typeof content !== 'string') {
      throw new ValidationError(
        `${logicalId}: layer ${JSON.stringify(l)} is not a layer of this template with a local ContentUri folder, so it cannot run locally.`,
      );
    }
    const id = (l as Obj).Ref as string;
    layers.push({ logicalId: id, layerName: localFunctionName(abs, id), contentDir: path.resolve(baseDir, content) });
  }

  const num = (v: unknown, d: number) => {
    const r = resolve(v);
    return r !== undefined && /^\d+$/.test(r) ? Number(r) : d;
  };
  const arch = Array.isArray(merged.Architectures) ? merged.Architectures.filter((a): a is 'x86_64' | 'arm64' => a === 'x86_64' || a === 'arm64') : [];
  return {
    logicalId,
    templatePath: abs,
    functionName,
    codeDir,
    runtime,
    handler,
    timeout: num(merged.Timeout, 3),
    memorySize: num(merged.MemorySize, 128),
    architectures: arch.length ? arch : ['x86_64'],
    environment: finalEnv,
    unresolvedEnvironment: unresolved.filter((k) => !(k in finalEnv)),
    ignoredOverrides: ignored,
    layers,
    layerArns,
  };
}

/** A short mark of a source folder, kept in descriptions so a changed folder is noticed. */
const folderMark = (dir: string) => createHash('sha256').update(dir).digest('hex').slice(0, 12);

export interface EnsureResult {
  functionName: string;
  action: 'created' | 'updated' | 'unchanged';
  layerArns: string[];
}

/** Publishes a source-mode layer version unless the newest one already serves this folder. */
async function ensureLayer(client: LambdaClient, layer: LocalLayerPlan, runtime: string, signal?: AbortSignal): Promise<string> {
  const mark = `source ${folderMark(layer.contentDir)}`;
  const existing = await client.send(new ListLayerVersionsCommand({ LayerName: layer.layerName, MaxItems: 1 }), { abortSignal: signal }).catch(() => undefined);
  const newest = existing?.LayerVersions?.[0];
  if (newest?.LayerVersionArn && newest.Description?.endsWith(mark)) return newest.LayerVersionArn;
  const stat = await fs.stat(layer.contentDir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new ValidationError(`Layer ${layer.logicalId}: the folder ${layer.contentDir} does not exist. Check its ContentUri.`);
  const out = await client.send(
    new PublishLayerVersionCommand({
      LayerName: layer.layerName,
      Description: `Local run of ${layer.logicalId} · ${mark}`,
      Content: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: layer.contentDir },
      CompatibleRuntimes: [runtime as Runtime],
    }),
    { abortSignal: signal },
  );
  return out.LayerVersionArn!;
}

function sameEnv(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const ak = Object.keys(a ?? {}).sort();
  const bk = Object.keys(b).sort();
  return ak.length === bk.length && ak.every((k, i) => k === bk[i] && a![k] === b[k]);
}

/**
 * Creates or updates the local function so it matches the plan. The code is the source folder itself,
 * read at every invoke: edits need no update, only a changed configuration does.
 */
export async function ensureLocalFunction(client: LambdaClient, plan: LocalFunctionPlan, options: { signal?: AbortSignal } = {}): Promise<EnsureResult> {
  const signal = options.signal;
  const layerArns = [...plan.layerArns];
  for (const l of plan.layers) layerArns.push(await ensureLayer(client, l, plan.runtime, signal));
  const description = `Local run of ${plan.logicalId} (${path.basename(plan.templatePath)}) · code ${folderMark(plan.codeDir)}`;
  const config = {
    FunctionName: plan.functionName,
    Runtime: plan.runtime as Runtime,
    Handler: plan.handler,
    Timeout: plan.timeout,
    MemorySize: plan.memorySize,
    Description: description,
    Environment: { Variables: plan.environment },
    Layers: layerArns,
  };
  let current: FunctionConfiguration | undefined;
  try {
    current = await client.send(new GetFunctionConfigurationCommand({ FunctionName: plan.functionName }), { abortSignal: signal });
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  if (!current) {
    await client.send(
      new CreateFunctionCommand({
        ...config,
        Role: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/lambda-workbench-local`,
        Architectures: plan.architectures,
        Code: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: plan.codeDir },
      }),
      { abortSignal: signal },
    );
    await waitUntilActive(client, plan.functionName, { signal });
    return { functionName: plan.functionName, action: 'created', layerArns };
  }
  const codeMoved = !current.Description?.endsWith(`code ${folderMark(plan.codeDir)}`);
  if (codeMoved) {
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: plan.functionName, S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: plan.codeDir }), {
      abortSignal: signal,
    });
    await waitUntilUpdated(client, plan.functionName, { signal });
  }
  const configChanged =
    codeMoved ||
    current.Runtime !== config.Runtime ||
    current.Handler !== config.Handler ||
    current.Timeout !== config.Timeout ||
    current.MemorySize !== config.MemorySize ||
    !sameEnv(current.Environment?.Variables, plan.environment) ||
    (current.Layers ?? []).map((l) => l.Arn).join(',') !== layerArns.join(',');
  if (configChanged) {
    await client.send(new UpdateFunctionConfigurationCommand(config), { abortSignal: signal });
    await waitUntilUpdated(client, plan.functionName, { signal });
  }
  return { functionName: plan.functionName, action: codeMoved || configChanged ? 'updated' : 'unchanged', layerArns };
}
